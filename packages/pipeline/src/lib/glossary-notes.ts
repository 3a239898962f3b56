import { didYouMean, type Glossary } from '@qbank/core';
import { glossaryFile, glossaryNoteLinks, type GlossaryNoteLink } from '@qbank/project';
import type { BankFinding, ItemFacts } from '@qbank/validate';
import type { BankEnvironment } from './model.js';

/** The links of each glossary read, with their places (the file is parsed once per glossary, not per run). */
const linksOf = new WeakMap<Glossary, GlossaryNoteLink[]>();

/**
 * The glossary's links to notes, checked against the bank's notes: a link to
 * no note is an error (`glossary/missing-note`), and a link to a note that is
 * not published a warning (`glossary/unpublished-note`), since the bundle's
 * glossary leaves it out. Reported in the glossary file, at the note's id.
 *
 * @param environment The environment (its config names the glossary file).
 * @param facts The facts of every file of the run, context files included.
 * @returns The findings.
 */
export function glossaryNoteFindings(environment: BankEnvironment, facts: readonly ItemFacts[]): BankFinding[] {
  const { glossary } = environment;
  if (!glossary) return [];
  const file = glossaryFile(environment.config);
  let links = linksOf.get(glossary);
  if (!links) linksOf.set(glossary, (links = glossaryNoteLinks(file, glossary)));
  if (!links.length) return [];
  const notes = new Map(facts.filter((f) => f.kind === 'note').map((f) => [f.id, f]));
  return links.flatMap(({ term, note: id, place }): BankFinding[] => {
    const note = notes.get(id);
    if (!note) {
      const suggestion = didYouMean(id, notes.keys());
      const init = {
        ruleId: 'glossary/missing-note',
        message: `Unexpected note \`${id}\` for the term \`${term}\`: no note has this id`,
        hint: suggestion
          ? `Did you mean \`${suggestion}\`?`
          : 'Write the note first (`qbank new note`), or remove `note:` from the entry.',
        place,
        actual: id,
      };
      return [{ path: file, init }];
    }
    if (note.status === 'published') return [];
    const init = {
      ruleId: 'glossary/unpublished-note',
      severity: 'warning' as const,
      message: `Unexpected link to note \`${id}\` whose status is \`${note.status}\`: the bundle's glossary will not link the term \`${term}\` to it`,
      hint: 'Publish the note, or remove `note:` from the entry until it is published.',
      place,
    };
    return [{ path: file, init }];
  });
}
