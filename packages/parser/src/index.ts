export type {
  ParsedItem,
  ParsedQuestion,
  ParsedNote,
  ParsedChoice,
  ParsedSection,
  ParsedFrontmatter,
  ItemKind,
  SectionKey,
} from './lib/model.js';
export { sectionKeys } from './lib/model.js';
export { readSourceFile, sourceFileFromText, maxSourceBytes } from './lib/read.js';
export { clozeClose, clozeOpen, parseItem, parseQuestion, parseNote, parseFrontmatterOnly } from './lib/parse.js';
export { placeOf } from './lib/position.js';
