import { readFileSync, writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { sourceFileFromText } from '@qbank/parser';
import { builtinTaxonomy } from '@qbank/taxonomy';
import { validateBank } from '@qbank/validate';
import { diagnosticFromMessage } from '@qbank/core';
import { lintQuestions, lintRules } from '../packages/lint/src/index.js';

it('medqa', () => {
  const rows = ['dev', 'test'].flatMap((n) =>
    readFileSync(`/work/shared/corpora/medqa-us/${n}.jsonl`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l)),
  );
  const sources = rows.map((row, i) => {
    const q: string = row.question.trim();
    const m = /^(.*[.!?])\s+([A-Z][^.!?]*\?)$/s.exec(q);
    const stem = m ? m[1] : 'A patient.';
    const lead = m ? m[2] : q;
    const opts = Object.entries(row.options as Record<string, string>)
      .map(([k, v]) => `- [${k === row.answer_idx ? 'x' : ' '}] ${v.replace(/\n/g, ' ')}`)
      .join('\n');
    const text = `---\nid: mq-${i}\nstatus: draft\ndiscipline: [pathology]\nsystem: cardiovascular\ncompetency: patient-care-diagnosis\n---\n\n${stem}\n\n${lead}\n\n${opts}\n`;
    return { file: sourceFileFromText(`/tmp/mq/questions/mq-${i}.md`, text), kind: 'question' as const };
  });
  const t0 = Date.now();
  const report = validateBank(sources, { taxonomy: builtinTaxonomy(), contentRoot: '/tmp/mq' });
  const t1 = Date.now();
  const qs = report.items.filter((i) => i.kind === 'question');
  const timing: string[] = [];
  for (const r of lintRules) {
    const a = Date.now();
    lintQuestions(qs as never, { contentRoot: '/tmp/mq', config: { extends: [], rules: { [r.id]: 'warning' } } });
    timing.push(`${r.id} ${Date.now() - a}ms`);
  }
  for (const f of report.files) f.messages = f.messages.filter((m) => !/^(item|bank|lint)\//.test(m.ruleId ?? ''));
  const t15 = Date.now();
  lintQuestions(qs as never, { contentRoot: '/tmp/mq', config: { extends: ['strict'] } });
  const t2 = Date.now();
  console.log(timing.join('\n'), 'full', t2 - t15);
  const counts: Record<string, number> = {};
  const questionsHit: Record<string, Set<string>> = {};
  const samples: Record<string, string[]> = {};
  for (const f of report.files) {
    for (const msg of f.messages) {
      const d = diagnosticFromMessage(msg);
      if (!d.ruleId.includes('/') || !/^(item|bank|lint)\//.test(d.ruleId)) continue;
      counts[d.ruleId] = (counts[d.ruleId] ?? 0) + 1;
      (questionsHit[d.ruleId] ??= new Set()).add(f.path);
      (samples[d.ruleId] ??= []).push(`${f.stem} ${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.message}`);
    }
  }
  const out = [`questions ${qs.length} validate ${t1 - t0}ms lint ${t2 - t1}ms`];
  for (const [id, c] of Object.entries(counts).sort()) {
    out.push(
      `${id}: ${c} diagnostics in ${questionsHit[id]!.size} questions (${((questionsHit[id]!.size / qs.length) * 100).toFixed(1)}%)`,
    );
    const s = samples[id]!;
    for (let k = 0; k < Math.min(25, s.length); k++)
      out.push('   ' + s[Math.floor((k * s.length) / Math.min(25, s.length))]);
  }
  writeFileSync('/tmp/medqa-report.txt', out.join('\n'));
});
