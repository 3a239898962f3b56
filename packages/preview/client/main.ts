// The preview page: routes, live updates from the server, the keys.
import { announce, el, inTextField } from './dom.js';
import { homeView, type BlockChoice } from './home.js';
import { closeLabs, toggleLabs } from './labs.js';
import { noteView, notesIndexView } from './notes.js';
import { authorView, bannerView } from './overlay.js';
import {
  clockText,
  flag,
  highlight,
  move,
  questionView,
  revealed,
  select,
  strike,
  submit,
  type QuestionHost,
} from './question.js';
import { scoreView } from './score.js';
import { app, loadState, refreshQuestions, refreshSession, startSession, type Session } from './state.js';
import { closeDefinition } from './terms.js';

const main = document.querySelector<HTMLElement>('#main')!;
let renderToken = 0;
let blockNumber = 0;

/** The route: `#/`, `#/block`, `#/score`, `#/notes`, `#/note/<id>`, `#/author`, `#/item/<id>`. */
function route(): { name: string; id: string } {
  const [, name = '', id = ''] = /^#\/([a-z]*)\/?(.*)$/.exec(location.hash) ?? [];
  return { name, id: decodeURIComponent(id) };
}

/** The session shown on the current route: the block, or the author's one-item preview. */
function current(): Session | undefined {
  const { name } = route();
  return name === 'block' ? app.session : name === 'item' ? app.item : undefined;
}

const host: QuestionHost = {
  render: (focus) => void render(focus),
  finish,
  toggleLabs,
};

function finish(): void {
  if (!app.session) return;
  app.session.finished = true;
  if (location.hash === '#/score') void render('item-heading');
  else location.hash = '#/score';
}

async function start(choice: BlockChoice): Promise<void> {
  blockNumber += 1;
  app.session = await startSession({
    mode: choice.mode,
    size: choice.size,
    filter: choice.system ? { systems: [choice.system] } : {},
    seed: `preview:${blockNumber}`,
  });
  location.hash = '#/block';
}

async function view(): Promise<Node[]> {
  const { name, id } = route();
  if (!app.bundle)
    return [
      el('h1', { id: 'item-heading', tabindex: -1 }, 'Waiting for a build'),
      el('p', {}, 'The bank has not built yet: see the banner above and the terminal.'),
    ];
  if (name === 'notes') return notesIndexView();
  if (name === 'note') return noteView(id);
  if (name === 'author') return authorView((focus) => void render(focus));
  if (name === 'score' && app.session) {
    await refreshQuestions(app.session, app.session.stale);
    return scoreView(app.session, () => ((app.session!.index = 0), (location.hash = '#/block')));
  }
  if (name === 'item') {
    if (app.item?.ids[0] !== id)
      app.item = await startSession({
        mode: 'tutor',
        size: 1,
        filter: { ids: [id] },
        seed: 'preview:item',
        single: true,
      });
    if (!app.item.block.questions.length)
      return [el('h1', { id: 'item-heading', tabindex: -1 }, `No published question ${id}`)];
    return questionView(app.item, host, (await app.bundle.question(id)).source);
  }
  if (name === 'block' && app.session) {
    const shown = app.session.block.questions[app.session.index];
    if (shown) await refreshQuestions(app.session, [shown.id]);
    const question = app.session.block.questions[app.session.index];
    const source = app.overlay && question ? (await app.bundle.question(question.id)).source : undefined;
    return questionView(app.session, host, source);
  }
  return homeView((choice) => void start(choice));
}

/**
 * Show the current route. `focus`: the id of the element to focus after
 * (none: keep focus and scroll where they are, as after a live update).
 */
async function render(focus?: string): Promise<void> {
  const token = ++renderToken;
  const keep = document.activeElement?.id;
  const scroll = window.scrollY;
  let nodes: Node[];
  try {
    nodes = await view();
  } catch (error) {
    nodes = [
      el(
        'div',
        { role: 'alert', class: 'banner' },
        el('h1', { id: 'item-heading', tabindex: -1 }, 'This page could not be shown'),
        el('p', {}, String((error as Error).message ?? error)),
      ),
    ];
  }
  if (token !== renderToken) return;
  main.replaceChildren(...nodes);
  document.querySelector('#banner')!.replaceChildren(...bannerView());
  topNav();
  const target =
    document.getElementById(focus ?? keep ?? '') ?? (focus ? document.getElementById('item-heading') : null);
  if (focus === undefined) window.scrollTo(0, scroll);
  target?.focus({ preventScroll: focus === undefined });
  document.documentElement.dataset.build = String(app.server.build);
  document.documentElement.dataset.route = route().name || 'home';
}

