// The right rail of a conversation: the customer (identities on every channel, CRM fields, past
// conversations), Sidekick (knowledge, procedure, a suggested reply to insert) and side
// conversations (private threads by email or Slack with people outside the conversation).
import { api, seg } from './api.js';
import { h, clear, ago, fullTime, avatar, attempt, toast, previewText } from './dom.js';
import { icon, channelIcon } from './icons.js';
import { renderBody } from './markdown.js';
import { dialog, form } from './ui.js';
import { state, emit, channel, agentName, isAdmin } from './state.js';
import { dataRequestsCard } from './data-requests.js';
import { topicEditor } from './triage.js';
import * as composer from './composer.js';
import { slackTargetPicker } from './side-slack.js';

let root, body, tabs;
let ctx = null;               // {conversation, contact, messages}
let tab = localStorage.getItem('sb.rail') || 'customer';
let sidekickCache = null;     // {id, data}
let openSide = null;          // id of the side conversation shown

export function mount(container, current) {
  root = container;
  ctx = current;
  if (sidekickCache?.id !== ctx.conversation.id) sidekickCache = null;
  openSide = null;
  tabs = h('div.rail-tabs', { role: 'tablist', 'aria-label': 'Conversation details' },
    tabButton('customer', 'Customer', 'user'), tabButton('sidekick', 'Sidekick', 'sparkles'), tabButton('side', 'Side', 'mail', 'Side conversations'));
  body = h('div.rail-body', { role: 'tabpanel', id: 'rail-panel', tabindex: '-1' });
  clear(root, tabs, body);
  show(tab);
}

/** The conversation reloaded (the stream): refresh what shows it. */
export function update(current) {
  ctx = current;
  if (tab === 'customer') renderCustomer();
}

function tabButton(name, label, iconName, full = label) {
  return h('button.rail-tab', { type: 'button', role: 'tab', id: `rail-tab-${name}`, 'data-tab': name, 'aria-controls': 'rail-panel', 'aria-label': full, title: full, onclick: () => show(name) }, icon(iconName), h('span', label));
}

export function show(name) {
  if (!root || !ctx) return;
  tab = name;
  localStorage.setItem('sb.rail', name);
  for (const b of tabs.children) b.setAttribute('aria-selected', String(b.dataset.tab === name));
  body.setAttribute('aria-labelledby', `rail-tab-${name}`);
  if (name === 'customer') renderCustomer();
  else if (name === 'sidekick') renderSidekick();
  else renderSide();
}

// Customer ---------------------------------------------------------------------------------------

const kindIcon = (kind) => ({ email: 'mail', phone: 'phone', sms: 'sms', api: 'api', whatsapp: 'chat', chat: 'chat',
  messenger_psid: 'chat', instagram_igsid: 'chat' }[kind] || 'globe');
// Identity kinds named for people: a page-scoped Messenger id is "Messenger", not "messenger_psid".
const kindLabel = (kind) => ({ messenger_psid: 'Messenger', instagram_igsid: 'Instagram', whatsapp: 'WhatsApp' }[kind] || kind);

async function renderCustomer() {
  const contact = ctx.contact;
  const c = ctx.conversation;
  if (!contact) { clear(body, h('p.muted', 'No customer record.')); return; }
  const name = contact.display_name || contact.identities?.[0]?.value || 'Unknown customer';
  const attributes = Object.entries(contact.attributes || {});
  const fields = Object.entries(c.fields || {});
  const past = h('ul.past', h('li.muted', 'Loading…'));
  clear(body,
    h('section.card.customer',
      h('div.customer-head', avatar(name, contact.id), h('div', h('h3', name), h('div.muted.small', `Customer since ${new Date(contact.created_at).toLocaleDateString()}`)),
        h('button.icon-button', { type: 'button', 'aria-label': 'Edit customer name', title: 'Edit name', onclick: editName }, icon('edit'))),
      h('h4', 'Identities'),
      h('ul.identities', contact.identities.map((i) => h('li', icon(kindIcon(i.kind)), h('span.kind', { title: i.kind }, kindLabel(i.kind)), h('span.value', { title: i.value }, i.value)))),
      h('div.card-head', h('h4', 'CRM fields'), h('button.link-button', { type: 'button', onclick: editAttributes }, attributes.length ? 'Edit' : 'Add')),
      attributes.length ? h('dl.fields', attributes.map(([k, v]) => [h('dt', k), h('dd', String(v))])) : h('p.muted.small', 'No fields yet.')),
    h('section.card',
      h('div.card-head', h('h4', 'This conversation'), h('button.link-button', { type: 'button', onclick: editFields }, 'Edit fields')),
      h('dl.fields',
        h('dt', 'Started'), h('dd', fullTime(c.created_at)),
        h('dt', 'Topic'), h('dd', topicEditor(c, (updated) => { ctx.conversation = { ...c, ...updated }; renderCustomer(); })),
        fields.map(([k, v]) => [h('dt', k), h('dd', typeof v === 'object' ? JSON.stringify(v) : String(v))]))),
    h('section.card', h('h4', 'Past conversations'), past),
    isAdmin() ? dataRequestsCard(contact, () => emit('open', c.id)) : null);
  try {
    const list = await api.get(`/contacts/${seg(contact.id)}/conversations`, { limit: 20 });
    // A conversation moved to a planned kind ("sms") has no channel record: name the kind.
    const channelOf = (p) => (p.channel?.plugin_id ? p.channel : channel(p.channel_instance_id));
    clear(past, list.conversations.length ? list.conversations.map((p) => h(`li${p.id === c.id ? '.current' : ''}`,
      h('button.past-item', { type: 'button', onclick: () => emit('open', p.id), 'aria-current': p.id === c.id ? 'true' : null },
        channelIcon(channelOf(p).plugin_id), h('span.past-name', channelOf(p).name || p.channel_instance_id),
        h(`span.pill.status-${p.status}`, p.status), h('time.muted.small', ago(p.updated_at))))) : h('li.muted', 'None'));
  } catch (error) {
    clear(past, h('li.muted', error.message));
  }
}

