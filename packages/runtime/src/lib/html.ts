const entities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
const blockTags =
  /<\/?(?:p|div|br|li|ul|ol|table|thead|tbody|tr|td|th|h[1-6]|figure|figcaption|aside|blockquote|pre|hr)\b[^>]*>/gi;

/**
 * Plain text of a bundle HTML fragment, for search, previews and screen
 * readers: tags dropped (block tags become spaces), entities decoded, white
 * space collapsed.
 *
 * @param html Sanitized HTML from a bundle.
 * @returns The text.
 */
export function htmlToText(html: string): string {
  return html
    .replace(blockTags, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
      if (name[0] !== '#') return entities[name.toLowerCase()] ?? whole;
      const code = name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1));
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    })
    .replace(/\s+/g, ' ')
    .trim();
}
