import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '@qbank/atomic-write';
import { diffManifests, minimumVersion, readBundleManifest, type Changelog } from '@qbank/compiler';
import { parseDocument } from 'yaml';
import { checkBank } from './bank.js';
import { compileRelease } from './build.js';
import type { CliIo } from './io.js';
import { UsageError } from './errors.js';

interface ReleaseValues {
  config?: string | undefined;
  previous?: string | undefined;
  format?: string | undefined;
}

/**
 * `qbank version`: compare the bank with the previous release and write the
 * lowest version the changes allow into the config file (comments and layout kept).
 *
 * @param rest Positional arguments.
 * @param values Parsed options.
 * @param io Where to read and write.
 * @returns The exit code.
 */
export async function runVersion(rest: string[], values: ReleaseValues, io: CliIo): Promise<number> {
  if (rest.length) throw new UsageError('version takes no arguments');
  const bank = await checkBank({ cwd: io.cwd, configPath: values.config, compile: true });
  if (!bank.run || bank.hasErrors || !bank.config) {
    io.stderr('qbank: the bank has errors: run `qbank validate`\n');
    return 1;
  }
  const configPath = bank.config.configPath;
  if (!configPath) throw new UsageError('no qbank config file to write the version to');
  const { bundle, previous } = await compileRelease(bank, { previous: values.previous, cwd: io.cwd, env: io.env });
  if (!previous) {
    // A first release: nothing to compare with, so the version stays as the config has it.
    io.stdout(`${bank.config.version} (first release: no previous release to compare with)\n`);
    io.stderr('To compare later releases, set "previous" in the config or pass --previous <dir>.\n');
    return 0;
  }
  const { requiredBump } = bundle.changelog;
  const target = minimumVersion(previous.bank.version, requiredBump);
  const current = bank.config.version;
  if (current === target) {
    io.stdout(`${current} (unchanged; the changes need a ${requiredBump} bump from ${previous.bank.version})\n`);
    return 0;
  }
  const text = readFileSync(configPath, 'utf8');
  let updated: string;
  if (configPath.endsWith('.json')) {
    updated = text.replace(/("version"\s*:\s*)"[^"]*"/, `$1"${target}"`);
  } else {
    const document = parseDocument(text);
    document.set('version', target);
    updated = document.toString();
  }
  await writeFileAtomic(configPath, updated);
  io.stdout(`${current} -> ${target} (${requiredBump} bump since ${previous.bank.version})\n`);
  return 0;
}

function formatChangelog(changelog: Changelog, format: string): string {
  if (format === 'json') return JSON.stringify(changelog, null, 2) + '\n';
  const { summary } = changelog;
  const counts = `${summary.added} added, ${summary['text-changed']} text changed, ${summary['key-changed']} key changed, ${summary.retired} retired, ${summary.removed} removed`;
  if (format === 'markdown') {
    const lines = [
      `### Content changes ${changelog.from ?? '(first release)'} → ${changelog.to}`,
      '',
      `${counts}. Required version bump: **${changelog.requiredBump}**.`,
      '',
    ];
    if (changelog.changes.length) {
      lines.push('| Item | Type | Change | Revision |', '|---|---|---|---|');
      for (const c of changelog.changes) {
        lines.push(`| \`${c.id}\` | ${c.type} | ${c.change} | ${c.fromRevision ?? '-'} → ${c.toRevision ?? '-'} |`);
      }
      lines.push('');
    }
    return lines.join('\n');
  }
  const width = Math.max(4, ...changelog.changes.map((c) => c.id.length));
  return [
    `${changelog.from ?? '(first release)'} -> ${changelog.to}: ${counts}; requires a ${changelog.requiredBump} bump`,
    ...changelog.changes.map(
      (c) =>
        `  ${c.change.padEnd(12)} ${c.id.padEnd(width)}  ${c.type}  r${c.fromRevision ?? '-'} -> r${c.toRevision ?? '-'}`,
    ),
    '',
  ].join('\n');
}

/**
 * `qbank diff <old> <new>`: classify every item's change between two bundles.
 *
 * @param rest The two bundle directories.
 * @param values Parsed options (`--format pretty|json|markdown`).
 * @param io Where to read and write.
 * @returns The exit code.
 */
export async function runDiff(rest: string[], values: ReleaseValues, io: CliIo): Promise<number> {
  if (rest.length !== 2) throw new UsageError('diff takes two bundle directories: qbank diff <old> <new>');
  const format = values.format ?? 'pretty';
  if (!['pretty', 'json', 'markdown'].includes(format)) {
    throw new UsageError(`unknown --format \`${format}\`, expected one of: pretty, json, markdown`);
  }
  const [older, newer] = rest.map((dir) => path.resolve(io.cwd, dir)) as [string, string];
  for (const dir of [older, newer]) {
    if (!existsSync(path.join(dir, 'manifest.json'))) throw new UsageError(`no bundle at ${dir} (no manifest.json)`);
  }
  const changelog = diffManifests(await readBundleManifest(older), await readBundleManifest(newer));
  io.stdout(formatChangelog(changelog, format));
  return 0;
}
