import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadBank } from './bank.js';
import { runCheck } from './check.js';
import { runCoverage } from './coverage.js';
import { describeFailure, UsageError } from './errors.js';
import { fixFiles } from './fix.js';
import { createItemFile } from './new.js';
import { runDiff, runVersion } from './release.js';
import { cliVersion, exitCodes, type CliIo } from './io.js';
import { watchBuild } from './watch.js';

// What the commands share (io.ts) is re-exported for code that imports it from here.
export type { CliIo } from './io.js';
export { cliVersion, colorEnabled, exitCodes } from './io.js';

const usage = `Usage: qbank <command> [options]

Commands:
  validate [paths...]        Check questions and notes (default: the content root)
  build [content-dir]        Validate, then compile published items into a bundle
  new question|note          Write a new item from a template with a fresh id
  fmt [paths...]             Apply safe automatic fixes (taxonomy aliases to canonical ids)
  coverage                   Count published questions against the blueprint
  version                    Set the config's version to the bump the changes since the
                             previous release require
  diff <old> <new>           Classify the item changes between two bundles
  import <file|dir>...       Write questions from GIFT, Aiken, Moodle XML, QTI, CSV/XLSX, .docx
                             or JSONL as draft Markdown questions (--from, --out, --dry-run)
  export anki [bundle-dir]   Write the bundle's flashcards as an Anki deck (--out deck.apkg)
  export qti [bundle-dir]    Write the questions as a QTI 3.0 (or 2.1) content package (--out bank.zip)
  export moodle [bundle-dir] Write the questions as Moodle XML (--out bank.xml)
  init [dir]                 Start a bank: config, one question and note, CI workflow, hook
  explain [rule-id]          Print a rule's page (works offline); without an id, list the rules
  preview [content-dir]      Serve the bank as students see it on 127.0.0.1, updated on save

Options:
  --config <file>            Config file (default: qbank.config.json|yaml, searched upwards)
  --format pretty|json|github|sarif
                             Diagnostics format (default: pretty)
  --quiet                    Print errors only
  --fix                      validate: apply safe automatic fixes first
  --changed-since <git-ref>  validate: only files changed since the ref (plus the bank-level
                             checks they take part in: duplicate ids, links)
  --max-warnings <n>         validate, build: exit 1 when there are more than n warnings
  --no-cache                 validate, build: neither read nor write .qbank-cache/
  --jobs <n>                 validate, build: worker threads for files not in the cache
                             (default: one per core when there are many)
  --check                    fmt: only list files that would change (exit 1 if any)
  --out <dir>                build: output directory (default: the config's "out")
                             coverage: file to write (default for html: coverage.html)
  --previous <dir>           build, version: previous release bundle (default: the config's "previous")
                             export anki: the earlier deck (default: the file at --out)
  --version 3.0|2.1          export qti: the QTI version (default: 3.0)
  --block <size>,<seed>      export qti: also an assessment test of a seeded blueprint block
  --form <file.yaml>         export qti: the same from a form file (size, seed, title, filter, ranges)
  --release                  build: fail when the version is lower than the changes require
  --profile standard|exam    build: exam puts answers and explanations in separate files
  --archive                  build: also write a deterministic <out>.zip
  --watch                    build: rebuild on every change (only the changed files are re-read)
  --port <n>, --host <host>, --open
                             preview: port (default 5178; 0 picks one), address to listen on
                             (default 127.0.0.1: only this machine), open the browser
  --format table|json|markdown|html
                             coverage: report format (default: table)
  --fail-under <axes>        coverage: exit 1 when a row of these axes is under its minimum
                             (comma-separated: spec-groups, systems, disciplines, competencies, all)
  --force                    init: overwrite files that exist
  --name <name>, --bank-version <semver>
                             init: the bank's name and version (default: the folder's name, 0.1.0)
  --package-manager npm|pnpm|yarn
                             init: the package manager the CI workflow installs with
                             (default: from the lockfile or package.json's packageManager)
  --system, --discipline, --competency, --id, --title
                             new: fill in the frontmatter
  --from <format>            import: gift|aiken|moodle-xml|qti|csv|xlsx|docx|jsonl
                             (default: guessed from each file's extension and content)
  --out <dir>                import: folder for the questions (default: <content>/questions)
  --template csv|xlsx        import: write an empty spreadsheet with the column layout
  --dry-run                  import: write nothing, report what would be written
  --map <mapping.yaml>       import: source categories and columns to taxonomy ids, per axis
  -h, --help                 Show this help
  -v, --version              Show the version

Exit codes: 0 no errors, 1 content errors, 2 usage or internal errors.
`;

/** Parsed command-line options. */
export type CliValues = ReturnType<typeof parse>['values'];

