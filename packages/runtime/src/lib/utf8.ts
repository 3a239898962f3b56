// UTF-8 to string with TextDecoder where it exists, else a small decoder
// (some React Native engines have TextEncoder but no TextDecoder).

interface DecoderLike {
  decode(bytes: Uint8Array): string;
}

const Decoder = (globalThis as { TextDecoder?: new () => DecoderLike }).TextDecoder;
const native = Decoder ? new Decoder() : undefined;

/**
 * Decode UTF-8 in plain JavaScript (a leading byte-order mark is dropped).
 *
 * @param bytes The bytes.
 * @returns The text.
 */
export function decodeUtf8Js(bytes: Uint8Array): string {
  let out = '';
  const codes: number[] = [];
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length) {
    const b = bytes[i++]!;
    let code = b;
    let extra = 0;
    if (b >= 0xf0) [code, extra] = [b & 0x07, 3];
    else if (b >= 0xe0) [code, extra] = [b & 0x0f, 2];
    else if (b >= 0xc0) [code, extra] = [b & 0x1f, 1];
    for (; extra > 0; extra--) code = (code << 6) | (bytes[i++]! & 0x3f);
    codes.push(code);
    if (codes.length === 4096) out += String.fromCodePoint(...codes.splice(0));
  }
  return out + String.fromCodePoint(...codes);
}

/**
 * Decode UTF-8 bytes: TextDecoder where the platform has it, else {@link decodeUtf8Js}.
 *
 * @param bytes The bytes.
 * @returns The text.
 */
export function decodeUtf8(bytes: Uint8Array): string {
  return native ? native.decode(bytes) : decodeUtf8Js(bytes);
}

/**
 * Encode a string as UTF-8.
 *
 * @param text The text.
 * @returns The bytes.
 */
export function encodeUtf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}
