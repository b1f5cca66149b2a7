// "Phone queues" above the conversation list: each voice queue of the agent's teams with its
// callers on hold (how many, the longest wait, ticking) and callbacks keeping a place, and
// "Take next call". The host rings the agent where their profile says (a phone number or a SIP
// address, set here too) and bridges them to the queue's head; the conversation opens meanwhile.
// Live: any voice.* event on the stream re-reads the queues.
import { api, seg } from '../api.js';
import { h, clear, debounce, toast } from '../dom.js';
import { icon } from '../icons.js';
import { dialog, form } from '../ui.js';
import { state, on, emit } from '../state.js';

let root = null;
let queues = [];            // [{queue, waiting: [entry]}] for the agent's teams
let address = null;         // {phone, sip} where the agent is rung
let ticker = 0;
let listening = false;

/** The panel's element (empty and hidden until the agent's teams have a queue). */
export function mount() {
  root = h('section.call-queues', { 'aria-labelledby': 'call-queues-title', hidden: true });
  if (!listening) {
    listening = true;
    on('stream-event', (event) => { if (event.type?.startsWith('voice.')) refreshSoon(); });
  }
  refresh();
  return root;
}

export const refreshSoon = debounce(() => refresh(), 300);

async function refresh() {
  if (!root || !state.me) return;
  try {
    const teams = new Set(state.me.team_ids || []);
    const all = (await api.get('/voice/queues')).queues.filter((q) => teams.has(q.team_id));
    const [waiting, where] = await Promise.all([
      Promise.all(all.map((q) => api.get(`/voice/queues/${seg(q.id)}/waiting`).then((w) => w.waiting))),
      all.length ? api.get(`/agents/${seg(state.me.id)}/phone`) : null,
    ]);
    queues = all.map((queue, i) => ({ queue, waiting: waiting[i] }));
    address = where;
    render();
  } catch { /* the next voice event or sign-in tries again */ }
}

const live = (entries) => entries.filter((e) => e.status === 'waiting');
const callbacks = (entries) => entries.filter((e) => e.status === 'callback_waiting' || e.status === 'dialing');

/** "0:42", "12:05", "1:02:09". */
export function clock(ms) {
  const s = Math.max(0, Math.floor(ms / 1000));
  const two = (n) => String(n).padStart(2, '0');
  return s >= 3600 ? `${Math.floor(s / 3600)}:${two(Math.floor(s / 60) % 60)}:${two(s % 60)}` : `${Math.floor(s / 60)}:${two(s % 60)}`;
}

function longestWait(entries) {
  const since = live(entries).map((e) => Date.parse(e.virtual_enqueued_at)).filter(Number.isFinite);
  return since.length ? Date.now() - Math.min(...since) : null;
}

function render() {
  clearInterval(ticker);
  root.hidden = !queues.length;
  if (!queues.length) return clear(root);
  const where = address?.sip || address?.phone;
  clear(root,
    h('div.call-queues-head',
      h('h2#call-queues-title', icon('phone'), 'Phone queues'),
      h('button.link-button.small', { type: 'button', id: 'call-phone-edit', onclick: editAddress,
        'aria-label': where ? `You are rung at ${where}: change` : 'Set the phone number you take calls on' },
      where ? `Rung at ${where}` : 'Set your phone')),
    h('ul.call-queue-list', queues.map(({ queue, waiting }) => queueRow(queue, waiting))));
  if (queues.some(({ waiting }) => live(waiting).length)) ticker = setInterval(tick, 1000);
}

function queueRow(queue, waiting) {
  const holding = live(waiting).length, booked = callbacks(waiting).length;
  const longest = longestWait(waiting);
  const take = h('button.button.primary.small.take-next', { type: 'button', 'data-queue': queue.id,
    disabled: !holding && !booked, 'aria-label': `Take next call from ${queue.name}` }, icon('phone'), 'Take next call');
  take.addEventListener('click', () => takeNext(queue, take));
  return h('li.call-queue', { 'data-queue': queue.id },
    h('div.call-queue-text',
      h('strong', queue.name),
      h('span.call-queue-stats', { 'data-testid': 'queue-stats' },
        h('span.waiting-count', holding === 1 ? '1 waiting' : `${holding} waiting`),
        longest !== null ? h('span.longest-wait', { 'data-since': String(Date.now() - longest) }, `longest ${clock(longest)}`) : null,
        booked ? h('span.callback-count', booked === 1 ? '1 callback' : `${booked} callbacks`) : null)),
    take);
}

/** The longest waits count up between refreshes. */
function tick() {
  for (const el of root.querySelectorAll('.longest-wait[data-since]')) el.textContent = `longest ${clock(Date.now() - Number(el.dataset.since))}`;
}

async function takeNext(queue, button) {
  button.disabled = true;
  try {
    const taken = await api.post(`/voice/queues/${seg(queue.id)}/take`);
    toast(taken.connection === 'callback'
      ? `Ringing you at ${taken.ringing}: answer, then we call ${taken.entry.number} back.`
      : `Ringing you at ${taken.ringing}: answer to be connected to the caller.`, 'success', 6000);
    if (taken.entry.conversation_id) emit('open', taken.entry.conversation_id);
  } catch (error) {
    if (error.field === 'phone' && !(address?.phone || address?.sip)) { await editAddress(); } else toast(error.message, 'error', 6000);
  } finally {
    refreshSoon();
  }
}

/** Where the agent is rung: a phone number (E.164) and/or a SIP address (the SIP address is rung first). */
async function editAddress() {
  const fields = form([
    { name: 'phone', label: 'Phone number', type: 'tel', value: address?.phone || '', placeholder: '+15551234567',
      help: 'In international format. The host calls it when you take a call.' },
    { name: 'sip', label: 'SIP address (optional)', value: address?.sip || '', placeholder: 'sip:you@pbx.example.com',
      help: 'When set, it is rung instead of the phone number.' },
  ]);
  await dialog({ title: 'Where you take calls', content: fields.el, actions: [
    { label: 'Cancel', value: 'cancel' },
    { label: 'Save', primary: true, onclick: async () => {
      const { phone, sip } = fields.values();
      try {
        address = await api.put(`/agents/${seg(state.me.id)}/phone`, { phone: phone.trim() || null, sip: sip.trim() || null });
        render();
        toast('Saved where you take calls', 'success');
        return true;
      } catch (error) {
        if (!fields.error(error)) toast(error.message, 'error', 6000);
        return false;
      }
    } },
  ] });
}