async function editName() {
  const f = form([{ name: 'display_name', label: 'Name', value: ctx.contact.display_name || '' }]);
  await dialog({ title: 'Customer name', content: f.el, actions: [{ label: 'Cancel' }, { label: 'Save', primary: true, onclick: async () => {
    const updated = await attempt(() => api.patch(`/contacts/${seg(ctx.contact.id)}`, { display_name: f.values().display_name.trim() || null }), 'Saved');
    if (!updated) return false;
    ctx.contact = updated;
    renderCustomer();
    emit('contact-changed', updated);
    return true;
  } }] });
}

/** Key/value rows; saving sends only what changed (null removes a key). */
function keyValueEditor(entries) {
  const rows = h('div.kv-rows');
  const add = (k = '', v = '') => rows.append(h('div.kv-row',
    h('input', { type: 'text', value: k, placeholder: 'field', 'aria-label': 'Field name' }),
    h('input', { type: 'text', value: typeof v === 'object' ? JSON.stringify(v) : String(v), placeholder: 'value', 'aria-label': 'Value' }),
    h('button.icon-button', { type: 'button', 'aria-label': 'Remove field', onclick: (e) => e.currentTarget.parentElement.remove() }, icon('x'))));
  entries.forEach(([k, v]) => add(k, v));
  if (!entries.length) add();
  const el = h('div', rows, h('button.link-button', { type: 'button', onclick: () => add() }, icon('plus'), 'Add a field'));
  return {
    el,
    patch(original) {
      const now = {};
      for (const row of rows.children) {
        const [k, v] = [...row.querySelectorAll('input')].map((i) => i.value.trim());
        if (!k) continue;
        now[k] = v === 'true' ? true : v === 'false' ? false : v !== '' && !Number.isNaN(Number(v)) && k !== 'tier' ? Number(v) : v;
      }
      const patch = {};
      for (const k of Object.keys(original)) if (!(k in now)) patch[k] = null;
      for (const [k, v] of Object.entries(now)) if (original[k] !== v) patch[k] = v;
      return patch;
    },
  };
}

async function editAttributes() {
  const original = ctx.contact.attributes || {};
  const editor = keyValueEditor(Object.entries(original));
  await dialog({ title: 'CRM fields', content: h('div', h('p.muted.small', 'Free-form fields on the customer. "tier" is the account tier routing and Agent Stacks use.'), editor.el), actions: [
    { label: 'Cancel' },
    { label: 'Save', primary: true, onclick: async () => {
      const attributes = editor.patch(original);
      if (!Object.keys(attributes).length) return true;
      const updated = await attempt(() => api.patch(`/contacts/${seg(ctx.contact.id)}`, { attributes }), 'Saved');
      if (!updated) return false;
      ctx.contact = updated;
      renderCustomer();
      return true;
    } },
  ] });
}

