// A tutor block in a plain page: open a bundle over HTTP, build a 10-question
// tutor block, show each answer and explanation, then the score by system.
// Query string: ?bundle=<url of the bundle root>&seed=<seed>&size=<n>
import {
  BundleError,
  assembleBlock,
  fromUrl,
  notesToReview,
  openBundle,
  scoreBlock,
  type BlockQuestion,
  type LoadedBundle,
  type StudyBlock,
} from '@qbank/runtime';

const params = new URLSearchParams(location.search);
const bundleUrl = new URL(params.get('bundle') ?? './bundle/', location.href).href;
const app = document.querySelector<HTMLElement>('#app')!;

function el(tag: string, attributes: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

/** Bundle HTML is sanitized at build time; only its asset paths need the bundle's base URL. */
function html(tag: string, markup: string, attributes: Record<string, string> = {}): HTMLElement {
  const node = el(tag, attributes);
  node.innerHTML = markup.replace(/(src|href)="assets\//g, `$1="${bundleUrl}assets/`);
  return node;
}

function showQuestion(bundle: LoadedBundle, block: StudyBlock, index: number, answers: Record<string, string>): void {
  const question: BlockQuestion = block.questions[index]!;
  const last = index === block.questions.length - 1;
  let chosen: string | null = null;
  const submit = el('button', { 'data-testid': 'submit', disabled: '' }, 'Submit') as HTMLButtonElement;
  const list = el('ol', { class: 'choices', 'data-testid': 'choices' });
  for (const choice of question.choices) {
    const button = el('button', { 'aria-pressed': 'false', 'data-letter': choice.letter }, `${choice.letter}. `);
    button.append(html('span', choice.html));
    button.addEventListener('click', () => {
      if (question.id in answers) return;
      chosen = choice.letter;
      list.querySelectorAll('button').forEach((b) => b.setAttribute('aria-pressed', String(b === button)));
      submit.disabled = false;
    });
    list.append(el('li', {}, button));
  }
  const actions = el('div', { class: 'actions' }, submit);
  submit.addEventListener('click', () => {
    if (chosen === null) return;
    answers[question.id] = chosen;
    submit.remove();
    question.choices.forEach((choice, i) => {
      const item = list.children[i] as HTMLElement;
      if (choice.letter === question.answer) item.classList.add('correct');
      else if (choice.letter === chosen) item.classList.add('incorrect');
      if (choice.rationale) item.append(html('div', choice.rationale, { class: 'rationale' }));
    });
    const right = chosen === question.answer;
    const verdict = right ? 'Correct' : `Incorrect: the answer is ${question.answer}`;
    const explanation = el(
      'section',
      { id: 'explanation', 'data-testid': 'explanation' },
      el('p', { class: `verdict ${right ? 'correct' : 'incorrect'}`, 'data-testid': 'verdict' }, verdict),
      html('div', question.explanation),
    );
    if (question.objective) explanation.append(el('h3', {}, 'Educational objective'), html('div', question.objective));
    const next = el('button', { 'data-testid': last ? 'finish' : 'next' }, last ? 'Finish block' : 'Next question');
    next.addEventListener('click', () =>
      last ? showScore(bundle, block, answers).catch(showError) : showQuestion(bundle, block, index + 1, answers),
    );
    actions.before(explanation);
    actions.append(next);
  });
  app.replaceChildren(
    el(
      'header',
      {},
      el('span', { 'data-testid': 'progress' }, `Question ${index + 1} of ${block.questions.length}`),
      el('span', {}, `${block.bank.name} ${block.bank.version} · tutor mode`),
    ),
    html('div', question.stem, { 'data-testid': 'stem', 'data-question': question.id }),
    html('div', question.leadIn),
    list,
    actions,
  );
}

async function showScore(bundle: LoadedBundle, block: StudyBlock, answers: Record<string, string>): Promise<void> {
  const score = scoreBlock(block, answers);
  const rows = score.bySystem.map((row) =>
    el(
      'tr',
      { 'data-system': row.id },
      el('td', {}, row.label),
      el('td', { class: 'num' }, `${row.correct} / ${row.total}`),
      el('td', { class: 'num' }, `${row.percent}%`),
    ),
  );
  const review = notesToReview(block, score);
  const notes = await bundle.notes(review.map((n) => n.noteId));
  app.replaceChildren(
    el('h1', {}, 'Block complete'),
    el('p', { 'data-testid': 'total' }, `${score.correct} of ${score.total} correct (${score.percent}%)`),
    el('h2', {}, 'Score by system'),
    el(
      'table',
      { 'data-testid': 'by-system' },
      el('thead', {}, el('tr', {}, el('th', {}, 'System'), el('th', {}, 'Correct'), el('th', {}, 'Score'))),
      el('tbody', {}, ...rows),
    ),
    ...(review.length > 0
      ? [
          el('h2', {}, 'Notes to review'),
          el(
            'ul',
            { 'data-testid': 'review' },
            ...review.map((n, i) => el('li', {}, `${notes[i]!.title} (${n.questions.length} missed)`)),
          ),
        ]
      : []),
  );
}

function showError(error: unknown): void {
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const alert = el('div', {
    role: 'alert',
    'data-testid': 'error',
    'data-code': error instanceof BundleError ? error.code : '',
  });
  alert.append(el('strong', {}, name), el('p', {}, message));
  if (error instanceof BundleError) alert.append(el('p', {}, error.hint));
  app.replaceChildren(alert);
}

try {
  const bundle = await openBundle(fromUrl(bundleUrl));
  const block = await assembleBlock(bundle, {
    seed: params.get('seed') ?? 'demo-learner:1',
    size: Number(params.get('size') ?? 10),
    mode: 'tutor',
  });
  showQuestion(bundle, block, 0, {});
} catch (error) {
  showError(error);
}
