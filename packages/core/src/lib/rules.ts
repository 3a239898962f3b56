import type { Severity } from './diagnostic.js';

/** What the catalogue says about one rule. */
export interface RuleInfo {
  /** Severity when the config does not say otherwise. */
  severity: Severity;
  /** One line: what the rule checks. */
  description: string;
}

/**
 * Every rule id qbank reports, with its default severity. Ids are permanent:
 * CI configurations and suppressions refer to them, so a rule may be retired
 * but its id never reused. `docs/rules/<id>.md` documents each one (a test
 * keeps the two in step).
 */
export const rules = {
  'file/empty': { severity: 'error', description: 'The file is empty or holds only white space.' },
  'file/binary': { severity: 'error', description: 'The file holds binary data (a NUL byte), not text.' },
  'file/encoding': { severity: 'error', description: 'The file is not valid UTF-8.' },
  'file/too-large': { severity: 'error', description: 'The file is larger than the 1 MiB limit for one item.' },
  'file/unreadable': { severity: 'error', description: 'The file could not be read.' },
  'file/symlink': {
    severity: 'warning',
    description: 'A symbolic link in the content folder is not followed: what it points to is not checked or built.',
  },
  'file/unclassified': {
    severity: 'warning',
    description: 'A file named on the command line is neither a question nor a note by the configured globs.',
  },
  'frontmatter/missing': { severity: 'error', description: 'The file does not start with a `---` frontmatter block.' },
  'frontmatter/unclosed': {
    severity: 'error',
    description: 'The frontmatter block is opened but never closed by `---`.',
  },
  'frontmatter/not-a-map': { severity: 'error', description: 'The frontmatter is not a YAML map of fields.' },
  'yaml/syntax': { severity: 'error', description: 'The frontmatter is not valid YAML.' },
  'yaml/duplicate-key': { severity: 'error', description: 'A frontmatter field is given twice.' },
  'schema/required': { severity: 'error', description: 'A required frontmatter field is missing.' },
  'schema/unknown-field': { severity: 'error', description: 'A frontmatter field is not defined by the schema.' },
  'schema/type': { severity: 'error', description: 'A frontmatter value has the wrong type.' },
  'schema/enum': { severity: 'error', description: 'A frontmatter value is not one of the allowed values.' },
  'schema/pattern': { severity: 'error', description: 'A frontmatter value does not have the required form.' },
  'schema/range': { severity: 'error', description: 'A number, length or list size is out of range.' },
  'schema/unique': { severity: 'error', description: 'A frontmatter list repeats a value.' },
  'schema/invalid': { severity: 'error', description: 'A frontmatter value breaks another schema constraint.' },
  'taxonomy/unknown-discipline': { severity: 'error', description: 'A discipline is not in the taxonomy.' },
  'taxonomy/unknown-system': { severity: 'error', description: 'A system is not in the taxonomy.' },
  'taxonomy/unknown-competency': { severity: 'error', description: 'A competency is not in the taxonomy.' },
  'taxonomy/alias': { severity: 'info', description: 'A taxonomy value is written as an alias of its canonical id.' },
  'taxonomy/retired': { severity: 'warning', description: 'A taxonomy value has been retired from the outline.' },
  'taxonomy/unknown-tag': { severity: 'warning', description: 'A tag is not declared in the tag registry.' },
  'taxonomy/duplicate': { severity: 'error', description: 'Two values in one taxonomy list name the same entry.' },
  'question/no-choices': { severity: 'error', description: 'The question has no task list of choices.' },
  'question/no-correct-choice': { severity: 'error', description: 'No choice is marked correct with `[x]`.' },
  'question/multiple-correct-choices': { severity: 'error', description: 'More than one choice is marked `[x]`.' },
  'question/too-few-choices': { severity: 'error', description: 'The question has fewer than 2 choices.' },
  'question/too-many-choices': { severity: 'error', description: 'The question has more than 26 choices (A-Z).' },
  'question/choice-not-task': {
    severity: 'error',
    description: 'An item of the choice list has no `[ ]` or `[x]` box.',
  },
  'question/empty-choice': { severity: 'error', description: 'A choice has no text.' },
  'question/duplicate-choice-list': { severity: 'error', description: 'The question has more than one task list.' },
  'question/missing-lead-in': { severity: 'error', description: 'There is no lead-in paragraph before the choices.' },
  'question/missing-stem': { severity: 'warning', description: 'There is no vignette before the lead-in.' },
  'question/missing-explanation': {
    severity: 'error',
    description: 'A published question has no (or an empty) `## Explanation` section.',
  },
  'question/unknown-section': {
    severity: 'warning',
    description: 'A `##` section after the choices is not a known one.',
  },
  'question/duplicate-section': { severity: 'error', description: 'A section appears twice.' },
  'question/content-after-choices': {
    severity: 'error',
    description: 'Content between the choices and the first section belongs to no part of the question.',
  },
  'link/missing-note': { severity: 'error', description: 'A `notes:` id names no note in the bank.' },
  'link/unpublished-note': { severity: 'warning', description: 'A published item links a note that is not published.' },
  'link/missing-prerequisite': { severity: 'error', description: 'A `prerequisites:` id names no note in the bank.' },
  'link/prerequisite-cycle': { severity: 'error', description: 'Note prerequisites form a cycle.' },
  'asset/missing': { severity: 'error', description: 'An image path names no file.' },
  'asset/outside-root': {
    severity: 'error',
    description: 'An image path leaves the content root, as written or through a symbolic link.',
  },
  'asset/remote': {
    severity: 'error',
    description: 'An image is loaded from a URL instead of the content repository.',
  },
  'asset/missing-alt': { severity: 'error', description: 'An image has no alt text.' },
  'asset/unsafe-svg': {
    severity: 'error',
    description: 'An SVG image holds a script, an event handler, embedded HTML, a DTD or a reference to another file.',
  },
  'asset/unsupported-type': {
    severity: 'error',
    description: 'An image is not PNG, JPEG, GIF, WebP, AVIF or SVG.',
  },
  'asset/too-large': { severity: 'error', description: 'An image file is larger than the 10 MiB limit.' },
  'mdx/syntax': { severity: 'error', description: 'The MDX file cannot be parsed.' },
  'mdx/no-esm': {
    severity: 'error',
    description: 'MDX `import`/`export` statements are not allowed: content never runs code.',
  },
  'mdx/no-expression': {
    severity: 'error',
    description: 'MDX `{...}` expressions are not allowed: content never runs code.',
  },
  'mdx/unknown-component': { severity: 'error', description: 'An MDX component is not in the allow-list.' },
  'markdown/html': { severity: 'warning', description: 'Raw HTML is removed from the bundle; write Markdown instead.' },
  'markdown/conflict-marker': {
    severity: 'error',
    description: 'A git conflict marker (`<<<<<<<`, `=======`, `>>>>>>>`) was left in the file.',
  },
  'markdown/too-complex': {
    severity: 'error',
    description: `More than 1,000 emphasis or link markers in one paragraph, or 10,000 in one file: the parser would take minutes.`,
  },
  'markdown/too-deep': {
    severity: 'error',
    description: `Block quotes, lists or emphasis nested more than 100 levels deep: no item needs it, and no tool could walk it.`,
  },
  'mdx/component-not-allowed': {
    severity: 'error',
    description: 'A notes-only component (Flashcard, Cloze) is used in a question.',
  },
  'mdx/unknown-attribute': { severity: 'error', description: 'A component has an attribute it does not take.' },
  'mdx/missing-attribute': { severity: 'error', description: 'A component lacks a required attribute.' },
  'note/duplicate-card-id': { severity: 'error', description: 'Two cards in one note have the same key.' },
  'note/cloze-without-deletion': { severity: 'error', description: 'A `<Cloze>` has no `{{c1::...}}` deletion.' },
  'note/unknown-video': { severity: 'error', description: 'A `<Video>` is not in the video registry.' },
  'note/video-start-past-end': { severity: 'error', description: 'A `<Video>` starts after the end of the video.' },
  'note/bad-timestamp': { severity: 'error', description: 'A `<Video>` start is not `mm:ss` or `h:mm:ss`.' },
  'link/missing-question': { severity: 'error', description: 'A `<QuestionRef>` names no question in the bank.' },
  'question/no-note-link': { severity: 'info', description: 'A published question links no study note.' },
  'videos/invalid-file': { severity: 'error', description: 'The video registry is malformed or breaks its schema.' },
  'glossary/invalid-file': { severity: 'error', description: 'The glossary is malformed or breaks its schema.' },
  'glossary/duplicate-term': {
    severity: 'error',
    description: 'Two glossary entries name the same term or variant, so a tap could show either definition.',
  },
  'glossary/missing-note': { severity: 'error', description: "A glossary entry's `note:` names no note in the bank." },
  'glossary/unpublished-note': {
    severity: 'warning',
    description: 'A glossary entry links a note that is not published, so the bundle leaves the link out.',
  },
  'bank/duplicate-id': { severity: 'error', description: 'Two files declare the same id.' },
  'taxonomy/invalid-file': { severity: 'error', description: 'The taxonomy file is malformed or breaks its schema.' },
  'tags/invalid-file': { severity: 'error', description: 'The tag registry is malformed or breaks its schema.' },
  'bank/id-reused': {
    severity: 'error',
    description: 'An id of an earlier release that was retired or removed names another item.',
  },
  'config/invalid': { severity: 'error', description: 'The qbank config file is malformed or breaks its schema.' },
} as const satisfies Record<string, RuleInfo>;

