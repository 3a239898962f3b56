import path from 'node:path';
import { didYouMean, reportDiagnostic, yamlPlace, type NoteFrontmatter } from '@qbank/core';
import { parseFrontmatterOnly, parseItem, type ParsedItem } from '@qbank/parser';
import { checkAssets } from './assets.js';
import { checkFrontmatter } from './frontmatter.js';
import { checkComponents } from './components.js';
import { checkMarkup } from './markup.js';
import type { BankReport, BankSource, CheckedItem, ValidateOptions } from './model.js';
import { checkQuestionStructure } from './question.js';
import { checkSecondarySystems, checkTags, resolveField } from './taxonomy.js';

/** An item whose frontmatter passed the schema, before bank-level checks. */
interface Candidate {
  item: ParsedItem;
  checked: CheckedItem | undefined;
  id: string;
  status: string;
  /** Read for bank-level checks only (see `ValidateOptions.context`). */
  context?: boolean;
}

/**
 * Validate a whole bank: every file on its own (schema, taxonomy, structure,
 * markup, images), then across files (duplicate ids, note links,
 * prerequisite cycles). Every problem is collected; nothing stops at the first.
 *
 * @param sources The files, each with its kind.
 * @param options Taxonomy and content root.
 * @returns The files with their messages and the items that passed.
 */
export function validateBank(sources: readonly BankSource[], options: ValidateOptions): BankReport {
  const candidates: Candidate[] = [];
  for (const source of sources) {
    if (source.file.value === undefined) continue;
    const item = parseItem(source.file, source.kind);
    const valid = checkFrontmatter(item);
    checkMarkup(item);
    const refs = checkComponents(item, options.videos);
    const assets = checkAssets(item, options.contentRoot);
    const data = item.frontmatter?.data;
    const status = typeof data?.status === 'string' ? data.status : undefined;
    // An unclosed frontmatter block swallows the body: its structure would only add noise.
    const unclosed = item.file.messages.some((m) => m.ruleId === 'frontmatter/unclosed');
    if (item.kind === 'question' && !unclosed) checkQuestionStructure(item, status);
    if (!data) continue;
    const tags =
      item.kind === 'question'
        ? {
            disciplines: resolveField(item, 'discipline', 'discipline', options.taxonomy),
            system: resolveField(item, 'system', 'system', options.taxonomy)[0] ?? '',
            secondarySystems: resolveField(item, 'secondary_systems', 'system', options.taxonomy),
            competency: resolveField(item, 'competency', 'competency', options.taxonomy)[0] ?? '',
          }
        : {
            disciplines: resolveField(item, 'discipline', 'discipline', options.taxonomy),
            systems: resolveField(item, 'system', 'system', options.taxonomy),
          };
    if (item.kind === 'question' && 'system' in tags) checkSecondarySystems(item, tags.system ?? '', options.taxonomy);
    if (options.tagRegistry) checkTags(item, options.tagRegistry);
    if (!valid) {
      // Still take part in duplicate-id checks when the id itself is usable.
      if (typeof data.id === 'string') candidates.push({ item, checked: undefined, id: data.id, status: status ?? '' });
      continue;
    }
    const checked = (item.kind === 'question'
      ? { kind: 'question', parsed: item, data, tags, assets, refs }
      : { kind: 'note', parsed: item, data, tags, assets, refs }) as unknown as CheckedItem;
    candidates.push({ item, checked, id: data.id as string, status: status ?? '' });
  }
  for (const source of options.context ?? []) {
    if (source.file.value === undefined) continue;
    const item = parseFrontmatterOnly(source.file, source.kind);
    const data = item.frontmatter?.data;
    if (typeof data?.id !== 'string') continue;
    const checked = { kind: item.kind, parsed: item, data, tags: {}, assets: [], refs: [] } as unknown as CheckedItem;
    const status = typeof data.status === 'string' ? data.status : '';
    candidates.push({ item, checked, id: data.id, status, context: true });
  }
  checkDuplicateIds(candidates);
  checkLinks(candidates);
  const files = sources.map((s) => s.file);
  const items = candidates
    .filter((c) => c.checked && !c.context && !c.item.file.messages.some((m) => m.fatal === true))
    .map((c) => c.checked!)
    .sort((a, b) => (a.data.id < b.data.id ? -1 : a.data.id > b.data.id ? 1 : 0));
  return { files, items, hasErrors: files.some((f) => f.messages.some((m) => m.fatal === true)) };
}

function idPlace(candidate: Candidate) {
  return yamlPlace(candidate.item.frontmatter!.yaml, ['id']);
}

function checkDuplicateIds(candidates: Candidate[]): void {
  const byId = new Map<string, Candidate[]>();
  for (const c of candidates) byId.set(c.id, [...(byId.get(c.id) ?? []), c]);
  for (const [id, group] of byId) {
    if (group.length < 2) continue;
    group.sort((a, b) => (a.item.file.path < b.item.file.path ? -1 : 1));
    group.forEach((c, index) => {
      const other = group[index === 0 ? 1 : 0]!;
      reportDiagnostic(c.item.file, {
        ruleId: 'bank/duplicate-id',
        message: `Unexpected duplicate id \`${id}\`, also used by ${path.relative(other.item.file.cwd, other.item.file.path)}`,
        hint: 'Give one of the items a new id (`qbank new` makes unique ones). Never change the id of a published item.',
        place: idPlace(c),
        related: { file: other.item.file.path, place: idPlace(other).start, message: `The other use of \`${id}\`` },
      });
    });
  }
}