async function editFields() {
  const original = ctx.conversation.fields || {};
  const editor = keyValueEditor(Object.entries(original));
  await dialog({ title: 'Conversation fields', content: editor.el, actions: [
    { label: 'Cancel' },
    { label: 'Save', primary: true, onclick: async () => {
      const fields = editor.patch(original);
      if (!Object.keys(fields).length) return true;
      const updated = await attempt(() => api.patch(`/conversations/${seg(ctx.conversation.id)}/fields`, { fields }), 'Saved');
      if (!updated) return false;
      const { changed, ...conversation } = updated;
      ctx.conversation = conversation;
      renderCustomer();
      return true;
    } },
  ] });
}

// Sidekick ---------------------------------------------------------------------------------------

async function renderSidekick(question) {
  const input = h('input', { type: 'search', id: 'sidekick-question', placeholder: 'Ask about this conversation…', 'aria-label': 'Ask Sidekick', value: question || '' });
  const results = h('div.sidekick-results', { 'aria-live': 'polite' });
  const ask = () => runSidekick(input.value.trim(), results);
  input.addEventListener('keydown', (e) => { if (e.key === 'Enter') { e.preventDefault(); ask(); } });
  clear(body, h('section.card.sidekick',
    h('div.card-head', h('h4', icon('sparkles'), 'Sidekick'), h('button.link-button', { type: 'button', onclick: ask }, 'Refresh')),
    h('p.muted.small', 'Answers from your knowledge base for the customer\'s latest messages, or for your question.'),
    h('div.ask-row', input, h('button.button', { type: 'button', onclick: ask }, 'Ask'))), results);
  if (sidekickCache?.id === ctx.conversation.id && !question) renderSidekickResult(sidekickCache.data, results);
  else runSidekick(question || '', results);
}

async function runSidekick(question, results) {
  const id = ctx.conversation.id;
  clear(results, h('div.loading', h('div.spinner'), 'Asking Sidekick…'));
  try {
    const data = await api.get(`/conversations/${seg(id)}/sidekick`, question ? { q: question } : {});
    if (ctx.conversation.id !== id) return;
    if (!question) sidekickCache = { id, data };
    renderSidekickResult(data, results);
  } catch (error) {
    clear(results, h('p.muted', error.message));
  }
}

function renderSidekickResult(data, results) {
  const s = data.suggested_reply;
  clear(results,
    data.topic ? h('div.topic', 'Topic ', h('strong', data.topic.name),
      data.topic.confidence !== null && data.topic.confidence !== undefined ? h('span.muted', ` · ${Math.round(data.topic.confidence * 100)}% sure`) : null) : null,
    s ? h('section.card.suggestion', { 'data-testid': 'suggested-reply' },
      h('div.card-head', h('h4', 'Suggested reply'), h('button.button.primary.small', { type: 'button', id: 'sidekick-insert', onclick: () => { composer.insert(s.text); toast('Inserted into your reply', 'success'); } }, icon('reply'), 'Insert')),
      renderBody(s.text, s.format)) : h('p.muted', 'No suggested reply: nothing in the knowledge base matches yet.'),
    data.procedure ? h('section.card.procedure', h('h4', icon('book'), data.procedure.name),
      h('ol', data.procedure.steps.map((step) => h('li', step)))) : null,
    data.matches?.length ? h('section.card', h('h4', 'Knowledge'),
      h('ul.matches', data.matches.map((m) => h('li', h('strong', m.title), m.heading && m.heading !== m.title ? h('span.muted', ` › ${m.heading}`) : null,
        h('p', m.text.length > 220 ? `${m.text.slice(0, 220)}…` : m.text),
        h('button.link-button', { type: 'button', onclick: () => composer.insert(m.text) }, 'Insert passage'))))) : null);
}

export function focusSidekick() {
  show('sidekick');
  document.getElementById('sidekick-question')?.focus();
}

// Side conversations -----------------------------------------------------------------------------

export function sideChanged() {
  if (tab === 'side') renderSide();
}

async function renderSide() {
  const id = ctx.conversation.id;
  if (openSide) return renderSideThread(openSide);
  clear(body, h('div.loading', h('div.spinner'), 'Loading…'));
  try {
    const list = await api.get(`/conversations/${seg(id)}/side-conversations`);
    if (ctx.conversation.id !== id || openSide) return;
    const archived = ctx.conversation.status === 'archived';
    clear(body,
      h('div.card-head', h('h4', 'Side conversations'),
        h('button.button.small', { type: 'button', id: 'side-new', onclick: startSide, disabled: archived }, icon('plus'), 'New')),
      h('p.muted.small', 'Private threads by email or Slack with people outside this conversation — a courier, a supplier, another team. The customer sees them only if you copy them.'),
      list.side_conversations.length ? h('ul.side-list', list.side_conversations.slice().reverse().map((s) => h('li',
        h('button.side-item', { type: 'button', onclick: () => { openSide = s.id; renderSide(); } },
          h('div.side-subject', icon(isSlack(s.channel_instance_id) ? 'chat' : 'mail'), h('strong', s.subject)),
          h('div.muted.small', s.participants.map((p) => `${p.role === 'cc' ? 'cc ' : ''}${p.name || p.address}`).join(', ')),
          h('time.muted.small', ago(s.last_message_at || s.created_at))))))
        : h('div.empty-small', icon('mail'), h('p', 'None yet.')));
  } catch (error) {
    clear(body, h('p.muted', error.message));
  }
}

