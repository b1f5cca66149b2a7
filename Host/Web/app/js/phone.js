// The app on a phone (a viewport up to 640 px wide, app.css): one pane at a time. The inbox, or
// the open conversation with a way back; the right rail (customer, fields, topic) opens as a
// sheet from the conversation's header. On wider screens these buttons are hidden.
import { h } from './dom.js';
import { icon } from './icons.js';

/** Which pane a phone shows: `list` or `conversation` (body[data-pane], read by the CSS). */
export function showPane(name) {
  document.body.dataset.pane = name;
  if (name !== 'conversation') closeDetails();
}

export function closeDetails() { document.body.classList.remove('rail-open'); }

/** The header's phone-only buttons: back to the inbox, and the details sheet. */
export function phoneHeaderButtons() {
  const back = h('button.icon-button.phone-only', { type: 'button', 'aria-label': 'Back to the inbox', title: 'Back to the inbox',
    onclick: () => { history.pushState(null, '', '/app'); dispatchEvent(new PopStateEvent('popstate')); } }, icon('chevronLeft'));
  const details = h('button.icon-button.phone-only', { type: 'button', id: 'details-toggle', 'aria-label': 'Conversation details',
    title: 'Conversation details', 'aria-expanded': 'false' }, icon('users'));
  details.addEventListener('click', () => {
    const open = document.body.classList.toggle('rail-open');
    details.setAttribute('aria-expanded', String(open));
  });
  return { back, details };
}
