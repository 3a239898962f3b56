// The student view: one item at a time, as on the exam's interface.
import type { BlockQuestion } from '@qbank/runtime';
import { announce, el, hidden, html, withAssets } from './dom.js';
import { diagnosticsAside } from './overlay.js';
import { app, type Session } from './state.js';
import { definitionBox, languagePicker, markTerms, onTermClick } from './terms.js';

/** What the question view needs from the page around it. */
export interface QuestionHost {
  /** Show the view again (after a change of state). */
  render(focus?: string): void;
  /** End the block and show the score. */
  finish(): void;
  /** Open or close the lab values. */
  toggleLabs(): void;
}

/**
 * Whether a question's answer is shown: submitted in tutor mode, or the timed block is over.
 *
 * @param session The session.
 * @param question The question.
 * @returns `true` when the key, rationales and explanation are shown.
 */
export function revealed(session: Session, question: BlockQuestion): boolean {
  return session.mode === 'tutor' ? question.id in session.submitted : session.finished;
}

/**
 * The question view.
 *
 * @param session The session.
 * @param host The page around it.
 * @param source The question's file, relative to the content root, when the author overlay is shown beside it.
 * @returns The view's nodes.
 */
export function questionView(session: Session, host: QuestionHost, source: string | undefined): Node[] {
  const question = session.block.questions[session.index];
  if (!question) return [el('p', {}, 'This block has no questions.')];
  const shown = revealed(session, question);
  const count = session.block.questions.length;
  const flagged = session.flagged.includes(question.id);
  const heading = el(
    'h1',
    { id: 'item-heading', tabindex: -1, 'data-testid': 'progress' },
    session.single ? `Item ${question.id}` : `Item ${session.index + 1} of ${count}`,
    flagged ? el('span', { class: 'flag-badge' }, ' ⚑ flagged') : null,
  );
  const meta = el(
    'p',
    { class: 'meta' },
    session.mode === 'timed' ? 'Timed block' : 'Tutor mode',
    session.endsAt && !session.finished
      ? el('span', { role: 'timer', id: 'clock', 'aria-label': 'Time left' }, clockText(session))
      : null,
    languagePicker(),
  );
  const marked = session.marks[question.id];
  const stem = el('div', { class: 'stem', id: 'stem', 'data-testid': 'stem', 'data-question': question.id });
  const highlighted = marked && marked.stem === question.stem;
  stem.innerHTML = withAssets(highlighted ? marked.html : question.stem);
  // A highlighted stem was saved with its term buttons (closed: the definition box is made anew).
  if (!highlighted) markTerms(stem, question.terms?.stem ?? [], app.glossary);
  else for (const b of stem.querySelectorAll('button.term')) b.setAttribute('aria-expanded', 'false');
  const leadIn = html('div', question.leadIn, { class: 'lead-in', id: 'lead-in' });
  markTerms(leadIn, question.terms?.leadIn ?? [], app.glossary);
  const article = el(
    'article',
    { class: 'question', 'aria-labelledby': 'item-heading' },
    heading,
    meta,
    stem,
    leadIn,
    choicesView(session, question, host, shown),
    definitionBox(),
    shown ? explanationView(session, question) : null,
  );
  article.addEventListener('click', onTermClick);
  const aside = source ? diagnosticsAside(source) : null;
  return [
    el('div', { class: aside ? 'with-overlay' : 'single' }, article, aside),
    submitBar(session, question, host, shown),
  ];
}

