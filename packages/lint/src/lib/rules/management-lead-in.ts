import type { ItemRule } from '../model.js';
import { quote, viewOf } from '../question.js';
import { rangeIn, sentences } from '../text.js';

/** Lead-ins that ask what to do: the next step, the treatment, what should be given. */
const managementLeadIn = new RegExp(
  [
    String.raw`\bmost appropriate (?:(?:next|initial|first|immediate) )*(?:step|treatment|therapy|pharmacotherapy|management|intervention)\b`,
    String.raw`\bbest (?:(?:next|initial|first) )*(?:step|treatment|therapy|management)\b`,
    String.raw`\b(?:next|initial|first) step in (?:the )?management\b`,
    String.raw`\bshould (?:be|have been) (?:administered|given|prescribed|started|initiated|recommended)\b`,
    String.raw`\b(?:treatment|therapy|drug) of choice\b`,
  ].join('|'),
  'i',
);

/** The competencies whose items ask for management. */
const managementCompetencies = new Set(['patient-care-management']);
/** Competencies whose "next step" is a conversation or a duty, not management of a disease. */
const otherTasks = new Set([
  'communication-interpersonal-skills',
  'professionalism-legal-ethical',
  'systems-based-practice-patient-safety',
  'practice-based-learning',
]);

/**
 * `item/management-lead-in`: a management lead-in ("most appropriate next step
 * in management") on an item whose competency is foundational science or
 * diagnosis, as in a Step 1 bank.
 */
export const managementLeadInRule: ItemRule = {
  id: 'item/management-lead-in',
  description:
    'The lead-in asks for management ("the most appropriate next step in management") but the item\'s competency is not management.',
  severity: 'warning',
  scope: 'item',
  check(question, context) {
    const competency = question.data.competency;
    if (managementCompetencies.has(competency) || otherTasks.has(competency)) return;
    const view = viewOf(question);
    for (const sentence of sentences(view.leadIn.text)) {
      const m = managementLeadIn.exec(sentence.word);
      if (!m) continue;
      const index = sentence.index + m.index;
      context.report({
        message: `Unexpected management lead-in ${quote(m[0])} on an item of competency \`${competency}\`, expected a question on mechanism or diagnosis`,
        hint: 'Step 1 tests foundational science: ask for the mechanism of the drug, the cause, or the finding ("Which of the following is the mechanism of action of the most appropriate drug?"), or set `competency: patient-care-management` where management is the point.',
        place: rangeIn(view.leadIn, index, index + m[0].length) ?? view.leadInRange,
      });
      return;
    }
  },
};
