// The sample bank in content/ is what new users read first: under the recommended lint preset it
// must have no error-level lint diagnostics. Warnings and info are printed, to keep false positives
// in view when rules change.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { diagnosticFromMessage, sortDiagnostics } from '@qbank/core';
import { discoverSources, loadConfig } from '@qbank/project';
import { builtinTaxonomy } from '@qbank/taxonomy';
import { validateBank, type CheckedQuestion } from '@qbank/validate';
import { lintQuestions } from '@qbank/lint';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const { config } = loadConfig(path.join(repoRoot, 'qbank.config.json'), repoRoot);
const questionsDir = config && path.join(config.contentRoot, 'questions');
const present = questionsDir !== undefined && existsSync(questionsDir);

describe('sample bank under the recommended lint preset', () => {
  it.skipIf(!present)(
    present ? 'has no lint errors' : 'has no lint errors (skipped: content/questions does not exist yet)',
    async () => {
      const { sources } = await discoverSources(config!, [], repoRoot);
      const report = validateBank(sources, { taxonomy: builtinTaxonomy(), contentRoot: config!.contentRoot });
      const questions = report.items.filter((item): item is CheckedQuestion => item.kind === 'question');
      expect(questions.length).toBeGreaterThan(0);
      lintQuestions(questions, { contentRoot: config!.contentRoot, config: { extends: ['recommended'] } });
      const diagnostics = sortDiagnostics(
        report.files.flatMap((f) => f.messages.map((m) => diagnosticFromMessage(m, path.relative(repoRoot, f.path)))),
      ).filter((d) => /^(item|bank|lint)\//.test(d.ruleId));
      const line = (d: (typeof diagnostics)[number]) =>
        `${d.file}:${d.line}:${d.column} ${d.severity} ${d.ruleId} ${d.message}`;
      const others = diagnostics.filter((d) => d.severity !== 'error');
      if (others.length)
        console.info(`sample bank lint (${questions.length} questions):\n${others.map(line).join('\n')}`);
      expect(diagnostics.filter((d) => d.severity === 'error').map(line)).toEqual([]);
    },
  );
});