function choicesView(session: Session, question: BlockQuestion, host: QuestionHost, shown: boolean): HTMLElement {
  const chosen = (shown && session.mode === 'tutor' ? session.submitted : session.selected)[question.id];
  const struck = session.struck[question.id] ?? [];
  const fieldset = el(
    'fieldset',
    { class: 'choices', 'data-testid': 'choices' },
    el('legend', { class: 'visually-hidden' }, 'Answer choices'),
  );
  for (const [index, choice] of question.choices.entries()) {
    const id = `choice-${choice.letter}`;
    const text = html('span', choice.html, { class: 'text' });
    markTerms(text, question.terms?.choices[index] ?? [], app.glossary);
    const right = shown && choice.letter === question.answer;
    const wrong = shown && choice.letter === chosen && !right;
    const input = el('input', {
      type: 'radio',
      name: 'answer',
      id,
      value: choice.letter,
      checked: chosen === choice.letter,
      disabled: shown,
      'aria-describedby': shown && choice.rationale ? `${id}-why` : undefined,
    });
    input.addEventListener('change', () => select(session, question, choice.letter, host));
    const label = el(
      'label',
      { for: id },
      el('span', { class: 'letter' }, `${choice.letter}.`),
      ' ',
      text,
      struck.includes(choice.letter) ? hidden(' (struck out)') : null,
      right ? el('span', { class: 'verdict-mark right' }, ' ✓ Correct answer') : null,
      wrong ? el('span', { class: 'verdict-mark wrong' }, ' ✗ Your answer') : null,
    );
    const box = el(
      'div',
      {
        class: ['choice', struck.includes(choice.letter) ? 'struck' : '', right ? 'right' : '', wrong ? 'wrong' : '']
          .filter(Boolean)
          .join(' '),
        'data-letter': choice.letter,
      },
      input,
      label,
      shown && choice.rationale ? html('div', choice.rationale, { class: 'rationale', id: `${id}-why` }) : null,
    );
    box.addEventListener('contextmenu', (event) => {
      event.preventDefault();
      strike(session, question, choice.letter, host);
    });
    fieldset.append(box);
  }
  return fieldset;
}

function explanationView(session: Session, question: BlockQuestion): HTMLElement {
  const chosen = session.mode === 'tutor' ? session.submitted[question.id] : session.selected[question.id];
  const right = chosen === question.answer;
  const verdict =
    chosen === undefined
      ? `Not answered. The answer is ${question.answer}.`
      : right
        ? 'Correct.'
        : `Incorrect. The answer is ${question.answer}.`;
  const notes = question.notes.map((id) =>
    el('li', {}, el('a', { href: `#/note/${encodeURIComponent(id)}` }, noteTitle(id))),
  );
  return el(
    'section',
    { class: 'explanation', 'aria-labelledby': 'explanation-heading', 'data-testid': 'explanation' },
    el('h2', { id: 'explanation-heading', tabindex: -1 }, 'Explanation'),
    el('p', { class: `verdict ${right ? 'right' : 'wrong'}`, 'data-testid': 'verdict' }, right ? '✓ ' : '✗ ', verdict),
    html('div', question.explanation),
    question.objective ? el('h3', {}, 'Educational objective') : null,
    question.objective ? html('div', question.objective, { class: 'objective' }) : null,
    question.references ? el('h3', {}, 'References') : null,
    question.references ? html('div', question.references, { class: 'references' }) : null,
    notes.length ? el('h3', {}, 'Notes') : null,
    notes.length ? el('ul', { class: 'note-links' }, ...notes) : null,
  );
}

function noteTitle(id: string): string {
  return app.noteTitles.get(id) ?? id;
}

function submitBar(session: Session, question: BlockQuestion, host: QuestionHost, shown: boolean): HTMLElement {
  const last = session.index === session.block.questions.length - 1;
  const flagged = session.flagged.includes(question.id);
  const button = (label: string, key: string, action: () => void, extra: Record<string, string | boolean> = {}) => {
    const b = el('button', { type: 'button', 'data-testid': key, id: `bar-${key}`, ...extra }, label);
    b.addEventListener('click', action);
    return b;
  };
  const buttons: HTMLElement[] = [];
  if (!session.single)
    buttons.push(button('← Previous', 'previous', () => move(session, -1, host), { disabled: session.index === 0 }));
  buttons.push(button('⚑ Flag', 'flag', () => flag(session, question, host), { 'aria-pressed': String(flagged) }));
  buttons.push(button('Lab values', 'labs', () => host.toggleLabs(), { 'aria-controls': 'labs' }));
  buttons.push(button('Highlight', 'highlight', () => highlight(session, question, host)));
  if (session.mode === 'tutor' && !shown) {
    buttons.push(
      button('Submit', 'submit', () => submit(session, question, host), {
        class: 'primary',
        disabled: !(question.id in session.selected),
      }),
    );
  } else if (!session.single && !last) {
    buttons.push(button('Next →', 'next', () => move(session, 1, host), { class: 'primary' }));
  }
  if (!session.single && (session.mode === 'timed' ? !session.finished : last && shown)) {
    buttons.push(
      button(session.mode === 'timed' ? 'End block' : 'Finish block', 'finish', () => host.finish(), {
        class: last ? 'primary' : '',
      }),
    );
  }
  if (!session.single && session.finished) buttons.push(button('Score', 'score', () => host.finish()));
  return el('nav', { class: 'bar', 'aria-label': 'Question controls' }, ...buttons);
}

