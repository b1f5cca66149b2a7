// One conversation: its header and actions, and the unified thread. Messages of every channel are
// one timeline; each says which channel it travelled on, channel switches and handovers from an
// Agent Stack appear where they happened, and internal notes (the team's comments, the stacks'
// notes) look nothing like what the customer sees.
import { api, seg } from './api.js';
import { h, clear, clockTime, fullTime, avatar, debounce, attempt, announce, previewText } from './dom.js';
import { icon, channelIcon } from './icons.js';
import { renderBody } from './markdown.js';
import { state, on, emit, channel, agentName, teamName, actorName } from './state.js';
import * as actions from './actions.js';
import * as composer from './composer.js';
import { isAmazonContext, orderCard, amazonReplyNote } from './amazon.js';
import * as rail from './rail.js';
import { attachmentList } from './attachments.js';
import { moveToChannel } from './move-channel.js';
import { waitingExplanation } from './channel-kinds.js';
import { phoneHeaderButtons } from './phone.js';
import { callEventTypes, gatherCalls, callCard, callEventLine, transcriptNode, transcriptOf, loadQueueNames } from './calls/call-thread.js';

let host, headerEl, timelineEl, composerEl, railEl;
let current = null;        // {conversation, contact, messages, events}
let loadToken = 0;
let listening = false;
let opening = null;        // the conversation open() is loading: its events meanwhile mean a reload after
let changedWhileOpening = false;
let calls = gatherCalls([], []);   // the calls in the thread (calls/call-thread.js)

export const currentID = () => current?.conversation.id || null;
export const currentConversation = () => current?.conversation || null;

export function mount(container, railContainer) {
  host = container;
  railEl = railContainer;
  showEmpty();
  if (listening) return;   // once, though a new sign-in mounts the thread again
  listening = true;
  on('stream-event', (event) => {
    if (opening && event.conversation_id === opening) changedWhileOpening = true;
    if (!current || event.conversation_id !== current.conversation.id) return;
    if (event.type.startsWith('side_conversation.')) rail.sideChanged(event);
    else refreshSoon();
  });
}

function showEmpty() {
  current = null;
  clear(host, h('div.empty-state', icon('inbox'), h('h2', 'Pick a conversation'),
    h('p', 'Use ', h('kbd', 'j'), ' and ', h('kbd', 'k'), ' to move through the list, ', h('kbd', '?'), ' for every shortcut.')));
  clear(railEl);
  railEl.classList.add('hidden');
}

export async function open(id) {
  if (!id) return showEmpty();
  const token = ++loadToken;
  opening = id;
  changedWhileOpening = false;
  if (current?.conversation.id !== id) {
    clear(host, h('div.loading', { 'aria-busy': 'true' }, h('div.spinner'), 'Loading conversation…'));
  }
  try {
    const data = await load(id);
    if (token !== loadToken) return;
    current = data;
    build();
    // What happened while it loaded (a call answered as it opened) may not be in what was read.
    if (changedWhileOpening) refreshSoon();
  } catch (error) {
    if (token !== loadToken) return;
    clear(host, h('div.empty-state', icon('alert'), h('h2', error.status === 404 ? 'Not found' : 'Could not load'),
      h('p', error.status === 404 ? 'This conversation does not exist, or you may not see it.' : error.message)));
    clear(railEl);
  } finally {
    if (token === loadToken) opening = null;
  }
}

// A long conversation comes in pages (the conversation answers with its first 500 messages, events
// come 500 at a time): read on to the end, within a bound.
const MAX_ITEMS = 5000;

async function rest(path, key, first, pageSize) {
  const items = first;
  while (items.length && items.length % pageSize === 0 && items.length < MAX_ITEMS) {
    const page = (await api.get(path, { after: items[items.length - 1].id, limit: pageSize }))[key];
    items.push(...page);
    if (page.length < pageSize) break;
  }
  return items;
}

/** Someone is looking at it: its channel may tell the customer (WhatsApp's blue ticks, when set). */
function markViewed(id) {
  if (document.visibilityState !== 'visible') return;
  api.post(`/conversations/${seg(id)}/viewed`).catch(() => { /* best effort, like typing */ });
}

