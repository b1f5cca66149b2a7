// The app: sign-in, the shell (navigation, list, conversation, rail, settings), the URL
// (/app, /app/c/<id>, /app/settings/<page>), the event stream and the keyboard.
import { api, setCsrfToken, onSignedOut } from './api.js';
import { h, clear, avatar, attempt, toast } from './dom.js';
import { icon } from './icons.js';
import { menu, closeMenu, dialog } from './ui.js';
import { state, on, emit, loadDirectory, isAdmin, actorName } from './state.js';
import { openStream } from './stream.js';
import * as inbox from './inbox.js';
import * as thread from './thread.js';
import * as composer from './composer.js';
import * as rail from './rail.js';
import * as settings from './settings.js';
import { bind, showHelp } from './keys.js';
import { codeForm, enrolmentPanel, showRecoveryCodes } from './two-factor.js';
import * as notifications from './notifications.js';
import { showPane } from './phone.js';
import * as callQueues from './calls/queue-panel.js';

const app = document.getElementById('app');
let stream = null;
let shell = null;       // {nav, listPane, threadPane, railPane, settingsPane}
let keysBound = false;

// Sign-in ----------------------------------------------------------------------------------------

function signIn(message) {
  stream?.close();
  stream = null;
  shell = null;
  document.title = 'Sign in · Switchboard';
  const email = h('input', { type: 'email', id: 'email', name: 'email', autocomplete: 'email', required: true, autofocus: true });
  const password = h('input', { type: 'password', id: 'password', name: 'password', autocomplete: 'current-password', required: true });
  const error = h('div.form-error', { role: 'alert', id: 'signin-error' }, message || '');
  const submit = h('button.button.primary.wide', { type: 'submit', id: 'signin' }, 'Sign in');
  const formEl = h('form.signin-card', { 'aria-labelledby': 'signin-title', novalidate: true },
    h('div.brand', h('span.brand-mark', { 'aria-hidden': 'true' }), h('span', 'Switchboard')),
    h('h1#signin-title', 'Sign in to your inbox'),
    h('div.field', h('label', { for: 'email' }, 'Email'), email),
    h('div.field', h('label', { for: 'password' }, 'Password'), password),
    error, submit,
    h('p.muted.small', 'Forgot it? An admin can set a new password in Settings › Teams & agents.'));
  formEl.addEventListener('submit', async (e) => {
    e.preventDefault();
    error.textContent = '';
    if (!email.value || !password.value) { error.textContent = 'Enter your email and password.'; return; }
    submit.disabled = true;
    submit.textContent = 'Signing in…';
    try {
      const answer = await api.post('/session', { email: email.value.trim(), password: password.value });
      if (answer.second_factor_required) {
        document.title = 'Two-factor sign-in · Switchboard';
        clear(app, h('main.signin-wrap', codeForm({ challenge: answer.challenge, onSignedIn: signedIn, onRestart: signIn })));
        return;
      }
      await signedIn(answer);
    } catch (err) {
      error.textContent = err.status === 401 ? 'That email and password do not match an active account.'
        : err.status === 429 ? 'Too many attempts. Wait a few minutes and try again.' : err.message;
      submit.disabled = false;
      submit.textContent = 'Sign in';
      password.select();
    }
  });
  app.className = 'signin';
  app.removeAttribute('aria-busy');
  clear(app, h('main.signin-wrap', formEl));
  email.focus();
}

/** A session (from the password, or the password and a code): the inbox, or enrolment first when required. */
async function signedIn(session) {
  setCsrfToken(session.csrf_token);
  state.me = session.agent;
  if (session.two_factor?.must_enrol) return enrolFirst();
  await start();
}

/** The admins require a second factor this person has not set up: nothing else until they do. */
function enrolFirst() {
  stream?.close();
  stream = null;
  shell = null;
  document.title = 'Set up two-factor sign-in · Switchboard';
  app.className = 'signin';
  app.removeAttribute('aria-busy');
  clear(app, h('main.signin-wrap', h('div.signin-card.wide',
    h('div.brand', h('span.brand-mark', { 'aria-hidden': 'true' }), h('span', 'Switchboard')),
    enrolmentPanel({ required: true, onDone: () => start() }),
    h('button.link-button', { type: 'button', onclick: signOut }, 'Sign out'))));
}

