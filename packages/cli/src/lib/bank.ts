import { statSync } from 'node:fs';
import path from 'node:path';
import { diagnosticFromMessage, type Diagnostic } from '@qbank/core';
import {
  defaultConfig,
  discoverSources,
  findConfigFile,
  loadConfig,
  loadProjectTaxonomy,
  loadTagRegistry,
  loadVideoRegistry,
  type ProjectConfig,
} from '@qbank/project';
import { lintQuestions, type LintConfig } from '@qbank/lint';
import { validateBank, type BankReport, type CheckedQuestion } from '@qbank/validate';
import type { Taxonomy } from '@qbank/taxonomy';
import type { VFile } from 'vfile';

/** What `qbank validate` and `qbank build` share: config, taxonomy, files, report. */
export interface LoadedBank {
  /** The config in force, when it could be loaded. */
  config: ProjectConfig | undefined;
  /** The validation report, when config and taxonomy loaded. */
  report: BankReport | undefined;
  /** Working directory the diagnostics' paths are relative to. */
  cwd: string;
  /** The taxonomy in force, when it loaded. */
  taxonomy?: Taxonomy | undefined;
  /** Every diagnostic of the run. */
  diagnostics: Diagnostic[];
  /** Number of content files checked. */
  filesChecked: number;
}

/** Where to find the bank. */
export interface LoadBankOptions {
  /** Working directory. */
  cwd: string;
  /** Explicit config file (`--config`). */
  configPath?: string | undefined;
  /** Files or folders to check (`validate [paths...]`). */
  paths?: string[] | undefined;
  /** Content root given on the command line (`build [content-dir]`). */
  contentDir?: string | undefined;
  /**
   * Also report the bank-level problems (duplicate ids, broken links) that the
   * named files cause in other files, as `--changed-since` does: a deleted note
   * breaks the unchanged questions that link it.
   */
  contextBankChecks?: boolean | undefined;
}

function collect(files: readonly VFile[], cwd: string): Diagnostic[] {
  return files
    .flatMap((file) =>
      file.messages.map((message) =>
        diagnosticFromMessage(
          message,
          path
            .relative(cwd, file.path || cwd)
            .split(path.sep)
            .join('/') || '.',
        ),
      ),
    )
    .map((d) => (d.related ? { ...d, related: { ...d.related, file: relativePath(cwd, d.related.file) } } : d));
}

function relativePath(cwd: string, file: string): string {
  return path.isAbsolute(file) ? path.relative(cwd, file).split(path.sep).join('/') : file;
}

/**
 * Find the config (or use defaults), load the taxonomy, read and validate the files.
 *
 * @param options Where to look.
 * @returns Everything found, with all diagnostics collected.
 */
export async function loadBank(options: LoadBankOptions): Promise<LoadedBank> {
  const { cwd } = options;
  const contentDir = options.contentDir ? path.resolve(cwd, options.contentDir) : undefined;
  const firstPath = options.paths?.[0] ? path.resolve(cwd, options.paths[0]) : undefined;
  const explicitConfig = options.configPath ? path.resolve(cwd, options.configPath) : undefined;
  let configPath = explicitConfig ?? findConfigFile(contentDir ?? firstPath ?? cwd);
  let config: ProjectConfig | undefined;
  if (configPath) {
    const loaded = loadConfig(configPath, cwd);
    if (!loaded.config) {
      return { cwd, config: undefined, report: undefined, diagnostics: collect([loaded.file], cwd), filesChecked: 0 };
    }
    config = loaded.config;
    if (contentDir) config = { ...config, contentRoot: contentDir };
    // A config found by searching upwards only applies to paths inside its content root.
    const paths = (options.paths ?? []).map((p) => path.resolve(cwd, p));
    if (!explicitConfig && paths.some((p) => !isInside(config!.contentRoot, p))) {
      config = undefined;
      configPath = undefined;
    }
  }
  if (!config) {
    // Without a config, a folder given on the command line is the content root.
    const folder = firstPath && isDirectory(firstPath) ? firstPath : undefined;
    config = defaultConfig(contentDir ?? folder ?? cwd, cwd);
  }
  const taxonomy = loadProjectTaxonomy(config);
  if (!taxonomy.taxonomy)
    return { cwd, config, report: undefined, diagnostics: collect([taxonomy.file], cwd), filesChecked: 0 };
  const tags = loadTagRegistry(config, cwd);
  const videos = loadVideoRegistry(config, cwd);
  if (tags.file.messages.length || videos.file.messages.length) {
    return { cwd, config, report: undefined, diagnostics: collect([tags.file, videos.file], cwd), filesChecked: 0 };
  }
  // With contextBankChecks and no paths (only deletions changed), no file is checked on its own.
  const onlyContext = options.contextBankChecks && options.paths?.length === 0;
  const discovered = onlyContext
    ? { sources: [], others: [] }
    : await discoverSources(config, options.paths ?? [], cwd);
  // Named files are checked in the context of the whole bank (duplicate ids, links), when
  // there is a bank around them; only their own diagnostics are reported.
  const selected = new Set(discovered.sources.map((s) => s.file.path));
  const context =
    (options.paths?.length || onlyContext) && configPath
      ? (await discoverSources(config, [], cwd, (file) => !selected.has(file))).sources
      : [];
  const report = validateBank(discovered.sources, {
    taxonomy: taxonomy.taxonomy,
    contentRoot: config.contentRoot,
    tagRegistry: tags.tags ? new Set(tags.tags.keys()) : undefined,
    videos: videos.videos,
    context,
  });
  // Item-writing lint, on the questions that passed validation.
  lintQuestions(
    report.items.filter((i): i is CheckedQuestion => i.kind === 'question'),
    { config: config.lint as LintConfig | undefined, contentRoot: config.contentRoot },
  );
  const reported = report.files.filter((file) => selected.has(file.path));
  if (options.contextBankChecks) {
    for (const { file } of context) {
      // Errors only: on a green main branch they can only come from this change.
      const bankLevel = file.messages.filter((m) => m.fatal === true && /^(link|bank)\//.test(m.ruleId ?? ''));
      if (bankLevel.length) {
        file.messages = bankLevel;
        reported.push(file);
      }
    }
  }
  return {
    cwd,
    config,
    taxonomy: taxonomy.taxonomy,
    report: {
      ...report,
      hasErrors: [...reported, ...discovered.others].some((f) => f.messages.some((m) => m.fatal === true)),
    },
    diagnostics: collect([...reported, ...discovered.others], cwd),
    filesChecked: discovered.sources.length,
  };
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isInside(root: string, p: string): boolean {
  const relative = path.relative(root, p);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/**
 * Diagnostics added to the bank's files after loading (by the build's release
 * checks), relative to the working directory.
 *
 * @param bank A loaded bank.
 * @returns The diagnostics that were not in `bank.diagnostics`.
 */
export function collectNew(bank: LoadedBank): Diagnostic[] {
  const seen = new Set(bank.diagnostics.map((d) => JSON.stringify(d)));
  const cwd = bank.cwd;
  return collect(bank.report?.files ?? [], cwd).filter((d) => !seen.has(JSON.stringify(d)));
}