async function load(id) {
  const [conversation, events] = await Promise.all([
    api.get(`/conversations/${seg(id)}`),
    api.get(`/conversations/${seg(id)}/events`),
    loadQueueNames(),
  ]);
  const { messages, contact, ...rest_ } = conversation;
  markViewed(id);
  return {
    conversation: rest_, contact,
    messages: await rest(`/conversations/${seg(id)}/messages`, 'messages', messages, 500),
    events: await rest(`/conversations/${seg(id)}/events`, 'events', events.events, 500),
  };
}

/** Something about the open conversation changed (the stream told us): reload it, keeping the scroll. */
const refreshSoon = debounce(async () => {
  if (!current) return;
  const id = current.conversation.id;
  const token = loadToken;
  try {
    const data = await load(id);
    if (token !== loadToken || current?.conversation.id !== id) return;
    const atBottom = timelineEl.scrollHeight - timelineEl.scrollTop - timelineEl.clientHeight < 80;
    const previous = timelineEl.scrollTop;
    const known = new Set(current.messages.map((m) => m.id));
    for (const m of data.messages) {
      if (!known.has(m.id) && m.direction === 'inbound') announce(`New message from ${data.contact?.display_name || 'the customer'}: ${previewText(m)}`);
    }
    current = data;
    renderHeader();
    renderTimeline();
    timelineEl.scrollTop = atBottom ? timelineEl.scrollHeight : previous;
    composer.update(current.conversation, current.contact, current);
    rail.update(current);
  } catch { /* next event tries again */ }
}, 150);

export const refresh = refreshSoon;

function build() {
  headerEl = h('header.thread-header');
  // Not a live region: the thread is redrawn on every change; new customer messages are announced instead.
  timelineEl = h('div.timeline', { role: 'log', 'aria-label': 'Conversation thread', 'aria-live': 'off', tabindex: '-1' });
  composerEl = h('div.composer-host');
  clear(host, headerEl, timelineEl, composerEl);
  renderHeader();
  renderTimeline();
  composer.mount(composerEl, current.conversation, { onSent: () => refreshSoon(), contact: current.contact, thread: current });
  railEl.classList.remove('hidden');
  rail.mount(railEl, current);
  // The rail changes the columns' widths, and so the thread's height: scroll once laid out.
  timelineEl.scrollTop = timelineEl.scrollHeight;
  requestAnimationFrame(() => { timelineEl.scrollTop = timelineEl.scrollHeight; });
}

// Header and actions -----------------------------------------------------------------------------

/** Apply an action's answer (the updated conversation) at once; the stream confirms it. */
function applied(result) {
  if (!result || !current) return;
  const { changed, ...conversation } = result;
  current.conversation = { ...current.conversation, ...conversation };
  renderHeader();
  composer.update(current.conversation, current.contact);
  emit('conversation-changed', current.conversation);
  refreshSoon();
}

function actionButton(name, label, shortcut, iconName, handler, extra = {}) {
  const b = h(`button.action${extra.primary ? '.primary' : ''}${extra.compact ? '.compact' : ''}`, {
    type: 'button', 'data-action': name, 'aria-label': `${label} (${shortcut})`, title: `${label} — ${shortcut}`,
    'aria-haspopup': extra.menu ? 'true' : null, 'aria-expanded': extra.menu ? 'false' : null,
    disabled: extra.disabled,
  }, icon(iconName), h('span', label));
  b.addEventListener('click', async () => applied(await handler(current.conversation, b)));
  return b;
}

