// The response clock (a conversation's `response_due_at`: a channel's promise, Amazon's 24 hours):
// how it reads in the inbox row and beside the composer.
import { h, duration, fullTime } from './dom.js';
import { icon } from './icons.js';

/** {text, overdue} for a due time, or null when nothing is owed. */
export function dueState(iso, now = Date.now()) {
  if (!iso) return null;
  const left = Date.parse(iso) - now;
  return left >= 0 ? { text: `Due in ${duration(left)}`, overdue: false } : { text: `Overdue ${duration(-left)}`, overdue: true };
}

/** The inbox row's pill. */
export function duePill(iso) {
  const due = dueState(iso);
  if (!due) return null;
  return h(`span.pill.due${due.overdue ? '.overdue' : ''}`, { title: `Answer due ${fullTime(iso)}`, 'data-due': iso }, icon('clock'), due.text);
}

/** The composer's note: when the answer is due. */
export function dueNote(iso) {
  const due = dueState(iso);
  if (!due) return null;
  return h(`span.composer-due${due.overdue ? '.overdue' : ''}`, { id: 'response-due', title: fullTime(iso) },
    ` · answer ${due.overdue ? 'overdue' : 'due'} ${fullTime(iso)} (${due.text.toLowerCase()})`);
}
