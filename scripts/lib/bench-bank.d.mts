// Types of bench-bank.mjs, for the TypeScript tests that generate banks with it.

/** The systems questions are spread over, in order. */
export const benchSystems: readonly string[];

/** The kinds of bank `writeBank` makes. */
export const bankKinds: readonly ['standard', 'realistic', 'families'];

/** Variants per family in a `families` bank. */
export const familySize: number;

/** mulberry32: a small seeded PRNG. */
export function seeded(seed: number): () => number;

/** What `writeBank` writes. */
export interface BankOptions {
  /** The kind of bank (default `standard`). */
  kind?: 'standard' | 'realistic' | 'families';
  /** Number of questions. */
  count: number;
  /** Seed of the text (default 42). */
  seed?: number;
  /** Id prefix (default `bench`). */
  prefix?: string;
  /** How many of `benchSystems` to spread questions over (default all 10). */
  systems?: number;
  /** Questions per note (default 100). */
  notesEvery?: number;
  /** A qbank.config.json to write (JSON text; default a minimal one), or null for none. */
  config?: string | null;
}

/** Write a generated bank into `dir`; the same options always give the same files. */
export function writeBank(
  dir: string,
  options: BankOptions,
): { questionPath: (i: number) => string; bytesPerQuestion: number; notes: number };

/** Make `dir` a git repository with one commit of everything in it. */
export function commitAll(dir: string): void;
