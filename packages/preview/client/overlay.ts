// The author's view: diagnostics beside the item, the error banner, the list of items with filters and search.
import { searchBundle, type BundleNote, type BundleQuestion } from '@qbank/runtime';
import { el } from './dom.js';
import type { UnpublishedItem } from '../src/lib/types.js';
import { app, diagnosticsOf, type Diagnostic } from './state.js';

function diagnosticItem(d: Diagnostic): HTMLElement {
  const place = `${d.file}:${d.line}:${d.column}`;
  return el(
    'li',
    { class: `diagnostic ${d.severity}`, 'data-rule': d.ruleId },
    el(
      'p',
      {},
      el('strong', {}, d.severity === 'error' ? '✗ Error' : d.severity === 'warning' ? '⚠ Warning' : 'ℹ Info'),
      ' ',
      d.message,
    ),
    d.hint ? el('p', { class: 'hint' }, d.hint) : null,
    el(
      'p',
      { class: 'where' },
      d.url
        ? el('a', { href: d.url, rel: 'noreferrer', target: '_blank' }, el('code', {}, d.ruleId))
        : el('code', {}, d.ruleId),
      ' · ',
      d.editorUrl ? el('a', { href: d.editorUrl, title: 'Open in the editor' }, place) : el('code', {}, place),
    ),
  );
}

/**
 * The diagnostics of one file, for beside its rendering.
 *
 * @param source Path relative to the content root.
 * @returns The aside.
 */
export function diagnosticsAside(source: string): HTMLElement {
  const list = diagnosticsOf(source);
  return el(
    'aside',
    { class: 'overlay', 'aria-label': 'Author diagnostics', 'data-testid': 'overlay' },
    el('h2', {}, 'Author view'),
    el('p', { class: 'where' }, el('code', {}, source)),
    list.length
      ? el('ul', { class: 'diagnostics' }, ...list.map(diagnosticItem))
      : el('p', {}, '✓ No diagnostics for this file.'),
  );
}

/**
 * The error banner: shown while the last save does not build, over the last good rendering.
 *
 * @returns The banner's content (empty when the build is good).
 */
export function bannerView(): Node[] {
  const { server } = app;
  if (server.ok || server.build === 0) return [];
  const errors = server.diagnostics.filter((d) => d.severity === 'error');
  return [
    el(
      'div',
      { class: 'banner', role: 'alert', 'data-testid': 'error-banner' },
      el(
        'h2',
        {},
        server.version ? 'The last save does not build: showing the last good version' : 'The bank does not build yet',
      ),
      el('ul', { class: 'diagnostics' }, ...errors.slice(0, 8).map(diagnosticItem)),
      errors.length > 8 ? el('p', {}, `and ${errors.length - 8} more`) : null,
    ),
  ];
}

/** The filters of the author list. */
interface Filters {
  status: string;
  system: string;
  discipline: string;
  tag: string;
  rule: string;
  text: string;
}

const filters: Filters = { status: '', system: '', discipline: '', tag: '', rule: '', text: '' };

function select(name: keyof Filters, label: string, values: [string, string][], onChange: () => void): HTMLElement {
  const control = el(
    'select',
    { id: `filter-${name}`, name },
    el('option', { value: '' }, 'All'),
    ...values.map(([value, text]) => el('option', { value, selected: filters[name] === value }, text)),
  );
  control.addEventListener('change', () => {
    filters[name] = control.value;
    onChange();
  });
  return el('div', { class: 'field' }, el('label', { for: `filter-${name}` }, label), control);
}

/** A draft or an item in review, as `/api/unpublished` lists it. */
type Unpublished = UnpublishedItem;

/** What the author list shows. */
interface AuthorData {
  items: (BundleQuestion | BundleNote)[];
  unpublished: Unpublished[];
  /** Files with diagnostics that are neither in the bundle nor drafts: they do not build. */
  failing: string[];
  hits: Set<string> | null;
}

async function authorData(): Promise<AuthorData> {
  const bundle = app.bundle!;
  const [questions, notes, unpublished] = await Promise.all([
    bundle.questions(),
    bundle.notes(),
    fetch('/api/unpublished', { cache: 'no-store' }).then((r) => r.json() as Promise<Unpublished[]>),
  ]);
  const items: (BundleQuestion | BundleNote)[] = [...questions, ...notes];
  const known = new Set([...items.map((i) => i.source), ...unpublished.map((u) => u.source)]);
  const failing = [...new Set(app.server.diagnostics.map((d) => d.source))].filter((s) => !known.has(s)).sort();
  const hits = filters.text
    ? new Set((await searchBundle(bundle, filters.text, { limit: 500 })).map((h) => h.id))
    : null;
  return { items, unpublished, failing, hits };
}

function hasRule(source: string): boolean {
  return !filters.rule || diagnosticsOf(source).some((d) => d.ruleId === filters.rule);
}

function shownItems(data: AuthorData): (BundleQuestion | BundleNote)[] {
  if (filters.status && filters.status !== 'published') return [];
  return data.items.filter((item) => {
    const systems = item.type === 'question' ? [item.system] : item.systems;
    if (filters.system && !systems.includes(filters.system)) return false;
    if (filters.discipline && !item.disciplines.includes(filters.discipline)) return false;
    if (filters.tag && !item.tags.includes(filters.tag)) return false;
    return hasRule(item.source) && (!data.hits || data.hits.has(item.id));
  });
}

