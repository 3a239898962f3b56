/**
 * Where a sentence ends and the next begins: end punctuation (and closing
 * quotes or brackets), whitespace, then a capital letter or an opening quote;
 * or a line break before a capital letter.
 */
const boundary = /[.!?:;]["'\u201d\u2019)\]]*([ \t]+|[ \t]*\n+[ \t]*)(?=[A-Z"\u201c(])|[ \t]*\n+[ \t]*(?=[A-Z])/g;

/** A question's text split into its vignette and its lead-in. */
export interface LeadInSplit {
  /** The text before the last sentence (empty when there is one sentence). */
  stem: string;
  /** The last sentence. */
  leadIn: string;
}

/**
 * Split a question's text into the vignette and the lead-in (its last
 * sentence), at the whitespace before that sentence. The whitespace itself is
 * the only thing dropped: `stem + whitespace + leadIn` is the text.
 *
 * @param text The whole question text.
 * @returns The stem (empty when the text is one sentence) and the lead-in.
 */
export function splitLeadIn(text: string): LeadInSplit {
  const body = text.replace(/\s+$/, '');
  let cut: { end: number; next: number } | undefined;
  for (const match of body.matchAll(boundary)) {
    const whitespace = match[1] ?? match[0];
    const next = match.index + match[0].length;
    cut = { end: next - whitespace.length, next };
  }
  if (!cut) return { stem: '', leadIn: body.replace(/^\s+/, '') };
  return { stem: body.slice(0, cut.end), leadIn: body.slice(cut.next) };
}
