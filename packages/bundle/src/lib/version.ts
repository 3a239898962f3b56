/**
 * Version of the bundle format (`manifest.json` → `bundleFormat`, semver):
 * the compiler writes it; a runtime reads every bundle of the same major version.
 */
export const bundleFormatVersion = '1.1.0';

/** Version of the `changelog.json` format (`changelogFormat`, semver). */
export const changelogFormatVersion = '1.0.0';

/** Version of the `curriculum.json` format (`curriculumFormat`, semver). */
export const curriculumFormatVersion = '1.0.0';

/** Version of the `glossary.json` format (`glossaryFormat`, semver). */
export const glossaryFormatVersion = '1.0.0';
