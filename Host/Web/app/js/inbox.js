// The conversation list: server-side filters and search (GET /api/v1/inbox), pages of 100 loaded
// as the list scrolls (a cursor), and a virtualised list that keeps only the rows in sight in the
// DOM, so thousands of conversations scroll smoothly. Live: the stream names conversations that
// changed; we ask the server for just those rows under the current filters, and move, add or drop them.
import { api } from './api.js';
import { h, clear, ago, duration, previewText, avatar, debounce, attempt } from './dom.js';
import { icon, channelIcon } from './icons.js';
import { menu } from './ui.js';
import { duePill, nearestDue } from './response-due.js';
import { topicPill, triageTopics } from './triage.js';
import { orderTag } from './amazon.js';
import { state, on, emit, channel, agentName, teamName } from './state.js';

const ROW = 84;           // px, fixed: what makes virtualisation a division
const OVERSCAN = 6;
const PAGE = 100;

const saved = JSON.parse(localStorage.getItem('sb.filters') || '{}');
export const filters = {
  view: saved.view || 'mine',          // mine | unassigned | mentioned | all
  status: saved.status || 'active',    // active | snoozed | done | archived | all
  team_id: saved.team_id || '',
  channel_instance_id: saved.channel_instance_id || '',
  tag: saved.tag || '',
  due: saved.due || '',                // '' | any | overdue | at_risk: conversations whose answer is due (a service-level target)
  topic: saved.topic || '',            // a triage topic
  sort: saved.sort || 'updated',       // updated | response_due | next_due (the nearer of the answer's and the resolution's)
  draft: saved.draft || '',            // '' | ready: only conversations with an AI draft waiting for review
  q: '',
};

let items = [];
let next = null;
let loading = false;
let generation = 0;         // a newer query makes answers to older ones stale
let selected = -1;
let openID = null;
let root, scroller, spacer, rowsHost, header, chips, searchInput, countLabel;
const pendingIDs = new Set();
export const perf = { firstPageMs: null, pages: 0, pageMs: [], renders: 0, lastRenderMs: 0, maxRenderMs: 0 };
window.__sbInbox = { perf, get count() { return items.length; }, get hasMore() { return !!next; }, get loading() { return loading; } };

function params(extra = {}) {
  const p = { status: filters.status, team_id: filters.team_id, channel_instance_id: filters.channel_instance_id, tag: filters.tag, q: filters.q };
  if (filters.due) p.due = filters.due;
  if (filters.topic) p.topic = filters.topic;
  if (filters.sort === 'response_due' || filters.sort === 'next_due') p.sort = filters.sort;
  if (filters.draft) p.draft = filters.draft;
  if (filters.view === 'mine') p.assignee = 'me';
  if (filters.view === 'unassigned') p.assignee = 'none';
  if (filters.view === 'mentioned') p.mentioned = 'me';
  return { ...p, ...extra };
}

function persist() {
  const { q, ...rest } = filters;
  localStorage.setItem('sb.filters', JSON.stringify(rest));
}

export function viewTitle() {
  const base = { mine: 'Mine', unassigned: 'Unassigned', mentioned: 'Mentions', all: 'All conversations' }[filters.view];
  return filters.team_id ? `${teamName(filters.team_id)} · ${base}` : base;
}

/** Replace the list with the first page of the current filters. */
export async function reload() {
  const mine = ++generation;
  const started = performance.now();
  loading = true;
  renderHeader();
  try {
    const page = await api.get('/inbox', params({ limit: PAGE }));
    if (mine !== generation) return;
    items = page.items;
    next = page.next_before;
    perf.pages = 1;
    selected = Math.max(0, items.findIndex((c) => c.id === openID));
    if (!items.length) selected = -1;
    scroller.scrollTop = 0;
    render();
    if (perf.firstPageMs === null) perf.firstPageMs = performance.now() - started;
  } catch (error) {
    if (mine === generation) showError(error);
  } finally {
    if (mine === generation) { loading = false; renderHeader(); }
  }
}

