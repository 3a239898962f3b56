import type { ItemRule } from '../model.js';
import { viewOf } from '../question.js';
import { rangeIn, words } from '../text.js';
import { contentStems, isContentWord, stemWord } from '../words.js';

/** `item/word-repeat-cue`: a content word of the stem reappears in the key and in no distractor. */
export const wordRepeatCue: ItemRule = {
  id: 'item/word-repeat-cue',
  description: 'A content word of the stem or lead-in appears in the key and in no distractor (a "clang" cue).',
  severity: 'info',
  scope: 'item',
  check(question, context) {
    const view = viewOf(question);
    const { key } = view;
    if (!key) return;
    const stem = contentStems(`${view.stemText.text} ${view.leadIn.text}`);
    const distractors = contentStems(
      view.options
        .filter((o) => !o.correct)
        .map((o) => o.text)
        .join(' '),
    );
    const reported = new Set<string>();
    for (const w of words(key.map.text)) {
      if (!isContentWord(w.word)) continue;
      const stemmed = stemWord(w.word);
      if (!stem.has(stemmed) || distractors.has(stemmed) || reported.has(stemmed)) continue;
      reported.add(stemmed);
      context.report({
        message: `Unexpected \`${w.word}\` in the key and the stem but in no distractor, expected no word that links only the key to the stem`,
        hint: 'Reword the key, or use the word in some distractors too: a word repeated from the stem points the test-wise examinee to the key.',
        place: rangeIn(key.map, w.index, w.index + w.word.length) ?? key.range,
        actual: w.word,
      });
    }
  },
};
