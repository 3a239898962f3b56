import type { PositionedYaml, SourceRange } from '@qbank/core';
import type { Heading, List, ListItem, Paragraph, PhrasingContent, Root, RootContent } from 'mdast';
import type { VFile } from 'vfile';

/** Whether a file is a question or a study note (decided by the folder it sits in). */
export type ItemKind = 'question' | 'note';

/** The frontmatter block of a file. */
export interface ParsedFrontmatter {
  /** The YAML document with positions, for placing schema errors. */
  yaml: PositionedYaml;
  /** Plain data when the YAML is valid and is a map; `undefined` otherwise. */
  data: Record<string, unknown> | undefined;
  /** Where the block is in the file, `---` lines included. */
  place: SourceRange;
}

/** What every parsed file has. */
export interface ParsedItemBase {
  /** The source file; problems found so far are in `file.messages`. */
  file: VFile;
  /** `md` for Markdown, `mdx` for MDX (components allowed, code rejected). */
  format: 'md' | 'mdx';
  /** The frontmatter, when the file has a well-formed block. */
  frontmatter: ParsedFrontmatter | undefined;
  /** The whole mdast tree with file-relative positions, or `undefined` when the file could not be parsed. */
  tree: Root | undefined;
  /** Top-level nodes after the frontmatter. */
  body: RootContent[];
}

/** A study note. */
export interface ParsedNote extends ParsedItemBase {
  /** Discriminant. */
  kind: 'note';
}

/** One answer option. */
export interface ParsedChoice {
  /** The list item in the tree. */
  node: ListItem;
  /** `true` for `[x]`, `false` for `[ ]`, `null` when the item has no checkbox. */
  checked: boolean | null;
  /** The option text: the first line of the item. */
  label: PhrasingContent[];
  /** The text indented under the option: why it is right or wrong. */
  rationale: RootContent[];
}

/** The known sections after the choices. */
export type SectionKey = 'explanation' | 'objective' | 'references';

/** Heading texts (folded to lowercase) of the known sections. */
export const sectionKeys: Readonly<Record<string, SectionKey>> = {
  explanation: 'explanation',
  'educational objective': 'objective',
  references: 'references',
};

/** A `##` section after the choices. */
export interface ParsedSection {
  /** Known section, or `undefined` for an unknown heading. */
  key: SectionKey | undefined;
  /** The heading text as written. */
  title: string;
  /** The heading node. */
  heading: Heading;
  /** Blocks up to the next `##` heading. */
  content: RootContent[];
}

/** A question, split into its parts. */
export interface ParsedQuestion extends ParsedItemBase {
  /** Discriminant. */
  kind: 'question';
  /** Blocks of the vignette before the lead-in. */
  stem: RootContent[];
  /** The lead-in: the paragraph right before the choices. */
  leadIn: Paragraph | undefined;
  /** The task list of choices, when there is one. */
  choiceList: List | undefined;
  /** Further task lists before the sections (an error). */
  extraChoiceLists: List[];
  /** The choices, in order. */
  choices: ParsedChoice[];
  /** Blocks between the choices and the first section (an error). */
  strayAfterChoices: RootContent[];
  /** The `##` sections after the choices. */
  sections: ParsedSection[];
}

/** A parsed question or note. */
export type ParsedItem = ParsedQuestion | ParsedNote;
