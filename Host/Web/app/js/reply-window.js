// The reply window some channels have (Messenger, Instagram, WhatsApp): the provider lets replies
// through only for a while after the customer's last message. The host publishes where it stands
// on GET /conversations/{id} (reply_window) and refuses what may not go; the composer says so first.
import { h } from './dom.js';
import { icon } from './icons.js';

/** "5 h 12 min", "3 days 4 h", "12 min". */
export function timeLeft(ms) {
  const minutes = Math.max(0, Math.floor(ms / 60000));
  const days = Math.floor(minutes / 1440), hours = Math.floor((minutes % 1440) / 60), mins = minutes % 60;
  if (days > 0) return `${days} day${days === 1 ? '' : 's'}${hours ? ` ${hours} h` : ''}`;
  if (hours > 0) return `${hours} h${mins ? ` ${mins} min` : ''}`;
  return `${mins} min`;
}

/**
 * What the composer shows about the window, or null when the channel has none. `templates`: the
 * channel sends message templates (WhatsApp), which may go when the window is closed.
 */
export function replyWindowNote(rw, now = Date.now(), { templates = false } = {}) {
  if (!rw) return null;
  const left = (iso) => timeLeft(Date.parse(iso) - now);
  // Passed since the host said so (the page stayed open): the next refresh brings the new state.
  if (rw.state === 'open' && Date.parse(rw.closes_at) <= now) {
    rw = rw.human_closes_at && Date.parse(rw.human_closes_at) > now
      ? { state: 'human_only', closes_at: rw.human_closes_at } : { state: 'closed', closed_at: rw.closes_at };
  } else if (rw.state === 'human_only' && Date.parse(rw.closes_at) <= now) {
    rw = { state: 'closed', closed_at: rw.closes_at };
  }
  if (rw.state === 'open') {
    const then = rw.human_closes_at ? `, then ${left(rw.human_closes_at)} for a person's reply` : '';
    return h('span.reply-window', { 'data-state': 'open', title: `Any reply may go until ${new Date(rw.closes_at).toLocaleString()}` },
      icon('clock'), ` Reply window: ${left(rw.closes_at)} left${then}`);
  }
  if (rw.state === 'human_only') {
    return h('span.reply-window', { 'data-state': 'human_only', title: `Only a person's reply may go until ${new Date(rw.closes_at).toLocaleString()}` },
      icon('clock'), ` Reply window: ${left(rw.closes_at)} left for a person's reply (AI replies are held back)`);
  }
  const closed = rw.closed_at ? ' Reply window closed' : ' The customer has not written on this channel yet';
  if (templates) {
    return h('span.reply-window', { 'data-state': 'closed', title: 'The provider refuses free replies until the customer writes again; an approved template may still go' },
      icon('clock'), `${closed}: only a template may go (Template)`);
  }
  return h('span.reply-window', { 'data-state': 'closed', title: 'The provider refuses replies until the customer writes again' },
    icon('clock'), rw.closed_at ? `${closed}: the customer must write again first` : closed);
}

/** Whether a reply may go now (by the host's last word, moved on by the clock). */
export const replyWindowAllows = (rw, now = Date.now()) =>
  !rw || (rw.state === 'open' ? Date.parse(rw.human_closes_at || rw.closes_at) > now
    : rw.state === 'human_only' ? Date.parse(rw.closes_at) > now : false);