function parse(argv: string[]) {
  // `export qti --version 2.1` names the QTI version, not the CLI's.
  const args = argv.includes('export')
    ? argv.map((arg, i) => (arg === '--version' && /^\d/.test(argv[i + 1] ?? '') ? '--format-version' : arg))
    : argv;
  try {
    return parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        config: { type: 'string' },
        format: { type: 'string' },
        'fail-under': { type: 'string' },
        quiet: { type: 'boolean', default: false },
        fix: { type: 'boolean', default: false },
        check: { type: 'boolean', default: false },
        'max-warnings': { type: 'string' },
        previous: { type: 'string' },
        profile: { type: 'string' },
        release: { type: 'boolean', default: false },
        archive: { type: 'boolean', default: false },
        watch: { type: 'boolean', default: false },
        port: { type: 'string' },
        host: { type: 'string' },
        open: { type: 'boolean', default: false },
        'changed-since': { type: 'string' },
        'no-cache': { type: 'boolean', default: false },
        jobs: { type: 'string' },
        'format-version': { type: 'string' },
        block: { type: 'string' },
        form: { type: 'string' },
        out: { type: 'string' },
        system: { type: 'string' },
        discipline: { type: 'string', multiple: true },
        competency: { type: 'string' },
        id: { type: 'string' },
        title: { type: 'string' },
        force: { type: 'boolean', default: false },
        name: { type: 'string' },
        'bank-version': { type: 'string' },
        'package-manager': { type: 'string' },
        from: { type: 'string' },
        template: { type: 'string' },
        'dry-run': { type: 'boolean', default: false },
        map: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * Run the qbank command line.
 *
 * @param argv Arguments after the program name.
 * @param io Where to read and write.
 * @returns The exit code.
 */
export async function runCli(argv: string[], io: CliIo): Promise<number> {
  try {
    return await dispatch(argv, io);
  } catch (error) {
    // Not bugs: a command line that cannot run, an output that is not ours, the machine's own problem.
    const failure = describeFailure(error);
    if (failure) {
      io.stderr(failure);
      return exitCodes.usage;
    }
    const detail = io.env.QBANK_DEBUG ? String((error as Error).stack) : String((error as Error).message ?? error);
    io.stderr(
      `qbank: internal error: ${detail}\nThis is a bug in qbank, not in your content; set QBANK_DEBUG=1 for a stack trace.\n`,
    );
    return exitCodes.usage;
  }
}

async function dispatch(argv: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.version) {
    io.stdout(`${cliVersion}\n`);
    return exitCodes.ok;
  }
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    io.stdout(usage);
    return values.help ? exitCodes.ok : exitCodes.usage;
  }
  if (command === 'coverage') return runCoverage(rest, values, io);
  if (command === 'version') return runVersion(rest, values, io);
  if (command === 'diff') return runDiff(rest, values, io);
  if (command === 'explain') return (await import('./explain.js')).runExplain(rest, io);
  if (command === 'init') return (await import('./init.js')).runInit(rest, values, io);
  // Loaded on demand: the Anki writer brings a SQLite engine (node-sqlite3-wasm), which no other command needs.
  if (command === 'export') return (await import('./export.js')).runExport(rest, values, io);
  if (command === 'preview') return (await import('./preview.js')).runPreview(rest, values, io);
  if (command === 'import') return (await import('./import.js')).runImport(rest, values, io);
  switch (command) {
    case 'fmt': {
      const bank = await loadBank({ cwd: io.cwd, configPath: values.config, paths: rest });
      const files = bank.report?.files ?? [];
      const changed = await fixFiles(files, !values.check);
      for (const file of changed) {
        io.stdout(
          `${path.relative(io.cwd, file.path)}: ${file.applied} fix${file.applied === 1 ? '' : 'es'}${values.check ? ' to apply' : ' applied'}\n`,
        );
      }
      if (!changed.length) io.stderr('✔ nothing to fix\n');
      return values.check && changed.length ? exitCodes.contentErrors : exitCodes.ok;
    }
    case 'validate':
    case 'build':
      if (command === 'build' && values.watch) return watchBuild(rest, values, io);
      return runCheck(command, rest, values, io);
    case 'new': {
      const [kind, ...extra] = rest;
      if ((kind !== 'question' && kind !== 'note') || extra.length) {
        throw new UsageError('`new` takes `question` or `note`, e.g. `qbank new question --system cardiovascular`');
      }
      const created = await createItemFile(kind, {
        cwd: io.cwd,
        configPath: values.config,
        system: values.system,
        disciplines: values.discipline,
        competency: values.competency,
        id: values.id,
        title: values.title,
      });
      io.stdout(`${path.relative(io.cwd, created.path)}\n`);
      io.stderr(
        `✔ created ${kind} \`${created.id}\`: write it, then run \`qbank validate ${path.relative(io.cwd, created.path)}\`\n`,
      );
      return exitCodes.ok;
    }
    default:
      throw new UsageError(`unknown command \`${command}\``);
  }
}