export function renderHeader() {
  const c = current.conversation;
  const contact = current.contact;
  const ch = channel(c.channel_instance_id);
  const archived = c.status === 'archived';
  const name = contact?.display_name || contact?.identities?.[0]?.value || 'Unknown customer';
  const phone = phoneHeaderButtons();
  clear(headerEl,
    h('div.thread-title',
      phone.back,
      avatar(name, contact?.id),
      h('div.thread-names',
        h('h2#thread-customer', name),
        h('div.thread-sub',
          h(`span.channel-chip${ch.planned ? '.planned' : ''}`, { title: ch.planned ? waitingExplanation(ch) : null, 'data-testid': 'channel' },
            channelIcon(ch.plugin_id), ch.name || ch.id, ch.planned ? h('span.chip-note', 'not installed yet') : null),
          h(`span.pill.status-${c.status}`, { 'data-testid': 'status' }, { active: 'Open', snoozed: `Snoozed${c.snoozed_until ? ` until ${fullTime(c.snoozed_until)}` : ''}`, done: 'Done', archived: 'Archived' }[c.status]),
          h(`span.pill.priority-${c.priority}`, icon('flag'), c.priority),
          c.assignee ? h('span.assignee', avatar(agentName(c.assignee), c.assignee), agentName(c.assignee))
            : c.agent_stack ? h('span.assignee', icon('bot'), `Agent Stack ${c.agent_stack}`)
              : h('span.assignee.muted', c.team_id ? `${teamName(c.team_id)} queue` : 'Unassigned'),
          h('span.tags', { 'data-testid': 'tags' }, c.tags.map((t) => h('span.tag', `#${t}`))))),
      phone.details),
    h('div.thread-actions', { role: 'toolbar', 'aria-label': 'Conversation actions' },
      actionButton('assign', 'Assign', 'a', 'user', actions.assign, { menu: true, disabled: archived }),
      actionButton('tag', 'Tag', 't', 'tag', actions.tag, { menu: true, disabled: archived }),
      actionButton('snooze', 'Snooze', 's', 'clock', actions.snooze, { menu: true, disabled: archived }),
      c.status === 'done' || c.status === 'snoozed'
        ? actionButton('reopen', 'Reopen', 'Shift+E', 'rotate', actions.reopen, { disabled: archived })
        : actionButton('close', 'Close', 'e', 'checkCircle', actions.close, { primary: true, disabled: archived }),
      // The icon-only actions stay together: in a narrow header they wrap as one group, not one by one.
      h('span.action-group',
        actionButton('move', 'Move to another channel', 'm', 'arrowSwitch', (conversation) => moveToChannel(conversation, current.contact), { disabled: archived, compact: true }),
        actionButton('priority', 'Priority', 'p', 'flag', actions.priority, { menu: true, disabled: archived, compact: true }),
        actionButton('escalate', 'Escalate', '!', 'alert', actions.escalate, { disabled: archived, compact: true }),
        actionButton('archive', 'Archive', 'y', 'archive', actions.archive, { disabled: archived, compact: true }))));
}

/** Run an action by name (keyboard shortcuts). */
export function runAction(name) {
  if (!current) return;
  const button = headerEl.querySelector(`[data-action="${name}"]`);
  if (button && !button.disabled) button.click();
}

// The thread -------------------------------------------------------------------------------------

// Events worth a line in the thread; the rest (message.*, comment.created, stack.turn…) are the
// messages themselves or bookkeeping.
const shown = new Set(['conversation.assigned', 'conversation.unassigned', 'conversation.queued', 'conversation.tagged', 'conversation.untagged',
  'conversation.snoozed', 'conversation.woken', 'conversation.closed', 'conversation.reopened', 'conversation.archived',
  'conversation.escalated', 'conversation.priority_changed', 'conversation.channel_switched', 'conversation.contact_changed',
  'stack.handover', 'side_conversation.started', 'amazon.order_context']);