function shownUnpublished(data: AuthorData): Unpublished[] {
  if (filters.status && filters.status !== 'draft' && filters.status !== 'review') return [];
  const text = filters.text.toLowerCase();
  return data.unpublished.filter(
    (u) =>
      (!filters.status || u.status === filters.status) &&
      (!filters.system || u.system === filters.system) &&
      (!filters.discipline || u.disciplines.includes(filters.discipline)) &&
      (!filters.tag || u.tags.includes(filters.tag)) &&
      hasRule(u.source) &&
      (!text || `${u.id ?? ''} ${u.source}`.toLowerCase().includes(text)),
  );
}

function filterForm(data: AuthorData, rerender: (focus?: string) => void): HTMLElement {
  const { taxonomy } = app.bundle!.manifest;
  const rules = [...new Set(app.server.diagnostics.map((d) => d.ruleId))].sort();
  const tags = [...new Set([...data.items.flatMap((i) => i.tags), ...data.unpublished.flatMap((u) => u.tags)])].sort();
  const used = (list: typeof taxonomy.systems) =>
    list.filter((s) => s.questions + s.notes > 0).map((s): [string, string] => [s.id, s.label]);
  const search = el('input', {
    type: 'search',
    id: 'filter-text',
    name: 'text',
    value: filters.text,
    placeholder: 'Search stems, options, notes',
  });
  search.addEventListener('change', () => {
    filters.text = search.value.trim();
    rerender('filter-text');
  });
  const again = () => rerender();
  const statuses: [string, string][] = [
    ['published', 'Published'],
    ['draft', 'Draft'],
    ['review', 'In review'],
    ['failing', 'Does not build'],
  ];
  const form = el(
    'form',
    { class: 'filters', role: 'search', 'aria-label': 'Filter items' },
    el('div', { class: 'field' }, el('label', { for: 'filter-text' }, 'Search'), search),
    select('status', 'Status', statuses, again),
    select('system', 'System', used(taxonomy.systems), again),
    select('discipline', 'Discipline', used(taxonomy.disciplines), again),
    select(
      'tag',
      'Tag',
      tags.map((t) => [t, t]),
      again,
    ),
    select(
      'rule',
      'Rule',
      rules.map((r) => [r, r]),
      again,
    ),
  );
  // Enter in the search box: search here, never a form submission.
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    filters.text = search.value.trim();
    rerender('filter-text');
  });
  return form;
}

/**
 * The author list: every item of the bundle, the drafts and items in review
 * (listed, not rendered: the bundle leaves them out), and the files that do
 * not build, each with its diagnostics; filters and the runtime's search.
 *
 * @param rerender Show the list again (after a filter changes).
 * @returns The view's nodes.
 */
export async function authorView(rerender: (focus?: string) => void): Promise<Node[]> {
  const data = await authorData();
  const items = shownItems(data);
  const unpublished = shownUnpublished(data);
  const failing =
    !filters.status || filters.status === 'failing' ? data.failing.filter((s) => hasRule(s) && !filters.text) : [];
  const published = data.items.length;
  const nodes: (Node | null)[] = [
    el('h1', { id: 'item-heading', tabindex: -1 }, 'Author view'),
    el(
      'p',
      {},
      `${published} items published, ${data.unpublished.length} drafts or in review; ${app.server.diagnostics.length} diagnostics.`,
    ),
    filterForm(data, rerender),
    el('h2', {}, `Published (${items.length})`),
    el('ul', { class: 'items', 'data-testid': 'items' }, ...items.map(itemRow)),
    unpublished.length ? el('h2', {}, `Drafts and items in review (${unpublished.length})`) : null,
    unpublished.length
      ? el('ul', { class: 'items', 'data-testid': 'unpublished' }, ...unpublished.map(unpublishedRow))
      : null,
    failing.length ? el('h2', {}, `Files that do not build (${failing.length})`) : null,
    failing.length ? el('ul', { class: 'items' }, ...failing.map(failingRow)) : null,
  ];
  return nodes.filter((node): node is Node => node !== null);
}

function counts(source: string): HTMLElement | null {
  const list = diagnosticsOf(source);
  if (!list.length) return null;
  const errors = list.filter((d) => d.severity === 'error').length;
  const warnings = list.filter((d) => d.severity === 'warning').length;
  return el(
    'span',
    { class: 'counts' },
    ` ${errors} errors, ${warnings} warnings, ${list.length - errors - warnings} info`,
  );
}

function itemRow(item: BundleQuestion | BundleNote): HTMLElement {
  const href =
    item.type === 'question' ? `#/item/${encodeURIComponent(item.id)}` : `#/note/${encodeURIComponent(item.id)}`;
  const title = item.type === 'question' ? item.id : item.title;
  return el(
    'li',
    {},
    el('a', { href }, title),
    ' ',
    el('span', { class: 'badge' }, `${item.type} · published`),
    counts(item.source),
    el('br'),
    el('code', { class: 'where' }, item.source),
  );
}

function unpublishedRow(item: Unpublished): HTMLElement {
  return el(
    'li',
    { 'data-status': item.status },
    el('strong', {}, item.id ?? item.source),
    ' ',
    el('span', { class: `badge ${item.status}` }, `${item.kind} · ${item.status === 'review' ? 'in review' : 'draft'}`),
    counts(item.source),
    el('br'),
    el('code', { class: 'where' }, item.source),
    el('ul', { class: 'diagnostics' }, ...diagnosticsOf(item.source).map(diagnosticItem)),
  );
}

function failingRow(source: string): HTMLElement {
  return el(
    'li',
    {},
    el('code', {}, source),
    ' ',
    el('span', { class: 'badge' }, 'does not build'),
    counts(source),
    el('ul', { class: 'diagnostics' }, ...diagnosticsOf(source).map(diagnosticItem)),
  );
}