function checkLinks(candidates: Candidate[]): void {
  const notes = new Map<string, Candidate>();
  for (const c of candidates) if (c.item.kind === 'note') notes.set(c.id, c);
  for (const c of candidates) {
    const data = c.checked?.data;
    if (!data) continue;
    const field = c.item.kind === 'question' ? 'notes' : 'prerequisites';
    const links = (data as unknown as Record<string, unknown>)[field];
    if (!Array.isArray(links)) continue;
    (links as string[]).forEach((target, index) => {
      const place = yamlPlace(c.item.frontmatter!.yaml, [field, index]);
      const note = notes.get(target);
      if (!note) {
        const suggestion = didYouMean(target, notes.keys());
        reportDiagnostic(c.item.file, {
          ruleId: field === 'notes' ? 'link/missing-note' : 'link/missing-prerequisite',
          message: `Unexpected ${field === 'notes' ? 'note' : 'prerequisite'} \`${target}\`: no note has this id`,
          hint: suggestion
            ? `Did you mean \`${suggestion}\`?`
            : 'Write the note first (`qbank new note`), or remove the link.',
          place,
          actual: target,
        });
      } else if (c.status === 'published' && note.status !== 'published') {
        reportDiagnostic(c.item.file, {
          ruleId: 'link/unpublished-note',
          severity: 'warning',
          message: `Unexpected link to note \`${target}\` whose status is \`${note.status}\`: the bundle will not carry it`,
          hint: 'Publish the note, or remove the link until it is published.',
          place,
        });
      }
    });
  }
  checkRefs(candidates, notes);
  checkPrerequisiteCycles(notes);
}

function checkRefs(candidates: Candidate[], notes: Map<string, Candidate>): void {
  const questions = new Set(candidates.filter((c) => c.item.kind === 'question').map((c) => c.id));
  for (const c of candidates) {
    for (const ref of c.checked?.refs ?? []) {
      const targets = ref.kind === 'note' ? new Set(notes.keys()) : questions;
      if (targets.has(ref.id)) continue;
      const suggestion = didYouMean(ref.id, targets);
      reportDiagnostic(c.item.file, {
        ruleId: ref.kind === 'note' ? 'link/missing-note' : 'link/missing-question',
        message: `Unexpected ${ref.kind} \`${ref.id}\`: no ${ref.kind} has this id`,
        hint: suggestion ? `Did you mean \`${suggestion}\`?` : 'Check the id, or remove the link.',
        place: ref.place,
        actual: ref.id,
      });
    }
    // A published question should send the learner somewhere to study.
    const data = c.checked?.data as { notes?: string[] } | undefined;
    if (c.item.kind === 'question' && c.status === 'published' && !c.context && data) {
      const linksNote = (data.notes?.length ?? 0) > 0 || (c.checked?.refs ?? []).some((r) => r.kind === 'note');
      if (!linksNote) {
        reportDiagnostic(c.item.file, {
          ruleId: 'question/no-note-link',
          severity: 'info',
          message: 'Unexpected published question that links no study note',
          hint: 'List the notes it reinforces in `notes:` (or link one with `<NoteRef>` in an .mdx explanation).',
          place: yamlPlace(c.item.frontmatter!.yaml, ['id']),
        });
      }
    }
  }
}

function checkPrerequisiteCycles(notes: Map<string, Candidate>): void {
  const prerequisites = (c: Candidate) =>
    ((c.checked?.data as NoteFrontmatter | undefined)?.prerequisites ?? []).filter((id) => notes.has(id));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visitNote = (id: string): void => {
    state.set(id, 'visiting');
    stack.push(id);
    for (const next of prerequisites(notes.get(id)!)) {
      if (state.get(next) === 'visiting') {
        const cycle = [...stack.slice(stack.indexOf(next)), next];
        const key = [...cycle.slice(0, -1)].sort().join(' ');
        if (!reported.has(key)) {
          reported.add(key);
          const owner = notes.get(id)!;
          const index = (owner.checked!.data as NoteFrontmatter).prerequisites!.indexOf(next);
          reportDiagnostic(owner.item.file, {
            ruleId: 'link/prerequisite-cycle',
            message: `Unexpected prerequisite cycle: ${cycle.join(' -> ')}`,
            hint: 'A note cannot (even indirectly) be its own prerequisite: remove one link of the cycle.',
            place: yamlPlace(owner.item.frontmatter!.yaml, ['prerequisites', index]),
          });
        }
      } else if (!state.has(next)) {
        visitNote(next);
      }
    }
    stack.pop();
    state.set(id, 'done');
  };
  for (const id of [...notes.keys()].sort()) if (!state.has(id)) visitNote(id);
}
