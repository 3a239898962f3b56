/**
 * Characters that make a terminal do something rather than show something: C0 controls except
 * newline and tab (ESC starts the sequences that set the title, clear the screen or move the
 * cursor; CR overwrites a line), DEL, the C1 controls (U+009B is a one-character CSI), and the
 * bidirectional overrides and isolates that show text in another order than it is stored.
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const unsafe = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** The same set less C0 (which `JSON.stringify` escapes already). */
const unsafeInJson = /[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

function hex(code: number, digits: number): string {
  return code.toString(16).padStart(digits, '0');
}

/**
 * Make text from content safe to print to a terminal: every control character but newline and
 * tab, DEL, every C1 control and every bidirectional override is shown as an escape
 * (`\x1b`, `\u202e`) instead of being sent to the terminal. An id written with escape sequences
 * cannot set the window title, clear the screen or print a fake summary line.
 *
 * @param text Text that may come from content (ids, messages quoting content, file names).
 * @returns The text with those characters escaped; other text unchanged.
 * @example
 * ```ts
 * escapeTerminal('a\u001b[2Jb'); // 'a\\x1b[2Jb'
 * ```
 */
export function escapeTerminal(text: string): string {
  return text.replace(unsafe, (ch) => {
    const code = ch.charCodeAt(0);
    return code < 0x100 ? `\\x${hex(code, 2)}` : `\\u${hex(code, 4)}`;
  });
}

/**
 * Make JSON text safe to print to a terminal without changing what it parses to: DEL, the C1
 * controls and the bidirectional overrides, which `JSON.stringify` leaves raw, become `\uXXXX`
 * escapes (C0 controls, ESC among them, are escaped by `JSON.stringify` already).
 *
 * @param json Text made by `JSON.stringify`.
 * @returns The same JSON value, written with those characters escaped.
 */
export function escapeJsonControls(json: string): string {
  return json.replace(unsafeInJson, (ch) => `\\u${hex(ch.charCodeAt(0), 4)}`);
}
