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

const targetNames = { first_response: 'First answer', next_response: 'Next answer', resolution: 'Resolution' };

/** The nearer of a conversation's two clocks (the answer's `sla`, the resolution's `resolution_sla`): [due time, its target]. */
export function nearestDue(c) {
  if (c.next_due_at && c.next_due_at === c.resolution_due_at && c.next_due_at !== c.response_due_at) return [c.resolution_due_at, c.resolution_sla];
  return [c.response_due_at, c.sla];
}

/** The inbox row's pill; with a service-level target (`sla`), its kind and whether it is about to be missed. */
export function duePill(iso, sla = null) {
  if (!iso && sla?.paused) return h('span.pill.due.paused', { title: 'The service-level clock is paused while snoozed' }, icon('clock'), 'Paused');
  const due = dueState(iso);
  if (!due) return null;
  const atRisk = !due.overdue && sla?.state === 'at_risk';
  const what = targetNames[sla?.target] || 'Answer';
  return h(`span.pill.due${due.overdue ? '.overdue' : ''}${atRisk ? '.at-risk' : ''}`,
    { title: `${what} due ${fullTime(iso)}${atRisk ? ' (about to be missed)' : ''}`, 'data-due': iso, 'data-sla-state': sla?.state || null }, icon('clock'), due.text);
}

/** The composer's note: when the answer is due (and, with a resolution target counting, the resolution). */
export function dueNote(iso, resolutionIso = null) {
  const notes = [[iso, 'answer', 'response-due'], [resolutionIso, 'resolution', 'resolution-due']].map(([at, what, id]) => {
    const due = dueState(at);
    return due && h(`span.composer-due${due.overdue ? '.overdue' : ''}`, { id, title: fullTime(at) },
      ` · ${what} ${due.overdue ? 'overdue' : 'due'} ${fullTime(at)} (${due.text.toLowerCase()})`);
  }).filter(Boolean);
  return notes.length ? notes : null;
}
