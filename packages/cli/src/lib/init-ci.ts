/** The package managers `qbank init` writes a CI workflow for. */
export type PackageManagerName = 'npm' | 'pnpm' | 'yarn';

/** How a repository installs its packages and runs qbank. */
export interface PackageManager {
  /** npm, pnpm or yarn. */
  name: PackageManagerName;
  /** The lockfile CI installs from (and keys its caches by). */
  lockfile: string;
  /** Whether package.json names the manager's version (`packageManager`). */
  pinned: boolean;
  /** Yarn 2 or later (Berry), which installs with `--immutable`. */
  berry?: boolean | undefined;
}

/** Lockfiles, in the order a repository's package manager is recognised by them. */
export const lockfiles: readonly [string, PackageManagerName][] = [
  ['pnpm-lock.yaml', 'pnpm'],
  ['yarn.lock', 'yarn'],
  ['package-lock.json', 'npm'],
];

const lockfileOf: Record<PackageManagerName, string> = {
  npm: 'package-lock.json',
  pnpm: 'pnpm-lock.yaml',
  yarn: 'yarn.lock',
};

/**
 * The package manager with its default lockfile.
 *
 * @param name npm, pnpm or yarn.
 * @param pinned Whether package.json's `packageManager` names its version.
 * @param berry Yarn 2 or later.
 * @returns The package manager.
 */
export function packageManager(name: PackageManagerName, pinned: boolean, berry = false): PackageManager {
  return { name, lockfile: lockfileOf[name], pinned, berry: name === 'yarn' ? berry : undefined };
}

/**
 * The command that runs the repository's installed qbank.
 *
 * @param pm The package manager.
 * @returns E.g. `npx qbank`.
 */
export function qbankCommand(pm: PackageManager): string {
  return { npm: 'npx qbank', pnpm: 'pnpm exec qbank', yarn: 'yarn qbank' }[pm.name];
}

/** The steps that set up Node and install from the lockfile, indented for the job's `steps:`. */
function installSteps(pm: PackageManager): string {
  const node = (cache: string) => `      - uses: actions/setup-node@v4
        with:
          node-version: 20${cache ? `\n          cache: ${cache}` : ''}`;
  if (pm.name === 'npm') return `${node('npm')}\n      - run: npm ci`;
  if (pm.name === 'pnpm') {
    // Without a packageManager field, the action needs the version to install.
    const setup = `      - uses: pnpm/action-setup@v4${pm.pinned ? '' : '\n        with:\n          version: 10'}`;
    return `${setup}\n${node('pnpm')}\n      - run: pnpm install --frozen-lockfile`;
  }
  // Corepack provides the Yarn version package.json names (Yarn 1 is on the runner otherwise).
  const corepack = pm.pinned ? '\n      - run: corepack enable' : '';
  return `${node('')}${corepack}\n      - run: yarn install ${pm.berry ? '--immutable' : '--frozen-lockfile'}`;
}

/**
 * The GitHub Actions workflow `qbank init` writes: install from the lockfile, restore
 * `.qbank-cache/`, validate the changed files of a pull request with inline annotations,
 * and on the main branch validate everything, upload SARIF to code scanning and build
 * and upload the bundle.
 *
 * @param pm The repository's package manager.
 * @returns The workflow's YAML text.
 */
export function ciWorkflow(pm: PackageManager): string {
  const qbank = qbankCommand(pm);
  return `# qbank: checks every pull request and builds the bundle on the main branch.
# Written by \`qbank init\` for ${pm.name}; edit freely (https://github.com/qbank-org/qbank/blob/main/docs/ci/README.md).
name: qbank

on:
  pull_request:
  push:
    branches: [main]

permissions:
  contents: read
  actions: read # upload-sarif reads the run's details
  security-events: write # upload-sarif writes to code scanning

jobs:
  qbank:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # --changed-since compares with the base branch
${installSteps(pm)}
      - name: qbank version
        id: qbank
        run: echo "version=$(${qbank} --version)" >> "$GITHUB_OUTPUT"
      # qbank's per-file results. Entries are keyed by content, so a restored cache is always
      # safe; the key only decides how much of it is still useful.
      - uses: actions/cache@v4
        with:
          path: .qbank-cache
          key: qbank-\${{ runner.os }}-\${{ steps.qbank.outputs.version }}-\${{ hashFiles('${pm.lockfile}') }}-\${{ github.sha }}
          restore-keys: |
            qbank-\${{ runner.os }}-\${{ steps.qbank.outputs.version }}-\${{ hashFiles('${pm.lockfile}') }}-
            qbank-\${{ runner.os }}-\${{ steps.qbank.outputs.version }}-

      # Pull requests: the changed files (and the checks across files they take part in),
      # each problem annotated on the diff.
      - name: Validate the changed files
        if: github.event_name == 'pull_request'
        env:
          BASE_REF: \${{ github.base_ref }}
        run: ${qbank} validate --changed-since "origin/$BASE_REF" --format github

      # The main branch: the whole bank, as a SARIF log for code scanning, then the bundle.
      - name: Validate the bank
        if: github.event_name == 'push'
        run: ${qbank} validate --format sarif > qbank.sarif
      - uses: github/codeql-action/upload-sarif@v3
        if: github.event_name == 'push' && always()
        with:
          sarif_file: qbank.sarif
          category: qbank
      # Blueprint coverage on the run's summary page; add --fail-under spec-groups to enforce it.
      - name: Coverage
        if: github.event_name == 'push'
        run: ${qbank} coverage --format markdown >> "$GITHUB_STEP_SUMMARY"
      - name: Build the bundle
        if: github.event_name == 'push'
        run: ${qbank} build
      - uses: actions/upload-artifact@v4
        if: github.event_name == 'push'
        with:
          name: bundle
          path: dist/bundle
`;
}

/**
 * The git pre-commit hook `qbank init` writes: validate the staged Markdown files of the
 * content folder (in the context of the whole bank) before each commit.
 *
 * @param pm The repository's package manager.
 * @param content The content folder, relative to the repository's root.
 * @returns The hook's shell script.
 */
export function preCommitHook(pm: PackageManager, content: string): string {
  const files = `'${content}/*.md' '${content}/*.mdx'`;
  return `#!/bin/sh
# qbank pre-commit hook: checks the staged questions and notes before each commit.
# Written by \`qbank init\`. Turn it on once per clone with: git config core.hooksPath .githooks
# Skip it for one commit with: git commit --no-verify
git diff --cached --quiet --diff-filter=ACMR -- ${files} && exit 0
git diff --cached --name-only -z --diff-filter=ACMR -- ${files} |
  xargs -0 ${qbankCommand(pm)} validate --quiet
`;
}

/** The lines `qbank init` makes sure the repository's `.gitignore` has. */
export const gitignoreLines: readonly string[] = [
  '# qbank: the built bundle and the cache of per-file results',
  '/dist/bundle/',
  '/dist/bundle.zip',
  '.qbank-cache/',
  'node_modules/',
];
