import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '@qbank/core';

/** What canonicalJson did before it kept objects whose keys are in order: a sorted copy of everything. */
function copiedSorted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copiedSorted);
  if (value !== null && typeof value === 'object') {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const child = (value as Record<string, unknown>)[key];
      if (child !== undefined) sorted[key] = copiedSorted(child);
    }
    return sorted;
  }
  return value;
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined, whatever the order it is given', () => {
    const key = fc.oneof(fc.constantFrom('a', 'b', 'id', 'Z', '10', '9', '__proto_', ''), fc.string({ maxLength: 4 }));
    const leaf = fc.oneof(
      fc.integer(),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.string(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(undefined),
      fc.date({ noInvalidDate: true }),
    );
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
      array: fc.array(tie('value'), { maxLength: 4 }),
      object: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
    }));
    fc.assert(
      fc.property(value, fc.constantFrom(0, 2), (input, indent) => {
        const before = JSON.stringify(input);
        expect(canonicalJson(input, indent)).toBe(`${JSON.stringify(copiedSorted(input), null, indent)}\n`);
        // The input is never changed.
        expect(JSON.stringify(input)).toBe(before);
      }),
      { numRuns: 1000 },
    );
  });

  it('gives objects with keys in order and out of order the same bytes', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ y: 1, x: undefined }], c: 2 } }, 2)).toBe(
      canonicalJson({ a: { c: 2, d: [{ y: 1 }] }, b: 1 }, 2),
    );
  });
});
