// "The customer is typing…" above the composer. A live channel (the web chat widget) records a
// `webchat.visitor_typing` event at most every 5 s while the visitor types; the indicator shows
// for a little longer than that, so it stays on while they keep typing and goes once they stop.
import { h, clear } from './dom.js';
import { on } from './state.js';

const SHOW_MS = 7000;
let slot = null;
let conversationID = null;
let timer = 0;

/** The element to place above the composer for conversation `id` (a polite live region). */
export function customerTypingSlot(id) {
  conversationID = id;
  clearTimeout(timer);
  slot = h('div.customer-typing', { role: 'status', 'aria-live': 'polite' });
  return slot;
}

on('stream-event', (event) => {
  if (event.type !== 'webchat.visitor_typing' || event.conversation_id !== conversationID || !slot) return;
  clear(slot, h('span.typing-dots', { 'aria-hidden': 'true' }, h('i'), h('i'), h('i')), 'The customer is typing…');
  clearTimeout(timer);
  timer = setTimeout(() => clear(slot), SHOW_MS);
});
