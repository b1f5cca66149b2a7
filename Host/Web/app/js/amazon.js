// Amazon buyer messaging in the agents' app: the order the channel attached to a buyer's message
// (shown in the thread), and the composer's two Amazon actions — a Messaging API message, offered
// only for the actions Amazon allows on the order, and "No response needed", which stops the
// 24-hour clock without mailing the buyer.
import { api, seg } from './api.js';
import { h, toast, fullTime } from './dom.js';
import { icon } from './icons.js';
import { dialog, form } from './ui.js';

export const AMAZON_PLUGINS = new Set(['amazon']);

/** What an Amazon reply was, under its text: a Messaging API message, or "no response needed". */
export function amazonReplyNote(rich) {
  if (rich?.type === 'amazon_action') return h('div.rich', icon('send'), `Sent through Amazon's Messaging API (${ACTIONS[rich.action]?.label || rich.action})`);
  if (rich?.type === 'amazon_no_response_needed') return h('div.rich', icon('check'), 'Nothing mailed: the 24-hour clock stopped');
  return null;
}

/** The Messaging API actions the channel sends, with their labels and text limits. */
const ACTIONS = {
  confirmDeliveryDetails: { label: 'Confirm delivery details', max: 2000 },
  confirmOrderDetails: { label: 'Confirm order details', max: 2000 },
  confirmServiceDetails: { label: 'Confirm service details', max: 2000 },
  unexpectedProblem: { label: 'Report an unexpected problem', max: 2000 },
  negativeFeedbackRemoval: { label: 'Request removal of negative feedback', max: 0 },
};

/** Whether a message's rich content is what the Amazon channel attached. */
export function isAmazonContext(rich) { return !!rich && !!rich.amazon && (rich.type === 'order' || rich.type === 'amazon_buyer_message'); }

/** The inbox row's order for an Amazon conversation, before the preview: the status and order
 *  id the channel set in the conversation's fields (order_status, order_id); "pending" while the
 *  SP-API look-up waits, "No order" when the buyer named none. */
export function orderTag(conversation, pluginID) {
  const f = conversation.fields || {};
  if (!AMAZON_PLUGINS.has(pluginID) || (!f.order_id && !f.order_status)) return null;
  if (!f.order_id) return h('span.row-order.no-order', { title: 'The buyer named no order: link one with the order_id field', 'data-order-state': 'no_order' }, 'No order');
  const status = f.order_status || 'unknown';   // Amazon gave the order without a status
  const pending = status === 'pending';
  return h(`span.row-order${pending ? '.pending' : ''}`, {
    title: pending ? `Order ${f.order_id}: details pending${f.order_pending_reason ? ` (${f.order_pending_reason})` : ''}`
      : `Order ${f.order_id}: ${status}${f.order_promised_delivery ? `, promised by ${fullTime(f.order_promised_delivery)}` : ''}`,
    'data-order-id': f.order_id, 'data-order-status': status,
  }, h('strong', status), ` · ${f.order_id}`);
}

/** The order card of a buyer's message: status, dates, items, fulfilment; or why there is none yet. */
export function orderCard(rich) {
  const relay = rich.amazon || {};
  const head = h('div.order-head', icon('layers'), h('strong', rich.order_id ? `Order ${rich.order_id}` : 'No order'),
    h('span.muted.small', ` · ${relay.marketplace || 'Amazon'}${relay.topic ? ` · ${relay.topic}` : ''}`),
    relay.important ? h('span.pill.overdue', 'Important') : null);
  if (rich.state === 'no_order') {
    return h('div.amazon-order.no-order', { 'data-order-state': 'no_order' }, head,
      h('p.muted.small', 'The buyer named no order (a question before buying, or Amazon left it out). Find it in Seller Central by the buyer\'s alias, then set this conversation\'s order_id field (Edit fields) to link it.'));
  }
  if (rich.state === 'pending') {
    return h('div.amazon-order.pending', { 'data-order-state': 'pending' }, head,
      h('p.muted.small', icon('clock'), ` Order details pending: ${rich.pending_reason || 'not fetched yet'}. Switchboard tries again.`));
  }
  const promised = rich.promised_delivery?.latest;
  return h('div.amazon-order', { 'data-order-state': 'fetched', 'data-order-id': rich.order_id },
    head,
    h('dl.order-facts',
      h('dt', 'Status'), h('dd.order-status', rich.status || '—'),
      h('dt', 'Purchased'), h('dd', rich.purchase_date ? fullTime(rich.purchase_date) : '—'),
      h('dt', 'Promised by'), h('dd', promised ? fullTime(promised) : '—'),
      h('dt', 'Fulfilment'), h('dd', rich.fulfillment_channel === 'AFN' ? 'Fulfilled by Amazon' : rich.fulfillment_channel === 'MFN' ? 'Merchant fulfilled' : (rich.fulfillment_channel || '—'))),
    h('ul.order-items', (rich.items || []).map((item) => h('li', h('span', `${item.quantity ?? '?'} × ${item.title || item.asin}`),
      h('span.muted.small', ` ASIN ${item.asin || '—'} · SKU ${item.sku || '—'}`)))));
}

