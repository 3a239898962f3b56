// The end of a block: the score, by system, discipline and competency, and the notes to review.
import { notesToReview, scoreBlock, type PerformanceRow } from '@qbank/runtime';
import { el, table } from './dom.js';
import { app, type Session } from './state.js';

function rows(list: PerformanceRow[]): string[][] {
  return list.map((row) => [row.label, `${row.correct} of ${row.total}`, `${row.percent}%`]);
}

/**
 * The answers the block is scored on: submitted (tutor mode) or selected (timed mode).
 *
 * @param session The session.
 * @returns Display letter per question id.
 */
export function answersOf(session: Session): Record<string, string> {
  return session.mode === 'tutor' ? session.submitted : session.selected;
}

/**
 * The score view.
 *
 * @param session The finished session.
 * @param review Go back over the block's items, answers shown.
 * @returns The view's nodes.
 */
export function scoreView(session: Session, review: () => void): Node[] {
  const score = scoreBlock(session.block, answersOf(session));
  const toReview = notesToReview(session.block, score);
  const again = el(
    'button',
    { type: 'button', id: 'review', class: 'primary', 'data-testid': 'review' },
    'Review the items',
  );
  again.addEventListener('click', review);
  return [
    el('h1', { id: 'item-heading', tabindex: -1 }, 'Block complete'),
    el(
      'p',
      { class: 'total', 'data-testid': 'total' },
      `${score.correct} of ${score.total} correct (${score.percent}%)`,
      score.omitted ? `, ${score.omitted} not answered` : '',
    ),
    table('Score by system', ['System', 'Correct', 'Score'], rows(score.bySystem), { 'data-testid': 'by-system' }),
    table('Score by discipline', ['Discipline', 'Correct', 'Score'], rows(score.byDiscipline), {
      'data-testid': 'by-discipline',
    }),
    table('Score by competency', ['Competency', 'Correct', 'Score'], rows(score.byCompetency), {
      'data-testid': 'by-competency',
    }),
    toReview.length ? el('h2', {}, 'Notes to review') : null,
    toReview.length
      ? el(
          'ul',
          { class: 'note-links' },
          ...toReview.map((n) =>
            el(
              'li',
              {},
              el('a', { href: `#/note/${encodeURIComponent(n.noteId)}` }, app.noteTitles.get(n.noteId) ?? n.noteId),
              ` (${n.questions.length} missed)`,
            ),
          ),
        )
      : null,
    el('p', { class: 'actions' }, again, ' ', el('a', { href: '#/' }, 'Start another block')),
  ].filter((node) => node !== null);
}
