// docs/cli.md is the CLI reference: every command and option that
// `qbank --help` lists has its place there.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot, runQbank } from './helpers/cli.js';

const reference = readFileSync(path.join(repoRoot, 'docs/cli.md'), 'utf8');
const { stdout: help } = await runQbank(['--help'], repoRoot);

/** The commands of the help text: the words before the first argument (`export anki`, `new question|note`). */
function helpCommands(text: string): string[] {
  const section = text.split(/^Commands:$/m)[1]?.split(/^Options:$/m)[0] ?? '';
  return section
    .split('\n')
    .filter((line) => /^ {2}[a-z]/.test(line))
    .map((line) =>
      line
        .trim()
        .split(/\s{2,}/)[0]!
        .split(/ [[<]/)[0]!
        .trim(),
    );
}

/** `new question|note` is `new question` and `new note`. */
function expand(command: string): string[] {
  const [name, sub] = command.split(' ');
  return sub ? sub.split('|').map((each) => `${name} ${each}`) : [name!];
}

/** Commands of the section headings: `qbank export anki|qti [dir]` gives export, export anki, export qti. */
function documentedCommands(text: string): string[] {
  return [...text.matchAll(/^#+ `qbank ([a-z-]+)(?: ([a-z|-]+))?/gm)].flatMap(([, name, sub]) =>
    sub ? [name!, ...expand(`${name} ${sub}`)] : [name!],
  );
}

/** Every long and short option the help text names. */
function helpOptions(text: string): string[] {
  return [...new Set(text.match(/(?<![\w-])--?[a-z][a-z-]*/g) ?? [])].sort();
}

describe('docs/cli.md', () => {
  it('the help text lists commands and options', () => {
    expect(helpCommands(help)).toContain('validate');
    expect(helpCommands(help)).toContain('export anki');
    expect(helpOptions(help)).toContain('--config');
    expect(helpOptions(help)).toContain('-h');
  });

  it.each(helpCommands(help).flatMap(expand))('has a section for `qbank %s`', (command) => {
    expect(documentedCommands(reference)).toContain(command);
  });

  it.each(helpOptions(help))('documents `%s`', (option) => {
    expect(reference).toMatch(new RegExp(`\`${escape(option)}(?![\\w-])`));
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
