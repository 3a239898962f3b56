import path from 'node:path';
import { didYouMean, reportDiagnostic, yamlPlace, type DiagnosticInit } from '@qbank/core';
import { parseFrontmatterOnly, parseItem, type ParsedItem } from '@qbank/parser';
import type { VFile } from 'vfile';
import { checkAssets } from './assets.js';
import { checkFrontmatter } from './frontmatter.js';
import { checkComponents } from './components.js';
import { checkMarkup } from './markup.js';
import type {
  BankFinding,
  BankReport,
  BankSource,
  CheckedItem,
  ItemFacts,
  SourceCheck,
  ValidateOptions,
} from './model.js';
import { checkQuestionStructure } from './question.js';
import { checkSecondarySystems, checkTags, resolveField } from './taxonomy.js';

/**
 * Check one file on its own: parse it, then schema, taxonomy, structure,
 * markup, components and images. Problems go to `file.messages`; what the
 * bank-level checks need comes back as plain data (`facts`), so that it can be
 * cached or sent between threads.
 *
 * @param source The file, with its kind.
 * @param options Taxonomy, content root, registries.
 * @returns The parsed item, the checked item when its frontmatter is valid, and its facts.
 */
export function checkSource(source: BankSource, options: ValidateOptions): SourceCheck {
  const { file } = source;
  if (file.value === undefined) return { file, images: [] };
  const item = parseItem(file, source.kind);
  const valid = checkFrontmatter(item);
  checkMarkup(item);
  const refs = checkComponents(item, options.videos);
  const { found: assets, paths: images } = checkAssets(item, options.contentRoot);
  const data = item.frontmatter?.data;
  const status = typeof data?.status === 'string' ? data.status : undefined;
  // An unclosed frontmatter block swallows the body: its structure would only add noise.
  const unclosed = file.messages.some((m) => m.ruleId === 'frontmatter/unclosed');
  if (item.kind === 'question' && !unclosed) checkQuestionStructure(item, status);
  if (!data) return { file, item, images };
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
  // Still take part in duplicate-id checks when only the id itself is usable.
  if (!valid) return { file, item, images, facts: factsOf(item, [], false) };
  const checked = (item.kind === 'question'
    ? { kind: 'question', parsed: item, data, tags, assets, refs }
    : { kind: 'note', parsed: item, data, tags, assets, refs }) as unknown as CheckedItem;
  return { file, item, checked, images, facts: factsOf(item, refs, true) };
}

/**
 * The facts of a file read for bank-level checks only: its frontmatter, not its body.
 *
 * @param source The file, with its kind.
 * @returns Its facts, or `undefined` when it has no usable id.
 */
export function contextFacts(source: BankSource): ItemFacts | undefined {
  if (source.file.value === undefined) return undefined;
  const item = parseFrontmatterOnly(source.file, source.kind);
  const facts = factsOf(item, [], true);
  return facts && { ...facts, context: true };
}

function factsOf(item: ParsedItem, refs: CheckedItem['refs'], valid: boolean): ItemFacts | undefined {
  const data = item.frontmatter?.data;
  if (typeof data?.id !== 'string') return undefined;
  const yaml = item.frontmatter!.yaml;
  const field = item.kind === 'question' ? 'notes' : 'prerequisites';
  const targets = valid && Array.isArray(data[field]) ? (data[field] as unknown[]) : [];
  return {
    path: item.file.path,
    kind: item.kind,
    id: data.id,
    status: typeof data.status === 'string' ? data.status : '',
    idPlace: yamlPlace(yaml, ['id']),
    valid,
    links: targets.map((target, index) => ({ field, target: String(target), place: yamlPlace(yaml, [field, index]) })),
    refs: refs.map((r) => ({ kind: r.kind, id: r.id, place: r.place })),
    context: false,
  };
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
  const checks = sources.map((source) => checkSource(source, options));
  const facts = checks.flatMap((c) => (c.facts ? [c.facts] : []));
  for (const source of options.context ?? []) {
    const context = contextFacts(source);
    if (context) facts.push(context);
  }
  const byPath = new Map<string, VFile>(sources.map((s) => [s.file.path, s.file]));
  for (const source of options.context ?? []) byPath.set(source.file.path, source.file);
  for (const finding of checkAcrossFiles(facts, { cwd: sources[0]?.file.cwd ?? process.cwd() })) {
    reportDiagnostic(byPath.get(finding.path)!, finding.init);
  }
  const files = sources.map((s) => s.file);
  const items = checks
    .filter((c) => c.checked && !c.file.messages.some((m) => m.fatal === true))
    .map((c) => c.checked!)
    .sort((a, b) => (a.data.id < b.data.id ? -1 : a.data.id > b.data.id ? 1 : 0));
  return { files, items, hasErrors: files.some((f) => f.messages.some((m) => m.fatal === true)) };
}

/**
 * The checks across files, on the facts of every file: duplicate ids, links
 * to notes and questions that do not exist or are not published, prerequisite
 * cycles, and published questions that link no note.
 *
 * @param facts The facts of every file of the bank (context files included).
 * @param options `cwd`: messages name other files relative to it.
 * @returns What to report, and in which file.
 */
