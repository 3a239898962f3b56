import { unzipSync } from 'fflate';
import type { ImportProblem } from './model.js';

/** Largest total size of a zip's files once unpacked: 256 MiB. */
export const maxUnzippedBytes = 256 * 1024 * 1024;
/** Most entries a zip may have. */
export const maxZipEntries = 10_000;

/** The unpacked entries of a zip, by path. */
export interface UnzippedFiles {
  /** Entry bytes by `/`-separated path. */
  files: Record<string, Uint8Array>;
}

/** Why a zip was refused. */
export interface RefusedZip {
  /** The problem, with the offending entry's path where there is one. */
  problem: ImportProblem;
}

/**
 * Unpack a zip safely: entries whose path leaves the archive's root
 * (`../`, absolute paths, drive letters: "zip-slip") are refused, as are
 * archives that unpack to more than `maxUnzippedBytes` or hold more than
 * `maxZipEntries` entries (zip bombs). Nothing is written to disk.
 *
 * @param bytes The zip.
 * @param file The source's name, for problems.
 * @param wanted Which entries to unpack (by path); all when absent.
 * @returns The entries by path, or the problem.
 */
export function unzipSafely(
  bytes: Uint8Array,
  file: string,
  wanted?: (path: string) => boolean,
): UnzippedFiles | RefusedZip {
  let total = 0;
  let entries = 0;
  let bad: string | undefined;
  let problem: ImportProblem | undefined;
  try {
    const files = unzipSync(bytes, {
      filter: (entry) => {
        entries++;
        const normal = entry.name.replace(/\\/g, '/');
        if (normal.startsWith('/') || /^[a-z]:/i.test(normal) || normal.split('/').includes('..')) bad ??= entry.name;
        if (bad || problem) return false;
        // Every entry counts towards the limits, also those not unpacked here (another reader will).
        total += entry.originalSize;
        if (total > maxUnzippedBytes || entries > maxZipEntries) {
          problem = {
            place: { file },
            ruleId: 'import/zip-too-large',
            message: `Unexpected archive that unpacks to more than ${maxUnzippedBytes} bytes or ${maxZipEntries} entries`,
            hint: 'Split the export, or check that it is not a zip bomb.',
          };
          return false;
        }
        return wanted ? wanted(normal) : true;
      },
    });
    if (bad) {
      return {
        problem: {
          place: { file, path: bad },
          ruleId: 'import/zip-slip',
          message: `Unexpected archive entry \`${bad}\` whose path leaves the archive, expected paths inside it`,
          hint: 'The archive is malformed or hostile: nothing was read from it.',
        },
      };
    }
    if (problem) return { problem };
    return { files };
  } catch (error) {
    return {
      problem: {
        place: { file },
        ruleId: 'import/zip-unreadable',
        message: `Cannot read the file as a zip archive: ${(error as Error).message}`,
        hint: 'The file may be truncated, or not the export itself.',
      },
    };
  }
}