/** The person's own second factor, from their menu: set it up, or see what is left and renew the recovery codes. */
async function twoFactorDialog() {
  const status = await api.get('/me/two-factor').catch(() => null);
  if (!status) return;
  const body = h('div');
  let close = () => {};
  if (status.enabled) {
    clear(body, h('p', h('strong', 'Two-factor sign-in is on. '), `${status.recovery_codes_left} recovery codes left.`),
      h('p.muted.small', 'Lost your phone? An admin can reset your second factor.'),
      h('button.button', { type: 'button', id: 'renew-recovery', onclick: async () => {
        const done = await api.post('/me/two-factor/recovery-codes').catch((err) => toast(err.message, 'error'));
        if (done) showRecoveryCodes(body, done.recovery_codes, () => close());
      } }, 'New recovery codes'));
  } else {
    body.append(enrolmentPanel({ onDone: () => close() }));
  }
  await dialog({ title: 'Two-factor sign-in', content: body, wide: true, actions: [{ label: 'Close' }],
    onOpen: (el) => { close = () => el.close(); } });
}

onSignedOut(() => { if (shell) signIn('Your session ended. Sign in again.'); });

async function signOut() {
  await api.del('/session').catch(() => {});
  setCsrfToken('');
  state.me = null;
  history.replaceState(null, '', '/app');
  signIn('You are signed out.');
}

// The shell --------------------------------------------------------------------------------------

function navItem(view, label, iconName, count) {
  return h('button.nav-item', { type: 'button', 'data-view': view, onclick: () => { navigate('/app'); inbox.setView(view); } },
    icon(iconName), h('span.nav-label', label), count !== undefined ? h('span.count', { 'data-count': view }, String(count)) : null);
}

function renderNav() {
  const { nav } = shell;
  const me = state.me;
  const route = parseRoute();
  clear(nav,
    h('div.brand', h('span.brand-mark', { 'aria-hidden': 'true' }), h('span', 'Switchboard')),
    h('div.nav-group', { role: 'group', 'aria-label': 'Views' },
      navItem('mine', 'Mine', 'user', state.counts.mine),
      navItem('unassigned', 'Unassigned', 'inbox', state.counts.unassigned),
      navItem('mentioned', 'Mentions', 'at', state.counts.mentioned),
      navItem('all', 'All conversations', 'all')),
    state.teams.length ? h('div.nav-group', { role: 'group', 'aria-label': 'Teams' }, h('div.nav-heading', 'Teams'),
      state.teams.map((t) => h('button.nav-item', { type: 'button', 'data-team': t.id, onclick: () => { navigate('/app'); inbox.setView('all', t.id); } }, icon('users'), h('span.nav-label', t.name)))) : null,
    h('div.nav-spacer'),
    notifications.bell(),
    h('div.stream-status', { id: 'stream-status', role: 'status', 'data-status': state.streamStatus, title: 'Live updates' },
      h('span.dot', { 'aria-hidden': 'true' }), { live: 'Live', reconnecting: 'Reconnecting…', offline: 'Offline — retrying', connecting: 'Connecting…' }[state.streamStatus]),
    isAdmin() ? h(`button.nav-item${route.settings ? '.active' : ''}`, { type: 'button', id: 'nav-settings', onclick: () => navigate('/app/settings/channels') }, icon('settings'), h('span.nav-label', 'Settings')) : null,
    h('button.nav-item', { type: 'button', onclick: showHelp, 'aria-label': 'Keyboard shortcuts (?)' }, icon('keyboard'), h('span.nav-label', 'Shortcuts'), h('kbd', '?')),
    h('button.me', { type: 'button', id: 'me-menu', 'aria-haspopup': 'true', 'aria-expanded': 'false', onclick: (e) => meMenu(e.currentTarget) },
      avatar(me.name, me.id), h('span.me-text', h('strong', me.name), h(`span.presence.${me.availability}`, me.availability)), icon('chevronDown')));
  notifications.decorateNav(nav);
  markNav();
}