/** The newest order context in a thread ({messages, events}): a buyer's message, or an order a
 *  pending look-up fetched later (event amazon.order_context). */
export function latestContext(thread) {
  const candidates = [
    ...(thread?.messages || []).filter((m) => m.direction === 'inbound' && isAmazonContext(m.rich)).map((m) => ({ at: m.created_at, rich: m.rich })),
    ...(thread?.events || []).filter((e) => e.type === 'amazon.order_context').map((e) => ({ at: e.created_at, rich: e.data })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return candidates.length ? candidates[candidates.length - 1].rich : null;
}

/** The Messaging API actions Amazon allows for the thread's order (none: the button is not offered). */
export function allowedActions(thread) {
  const context = latestContext(thread);
  return (context?.messaging_actions || []).filter((name) => ACTIONS[name]);
}

/** The "Amazon message" dialog: one of the allowed actions and its text; resolves true when sent. */
export async function openActionDialog(conversation, thread) {
  const allowed = allowedActions(thread);
  const error = h('div.form-error', { role: 'alert', id: 'amazon-action-error' });
  const fields = form([
    { name: 'action', label: 'Message type', type: 'select', options: allowed.map((name) => [name, ACTIONS[name].label]) },
    { name: 'text', label: 'Text (in the buyer\'s language; no links or e-mail addresses)', type: 'textarea', rows: 5 },
  ]);
  let sent = false;
  await dialog({
    title: 'Send an Amazon message',
    content: [h('p.muted', 'Amazon offers these messages for this order through the Messaging API.'), fields.el, error],
    actions: [{ label: 'Cancel' }, { label: 'Send', primary: true, onclick: async () => {
      const { action, text } = fields.values();
      const limit = ACTIONS[action]?.max ?? 0;
      if (limit && !(text || '').trim()) { error.textContent = 'Text: write the message'; return false; }
      if (limit && text.length > limit) { error.textContent = `Text: at most ${limit} characters`; return false; }
      try {
        await api.post(`/conversations/${seg(conversation.id)}/messages`,
          { text: `Amazon message: ${ACTIONS[action].label}${limit ? `\n\n${text.trim()}` : ''}`, rich: { type: 'amazon_action', action, text: (text || '').trim() } });
      } catch (e) {
        error.textContent = e.message || String(e);
        return false;
      }
      sent = true;
      toast('Amazon message sent', 'success');
      return true;
    } }],
  });
  return sent;
}

/** Stops the response clock without mailing the buyer ("No response needed" in Seller Central). */
export async function markNoResponseNeeded(conversation) {
  try {
    await api.post(`/conversations/${seg(conversation.id)}/messages`, { text: 'No response needed', rich: { type: 'amazon_no_response_needed' } });
    toast('Marked: no response needed', 'success');
    return true;
  } catch (e) {
    toast(e.message || String(e), 'error', 6000);
    return false;
  }
}

/** The composer's Amazon buttons for `thread` ({conversation, messages, events}). */
export function amazonTools(thread, { onSent }) {
  const conversation = thread.conversation;
  const allowed = allowedActions(thread);
  const button = (id, label, iconName, title, fn) => h('button.tool.tool-labeled', { type: 'button', id, title, 'aria-label': title,
    onmousedown: (e) => e.preventDefault(), onclick: async () => { if (await fn(conversation, thread)) onSent(); } }, icon(iconName), h('span', label));
  return [
    allowed.length ? button('amazon-action-tool', 'Amazon message', 'send', 'Send an Amazon Messaging API message', openActionDialog) : null,
    button('no-response-tool', 'No response needed', 'check', 'Stop the 24-hour clock without mailing the buyer', markNoResponseNeeded),
  ];
}

