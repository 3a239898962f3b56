// The author's view: diagnostics beside the item, the error banner, the list of items with filters and search.
import { searchBundle, type BundleNote, type BundleQuestion } from '@qbank/runtime';
import { el } from './dom.js';
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

/**
 * The author list: every item of the bundle and every file with diagnostics
 * that is not in it (drafts, items in review, files that do not build), with
 * filters and the runtime's search.
 *
 * @param rerender Show the list again (after a filter changes).
 * @returns The view's nodes.
 */
export async function authorView(rerender: (focus?: string) => void): Promise<Node[]> {
  return (await authorNodes(rerender)).filter((node): node is Node => node !== null);
}

async function authorNodes(rerender: (focus?: string) => void): Promise<(Node | null)[]> {
  const bundle = app.bundle!;
  const [questions, notes] = await Promise.all([bundle.questions(), bundle.notes()]);
  const items: (BundleQuestion | BundleNote)[] = [...questions, ...notes];
  const sources = new Set(items.map((i) => i.source));
  const outside = [...new Set(app.server.diagnostics.map((d) => d.source))].filter((s) => !sources.has(s)).sort();
  const { taxonomy } = bundle.manifest;
  const rules = [...new Set(app.server.diagnostics.map((d) => d.ruleId))].sort();
  const tags = [...new Set(items.flatMap((i) => i.tags))].sort();
  const hits = filters.text
    ? new Set((await searchBundle(bundle, filters.text, { limit: 500 })).map((h) => h.id))
    : null;
  const shown = items.filter((item) => {
    const systems = item.type === 'question' ? [item.system] : item.systems;
    if (filters.status === 'outside') return false;
    if (filters.system && !systems.includes(filters.system)) return false;
    if (filters.discipline && !item.disciplines.includes(filters.discipline)) return false;
    if (filters.tag && !item.tags.includes(filters.tag)) return false;
    if (filters.rule && !diagnosticsOf(item.source).some((d) => d.ruleId === filters.rule)) return false;
    return !hits || hits.has(item.id);
  });
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
  return [
    el('h1', { id: 'item-heading', tabindex: -1 }, 'Author view'),
    el(
      'p',
      {},
      `${questions.length} questions and ${notes.length} notes published; ${app.server.diagnostics.length} diagnostics.`,
    ),
    el(
      'form',
      { class: 'filters', role: 'search', 'aria-label': 'Filter items' },
      el('div', { class: 'field' }, el('label', { for: 'filter-text' }, 'Search'), search),
      select(
        'status',
        'Status',
        [
          ['published', 'Published'],
          ['outside', 'Not in the bundle (draft, review, errors)'],
        ],
        again,
      ),
      select(
        'system',
        'System',
        taxonomy.systems.filter((s) => s.questions + s.notes > 0).map((s) => [s.id, s.label]),
        again,
      ),
      select(
        'discipline',
        'Discipline',
        taxonomy.disciplines.filter((s) => s.questions + s.notes > 0).map((s) => [s.id, s.label]),
        again,
      ),
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
    ),
    el('h2', {}, `Items (${shown.length})`),
    el('ul', { class: 'items', 'data-testid': 'items' }, ...shown.map(itemRow)),
    filters.status !== 'published' && outside.length ? el('h2', {}, 'Files not in the bundle') : null,
    filters.status !== 'published' && outside.length
      ? el(
          'ul',
          { class: 'items' },
          ...outside
            .filter((s) => !filters.rule || diagnosticsOf(s).some((d) => d.ruleId === filters.rule))
            .map(outsideRow),
        )
      : null,
  ];
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
    el('span', { class: 'badge' }, item.type === 'question' ? 'question · published' : 'note · published'),
    counts(item.source),
    el('br'),
    el('code', { class: 'where' }, item.source),
  );
}

function outsideRow(source: string): HTMLElement {
  return el(
    'li',
    {},
    el('code', {}, source),
    ' ',
    el('span', { class: 'badge' }, 'not in the bundle'),
    counts(source),
    el('ul', { class: 'diagnostics' }, ...diagnosticsOf(source).map(diagnosticItem)),
  );
}