function renderTimeline() {
  calls = gatherCalls(current.messages, current.events);
  const entries = [
    ...current.messages.filter((m) => !calls.folded.has(m.id)).map((m) => ({ at: m.created_at, order: 0, id: m.id, message: m })),
    ...current.events.filter((e) => shown.has(e.type) || (callEventTypes.has(e.type) && !calls.absorbed.has(e.id))).map((e) => ({ at: e.created_at, order: e.type === 'conversation.channel_switched' ? -1 : 1, id: e.id, event: e })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.order - b.order || a.id - b.id));
  // At the same millisecond (one transaction: a stack's note, its reply, the handover) messages come
  // first, except after a switch: its notice, written in the same transaction, went out on the new channel.
  const nodes = [];
  let lastDay = '';
  let channelNow = null;
  for (const entry of entries) {
    const day = new Date(entry.at).toDateString();
    if (day !== lastDay) { nodes.push(h('div.day', h('span', new Date(entry.at).toLocaleDateString(undefined, { weekday: 'long', month: 'long', day: 'numeric' })))); lastDay = day; }
    if (entry.event) {
      if (entry.event.type === 'conversation.channel_switched') channelNow = entry.event.data.to;
      // The order a pending look-up fetched later: the same card as on the buyer's message.
      if (entry.event.type === 'amazon.order_context') { nodes.push(h('div.event-card', orderCard({ ...entry.event.data, amazon: {} }))); continue; }
      if (callEventTypes.has(entry.event.type)) { nodes.push(callEventLine(entry.event)); continue; }
      nodes.push(eventLine(entry.event));
      continue;
    }
    const m = entry.message;
    if (m.direction !== 'internal') {
      // A customer-facing message on another channel than the last one, without a recorded switch (a merge).
      if (channelNow && m.channel_instance_id !== channelNow) nodes.push(switchLine(channelNow, m.channel_instance_id, m.created_at));
      channelNow = m.channel_instance_id;
    }
    const call = calls.cards.get(m.id);
    nodes.push(call ? callCard(m, call, current.contact?.display_name || 'the customer') : messageNode(m));
  }
  if (!nodes.length) nodes.push(h('div.empty-thread', 'No messages yet.'));
  clear(timelineEl, nodes);
}

function channelChip(id) {
  const ch = channel(id);
  return h('span.msg-channel', { title: `Sent over ${ch.name || id} (${ch.plugin_id || 'channel'})` }, channelIcon(ch.plugin_id), ch.name || id);
}

function messageNode(m) {
  const contactName = current.contact?.display_name || 'Customer';
  if (m.direction === 'internal') {
    const stackNote = m.author_kind === 'stack';
    return h(`article.note${stackNote ? '.stack-note' : ''}`, { 'data-message-id': m.id, 'aria-label': stackNote ? 'Agent Stack note' : 'Internal note' },
      h('div.msg-head', icon(stackNote ? 'bot' : 'note'),
        h('strong', stackNote ? `Agent Stack ${m.author_id || ''}`.trim() : agentName(m.author_id)),
        h('span.note-label', { title: 'Only the team sees this; it is never sent to the customer' }, stackNote ? 'Stack note' : 'Internal note'),
        h('time', { datetime: m.created_at, title: fullTime(m.created_at) }, clockTime(m.created_at))),
      highlightMentions(renderBody(m.text, m.format)));
  }
  const inbound = m.direction === 'inbound';
  const author = inbound ? contactName : m.author_kind === 'stack' ? `AI · ${m.author_id || 'Agent Stack'}` : (m.author_id ? agentName(m.author_id) : 'Team');
  const status = !inbound ? h(`span.delivery.delivery-${m.delivery_status}`, { title: m.delivery_detail || m.delivery_status },
    m.delivery_status === 'failed' ? icon('alert') : m.delivery_status === 'queued' ? icon('clock') : icon('check'), m.delivery_status) : null;
  // Why a reply has not left yet ("waiting on channel sms (no sms plugin is installed yet)"): worth reading without hovering.
  const waitingFor = !inbound && m.delivery_status === 'queued' && m.delivery_detail ? h('span.delivery-detail', m.delivery_detail) : null;
  return h(`article.msg.${inbound ? 'in' : 'out'}${m.author_kind === 'stack' ? '.by-stack' : ''}`, { 'data-message-id': m.id },
    h('div.msg-head', inbound ? null : (m.author_kind === 'stack' ? icon('bot') : null), h('strong', author), channelChip(m.channel_instance_id),
      // The provider's time when the channel gave one (a Messenger message written before a delayed webhook).
      h('time', { datetime: m.sent_at || m.created_at, title: fullTime(m.sent_at || m.created_at) }, clockTime(m.sent_at || m.created_at)),
      // The customer edited it at the provider (Telegram): the text is the edited one.
      m.edited_at && !m.deleted_at ? h('span.muted.small', { title: `Edited ${fullTime(m.edited_at)}` }, '(edited)') : null),
    m.deleted_at ? h('div.bubble.unsent', { title: `Unsent ${fullTime(m.deleted_at)}` }, 'The customer unsent this message.') :
    h('div.bubble', m.text ? renderBody(m.text, m.format) : null,
      attachmentList(m.attachments, inbound ? { onRefetch: () => refetchMedia(m) } : {}),
      transcriptNode(calls.transcripts.get(m.id) || transcriptOf(m)),
      m.rich?.story ? storyNode(m.rich.story) : isAmazonContext(m.rich) ? orderCard(m.rich) : amazonReplyNote(m.rich) || (isComponent(m.rich) ? h('div.rich', icon('layers'), `Rich content: ${m.rich.type || 'card'}`) : null)),
    status ? h('div.msg-foot', aiDrafted(m), status, waitingFor) : null);
}