function markNav() {
  if (!shell) return;
  const route = parseRoute();
  for (const b of shell.nav.querySelectorAll('[data-view]')) {
    const active = !route.settings && b.dataset.view === inbox.filters.view && !inbox.filters.team_id;
    b.classList.toggle('active', active);
    b.setAttribute('aria-current', active ? 'page' : 'false');
  }
  for (const b of shell.nav.querySelectorAll('[data-team]')) b.classList.toggle('active', !route.settings && inbox.filters.team_id === b.dataset.team);
}

async function meMenu(anchor) {
  const choice = await menu(anchor, [
    { value: 'online', label: 'Online', icon: 'wifi', checked: state.me.availability === 'online', hint: 'routing assigns you' },
    { value: 'away', label: 'Away', icon: 'clock', checked: state.me.availability === 'away' },
    { value: 'offline', label: 'Offline', icon: 'power', checked: state.me.availability === 'offline' },
    { value: 'two-factor', label: 'Two-factor sign-in', icon: 'check' },
    { value: 'signout', label: 'Sign out', icon: 'logout' },
  ], { label: 'Your status' });
  if (choice === 'signout') return signOut();
  if (choice === 'two-factor') return twoFactorDialog();
  if (choice) {
    const updated = await attempt(() => api.patch('/me', { availability: choice }), `You are ${choice}`);
    if (updated) { state.me = updated.agent || updated; renderNav(); }
  }
}

function buildShell() {
  const nav = h('nav.sidebar', { 'aria-label': 'Main' });
  const listPane = h('section.list-pane', { 'aria-label': 'Inbox' });
  const threadPane = h('main.thread-pane', { id: 'thread' });
  const railPane = h('aside.rail.hidden', { 'aria-label': 'Details' });
  const settingsPane = h('div.settings-pane.hidden');
  app.className = 'shell';
  app.removeAttribute('aria-busy');
  clear(app, nav, listPane, threadPane, railPane, settingsPane);
  shell = { nav, listPane, threadPane, railPane, settingsPane };
  inbox.mount(listPane);
  listPane.prepend(callQueues.mount());
  thread.mount(threadPane, railPane);
  renderNav();
}

// Routing ----------------------------------------------------------------------------------------

function parseRoute(path = location.pathname) {
  const c = path.match(/^\/app\/c\/([^/]+)/);
  if (c) return { conversation: decodeURIComponent(c[1]) };
  const s = path.match(/^\/app\/settings(?:\/([^/]+))?/);
  if (s) return { settings: s[1] || 'channels' };
  return {};
}

export function navigate(path, { replace = false } = {}) {
  if (location.pathname !== path) history[replace ? 'replaceState' : 'pushState'](null, '', path);
  route();
}

function route() {
  if (!shell) return;
  closeMenu();
  const r = parseRoute();
  const inSettings = !!r.settings && isAdmin();
  shell.listPane.classList.toggle('hidden', inSettings);
  shell.threadPane.classList.toggle('hidden', inSettings);
  shell.railPane.classList.toggle('hidden', inSettings || !thread.currentID());
  shell.settingsPane.classList.toggle('hidden', !inSettings);
  showPane(!inSettings && r.conversation ? 'conversation' : 'list');
  if (inSettings) {
    document.title = 'Settings · Switchboard';
    settings.mount(shell.settingsPane, r.settings, navigate);
  } else if (r.conversation) {
    if (thread.currentID() !== r.conversation) { thread.open(r.conversation); notifications.markConversationRead(r.conversation); }
    inbox.setOpen(r.conversation);
    document.title = 'Switchboard';
  } else {
    if (thread.currentID()) thread.open(null);
    inbox.setOpen(null);
    document.title = `${inbox.viewTitle()} · Switchboard`;
  }
  renderNav();
}