async function loadMore() {
  if (loading || !next) return;
  const mine = generation;
  loading = true;
  try {
    const started = performance.now();
    const page = await api.get('/inbox', params({ limit: PAGE, before: next }));
    perf.pageMs.push(performance.now() - started);
    if (mine !== generation) return;
    const known = new Set(items.map((c) => c.id));
    items.push(...page.items.filter((c) => !known.has(c.id)));
    next = page.next_before;
    perf.pages++;
    render();
  } catch (error) {
    showError(error);
  } finally {
    if (mine === generation) loading = false;
  }
}

function showError(error) {
  clear(rowsHost, h('div.list-empty', icon('alert'), h('p', error.message), h('button.button', { onclick: reload }, 'Try again')));
}

const byUpdated = (a, b) => (a.updated_at < b.updated_at ? 1 : a.updated_at > b.updated_at ? -1 : a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
// The server's order for "answer due first": due time ascending, then id (rows with no due time are not listed).
const byDue = (key) => (a, b) => (a[key] < b[key] ? -1 : a[key] > b[key] ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const order = (a, b) => (filters.sort === 'response_due' ? byDue('response_due_at')(a, b) : filters.sort === 'next_due' ? byDue('next_due_at')(a, b) : byUpdated(a, b));

/** The stream said these conversations changed: fetch their rows under the current filters. */
export function refreshSoon(id) {
  if (!id) return;
  pendingIDs.add(id);
  flush();
}

const flush = debounce(async () => {
  const ids = [...pendingIDs].slice(0, 200);
  ids.forEach((id) => pendingIDs.delete(id));
  if (!ids.length) return;
  const mine = generation;
  try {
    const page = await api.get('/inbox', params({ ids: ids.join(',') }));
    if (mine !== generation) return;
    const fresh = new Map(page.items.map((c) => [c.id, c]));
    const selectedID = items[selected]?.id;
    const selectedAt = selected;
    const oldest = items.length && next ? items[items.length - 1] : null;
    items = items.filter((c) => !ids.includes(c.id) || fresh.has(c.id)).map((c) => fresh.get(c.id) || c);
    const known = new Set(items.map((c) => c.id));
    for (const c of page.items) {
      // A row older than the last loaded page arrives with that page; it does not jump the queue.
      if (!known.has(c.id) && (!oldest || order(c, oldest) < 0)) { items.push(c); c.__new = true; }
    }
    items.sort(order);
    // The selected row left the view (closed, snoozed, reassigned): the next j opens the one that took its place.
    if (selectedID) selected = items.some((c) => c.id === selectedID) ? items.findIndex((c) => c.id === selectedID) : selectedAt - 1;
    render();
    emit('rows', page.items);
  } catch { /* the next event or reload tries again */ }
  if (pendingIDs.size) flush();
}, 120);

// Rendering --------------------------------------------------------------------------------------

export function mount(container) {
  root = container;
  searchInput = h('input.search', {
    type: 'search', placeholder: 'Search name, email, text, tag…', 'aria-label': 'Search conversations', id: 'search',
    oninput: debounce(() => { filters.q = searchInput.value.trim(); reload(); }, 250),
    onkeydown: (e) => { if (e.key === 'Escape') { searchInput.value = ''; filters.q = ''; reload(); searchInput.blur(); } if (e.key === 'Enter' || e.key === 'ArrowDown') { e.preventDefault(); scroller.focus(); if (selected < 0 && items.length) select(0, true); } },
  });
  countLabel = h('span.list-count');
  chips = h('div.filter-chips', { role: 'toolbar', 'aria-label': 'Filters' });
  header = h('div.list-header', h('div.list-title', h('h1#view-title'), countLabel),
    h('div.search-box', icon('search'), searchInput, h('kbd.search-key', { 'aria-hidden': 'true' }, '/')), chips);
  spacer = h('div.list-spacer');
  rowsHost = h('div.list-rows');
  scroller = h('div.list-scroller', {
    tabindex: '0', role: 'listbox', 'aria-label': 'Conversations', id: 'conversation-list',
    onscroll: () => requestAnimationFrame(render),
    onkeydown: (e) => {
      if (e.key === 'ArrowDown') { move(1); e.preventDefault(); }
      if (e.key === 'ArrowUp') { move(-1); e.preventDefault(); }
      if (e.key === 'Enter' && items[selected]) { openAt(selected); e.preventDefault(); }
    },
  }, spacer, rowsHost);
  clear(root, header, scroller);
  new ResizeObserver(() => render()).observe(scroller);
  renderHeader();
  if (!mounted) on('summary', renderHeader);   // once, though a new sign-in mounts the list again
  mounted = true;
}

let mounted = false;

function chip(label, value, onPick, { active = false, iconName, id } = {}) {
  const button = h(`button.chip${active ? '.active' : ''}`, { type: 'button', id, 'aria-haspopup': 'listbox', 'aria-expanded': 'false' },
    active && iconName ? icon(iconName) : null, h('span', label), icon('chevronDown'));
  button.addEventListener('click', async () => {
    const choice = await value(button);
    if (choice !== null && choice !== undefined) onPick(choice);
  });
  return button;
}

function setFilter(key, value) {
  filters[key] = value;
  persist();
  reload();
  emit('filters', filters);
}

export function setView(view, teamID = '') {
  filters.view = view;
  filters.team_id = teamID;
  persist();
  reload();
  emit('filters', filters);
}

function renderHeader() {
  if (!header) return;
  header.querySelector('#view-title').textContent = viewTitle();
  countLabel.textContent = loading && !items.length ? 'Loading…' : `${items.length}${next ? '+' : ''}`;
  const statusNames = { active: 'Open', snoozed: 'Snoozed', done: 'Done', archived: 'Archived', all: 'Any status' };
  const ch = filters.channel_instance_id ? channel(filters.channel_instance_id) : null;
  clear(chips,
    chip(statusNames[filters.status], (b) => menu(b, Object.entries(statusNames).map(([value, label]) => ({ value, label, checked: filters.status === value })), { label: 'Status' }),
      (v) => setFilter('status', v), { active: filters.status !== 'active', iconName: 'checkCircle' }),
    chip(ch ? ch.name : 'Channel', (b) => menu(b, [{ value: '', label: 'Every channel', checked: !filters.channel_instance_id },
      ...state.channels.map((c) => ({ value: c.id, label: c.name, hint: c.plugin_id, checked: filters.channel_instance_id === c.id }))], { label: 'Channel', filter: state.channels.length > 6 }),
    (v) => setFilter('channel_instance_id', v), { active: !!ch, iconName: 'layers' }),
    chip(filters.team_id ? teamName(filters.team_id) : 'Team', (b) => menu(b, [{ value: '', label: 'Every team', checked: !filters.team_id },
      ...state.teams.map((t) => ({ value: t.id, label: t.name, checked: filters.team_id === t.id }))], { label: 'Team', filter: state.teams.length > 6 }),
    (v) => setFilter('team_id', v), { active: !!filters.team_id, iconName: 'users' }),
    chip(filters.tag ? `#${filters.tag}` : 'Tag', (b) => menu(b, [{ value: '', label: 'Any tag', checked: !filters.tag },
      ...state.tags.map((t) => ({ value: t, label: `#${t}`, checked: filters.tag === t }))], { label: 'Tag', filter: true }),
    (v) => setFilter('tag', v), { active: !!filters.tag, iconName: 'tag' }),
    chip({ '': 'Due', any: 'Answer due', overdue: 'Overdue', at_risk: 'About to be missed' }[filters.due], (b) => menu(b, [{ value: '', label: 'Any conversation', checked: !filters.due },
      { value: 'any', label: 'Answer due', checked: filters.due === 'any' }, { value: 'at_risk', label: 'About to be missed or missed', checked: filters.due === 'at_risk' },
      { value: 'overdue', label: 'Overdue', checked: filters.due === 'overdue' }], { label: 'Due' }),
    (v) => setFilter('due', v), { active: !!filters.due, iconName: 'clock', id: 'due-filter' }),
    chip({ response_due: 'Due first', next_due: 'Next due first' }[filters.sort] || 'Newest', (b) => menu(b, [{ value: 'updated', label: 'Newest first', checked: filters.sort === 'updated' },
      { value: 'response_due', label: 'Answer due first', checked: filters.sort === 'response_due' },
      { value: 'next_due', label: 'Answer or resolution due first', checked: filters.sort === 'next_due' }], { label: 'Sort' }),
    (v) => setFilter('sort', v), { active: filters.sort !== 'updated', iconName: 'clock', id: 'inbox-sort' }),
    chip(filters.topic || 'Topic', async (b) => menu(b, [{ value: '', label: 'Any topic', checked: !filters.topic },
      ...(await triageTopics()).map((t) => ({ value: t, label: t, checked: filters.topic === t }))], { label: 'Topic' }),
    (v) => setFilter('topic', v), { active: !!filters.topic, iconName: 'tag', id: 'topic-filter' }),
    chip(filters.draft ? 'AI draft ready' : 'Drafts', (b) => menu(b, [{ value: '', label: 'With or without a draft', checked: !filters.draft },
      { value: 'ready', label: 'AI draft ready', checked: filters.draft === 'ready' }], { label: 'AI drafts' }),
    (v) => setFilter('draft', v), { active: !!filters.draft, iconName: 'bot' }),
  );
}

function render() {
  if (!scroller) return;
  const started = performance.now();
  spacer.style.height = `${items.length * ROW}px`;
  const top = scroller.scrollTop, height = scroller.clientHeight || 600;
  const first = Math.max(0, Math.floor(top / ROW) - OVERSCAN);
  const last = Math.min(items.length, Math.ceil((top + height) / ROW) + OVERSCAN);
  if (!items.length && !loading) {
    clear(rowsHost, h('div.list-empty', icon('inbox'), h('p', filters.q ? `Nothing matches “${filters.q}”.` : 'No conversations here. Nice work.')));
  } else {
    // Reuse row elements by conversation id: only rows entering the window are built.
    const existing = new Map([...rowsHost.children].map((el) => [el.dataset.id, el]));
    const wanted = [];
    for (let i = first; i < last; i++) {
      const c = items[i];
      let el = existing.get(c.id);
      if (!el || el.__version !== rowVersion(c, i)) el = row(c, i);
      el.style.transform = `translateY(${i * ROW}px)`;
      el.setAttribute('aria-posinset', String(i + 1));
      wanted.push(el);
    }
    rowsHost.replaceChildren(...wanted);
    scroller.setAttribute('aria-activedescendant', items[selected] ? `row-${items[selected].id}` : '');
  }
  if (last >= items.length - 40 && next) loadMore();   // about five screens ahead: the next page is there before it is needed
  renderHeader();
  const ms = performance.now() - started;
  perf.renders++;
  perf.lastRenderMs = ms;
  perf.maxRenderMs = Math.max(perf.maxRenderMs, ms);
}

/** What a row shows, as one string: a row is rebuilt only when it changes. */
const rowVersion = (c, index) => [c.updated_at, c.status, c.assignee, c.tags.join(), c.response_due_at, c.sla?.state, c.next_due_at, c.resolution_sla?.state, c.topic, c.draft_ready,
  c.fields?.order_id, c.fields?.order_status, index === selected, c.id === openID].join('|');

function row(c, index) {
  // A conversation moved to a kind with no plugin yet has a channel without name or plugin: name the kind.
  const ch = c.channel?.plugin_id ? c.channel : channel(c.channel_instance_id);
  const name = c.contact?.display_name || c.contact?.identity?.value || 'Unknown customer';
  const waiting = c.status === 'active' && c.engagement === 'pending' && c.waiting_since;
  const preview = c.last_message ? previewText(c.last_message) : '';
  const who = c.last_message?.direction === 'outbound' ? (c.last_message.author_kind === 'stack' ? 'AI: ' : 'You: ') : '';
  const el = h(`div.row${index === selected ? '.selected' : ''}${c.id === openID ? '.open' : ''}${c.__new ? '.fresh' : ''}`, {
    id: `row-${c.id}`, role: 'option', 'aria-selected': index === selected ? 'true' : 'false', 'aria-setsize': String(items.length),
    'data-id': c.id, 'data-status': c.status, 'data-engagement': c.engagement,
    onclick: () => { select(index); openAt(index); },
  },
  h('div.row-icon', channelIcon(ch.plugin_id, `${ch.name || ch.id} (${ch.plugin_id || 'channel'})`)),
  h('div.row-main',
    h('div.row-top', h('span.row-name', name), c.priority === 'urgent' || c.priority === 'high' ? h(`span.priority.${c.priority}`, { title: `Priority ${c.priority}` }, icon('flag')) : null,
      h('time.row-time', { datetime: c.updated_at, title: new Date(c.updated_at).toLocaleString() }, ago(c.last_message?.created_at || c.updated_at))),
    // An Amazon buyer writes about an order: it leads the preview (the name and the pills leave no room).
    h('div.row-preview', orderTag(c, ch.plugin_id), who ? h('span.preview-who', who) : null, preview || h('span.muted', 'No messages yet')),
    h('div.row-meta',
      h(`span.pill.status-${c.status}`, { title: `Status: ${c.status}` }, { active: 'Open', snoozed: 'Snoozed', done: 'Done', archived: 'Archived' }[c.status]),
      waiting ? h('span.pill.waiting', { title: `Waiting since ${new Date(c.waiting_since).toLocaleString()}` }, icon('clock'), duration(Date.now() - Date.parse(c.waiting_since)))
        : h(`span.pill.engagement-${c.engagement}`, c.engagement === 'engaged' ? 'Replied' : 'Pending'),
      topicPill(c),
      duePill(...nearestDue(c)),
      c.agent_stack ? h('span.pill.stack', { title: `Agent Stack ${c.agent_stack}` }, icon('bot'), 'AI') : null,
      c.draft_ready ? h('span.pill.draft-ready', { title: 'An Agent Stack wrote a draft reply for you to review' }, icon('bot'), 'AI draft ready') : null,
      c.tags.slice(0, 2).map((t) => h('span.tag', `#${t}`)),
      c.tags.length > 2 ? h('span.tag', `+${c.tags.length - 2}`) : null,
      h('span.row-assignee', c.assignee ? [avatar(agentName(c.assignee), c.assignee), h('span.sr-only', `Assigned to ${agentName(c.assignee)}`)] : h('span.muted.small', c.team_id ? teamName(c.team_id) : '')))));
  el.__version = rowVersion(c, index);
  if (c.__new) setTimeout(() => { c.__new = false; }, 1500);
  return el;
}

// Selection and keyboard -------------------------------------------------------------------------

function select(index, scroll = false) {
  if (index < 0 || index >= items.length) return;
  selected = index;
  if (scroll) {
    const top = index * ROW;
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (top + ROW > scroller.scrollTop + scroller.clientHeight) scroller.scrollTop = top + ROW - scroller.clientHeight;
  }
  render();
}

function openAt(index) {
  const c = items[index];
  if (!c) return;
  emit('open', c.id);
}

/** j / k: the next or previous conversation, opened. */
export function move(delta) {
  if (!items.length) return;
  const from = selected < 0 ? (delta > 0 ? -1 : items.length) : selected;
  const to = Math.max(0, Math.min(items.length - 1, from + delta));
  select(to, true);
  openAt(to);
}

export function setOpen(id) {
  openID = id;
  const index = items.findIndex((c) => c.id === id);
  if (index >= 0) selected = index;
  render();
}

export function focusSearch() { searchInput?.focus(); searchInput?.select(); }
export function focusList() { scroller?.focus(); }
export const rowFor = (id) => items.find((c) => c.id === id);

// Counts are cheap (indexed) but not free: refresh them at most every 2 s.
export const refreshCounts = debounce(() => attempt(async () => { const s = await api.get('/inbox/summary'); Object.assign(state.counts, s.counts); state.tags = s.tags; emit('counts', state.counts); }), 2000);