/** A reply sent from an Agent Stack's draft (draft mode): who drafted it, who approved it, edited or not. */
function aiDrafted(m) {
  const d = m.ai_draft;
  if (!d) return null;
  const approver = d.approved_by?.startsWith('agent:') ? agentName(d.approved_by.slice(6)) : d.approved_by;
  return h('span.ai-drafted', { title: `Drafted by ${d.stack_id ? `Agent Stack ${d.stack_id}` : 'an integration'}, approved by ${approver}` },
    icon('bot'), d.edited ? `AI draft, edited by ${approver}` : `AI draft, approved by ${approver}`);
}

/** An agent asks the receiving channel to download a customer's media again; true when asked. */
function refetchMedia(m) {
  return attempt(() => api.post(`/conversations/${seg(m.conversation_id)}/messages/${m.id}/refetch-media`),
    'Asked the channel to fetch it again').then((answer) => !!answer);
}

/** Rich content that is a component (a card, buttons), not what a channel noted about a message:
 *  the button a customer tapped, the ad or link they came from, the message they answered. */
const channelNotes = new Set(['referral', 'quick_reply', 'postback', 'reply_to', 'story', 'transcript']);
function isComponent(rich) { return !!rich && Object.keys(rich).some((key) => !channelNotes.has(key)); }

/** An Instagram story the customer mentioned us in or answered: Meta forbids keeping its media, so
 *  it is shown from Meta's link while the story lives (24 h) and as a placeholder after. */
function storyNode(story) {
  const live = story.url && (!story.expires_at || Date.parse(story.expires_at) > Date.now());
  const label = story.kind === 'mention' ? 'Story mention' : 'Reply to a story';
  if (!live) return h('div.story.expired', icon('clock'), `${label} · the story has expired`);
  return h('div.story', h('a', { href: story.url, target: '_blank', rel: 'noopener noreferrer' }, icon('layers'), ` ${label} · view while it lives`),
    story.expires_at ? h('span.muted.small', ` (until ${fullTime(story.expires_at)})`) : null);
}

/** @handles of teammates in a note, marked (the text stays text nodes). */
function highlightMentions(body) {
  const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT);
  const texts = [];
  while (walker.nextNode()) texts.push(walker.currentNode);
  const handles = new Set(state.agents.map((a) => a.handle));
  for (const node of texts) {
    const parts = node.textContent.split(/(@[\w.-]+)/);
    if (parts.length === 1) continue;
    node.replaceWith(...parts.map((part) => (part.startsWith('@') && handles.has(part.slice(1).replace(/\.$/, '')) ? h('span.mention', part) : part)));
  }
  return body;
}

/** Who moved it and why, from the event's reason: an agent, the customer (in the widget), or the idle fallback. */
function switchCause(actor, reason) {
  if (reason === 'customer') return ' by the customer';
  if (reason === 'idle') return ' automatically: the customer went idle';
  const who = actor ? ` by ${actorName(actor)}` : '';
  return !reason || reason === 'agent' ? who : `${who} (${reason})`;
}

