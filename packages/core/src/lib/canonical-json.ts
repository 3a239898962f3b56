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

/**
 * The value with object keys sorted at every depth: the value itself where
 * they already are (a bundle's records are made in that order, and copying
 * them all was a third of serialising a manifest), else a sorted copy.
 */
function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      const sorted = sortKeys(value[i]);
      if (sorted !== value[i]) (copy ??= [...value])[i] = sorted;
    }
    return copy ?? value;
  }
  if (value === null || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object);
  // Another kind of object (a Date) is copied as before: its own keys only.
  const prototype = Object.getPrototypeOf(object) as unknown;
  let inOrder = prototype === Object.prototype || prototype === null;
  for (let i = 1; i < keys.length && inOrder; i++) inOrder = keys[i - 1]! < keys[i]!;
  let copy: Record<string, unknown> | undefined = inOrder ? undefined : {};
  for (const key of inOrder ? keys : keys.sort()) {
    const child = object[key];
    const sorted = sortKeys(child);
    if (copy === undefined && sorted === child) continue;
    copy ??= { ...object };
    // Left out as `JSON.stringify` leaves it out.
    if (child !== undefined) copy[key] = sorted;
  }
  return copy ?? object;
}
