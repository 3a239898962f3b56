/** Text made safe for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const maxLabel = 46;

/** Labels longer than the chart's label column are cut with an ellipsis (the full label is in the tooltip). */
export function shortLabel(label: string): string {
  return label.length > maxLabel ? `${label.slice(0, maxLabel - 1).trimEnd()}…` : label;
}

/** Rough width of a label in 12px system-ui, for laying out the label column. */
export function labelWidthOf(labels: readonly string[]): number {
  return Math.ceil(Math.max(...labels.map((l) => shortLabel(l).length), 10) * 6.6) + 16;
}
