// Rewrites the "Coverage of the sample bank" section of README.md from `qbank coverage --format markdown`
// (spec groups, disciplines and competencies). Run after `pnpm build`.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const markdown = execFileSync(
  process.execPath,
  [`${root}packages/cli/dist/bin.js`, 'coverage', '--format', 'markdown'],
  {
    cwd: root,
    encoding: 'utf8',
  },
);
const tables = markdown.split('\n\n').filter((block) => /^\| (Spec group|Discipline|Competency) /.test(block));
const count = /(\d+) published questions/.exec(markdown)?.[1];
const section = [
  '## Coverage of the sample bank',
  '',
  `\`npx -y pnpm@10 qbank coverage --format markdown\` on \`content/\` (${count} published questions; systems and the`,
  'system x discipline matrix are in the full report). Under and over are against the USMLE Step 1',
  'specification ranges; a 40-question sample cannot match them all, and the report shows where it is thin.',
  '',
  ...tables.flatMap((t) => [t, '']),
].join('\n');
const readme = readFileSync(`${root}README.md`, 'utf8');
const start = readme.indexOf('## Coverage of the sample bank');
const end = start === -1 ? -1 : readme.indexOf('\n## ', start + 1);
const next =
  start === -1
    ? readme.replace('## Using qbank in CI', `${section}\n## Using qbank in CI`)
    : readme.slice(0, start) + section + readme.slice(end + 1);
writeFileSync(`${root}README.md`, next);