let sidePoll = 0;

async function renderSideThread(sideID, polls = 0) {
  try {
    const s = await api.get(`/side-conversations/${seg(sideID)}`);
    if (openSide !== sideID || tab !== 'side') return;
    // What was being typed survives a redraw.
    const previous = document.getElementById('side-reply');
    const draft = previous?.value || '';
    const hadFocus = previous && document.activeElement === previous;
    const reply = h('textarea', { rows: 3, id: 'side-reply', 'aria-label': 'Reply in the side conversation', placeholder: 'Reply to the participants…' });
    reply.value = draft;
    const send = async () => {
      const text = reply.value.trim();
      if (!text) return;
      const ok = await attempt(() => api.post(`/side-conversations/${seg(sideID)}/messages`, { text, format: 'markdown' }), 'Sent');
      if (ok) { reply.value = ''; renderSideThread(sideID); }
    };
    reply.addEventListener('keydown', (e) => { if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') { e.preventDefault(); send(); } });
    const link = await providerLink(s);
    if (openSide !== sideID || tab !== 'side') return;
    clear(body,
      h('button.link-button.back', { type: 'button', onclick: () => { openSide = null; renderSide(); } }, '‹ All side conversations'),
      h('h3.side-title', s.subject),
      link ? h('a.side-open.small', { href: link, target: '_blank', rel: 'noopener', id: 'side-open' }, icon('external'), 'Open in Slack') : null,
      h('div.muted.small', 'With ', s.participants.map((p) => `${p.role === 'cc' ? 'cc ' : ''}${p.name ? `${p.name} <${p.address}>` : p.address}${p.customer ? ' (customer)' : ''}`).join(', '),
        ' · via ', channel(s.channel_instance_id).name || s.channel_instance_id),
      h('div.side-thread', s.messages.map((m) => h(`article.side-msg.${m.direction}`,
        h('div.msg-head',
          // A participant's picture from the host's file store (a Slack avatar), never an outside address.
          m.author_avatar_url?.startsWith('/') || m.author_avatar_url?.startsWith(location.origin)
            ? h('img.side-avatar', { src: m.author_avatar_url, alt: '', width: 20, height: 20 }) : null,
          h('strong', m.author_name || (m.direction === 'outbound' ? agentName(m.author_id) : m.author_id)),
          h('time', { title: fullTime(m.created_at) }, ago(m.created_at)),
          m.edited_at && !m.deleted_at ? h('span.muted.small', { title: `Edited ${fullTime(m.edited_at)}` }, '(edited)') : null,
          m.direction === 'outbound' ? h(`span.delivery.delivery-${m.delivery_status}`, { title: m.delivery_detail || '' }, m.delivery_status) : null),
        // Deleted where it was written (Slack): its words are gone here too.
        m.deleted_at ? h('p.muted.small.side-deleted', { title: `Deleted ${fullTime(m.deleted_at)}` }, 'This reply was deleted.')
          : [renderBody(m.text, m.format), renderSideAttachments(m.attachments)],
        // A refusal says what to do (invite the app, pick someone else, reconnect): shown, not only in a tooltip.
        m.delivery_status === 'failed' && m.delivery_detail ? h('p.side-failure', { role: 'note' }, icon('alert'), m.delivery_detail) : null))),
      ctx.conversation.status === 'archived' ? h('p.muted.small', 'The conversation is archived: side conversations are read-only.')
        : h('div.side-reply', reply, h('button.button.primary.small', { type: 'button', onclick: send }, icon('send'), 'Send')));
    if (hadFocus) reply.focus();
    // No event says a side message left (only that it was written or failed): while one waits, look again.
    clearTimeout(sidePoll);
    if (polls < 40 && s.messages.some((m) => m.direction === 'outbound' && m.delivery_status === 'queued')) {
      sidePoll = setTimeout(() => renderSideThread(sideID, polls + 1), 1500);
    }
  } catch (error) {
    clear(body, h('p.muted', error.message));
  }
}

const linkTemplates = new Map();   // channel instance → its message link template

/** Where a Slack side conversation's first message is in Slack ("Open in Slack"), from the link template its channel publishes. */
async function providerLink(s) {
  // The provider's own link to the thread's first message, when the channel gave one (ABI 1.3).
  const linked = s.messages.find((m) => m.direction === 'outbound' && m.provider_link);
  if (linked) return linked.provider_link;
  const first = s.messages.find((m) => m.direction === 'outbound' && m.provider_message_id);
  if (!first || !isSlack(s.channel_instance_id)) return null;
  if (!linkTemplates.has(s.channel_instance_id)) {
    try {
      const d = await api.get(`/channels/${seg(s.channel_instance_id)}/side-directory`);
      if (!d.message_link_template) return null;   // not published yet: asked again on the next redraw
      linkTemplates.set(s.channel_instance_id, d.message_link_template);
    } catch { return null; }
  }
  const template = linkTemplates.get(s.channel_instance_id);
  return template ? template.replace('{provider_message_id}', first.provider_message_id) : null;
}

/** Files a participant sent (a Slack reply's files, an email's attachments), from the host's file store. */
function renderSideAttachments(attachments) {
  if (!Array.isArray(attachments) || !attachments.length) return null;
  return h('div.side-files', attachments.map((a) => h('a.chip', { href: a.url, target: '_blank', rel: 'noopener' }, icon('paperclip'), h('span', a.name || 'file'))));
}

const isSlack = (instanceID) => channel(instanceID)?.plugin_id === 'slack';

async function startSide() {
  const carriers = state.channels.filter((c) => c.side_conversations);
  if (!carriers.length) { toast('No channel carries side conversations: an admin adds an email or Slack channel in Settings.', 'error', 7000); return; }
  const own = carriers.find((c) => c.id === ctx.conversation.channel_instance_id);
  const addresses = (text) => text.split(/[,;\s]+/).map((a) => a.trim()).filter(Boolean).map((address) => ({ address }));
  const f = form([
    { name: 'to', label: 'To', type: 'text', placeholder: 'courier@example.com, …', required: true },
    { name: 'cc', label: 'Cc', type: 'text', placeholder: 'optional' },
    { name: 'subject', label: 'Subject', required: true, value: previewText(ctx.messages?.filter((m) => m.direction === 'inbound').slice(-1)[0])?.slice(0, 60) || '' },
    { name: 'text', label: 'Message', type: 'textarea', rows: 6, required: true },
    { name: 'cc_customer', label: 'Copy the customer (they will see this thread)', type: 'checkbox' },
    { name: 'channel_instance_id', label: 'Send from', type: 'select', value: (own || carriers[0]).id, options: carriers.map((c) => [c.id, `${c.name} (${c.plugin_id})`]) },
  ]);
  // Over Slack the participants are people or a channel of the workspace, not addresses, and the customer cannot be copied.
  const picker = slackTargetPicker();
  const carrier = f.input('channel_instance_id');
  carrier.closest('.field').after(picker.el);
  const rowOf = (name) => f.input(name).closest('.field');
  const fit = () => {
    const slack = isSlack(carrier.value);
    for (const name of ['to', 'cc', 'cc_customer']) { rowOf(name).classList.toggle('hidden', slack); f.input(name).required = !slack && name === 'to'; }
    picker.el.classList.toggle('hidden', !slack);
    if (slack) picker.load(carrier.value);
  };
  carrier.addEventListener('change', fit);
  fit();
  await dialog({ title: 'New side conversation', wide: true, content: f.el, actions: [
    { label: 'Cancel' },
    { label: 'Start', primary: true, onclick: async () => {
      const v = f.values();
      const slack = isSlack(v.channel_instance_id);
      const to = addresses(v.to);
      const target = slack ? picker.value() : null;
      if (slack && !target) return false;
      if (!slack && !to.length) { f.error({ field: 'to', message: 'Give at least one address' }); return false; }
      try {
        const created = await api.post(`/conversations/${seg(ctx.conversation.id)}/side-conversations`, slack ? {
          subject: v.subject.trim(), slack: target, text: v.text.trim(), format: 'markdown', channel_instance_id: v.channel_instance_id,
        } : {
          subject: v.subject.trim(), to, cc: addresses(v.cc), text: v.text.trim(), format: 'markdown',
          cc_customer: v.cc_customer, channel_instance_id: v.channel_instance_id,
        });
        toast('Side conversation started', 'success');
        openSide = created.id;
        renderSide();
        return true;
      } catch (error) {
        if (!picker.error(error) && !f.error(error)) toast(error.message, 'error', 6000);
        return false;
      }
    } },
  ] });
}
