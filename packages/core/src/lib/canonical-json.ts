/**
 * Serialise a JSON value with object keys sorted at every depth, so equal data
 * always gives equal bytes (bundles must be byte-identical across builds).
 *
 * `undefined` properties are dropped, as `JSON.stringify` does.
 *
 * @param value Any JSON-compatible value.
 * @param indent Spaces of indentation; 0 (default) gives compact output.
 * @returns The serialised text, ending in a newline.
 */
export function canonicalJson(value: unknown, indent = 0): string {
  return JSON.stringify(sortKeys(value), null, indent) + '\n';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const child = (value as Record<string, unknown>)[key];
      if (child !== undefined) sorted[key] = sortKeys(child);
    }
    return sorted;
  }
  return value;
}