window.addEventListener('popstate', route);
on('open', (id) => navigate(`/app/c/${encodeURIComponent(id)}`));
on('filters', markNav);
// Counts change often (every assignment): update the numbers in place, so the navigation keeps its focus.
function updateCounts() {
  if (!shell) return;
  for (const el of shell.nav.querySelectorAll('[data-count]')) el.textContent = String(state.counts[el.dataset.count] ?? 0);
}
on('counts', updateCounts);
on('summary', updateCounts);

// Live updates -----------------------------------------------------------------------------------

function handleEvent(event) {
  emit('stream-event', event);
  if (event.conversation_id) inbox.refreshSoon(event.conversation_id);
  if (/^conversation\.(created|assigned|unassigned|closed|reopened|archived|snoozed|woken|escalated)$|^agent\.mentioned$/.test(event.type)) inbox.refreshCounts();
  if (event.type === 'agent.mentioned' && event.agent_id === state.me?.id) {
    toast(`${actorName(event.actor)} mentioned you: “${event.data?.excerpt || ''}”`, 'info', 6000);
  }
}

function startStream() {
  stream?.close();
  stream = openStream({
    onEvent: handleEvent,
    onStatus: (status, { resumed } = {}) => {
      state.streamStatus = status;
      document.body.dataset.stream = status;
      const el = document.getElementById('stream-status');
      if (el) { el.dataset.status = status; el.lastChild.textContent = { live: 'Live', reconnecting: 'Reconnecting…', offline: 'Offline — retrying' }[status]; }
      // Back after an interruption: the stream replays what was missed; counts may have moved too.
      if (status === 'live' && resumed) { inbox.refreshCounts(); notifications.catchUp().catch(() => {}); }
    },
  });
}

// A page leaving (or going into the back/forward cache) ends its stream at once: an open
// EventSource would otherwise hold one of the browser's few connections to this host.
window.addEventListener('pagehide', () => { stream?.close(); stream = null; });
window.addEventListener('pageshow', (e) => { if (e.persisted && shell) { startStream(); inbox.reload(); } });

// Keyboard ---------------------------------------------------------------------------------------

function bindKeys() {
  if (keysBound) return;
  keysBound = true;
  const inConversation = (fn) => () => { if (thread.currentID() && !parseRoute().settings) fn(); };
  bind({
    next: () => inbox.move(1),
    previous: () => inbox.move(-1),
    search: () => { if (parseRoute().settings) navigate('/app'); inbox.focusSearch(); },
    viewMine: () => { navigate('/app'); inbox.setView('mine'); },
    viewUnassigned: () => { navigate('/app'); inbox.setView('unassigned'); },
    viewMentioned: () => { navigate('/app'); inbox.setView('mentioned'); },
    viewAll: () => { navigate('/app'); inbox.setView('all'); },
    settings: () => { if (isAdmin()) navigate('/app/settings/channels'); },
    reply: inConversation(() => composer.focus('reply')),
    note: inConversation(() => composer.focus('note')),
    close: inConversation(() => thread.runAction('close')),
    reopen: inConversation(() => thread.runAction('reopen')),
    snooze: inConversation(() => thread.runAction('snooze')),
    assign: inConversation(() => thread.runAction('assign')),
    tag: inConversation(() => thread.runAction('tag')),
    priority: inConversation(() => thread.runAction('priority')),
    escalate: inConversation(() => thread.runAction('escalate')),
    archive: inConversation(() => thread.runAction('archive')),
    move: inConversation(() => thread.runAction('move')),
    sidekick: inConversation(() => rail.focusSidekick()),
    customer: inConversation(() => rail.show('customer')),
    side: inConversation(() => rail.show('side')),
    help: showHelp,
  });
}

// Start ------------------------------------------------------------------------------------------

async function start() {
  await loadDirectory();
  buildShell();
  bindKeys();
  startStream();
  notifications.start(navigate).catch(() => {});
  await inbox.reload();
  route();
}

async function boot() {
  try {
    const me = await api.get('/me', {}, { quiet401: true });
    if (!me.csrf_token) throw new Error('no session');
    await signedIn(me);
  } catch (error) {
    signIn(error.status && error.status !== 401 ? error.message : '');
  }
}

boot();