/** Where rule pages live when the config names no `docsBaseUrl`: the project's rule pages on GitHub. */
export const defaultDocsBaseUrl = 'https://github.com/qbank-org/qbank/blob/main/docs/rules/';

/**
 * The file name of a rule's page: the id with every run of other characters than
 * lower-case letters and digits turned into `-`, then `.md`.
 *
 * @param ruleId A rule id such as `schema/enum`.
 * @returns The page's file name, e.g. `schema-enum.md`.
 */
export function rulePageName(ruleId: string): string {
  return `${ruleId.replace(/[^a-z0-9]+/g, '-')}.md`;
}

/**
 * Where a rule is documented: an absolute URL, so that a link in any output
 * (JSON, SARIF, the terminal) opens outside this repository. Every rule, of the
 * catalogue and of the lint, has one page (`qbank explain <rule-id>` prints it offline).
 *
 * @param ruleId A rule id such as `schema/enum`.
 * @param base The folder of the rule pages, ending in `/` (the config's `docsBaseUrl`).
 * @returns The page's URL, e.g. `https://github.com/qbank-org/qbank/blob/main/docs/rules/schema-enum.md`.
 */
export function ruleDocsUrl(ruleId: string, base: string = defaultDocsBaseUrl): string {
  return `${base}${rulePageName(ruleId)}`;
}
