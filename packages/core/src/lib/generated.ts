/* Generated from schemas/*.schema.json by scripts/generate-types.mjs. Do not edit. */

export type TagList = string[];

export interface QbankSchemas {
  question?: QuestionFrontmatter;
  note?: NoteFrontmatter;
  config?: QbankConfig;
  tags?: TagRegistry;
  videos?: VideoRegistry;
  glossary?: Glossary;
}
/**
 * The YAML frontmatter of a question file (content/questions/**.md). Taxonomy values are checked against the bank's taxonomy after this schema passes.
 */
export interface QuestionFrontmatter {
  /**
   * Stable, unique id of the question. Learner history is keyed to it: never reuse or rename a published id.
   */
  id: string;
  /**
   * Workflow state. Only published items reach a bundle.
   */
  status: 'draft' | 'review' | 'published' | 'retired';
  /**
   * Discipline ids (or aliases); the first is primary. One string is accepted for a single discipline.
   */
  discipline: string | string[];
  /**
   * The one organ system (content-outline area) the question is placed under.
   */
  system: string;
  /**
   * Other systems the question also touches (optional); they never count toward the blueprint, which uses the primary system.
   */
  secondary_systems?: string[];
  /**
   * The one physician task or competency the question tests.
   */
  competency: string;
  /**
   * Author's estimate of difficulty, 1 (easy) to 5 (hard).
   */
  difficulty?: number;
  tags?: TagList;
  /**
   * Ids of the study notes this question reinforces.
   */
  notes?: string[];
  /**
   * Handles of the question's authors.
   */
  authors?: string[];
}
/**
 * The YAML frontmatter of a study note (content/notes/**.md|mdx).
 */
export interface NoteFrontmatter {
  /**
   * Stable, unique id of the note; questions link to it in their `notes` list.
   */
  id: string;
  /**
   * Title shown to learners.
   */
  title: string;
  /**
   * Workflow state. Only published notes reach a bundle.
   */
  status: 'draft' | 'review' | 'published' | 'retired';
  /**
   * Discipline ids (or aliases); the first is primary.
   */
  discipline: string | string[];
  /**
   * System ids (or aliases); the first is primary.
   */
  system: string | string[];
  /**
   * Where the note sits on the curriculum path, from molecules to organ systems.
   */
  level?: 'molecular' | 'cellular' | 'tissue' | 'organ' | 'organ-system';
  /**
   * Ids of notes to study before this one.
   */
  prerequisites?: string[];
  tags?: TagList;
}
/**
 * qbank.config.json or qbank.config.yaml at the root of a content repository.
 */
export interface QbankConfig {
  $schema?: string;
  /**
   * The bank's name, written to the bundle manifest.
   */
  name: string;
  /**
   * The content version (semver), written to the bundle manifest.
   */
  version: string;
  /**
   * The content root, relative to the config file.
   */
  content?: string;
  /**
   * Where `qbank build` writes the bundle, relative to the config file.
   */
  out?: string;
  /**
   * Globs (relative to the content root) of question files.
   */
  questions?: string[];
  /**
   * Globs (relative to the content root) of note files.
   */
  notes?: string[];
  /**
   * Path of the taxonomy file (relative to the config file), or `usmle-step1` for the built-in USMLE Step 1 outline.
   */
  taxonomy?: string;
  /**
   * Path of the tag registry (relative to the config file). Default: `tags.yaml` in the content root when it exists. Without a registry any kebab-case tag is accepted.
   */
  tags?: string;
  /**
   * Directory of the previous release bundle (relative to the config file). `qbank build` continues revisions and tombstones from it and writes the changelog against it; `--release` enforces the semantic-version bump.
   */
  previous?: string;
  /**
   * Path of the video registry (relative to the config file). Default: `videos.yaml` in the content root when it exists.
   */
  videos?: string;
  /**
   * Where diagnostics link a rule's page: the URL of a folder holding one `<rule-id>.md` page per rule (`schema/enum` becomes `schema-enum.md`). Default: https://github.com/qbank-org/qbank/blob/main/docs/rules/
   */
  docsBaseUrl?: string;
  /**
   * Item-writing lint: presets, per-rule severity and options, per-folder overrides (see docs/rules/README.md). Without it, the `recommended` preset applies.
   */
  lint?: {
    extends?: ('recommended' | 'strict')[];
    rules?: {
      [k: string]: 'error' | 'warning' | 'info' | 'off' | (('error' | 'warning' | 'info' | 'off') | {})[];
    };
    overrides?: {
      files: string[];
      rules: {
        [k: string]: 'error' | 'warning' | 'info' | 'off' | (('error' | 'warning' | 'info' | 'off') | {})[];
      };
    }[];
  };
}
/**
 * The bank's list of free-form tags, declared once: a tag used by an item but missing here is reported.
 */
export interface TagRegistry {
  tags: {
    id: string;
    description: string;
  }[];
}
/**
 * The bank's whiteboard video lessons: `<Video provider id start>` components are checked against it.
 */
export interface VideoRegistry {
  videos: {
    /**
     * Video host, e.g. `youtube`, `vimeo` or the bank's own `cdn`.
     */
    provider: string;
    /**
     * The video's id with that provider.
     */
    id: string;
    title: string;
    /**
     * Length, `mm:ss` or `h:mm:ss`.
     */
    duration: string;
    /**
     * Marks invented sample entries.
     */
    example?: boolean;
  }[];
}
/**
 * The bank's glossary: terms and abbreviations with a plain-language definition, for students who read exam English as a second language. An abbreviation listed as a variant counts as known to `item/unexpanded-abbreviation`.
 */
export interface Glossary {
  /**
   * The terms, in any order.
   */
  terms: GlossaryTerm[];
}
/**
 * One term of the glossary.
 */
export interface GlossaryTerm {
  /**
   * The term as a heading shows it, e.g. `electrocardiogram`.
   */
  term: string;
  /**
   * Other spellings and abbreviations that mean the same, e.g. `ECG`, `EKG`. Matched as whole words; an all-capital variant matches only in capitals.
   */
  variants?: string[];
  /**
   * What the term means, in plain English a second-language reader understands: short sentences, no idioms, no new abbreviations.
   */
  definition: string;
  /**
   * The term in other languages, keyed by BCP-47 language code (`es`, `pt-BR`, `zh-Hans`).
   */
  translations?: {
    /**
     * This interface was referenced by `undefined`'s JSON-Schema definition
     * via the `patternProperty` "^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|\d{3}))?$".
     */
    [k: string]: string;
  };
  /**
   * Id of the study note that explains the term further.
   */
  note?: string;
}