/**
 * Select an option (a click, A-E or 1-5).
 *
 * @param session The session.
 * @param question The question.
 * @param letter Display letter.
 * @param host The page.
 */
export function select(session: Session, question: BlockQuestion, letter: string, host: QuestionHost): void {
  if (revealed(session, question) || !question.choices.some((c) => c.letter === letter)) return;
  session.selected[question.id] = letter;
  host.render(`choice-${letter}`);
  announce(`${letter} selected`);
}

/**
 * Submit the selected option (tutor mode): the key, rationales and explanation appear.
 *
 * @param session The session.
 * @param question The question.
 * @param host The page.
 */
export function submit(session: Session, question: BlockQuestion, host: QuestionHost): void {
  const chosen = session.selected[question.id];
  if (session.mode !== 'tutor' || chosen === undefined || question.id in session.submitted) return;
  session.submitted[question.id] = chosen;
  host.render('explanation-heading');
  announce(chosen === question.answer ? 'Correct' : `Incorrect: the answer is ${question.answer}`);
}

/**
 * Go to the next or previous item.
 *
 * @param session The session.
 * @param step +1 or -1.
 * @param host The page.
 */
export function move(session: Session, step: number, host: QuestionHost): void {
  const next = session.index + step;
  if (session.single || next < 0 || next >= session.block.questions.length) return;
  session.index = next;
  window.scrollTo(0, 0);
  host.render('item-heading');
}

/**
 * Flag or unflag the item for review.
 *
 * @param session The session.
 * @param question The question.
 * @param host The page.
 */
export function flag(session: Session, question: BlockQuestion, host: QuestionHost): void {
  const at = session.flagged.indexOf(question.id);
  if (at >= 0) session.flagged.splice(at, 1);
  else session.flagged.push(question.id);
  host.render('bar-flag');
  announce(at >= 0 ? 'Flag removed' : 'Flagged for review');
}

/**
 * Strike out an option, or bring it back.
 *
 * @param session The session.
 * @param question The question.
 * @param letter Display letter.
 * @param host The page.
 */
export function strike(session: Session, question: BlockQuestion, letter: string, host: QuestionHost): void {
  if (!question.choices.some((c) => c.letter === letter)) return;
  const struck = (session.struck[question.id] ??= []);
  const at = struck.indexOf(letter);
  if (at >= 0) struck.splice(at, 1);
  else struck.push(letter);
  host.render(`choice-${letter}`);
  announce(`${letter} ${at >= 0 ? 'restored' : 'struck out'}`);
}

/**
 * Highlight the text selected in the stem (kept while the stem is unchanged).
 *
 * @param session The session.
 * @param question The question.
 * @param host The page.
 */
export function highlight(session: Session, question: BlockQuestion, host: QuestionHost): void {
  const stem = document.querySelector<HTMLElement>('#stem');
  const selection = window.getSelection();
  if (!stem || !selection || selection.isCollapsed || selection.rangeCount === 0) {
    announce('Select text in the question first, then press H');
    return;
  }
  const range = selection.getRangeAt(0);
  if (!stem.contains(range.commonAncestorContainer)) return;
  const mark = document.createElement('mark');
  try {
    range.surroundContents(mark);
  } catch {
    mark.append(range.extractContents());
    range.insertNode(mark);
  }
  selection.removeAllRanges();
  session.marks[question.id] = { stem: question.stem, html: stem.innerHTML };
  host.render('bar-highlight');
  announce('Highlighted');
}

/**
 * The time left in a timed block, as `mm:ss`.
 *
 * @param session The session.
 * @returns The text.
 */
export function clockText(session: Session): string {
  const left = Math.max(0, Math.round(((session.endsAt ?? 0) - Date.now()) / 1000));
  return `${String(Math.floor(left / 60)).padStart(2, '0')}:${String(left % 60).padStart(2, '0')}`;
}
