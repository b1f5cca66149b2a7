// The notification centre: a bell in the sidebar with the unread count, a panel listing the
// agent's notifications (mark one or all read, jump to the conversation), the browser-push toggle,
// and the unread badges of the read state on the sidebar's views and teams. New notifications
// arrive live as `notification.created` events on the stream; after a reconnect the panel asks
// for what came after the newest one it holds (GET /notifications?after=).
import { api, seg } from './api.js';
import { h, clear, attempt, toast } from './dom.js';
import { icon } from './icons.js';
import { on } from './state.js';
import * as push from './push.js';

const centre = { items: [], unread: 0, open: false, readState: null };
let navigateTo = () => {};
let refreshTimer = 0;

/** Start: load the newest notifications and the read state; `navigate(path)` opens a conversation. */
export async function start(navigate) {
  navigateTo = navigate;
  const page = await api.get('/notifications', { limit: 50 });
  centre.items = page.notifications;
  centre.unread = page.unread;
  render();
  await refreshReadState();
}

/** The bell for the sidebar: its badge and panel are updated in place. */
export function bell() {
  queueMicrotask(render);
  return h('div.notify', { id: 'notify' },
    h('button.nav-item.notify-bell', { type: 'button', id: 'notify-bell', 'aria-haspopup': 'true', 'aria-expanded': String(centre.open),
      'aria-label': label(), onclick: toggle }, icon('bell'), h('span.nav-label', 'Notifications'),
      h('span.count.notify-count', { id: 'notify-count', hidden: centre.unread === 0 }, String(centre.unread))),
    h('div.notify-panel', { id: 'notify-panel', role: 'dialog', 'aria-label': 'Notifications', hidden: !centre.open }));
}

function label() { return centre.unread ? `Notifications, ${centre.unread} unread` : 'Notifications'; }

function toggle() {
  centre.open = !centre.open;
  render();
}

/** Redraw the badge and (when open) the panel, wherever the sidebar put the bell. */
function render() {
  const count = document.getElementById('notify-count');
  const button = document.getElementById('notify-bell');
  const panel = document.getElementById('notify-panel');
  if (!count || !button || !panel) return;
  count.textContent = String(centre.unread);
  count.hidden = centre.unread === 0;
  button.setAttribute('aria-label', label());
  button.setAttribute('aria-expanded', String(centre.open));
  panel.hidden = !centre.open;
  if (!centre.open) return;
  clear(panel,
    h('div.notify-head', h('strong', 'Notifications'),
      h('button.link-button', { type: 'button', id: 'notify-read-all', disabled: centre.unread === 0, onclick: readAll }, 'Mark all read')),
    centre.items.length
      ? h('ul.notify-list', centre.items.map(item))
      : h('p.notify-empty', 'Nothing yet. Assignments, mentions and answers on your conversations show up here.'),
    h('label.notify-push', h('input', { type: 'checkbox', id: 'notify-push-toggle', checked: push.enabled(), onchange: togglePush }),
      ' Browser notifications (also while this tab is closed)'));
}

function item(n) {
  return h(`li.notify-item${n.read_at ? '' : '.unread'}`, { 'data-id': n.id },
    h('button.notify-open', { type: 'button', onclick: () => openItem(n) },
      h('span.notify-title', n.title), n.body ? h('span.notify-body', n.body) : null,
      h('time.notify-time', { datetime: n.created_at }, new Date(n.created_at).toLocaleString())),
    n.read_at ? null : h('button.link-button.notify-mark', { type: 'button', 'aria-label': `Mark read: ${n.title}`, onclick: () => markRead(n) }, 'Mark read'));
}

async function markRead(n) {
  const answer = await attempt(() => api.post(`/notifications/${seg(n.id)}/read`));
  if (!answer) return;
  n.read_at = new Date().toISOString();
  centre.unread = answer.unread;
  render();
}

async function openItem(n) {
  if (!n.read_at) await markRead(n);
  centre.open = false;
  render();
  if (n.conversation_id) navigateTo(`/app/c/${encodeURIComponent(n.conversation_id)}`);
}

async function readAll() {
  const answer = await attempt(() => api.post('/notifications/read-all'));
  if (!answer) return;
  for (const n of centre.items) n.read_at = n.read_at || new Date().toISOString();
  centre.unread = answer.unread;
  render();
}

async function togglePush(event) {
  const wanted = event.currentTarget.checked;
  try {
    if (wanted) await push.enable(); else await push.disable();
    toast(wanted ? 'Browser notifications are on' : 'Browser notifications are off', 'info');
  } catch (err) {
    event.currentTarget.checked = push.enabled();
    toast(err.message || 'Browser notifications could not be turned on', 'error', 6000);
  }
}

/** After a reconnect: whatever came after the newest notification held. */
export async function catchUp() {
  const newest = centre.items.reduce((max, n) => Math.max(max, n.id), 0);
  const page = await api.get('/notifications', { after: newest, limit: 200 });
  for (const n of page.notifications) if (!centre.items.some((x) => x.id === n.id)) centre.items.unshift(n);
  centre.unread = page.unread;
  render();
  await refreshReadState();
}

// Read state ---------------------------------------------------------------------------------------

/** The conversation was opened: read for this agent in every browser. */
export async function markConversationRead(id) {
  try { await api.post(`/conversations/${seg(id)}/read`); } catch { return; }
  refreshReadStateSoon();
}

/** Unread badges on the sidebar's views and teams (`data-unread`), from GET /read-state. */
export function decorateNav(nav) {
  const state = centre.readState;
  if (!state || !nav) return;
  const badge = (button, n) => {
    let el = button.querySelector('.unread-badge');
    if (!el) { el = h('span.unread-badge'); button.append(el); }
    el.textContent = String(n);
    el.hidden = n === 0;
    el.setAttribute('aria-label', `${n} unread`);
  };
  for (const b of nav.querySelectorAll('[data-view]')) if (b.dataset.view in state.views) badge(b, state.views[b.dataset.view]);
  for (const b of nav.querySelectorAll('[data-team]')) badge(b, state.teams.find((t) => t.team_id === b.dataset.team)?.unread ?? 0);
}

async function refreshReadState() {
  try { centre.readState = await api.get('/read-state'); } catch { return; }
  decorateNav(document.querySelector('nav.sidebar'));
}

function refreshReadStateSoon() {
  clearTimeout(refreshTimer);
  refreshTimer = setTimeout(refreshReadState, 300);
}

on('stream-event', (event) => {
  if (event.type === 'notification.created') {
    const d = event.data || {};
    if (!centre.items.some((x) => x.id === d.notification_id)) {
      centre.items.unshift({ id: d.notification_id, kind: d.kind, conversation_id: d.conversation_id, title: d.title, body: d.body,
        created_at: event.created_at, read_at: null });
      centre.unread += 1;
      render();
    }
  }
  if (/^(message\.|comment\.created|conversation\.)/.test(event.type)) refreshReadStateSoon();
});
