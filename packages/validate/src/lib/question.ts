import { reportDiagnostic } from '@qbank/core';
import { placeOf, type ParsedQuestion } from '@qbank/parser';
import { toString } from 'mdast-util-to-string';

const maxChoices = 26;

/**
 * Check the parts of a question: one task list of 2-26 choices with exactly
 * one `[x]`, a lead-in right before it, and the known sections after it.
 *
 * @param question The parsed question.
 * @param status The question's status (an explanation is required once published).
 */
export function checkQuestionStructure(question: ParsedQuestion, status: string | undefined): void {
  const { file, choiceList } = question;
  if (!question.tree) return;
  const lastNode = question.body.at(-1);
  const endPlace = lastNode?.position
    ? { line: lastNode.position.end.line, column: lastNode.position.end.column }
    : undefined;
  if (!choiceList) {
    reportDiagnostic(file, {
      ruleId: 'question/no-choices',
      message: 'Missing choices, expected a task list of options after the lead-in',
      hint: 'List the options as `- [ ] wrong option` and mark the one best answer `- [x] right option`.',
      place: endPlace,
    });
  } else {
    checkChoices(question);
    if (!question.leadIn) {
      reportDiagnostic(file, {
        ruleId: 'question/missing-lead-in',
        message: 'Missing lead-in, expected a paragraph with the question right before the choices',
        hint: 'End the stem with a separate paragraph such as "Which of the following is the most likely diagnosis?".',
        place: placeOf(choiceList).start,
      });
    } else if (question.stem.length === 0) {
      reportDiagnostic(file, {
        ruleId: 'question/missing-stem',
        severity: 'warning',
        message: 'Missing vignette, expected text before the lead-in',
        hint: 'Describe the patient (age, sex, setting, complaint, history, examination, results) before the question.',
        place: placeOf(question.leadIn).start,
      });
    }
  }
  for (const list of question.extraChoiceLists) {
    reportDiagnostic(file, {
      ruleId: 'question/duplicate-choice-list',
      message: 'Unexpected second task list, expected one list of choices',
      hint: 'Merge the options into one list, or separate them from the first with the section heading they belong to.',
      place: placeOf(list),
    });
  }
  if (question.strayAfterChoices.length) {
    const first = question.strayAfterChoices[0];
    reportDiagnostic(file, {
      ruleId: 'question/content-after-choices',
      message: 'Unexpected content after the choices, expected a `## Explanation` heading',
      hint: 'Put explanatory text under `## Explanation`; indent a rationale by two spaces under its choice.',
      place: placeOf(first),
    });
  }
  checkSections(question, status, endPlace);
}

function checkChoices(question: ParsedQuestion): void {
  const { file, choiceList, choices } = question;
  const correct = choices.filter((c) => c.checked === true);
  for (const choice of choices) {
    if (choice.checked === null) {
      reportDiagnostic(file, {
        ruleId: 'question/choice-not-task',
        message: 'Unexpected list item without a checkbox in the choices',
        hint: 'Start every option with `[ ] ` (or `[x] ` for the answer).',
        place: placeOf(choice.node).start,
      });
    } else if (toString({ type: 'paragraph', children: choice.label }).trim() === '') {
      reportDiagnostic(file, {
        ruleId: 'question/empty-choice',
        message: 'Unexpected empty choice',
        hint: 'Write the option text on the same line as its checkbox.',
        place: placeOf(choice.node),
      });
    }
  }
  if (correct.length === 0) {
    reportDiagnostic(file, {
      ruleId: 'question/no-correct-choice',
      message: 'Missing correct answer, expected one choice marked `[x]`',
      hint: 'Mark the one best answer as `- [x] ...`.',
      place: placeOf(choiceList).start,
    });
  } else if (correct.length > 1) {
    const first = placeOf(correct[0]!.node).start;
    for (const extra of correct.slice(1)) {
      reportDiagnostic(file, {
        ruleId: 'question/multiple-correct-choices',
        message: `Unexpected ${correct.length} choices marked \`[x]\`, expected one best answer`,
        hint: 'Keep `[x]` on the single best answer and make the others `[ ]`.',
        place: placeOf(extra.node).start,
        related: { file: file.path, place: first, message: 'First choice marked `[x]`' },
      });
    }
  }
  if (choices.length < 2) {
    reportDiagnostic(file, {
      ruleId: 'question/too-few-choices',
      message: `Only ${choices.length} choice, expected at least 2`,
      hint: 'Single-best-answer items on USMLE Step 1 have four or more options.',
      place: placeOf(choiceList).start,
    });
  } else if (choices.length > maxChoices) {
    reportDiagnostic(file, {
      ruleId: 'question/too-many-choices',
      message: `Too many choices (${choices.length}), expected at most ${maxChoices} (A to Z)`,
      hint: 'Cut the weakest distractors.',
      place: placeOf(choiceList).start,
    });
  }
}

function checkSections(
  question: ParsedQuestion,
  status: string | undefined,
  endPlace: { line: number; column: number } | undefined,
): void {
  const { file, sections } = question;
  const seen = new Map<string, (typeof sections)[number]>();
  for (const section of sections) {
    if (!section.key) {
      reportDiagnostic(file, {
        ruleId: 'question/unknown-section',
        severity: 'warning',
        message: `Unexpected section \`${section.title}\`, expected \`Explanation\`, \`Educational objective\` or \`References\``,
        hint: 'Use `###` for sub-headings inside a section.',
        place: placeOf(section.heading),
      });
      continue;
    }
    const earlier = seen.get(section.key);
    if (earlier) {
      reportDiagnostic(file, {
        ruleId: 'question/duplicate-section',
        message: `Unexpected second \`${section.title}\` section`,
        hint: 'Merge the two sections into one.',
        place: placeOf(section.heading),
        related: { file: file.path, place: placeOf(earlier.heading).start, message: 'First section' },
      });
    } else {
      seen.set(section.key, section);
    }
  }
  const explanation = seen.get('explanation');
  const empty = explanation && explanation.content.every((node) => toString(node).trim() === '');
  if (status === 'published' && (!explanation || empty)) {
    reportDiagnostic(file, {
      ruleId: 'question/missing-explanation',
      message: explanation
        ? 'Unexpected empty `## Explanation` section in a published question'
        : 'Missing `## Explanation` section in a published question',
      hint: 'Explain why the answer is right and each distractor wrong, or set `status: draft` until it is written.',
      place: explanation ? placeOf(explanation.heading) : endPlace,
    });
  }
}
