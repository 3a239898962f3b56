import type { ItemRule } from '../model.js';
import type { OptionView } from '../question.js';
import { quote, viewOf } from '../question.js';
import { stemWord } from '../words.js';

const dropped = new Set(['a', 'an', 'the']);

/**
 * What an option says, ignoring case, punctuation, articles and plurals:
 * "The aspirin." and "aspirin" compare equal. Symbols such as arrows, `<`
 * `%` and a minus sign are kept, and so is word order ("increased A, decreased B" is not
 * "decreased A, increased B").
 *
 * @param option An option.
 * @returns Its normalised form.
 */
function normalise(option: OptionView): string {
  const tokens =
    option.text.toLowerCase().match(/(?<![\p{L}\p{N}])-(?=\p{N})|[\p{L}\p{N}]+|[^\s\p{L}\p{N}.,;:!?'"()[\]-]/gu) ?? [];
  return tokens
    .filter((t) => !dropped.has(t))
    .map(stemWord)
    .join(' ');
}

/** `item/duplicate-options`: two options say the same thing. */
export const duplicateOptions: ItemRule = {
  id: 'item/duplicate-options',
  description: 'Two options are the same after normalising case, punctuation, articles and plurals.',
  severity: 'error',
  scope: 'item',
  check(question, context) {
    const seen = new Map<string, OptionView>();
    for (const option of viewOf(question).options) {
      const key = normalise(option);
      if (!key) continue;
      const first = seen.get(key);
      if (!first) {
        seen.set(key, option);
        continue;
      }
      const same = first.text === option.text;
      context.report({
        message: `Unexpected ${same ? 'duplicate' : 'near-duplicate'} option ${option.letter} ${quote(option.text, 40)}, expected it to differ from option ${first.letter}`,
        hint: 'Replace one of the two with a different plausible distractor; if one is the key, the examinee can rule out both.',
        place: option.range,
        related: {
          file: question.parsed.file.path,
          place: first.range,
          message: `Option ${first.letter} ${quote(first.text, 40)}`,
        },
      });
    }
  },
};