function topNav(): void {
  const links: [string, string][] = [
    ['#/', 'Study'],
    ['#/notes', 'Notes'],
    ['#/author', 'Author view'],
  ];
  const here = `#/${route().name}`;
  const overlay = el(
    'button',
    { type: 'button', id: 'overlay-toggle', 'aria-pressed': String(app.overlay) },
    'Diagnostics beside items',
  );
  overlay.addEventListener('click', () => {
    app.overlay = !app.overlay;
    void render('overlay-toggle');
  });
  const stale = !app.server.ok && app.server.build > 0;
  document
    .querySelector('#top')!
    .replaceChildren(
      el(
        'nav',
        { 'aria-label': 'Preview' },
        el(
          'ul',
          {},
          ...links.map(([href, text]) =>
            el(
              'li',
              {},
              el(
                'a',
                { href, 'aria-current': here === href || (href === '#/' && here === '#/block') ? 'page' : undefined },
                text,
              ),
            ),
          ),
        ),
      ),
      overlay,
      el(
        'span',
        { class: `live ${stale ? 'stale' : ''}`, 'data-testid': 'live' },
        stale ? '● last save has errors' : '● live',
      ),
    );
}

function onKey(event: KeyboardEvent): void {
  if (event.key === 'Escape') {
    if (!closeDefinition()) closeLabs();
    return;
  }
  if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || inTextField(event)) return;
  const key = event.key;
  const lower = key.toLowerCase();
  if (lower === 'l') return void (event.preventDefault(), toggleLabs());
  if (lower === 'o') return void (event.preventDefault(), (app.overlay = !app.overlay), render());
  const session = current();
  const question = session?.block.questions[session.index];
  if (!session || !question) return;
  const letter =
    /^[a-j]$/i.test(key) && !['f', 'h', 'l', 'n', 'o', 'p'].includes(lower)
      ? key.toUpperCase()
      : /^[1-9]$/.test(key)
        ? String.fromCharCode(64 + Number(key))
        : null;
  const act = (action: () => void) => (event.preventDefault(), action());
  if (letter && event.shiftKey && /^[a-j]$/i.test(key)) return act(() => strike(session, question, letter, host));
  if (letter) return act(() => select(session, question, letter, host));
  if (key === 'Enter') {
    const target = event.target as HTMLElement;
    if (target instanceof HTMLButtonElement || target instanceof HTMLAnchorElement) return;
    if (session.mode === 'tutor' && !revealed(session, question)) return act(() => submit(session, question, host));
    const last = session.index === session.block.questions.length - 1;
    if (last && !session.single && !session.finished) return act(finish);
    return act(() => move(session, 1, host));
  }
  if (key === 'ArrowRight' || lower === 'n') return act(() => move(session, 1, host));
  if (key === 'ArrowLeft' || lower === 'p') return act(() => move(session, -1, host));
  if (lower === 'f') return act(() => flag(session, question, host));
  if (lower === 'h') return act(() => highlight(session, question, host));
}

async function refresh(): Promise<void> {
  const changed = await loadState();
  if (changed && app.bundle) {
    if (app.session) await refreshSession(app.session);
    if (app.item) await refreshSession(app.item);
  }
  await render();
  announce(app.server.ok ? 'Updated from the last save' : 'The last save has errors');
}

function tick(): void {
  const session = app.session;
  if (!session?.endsAt || session.finished) return;
  const clock = document.querySelector('#clock');
  if (clock) clock.textContent = clockText(session);
  if (Date.now() >= session.endsAt) finish();
}

document.addEventListener('keydown', onKey);
window.addEventListener('hashchange', () => void render('item-heading'));
setInterval(tick, 1000);
try {
  await loadState();
} catch {
  // The server is starting: the first event brings the state.
}
await render();
// One refresh at a time, in the order the builds came: a slow one never overwrites a newer state.
let refreshing: Promise<void> = Promise.resolve();
const events = new EventSource('/events');
const queueRefresh = () => {
  refreshing = refreshing.then(refresh).catch(() => undefined);
};
events.addEventListener('build', queueRefresh);
// After a lost connection (the preview restarted): builds may have been missed.
let connected = false;
events.addEventListener('hello', () => {
  if (connected) queueRefresh();
  connected = true;
});
