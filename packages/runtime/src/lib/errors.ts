/**
 * Base class of every error the runtime throws on purpose. `code` is a stable
 * id to branch on (it never changes); `hint` says what to do about it.
 */
export class BundleError extends Error {
  /** Stable id of the error, e.g. `bundle/integrity`. */
  readonly code: string;
  /** The action to take, in one sentence. */
  readonly hint: string;

  /**
   * @param code Stable id.
   * @param message What happened and why.
   * @param hint The action to take.
   * @param options Standard error options (`cause`).
   */
  constructor(code: string, message: string, hint: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'BundleError';
    this.code = code;
    this.hint = hint;
  }
}

/** Versions of the bundle format this runtime reads: any `1.x.y`. */
export const supportedBundleFormat = 1;

/**
 * The bundle's `bundleFormat` has a major version this runtime does not know
 * (code `bundle/format-unsupported`: update the app), or a file is not a bundle
 * file at all (code `bundle/format-invalid`).
 */
export class BundleFormatError extends BundleError {
  /** The `bundleFormat` the manifest declares, or `null` when it has none. */
  readonly found: string | null;
  /** The file that could not be read as a bundle file. */
  readonly path: string;

  /**
   * @param path The file.
   * @param found The declared format version, if any.
   * @param problem What is wrong, when the file is not a bundle file at all.
   */
  constructor(path: string, found: string | null, problem?: string) {
    const unsupported = problem === undefined;
    super(
      unsupported ? 'bundle/format-unsupported' : 'bundle/format-invalid',
      unsupported
        ? `Unexpected bundle format \`${found}\`, expected ${supportedBundleFormat}.x: this app is too ${
            Number.parseInt(found ?? '', 10) > supportedBundleFormat ? 'old' : 'new'
          } for the bundle`
        : `Unexpected content in \`${path}\`: ${problem}`,
      unsupported
        ? 'Update the app (or @qbank/runtime) to a version that reads this bundle format, or serve a bundle built for this app.'
        : 'Point the app at the root of a bundle written by `qbank build`.',
    );
    this.name = 'BundleFormatError';
    this.found = found;
    this.path = path;
  }
}

/** Why a file failed verification. */
export type IntegrityProblem = 'digest' | 'size' | 'unlisted';

/**
 * A file's bytes differ from what the manifest says (changed, truncated, or not
 * listed at all). The runtime never hands such data to the app.
 */
export class BundleIntegrityError extends BundleError {
  /** The file. */
  readonly path: string;
  /** `digest`: other bytes; `size`: truncated or padded; `unlisted`: not in `manifest.files`. */
  readonly problem: IntegrityProblem;
  /** What the manifest promised (hex sha256 or size), `null` for an unlisted file. */
  readonly expected: string | null;
  /** What was read. */
  readonly actual: string;

  /**
   * @param path The file.
   * @param problem What failed.
   * @param expected What the manifest promised.
   * @param actual What was read.
   */
  constructor(path: string, problem: IntegrityProblem, expected: string | null, actual: string) {
    const what =
      problem === 'unlisted'
        ? 'is not listed in manifest.json'
        : problem === 'size'
          ? `has ${actual} bytes, expected ${expected}`
          : `has sha256 ${actual}, expected ${expected}`;
    super(
      'bundle/integrity',
      `Unexpected bytes in \`${path}\`: the file ${what}`,
      'The download was corrupted, cached from another release, or tampered with: fetch the bundle again, and rebuild it if the error stays.',
    );
    this.name = 'BundleIntegrityError';
    this.path = path;
    this.problem = problem;
    this.expected = expected;
    this.actual = actual;
  }
}

/** The source could not deliver a file (network error, HTTP 404, missing file). */
export class BundleReadError extends BundleError {
  /** The file. */
  readonly path: string;

  /**
   * @param path The file.
   * @param cause What the source threw.
   */
  constructor(path: string, cause: unknown) {
    super(
      'bundle/read',
      `Unexpected failure reading \`${path}\`: ${cause instanceof Error ? cause.message : String(cause)}`,
      'Check that the bundle is complete and reachable at the source the app was given, then try again.',
      { cause },
    );
    this.name = 'BundleReadError';
    this.path = path;
  }
}

/** An id that is not in the bundle (or not of the expected type). */
export class UnknownItemError extends BundleError {
  /** The id asked for. */
  readonly id: string;

  /**
   * @param id The id.
   * @param type The expected item type.
   */
  constructor(id: string, type: 'question' | 'note') {
    super(
      'bundle/unknown-item',
      `Unexpected ${type} id \`${id}\`: the bundle has no published ${type} with this id`,
      'List ids from `bundle.items` (the manifest index); ids of retired or removed items are in `manifest.tombstones`.',
    );
    this.name = 'UnknownItemError';
    this.id = id;
  }
}