export function checkAcrossFiles(facts: readonly ItemFacts[], options: { cwd: string }): BankFinding[] {
  const findings: BankFinding[] = [];
  const report = (item: ItemFacts, init: DiagnosticInit) => findings.push({ path: item.path, init });
  checkDuplicateIds(facts, options.cwd, report);
  checkLinks(facts, report);
  return findings;
}

type Report = (item: ItemFacts, init: DiagnosticInit) => void;

function checkDuplicateIds(facts: readonly ItemFacts[], cwd: string, report: Report): void {
  const byId = new Map<string, ItemFacts[]>();
  for (const f of facts) {
    const group = byId.get(f.id);
    if (group) group.push(f);
    else byId.set(f.id, [f]);
  }
  for (const [id, group] of byId) {
    if (group.length < 2) continue;
    group.sort((a, b) => (a.path < b.path ? -1 : 1));
    group.forEach((f, index) => {
      const other = group[index === 0 ? 1 : 0]!;
      report(f, {
        ruleId: 'bank/duplicate-id',
        message: `Unexpected duplicate id \`${id}\`, also used by ${path.relative(cwd, other.path)}`,
        hint: 'Give one of the items a new id (`qbank new` makes unique ones). Never change the id of a published item.',
        place: f.idPlace,
        related: { file: other.path, place: other.idPlace?.start, message: `The other use of \`${id}\`` },
      });
    });
  }
}

function checkLinks(facts: readonly ItemFacts[], report: Report): void {
  const notes = new Map<string, ItemFacts>();
  for (const f of facts) if (f.kind === 'note') notes.set(f.id, f);
  for (const f of facts) {
    if (!f.valid) continue;
    for (const { field, target, place } of f.links) {
      const note = notes.get(target);
      if (!note) {
        const suggestion = didYouMean(target, notes.keys());
        report(f, {
          ruleId: field === 'notes' ? 'link/missing-note' : 'link/missing-prerequisite',
          message: `Unexpected ${field === 'notes' ? 'note' : 'prerequisite'} \`${target}\`: no note has this id`,
          hint: suggestion
            ? `Did you mean \`${suggestion}\`?`
            : 'Write the note first (`qbank new note`), or remove the link.',
          place,
          actual: target,
        });
      } else if (f.status === 'published' && note.status !== 'published') {
        report(f, {
          ruleId: 'link/unpublished-note',
          severity: 'warning',
          message: `Unexpected link to note \`${target}\` whose status is \`${note.status}\`: the bundle will not carry it`,
          hint: 'Publish the note, or remove the link until it is published.',
          place,
        });
      }
    }
  }
  checkRefs(facts, notes, report);
  checkPrerequisiteCycles(notes, report);
}

function checkRefs(facts: readonly ItemFacts[], notes: Map<string, ItemFacts>, report: Report): void {
  const questions = new Set(facts.filter((f) => f.kind === 'question').map((f) => f.id));
  const noteIds = new Set(notes.keys());
  for (const f of facts) {
    if (!f.valid) continue;
    for (const ref of f.refs) {
      const targets = ref.kind === 'note' ? noteIds : questions;
      if (targets.has(ref.id)) continue;
      const suggestion = didYouMean(ref.id, targets);
      report(f, {
        ruleId: ref.kind === 'note' ? 'link/missing-note' : 'link/missing-question',
        message: `Unexpected ${ref.kind} \`${ref.id}\`: no ${ref.kind} has this id`,
        hint: suggestion ? `Did you mean \`${suggestion}\`?` : 'Check the id, or remove the link.',
        place: ref.place,
        actual: ref.id,
      });
    }
    // A published question should send the learner somewhere to study.
    if (f.kind === 'question' && f.status === 'published' && !f.context) {
      if (!f.links.length && !f.refs.some((r) => r.kind === 'note')) {
        report(f, {
          ruleId: 'question/no-note-link',
          severity: 'info',
          message: 'This published question links no study note',
          hint: 'List the notes it reinforces in `notes:` (or link one with `<NoteRef>` in an .mdx explanation).',
          place: f.idPlace,
        });
      }
    }
  }
}

function checkPrerequisiteCycles(notes: Map<string, ItemFacts>, report: Report): void {
  const prerequisites = (f: ItemFacts) => f.links.filter((l) => notes.has(l.target));
  const state = new Map<string, 'visiting' | 'done'>();
  const stack: string[] = [];
  const reported = new Set<string>();
  const visitNote = (id: string): void => {
    state.set(id, 'visiting');
    stack.push(id);
    const owner = notes.get(id)!;
    for (const link of prerequisites(owner)) {
      const next = link.target;
      if (state.get(next) === 'visiting') {
        const cycle = [...stack.slice(stack.indexOf(next)), next];
        const key = [...cycle.slice(0, -1)].sort().join(' ');
        if (!reported.has(key)) {
          reported.add(key);
          report(owner, {
            ruleId: 'link/prerequisite-cycle',
            message: `Unexpected prerequisite cycle: ${cycle.join(' -> ')}`,
            hint: 'A note cannot (even indirectly) be its own prerequisite: remove one link of the cycle.',
            place: link.place,
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