/** A move between channels: recorded (an event, with its cause) or seen in the messages (a merge). */
function switchLine(from, to, at, { actor = null, reason = null, waiting = null, recorded = false } = {}) {
  const target = channel(to);
  return h('div.divider.switch', { role: 'note', 'data-to': to },
    icon('arrowSwitch'),
    h('div.switch-text',
      h('span', recorded ? 'Moved from ' : 'Channel switched from ', h('strong', channel(from).name || from), ' to ', h('strong', target.name || to),
        recorded ? switchCause(actor, reason) : ''),
      // Waiting on a kind with no plugin yet: the agent should know replies are not reaching the customer.
      waiting ? h('span.switch-waiting', icon('clock'), `No ${target.planned ? target.name : waiting} plugin was installed: replies wait in the outbox until one is.`) : null),
    h('time', { datetime: at, title: fullTime(at) }, clockTime(at)));
}

function eventLine(e) {
  const d = e.data || {};
  const who = actorName(e.actor);
  if (e.type === 'conversation.channel_switched') {
    return switchLine(d.from, d.to, e.created_at, { actor: e.actor, reason: d.reason, waiting: d.waiting_for_plugin, recorded: true });
  }
  if (e.type === 'stack.handover') {
    return h('div.handover', { role: 'note' },
      h('div.handover-head', icon('handover'), h('strong', 'Handed over to people'), h('time', clockTime(e.created_at))),
      h('p', d.explanation || d.reason || 'The Agent Stack handed the conversation over.'),
      h('div.handover-facts',
        d.reason ? h('span.pill', `reason: ${d.reason}`) : null,
        d.topic ? h('span.pill', `topic: ${d.topic}${d.confidence !== undefined && d.confidence !== null ? ` (${Math.round(d.confidence * 100)}%)` : ''}`) : null,
        d.handover_team ? h('span.pill', `team: ${teamName(d.handover_team)}`) : null,
        d.stack_id ? h('span.pill', `stack: ${d.stack_id}`) : null));
  }
  const text = {
    'conversation.assigned': d.agent_id ? `${who} assigned it to ${agentName(d.agent_id)}` : d.agent_stack ? `${who} gave it to Agent Stack ${d.agent_stack}` : `${who} assigned it`,
    'conversation.unassigned': `${who} unassigned it`,
    'conversation.queued': `Waiting in the ${teamName(d.team_id)} queue`,
    'conversation.tagged': `${who} tagged it ${(d.tags || []).map((t) => `#${t}`).join(' ')}`,
    'conversation.untagged': `${who} removed #${d.tag}`,
    'conversation.snoozed': `${who} snoozed it until ${fullTime(d.until)}`,
    'conversation.woken': 'The snooze ended',
    'conversation.closed': `${who} closed it`,
    'conversation.reopened': `${e.actor === 'system' ? 'The customer wrote again: reopened' : `${who} reopened it`}`,
    'conversation.archived': `${who} archived it`,
    'conversation.escalated': `${who} escalated it (priority ${d.to_priority})${d.reason ? `: “${d.reason}”` : ''}`,
    'conversation.priority_changed': `${who} set priority ${d.to}`,
    'conversation.contact_changed': 'The customer was merged with another contact',
    'side_conversation.started': `${who} started a side conversation${d.subject ? `: “${d.subject}”` : ''}`,
  }[e.type] || e.type;
  const iconName = { 'conversation.tagged': 'tag', 'conversation.untagged': 'tag', 'conversation.snoozed': 'clock', 'conversation.woken': 'clock',
    'conversation.closed': 'checkCircle', 'conversation.reopened': 'rotate', 'conversation.archived': 'archive', 'conversation.escalated': 'alert',
    'conversation.priority_changed': 'flag', 'side_conversation.started': 'mail' }[e.type] || 'user';
  return h('div.event', { 'data-event': e.type }, icon(iconName), h('span', text), h('time', { title: fullTime(e.created_at) }, clockTime(e.created_at)));
}

export function focusTimeline() { timelineEl?.focus(); }
export { attempt };
