// @qbank/readability: the figures of item text, and its public API.
import { describe, expect, it } from 'vitest';
import * as api from '@qbank/readability';
import { readability } from '@qbank/readability';

describe('@qbank/readability', () => {
  it('exports exactly these values', () => {
    expect(Object.keys(api).sort()).toEqual(['readability']);
  });

  it('counts words and sentences of a stem and lead-in', () => {
    expect(
      readability('A 78-year-old man has lightheadedness. Which of the following is the most likely cause?'),
    ).toEqual({
      words: 14,
      sentences: 2,
      wordsPerSentence: 7,
      syllablesPerWord: 1.5,
      fleschKincaidGrade: 4.8,
      fleschReadingEase: 72.8,
    });
  });

  it('does not count numbers and units as words, nor decimal points as sentence ends', () => {
    expect(
      readability('His pulse is 76/min, and blood pressure is 128/84 mm Hg. Temperature is 36.8°C (98.2°F).'),
    ).toMatchObject({
      words: 9,
      sentences: 2,
      wordsPerSentence: 4.5,
    });
  });

  it('gives zeros for a text without words', () => {
    const zero = {
      words: 0,
      sentences: 0,
      wordsPerSentence: 0,
      syllablesPerWord: 0,
      fleschKincaidGrade: 0,
      fleschReadingEase: 0,
    };
    expect(readability('')).toEqual(zero);
    expect(readability('128/84 mm Hg')).toEqual(zero);
  });
});
