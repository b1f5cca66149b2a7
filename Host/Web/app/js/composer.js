// The editor under the thread: a reply to the customer (Markdown: the host fits it to each
// channel, down to plain text for SMS) or an internal note for the team (with @mentions).
// Typing "/" offers snippets, rendered for this conversation; "@" in a note offers teammates.
// Attachments are links ({name, url}): the API stores references, not files.
import { api, seg } from './api.js';
import { h, clear, attempt, toast } from './dom.js';
import { icon, channelIcon } from './icons.js';
import { dialog, form } from './ui.js';
import { state, channel, loadSnippets } from './state.js';
import { agentTyped } from './typing-signal.js';
import { waitingExplanation } from './channel-kinds.js';
import { customerTypingSlot } from './customer-typing.js';
import { replyWindowNote, replyWindowAllows } from './reply-window.js';
import { segmentMeter, SMS_PLUGINS } from './sms-segments.js';
import { smsConsentNote, smsConsentAllows } from './sms-consent.js';
import { TEMPLATE_PLUGINS, openTemplateDialog } from './whatsapp-templates.js';
import { AMAZON_PLUGINS, amazonTools } from './amazon.js';
import { dueNote } from './response-due.js';
import { draftBar, approveDraft, discardDraft } from './ai-draft.js';

let root, textarea, sendButton, templateButton, attachmentsEl, popup, modeTabs, hint, meter, amazonSlot, draftSlot;
let thread = null;           // {conversation, messages, events}: what channel actions read (Amazon's order)
let aiDraft = null;         // an Agent Stack's draft waiting for review (draft mode), held in the editor
let conversation = null;
let customer = null;         // the conversation's contact (its SMS consent)
let mode = 'reply';
let onSent = () => {};
const drafts = new Map();   // conversation id → {text, mode, attachments, mentions}
let attachments = [];
let mentions = new Map();   // handle → agent id, for the note being written
let suggest = null;         // {kind: 'snippet'|'mention', start, items, active}

// The reply window's "time left" moves with the clock: the hint is redrawn every minute while one is shown.
setInterval(() => { if (root?.isConnected && conversation?.reply_window) update(conversation); }, 60_000);

export function mount(container, c, options = {}) {
  conversation = c;
  customer = options.contact || null;
  thread = options.thread || null;
  onSent = options.onSent || onSent;
  const draft = drafts.get(c.id) || { text: '', mode: 'reply', attachments: [], mentions: [] };
  mode = draft.mode;
  attachments = draft.attachments;
  mentions = new Map(draft.mentions);
  textarea = h('textarea.editor', {
    id: 'composer-text', rows: 3, 'aria-label': 'Message', spellcheck: 'true',
    oninput: () => { saveDraft(); grow(); detectSuggestion(); signalTyping(); updateMeter(); renderDraftBar(); },
    onkeydown: keydown, onclick: detectSuggestion,
    // Leaving the editor closes suggestions, unless focus came straight back (a click on the list).
    onblur: () => setTimeout(() => { if (document.activeElement !== textarea) hidePopup(); }, 150),
  });
  textarea.value = draft.text;
  aiDraft = null;
  modeTabs = h('div.mode-tabs', { role: 'tablist', 'aria-label': 'Write a' },
    tab('reply', 'Reply', 'reply', 'r'), tab('note', 'Internal note', 'note', 'n'));
  const tool = (name, label, shortcut, fn) => h('button.tool', { type: 'button', 'aria-label': `${label}${shortcut ? ` (${shortcut})` : ''}`, title: `${label}${shortcut ? ` — ${shortcut}` : ''}`, 'data-tool': name, onmousedown: (e) => e.preventDefault(), onclick: fn }, icon(name));
  attachmentsEl = h('div.attachment-chips');
  popup = h('div.suggest.hidden', { role: 'listbox', id: 'composer-suggest', 'aria-label': 'Suggestions' });
  sendButton = h('button.button.primary.send', { type: 'button', onclick: send, id: 'send' });
  hint = h('span.composer-hint');
  // WhatsApp: a template may go even when the reply window is closed.
  templateButton = TEMPLATE_PLUGINS.has(channel(c.channel_instance_id).plugin_id)
    ? h('button.tool.tool-labeled', { type: 'button', id: 'template-tool', 'data-tool': 'template', 'aria-label': 'Send a WhatsApp template', title: 'Send a WhatsApp template',
      onmousedown: (e) => e.preventDefault(), onclick: sendTemplate }, icon('file'), h('span', 'Template'))
    : null;
  meter = h('div.composer-meter', { id: 'sms-meter', 'aria-live': 'polite' });
  // Amazon: a Messaging API message (when the order allows one) and "No response needed".
  amazonSlot = AMAZON_PLUGINS.has(channel(c.channel_instance_id).plugin_id) ? h('span.amazon-tools') : null;
  draftSlot = h('div.ai-draft-slot');
  root = h('div.composer', { 'data-mode': mode },
    customerTypingSlot(c.id),
    draftSlot,
    h('div.composer-top', modeTabs, hint),
    popup,
    h('div.editor-wrap', textarea, attachmentsEl),
    meter,
    h('div.composer-bar',
      h('div.tools', { role: 'toolbar', 'aria-label': 'Formatting' },
        tool('bold', 'Bold', 'Ctrl+B', () => wrap('**', '**', 'bold text')),
        tool('italic', 'Italic', 'Ctrl+I', () => wrap('_', '_', 'italic text')),
        tool('link', 'Link', 'Ctrl+K', insertLink),
        tool('list', 'Bulleted list', null, () => prefixLines('- ')),
        tool('numbered', 'Numbered list', null, () => prefixLines('1. ')),
        tool('paperclip', 'Attach a file link', null, attach),
        tool('slash', 'Insert a snippet (type /)', null, () => { insertAtCursor(textarea.selectionStart && !/\s$/.test(textarea.value.slice(0, textarea.selectionStart)) ? ' /' : '/'); detectSuggestion(); }),
        tool('at', 'Mention a teammate (type @ in a note)', null, () => { setMode('note'); insertAtCursor(textarea.selectionStart && !/\s$/.test(textarea.value.slice(0, textarea.selectionStart)) ? ' @' : '@'); detectSuggestion(); }),
        templateButton, amazonSlot),
      sendButton));
  clear(container, root);
  renderAttachments();
  update(c);
  grow();
}

function tab(name, label, iconName, key) {
  return h('button.mode-tab', { type: 'button', role: 'tab', 'data-mode': name, 'aria-selected': 'false', title: `${label} — ${key}`, onclick: () => { setMode(name); textarea.focus(); } },
    icon(iconName), label);
}

/** The conversation changed (an action, the stream): keep the draft, refresh what depends on it. */
export function update(c, contact = customer, threadNow = thread) {
  conversation = c;
  customer = contact;
  thread = threadNow;
  if (!root) return;
  if (amazonSlot) clear(amazonSlot, c.status === 'archived' ? null : amazonTools({ ...thread, conversation: c }, { onSent: () => onSent() }));
  const archived = c.status === 'archived';
  // A closed reply window (Messenger, WhatsApp…) refuses replies; notes still go.
  const ch = channel(c.channel_instance_id);
  // So does a customer who opted out of texts (STOP).
  const windowClosed = mode === 'reply' && (!replyWindowAllows(c.reply_window) || !smsConsentAllows(customer, ch));
  // Draft mode: the stack's draft goes into an empty editor; once decided (here or elsewhere) it leaves.
  if ((c.draft?.id ?? null) !== (aiDraft?.id ?? null)) {
    const previous = aiDraft;
    aiDraft = c.draft || null;
    if (aiDraft && !textarea.value.trim()) { mode = 'reply'; textarea.value = aiDraft.text; saveDraft(); grow(); }
    else if (!aiDraft && previous && textarea.value === previous.text) { textarea.value = ''; saveDraft(); grow(); }
  }
  renderDraftBar();
  textarea.disabled = archived;
  sendButton.disabled = archived || windowClosed;
  if (templateButton) templateButton.disabled = archived || mode !== 'reply';
  root.dataset.mode = mode;
  for (const b of modeTabs.children) b.setAttribute('aria-selected', String(b.dataset.mode === mode));
  clear(hint, archived ? 'Archived conversations are read-only.'
    : mode === 'reply' ? [h('span', 'To the customer via '), channelIcon(ch.plugin_id), h('strong', ch.name || ch.id),
      ch.planned ? h('span.composer-waits', { title: waitingExplanation(ch) }, ` · waits: no ${ch.name} channel is installed yet`) : null,
      replyWindowNote(c.reply_window, Date.now(), { templates: !!templateButton }), smsConsentNote(customer, ch), dueNote(c.response_due_at, c.resolution_due_at)]
      : [icon('note'), h('span', 'Only your team sees notes. Type @ to mention someone.')]);
  textarea.placeholder = mode === 'reply' ? 'Write a reply… (/ for snippets)' : 'Write an internal note… (@ to mention, / for snippets)';
  clear(sendButton, icon(mode === 'reply' ? 'send' : 'note'), mode === 'reply' ? 'Send' : 'Add note', h('kbd', 'Ctrl ↵'));
  updateMeter();
}

function renderDraftBar() {
  if (!draftSlot) return;
  const edited = !!aiDraft && textarea.value !== aiDraft.text;
  const current = draftSlot.firstChild;
  if (current && current.dataset.edited === String(edited) && current.dataset.draft === String(aiDraft?.id)) return;
  clear(draftSlot, aiDraft && mode === 'reply' ? draftBar(aiDraft, {
    edited,
    onApprove: () => decideDraft(() => approveDraft(conversation.id, aiDraft, null)),
    onDiscard: () => decideDraft(() => discardDraft(conversation.id, aiDraft)),
  }) : null);
  if (draftSlot.firstChild) draftSlot.firstChild.dataset.draft = String(aiDraft.id);
}

async function decideDraft(action) {
  const id = conversation.id;
  if (!(await action())) return;
  aiDraft = null;
  reset(id);
  renderDraftBar();
}

/** SMS replies: the live segment count and encoding (what the customer's carrier will bill). */
function updateMeter() {
  if (!meter) return;
  const sms = mode === 'reply' && conversation && SMS_PLUGINS.has(channel(conversation.channel_instance_id).plugin_id);
  meter.classList.toggle('hidden', !sms || !textarea.value);
  clear(meter, sms && textarea.value ? segmentMeter(textarea.value) : null);
}

export function setMode(m) {
  mode = m;
  saveDraft();
  update(conversation);
}

export function focus(m) {
  if (!textarea || textarea.disabled) return false;
  if (m) setMode(m);
  textarea.focus();
  return true;
}

/** Put text into the reply (Sidekick's suggestion): replaces an empty draft, else goes at the cursor. */
export function insert(text) {
  if (!textarea) return;
  setMode('reply');
  if (!textarea.value.trim()) textarea.value = text;
  else insertAtCursor(`\n\n${text}`);
  saveDraft();
  grow();
  textarea.focus();
  textarea.setSelectionRange(textarea.value.length, textarea.value.length);
}

/** Only replies: the customer never learns that a teammate is writing an internal note. */
function signalTyping() {
  if (mode === 'reply' && textarea.value.trim()) agentTyped(conversation);
}

function saveDraft() {
  if (conversation) drafts.set(conversation.id, { text: textarea.value, mode, attachments, mentions: [...mentions] });
}

function grow() {
  textarea.style.height = 'auto';
  textarea.style.height = `${Math.min(320, Math.max(72, textarea.scrollHeight + 2))}px`;
}

// Formatting (Markdown) --------------------------------------------------------------------------

function insertAtCursor(text) {
  textarea.focus();
  const { selectionStart: s, selectionEnd: e, value } = textarea;
  textarea.value = value.slice(0, s) + text + value.slice(e);
  textarea.setSelectionRange(s + text.length, s + text.length);
  saveDraft();
  grow();
}

function wrap(before, after, placeholder) {
  textarea.focus();
  const { selectionStart: s, selectionEnd: e, value } = textarea;
  const selected = value.slice(s, e) || placeholder;
  textarea.value = value.slice(0, s) + before + selected + after + value.slice(e);
  textarea.setSelectionRange(s + before.length, s + before.length + selected.length);
  saveDraft();
}

function prefixLines(prefix) {
  textarea.focus();
  const { selectionStart: s, selectionEnd: e, value } = textarea;
  const lineStart = value.lastIndexOf('\n', s - 1) + 1;
  const block = value.slice(lineStart, e) || '';
  let n = 0;
  const lines = (block || ' ').split('\n').map((l) => (prefix === '1. ' ? `${++n}. ` : prefix) + l.replace(/^\s*([-*+]|\d+[.)])\s+/, '').trim());
  const text = lines.join('\n');
  textarea.value = value.slice(0, lineStart) + text + value.slice(e);
  textarea.setSelectionRange(lineStart + text.length, lineStart + text.length);
  saveDraft();
  grow();
}

async function insertLink() {
  const { selectionStart: s, selectionEnd: e, value } = textarea;
  const f = form([{ name: 'text', label: 'Text', value: value.slice(s, e) }, { name: 'url', label: 'Address', type: 'url', placeholder: 'https://', required: true }]);
  await dialog({ title: 'Insert a link', content: f.el, actions: [{ label: 'Cancel' }, { label: 'Insert', primary: true, onclick: () => {
    const { text, url } = f.values();
    if (!/^(https?:\/\/|mailto:)\S+$/i.test(url.trim())) { toast('Give an http(s) or mailto: address', 'error'); return false; }
    textarea.setSelectionRange(s, e);
    insertAtCursor(`[${text.trim() || url.trim()}](${url.trim()})`);
    return true;
  } }] });
  textarea.focus();
}

async function attach() {
  const f = form([
    { name: 'url', label: 'File address', type: 'url', placeholder: 'https://files.example.com/invoice.pdf', required: true,
      help: 'Switchboard sends attachments as links: upload the file where your team keeps files, then paste its address.' },
    { name: 'name', label: 'Name shown to the customer', placeholder: 'invoice.pdf' },
  ]);
  await dialog({ title: 'Attach a file', content: f.el, actions: [{ label: 'Cancel' }, { label: 'Attach', primary: true, onclick: () => {
    const { url, name } = f.values();
    if (!/^https?:\/\/\S+$/i.test(url.trim())) { toast('Give an http(s) address', 'error'); return false; }
    attachments = [...attachments, { url: url.trim(), name: name.trim() || decodeURIComponent(url.trim().split('/').pop() || 'file') }];
    saveDraft();
    renderAttachments();
    return true;
  } }] });
  textarea.focus();
}

function renderAttachments() {
  clear(attachmentsEl, attachments.map((a, i) => h('span.attachment-chip', icon('paperclip'), a.name,
    h('button.icon-button', { type: 'button', 'aria-label': `Remove ${a.name}`, onclick: () => { attachments = attachments.filter((_, n) => n !== i); saveDraft(); renderAttachments(); } }, icon('x')))));
}

// Sending ----------------------------------------------------------------------------------------

async function send() {
  if (!conversation || sendButton.disabled) return;
  const text = textarea.value.trim();
  if (!text && !attachments.length) { textarea.focus(); return; }
  sendButton.disabled = true;
  const id = conversation.id;
  try {
    if (mode === 'reply' && aiDraft) {
      // Sending with a draft in the editor approves it: as is, or edited.
      await decideDraft(() => approveDraft(id, aiDraft, text === aiDraft.text.trim() ? null : text));
    } else if (mode === 'reply') {
      await attempt(async () => {
        await api.post(`/conversations/${seg(id)}/messages`, { text, format: 'markdown', ...(attachments.length ? { attachments } : {}) });
        reset(id);
      }, 'Reply sent');
    } else {
      if (!text) { toast('A note needs text', 'error'); return; }
      const ids = [...new Set([...mentions].filter(([handle]) => text.includes(`@${handle}`)).map(([, agentID]) => agentID))];
      await attempt(async () => {
        const result = await api.post(`/conversations/${seg(id)}/comments`, { text, mentions: ids });
        reset(id);
        return result;
      }, 'Note added');
    }
  } finally {
    sendButton.disabled = conversation?.status === 'archived';
  }
}

async function sendTemplate() {
  if (!conversation || templateButton.disabled) return;
  const id = conversation.id;
  if (await openTemplateDialog(conversation) && conversation?.id === id) onSent();
}

function reset(id) {
  drafts.delete(id);
  if (conversation?.id !== id) return;
  textarea.value = '';
  updateMeter();
  attachments = [];
  mentions = new Map();
  renderAttachments();
  grow();
  onSent();
}

// Keys and suggestions ---------------------------------------------------------------------------

function keydown(e) {
  const mod = e.ctrlKey || e.metaKey;
  if (suggest && !popup.classList.contains('hidden')) {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      suggest.active = (suggest.active + (e.key === 'ArrowDown' ? 1 : -1) + suggest.items.length) % suggest.items.length;
      renderPopup();
      e.preventDefault();
      return;
    }
    if ((e.key === 'Enter' || e.key === 'Tab') && suggest.items.length) { e.preventDefault(); pick(suggest.items[suggest.active]); return; }
    if (e.key === 'Escape') { hidePopup(); e.preventDefault(); e.stopPropagation(); return; }
  }
  if (mod && e.key === 'Enter') { e.preventDefault(); send(); }
  else if (mod && e.key.toLowerCase() === 'b') { e.preventDefault(); wrap('**', '**', 'bold text'); }
  else if (mod && e.key.toLowerCase() === 'i') { e.preventDefault(); wrap('_', '_', 'italic text'); }
  else if (mod && e.key.toLowerCase() === 'k') { e.preventDefault(); insertLink(); }
  else if (e.key === 'Escape') { e.preventDefault(); textarea.blur(); document.getElementById('conversation-list')?.focus(); }
}

let detecting = 0;

async function detectSuggestion() {
  const mine = ++detecting;   // snippets load asynchronously: only the latest keystroke's answer counts
  const before = textarea.value.slice(0, textarea.selectionStart);
  const slash = before.match(/(^|\s)\/([\w-]*)$/);
  const at = mode === 'note' ? before.match(/(^|\s)@([\w.-]*)$/) : null;
  if (slash) {
    const q = slash[2].toLowerCase();
    const snippets = await loadSnippets().catch(() => []);
    if (mine !== detecting) return;
    const items = snippets.filter((s) => !q || s.name.toLowerCase().includes(q)).slice(0, 8)
      .map((s) => ({ kind: 'snippet', id: s.id, label: `/${s.name}`, detail: s.body.replace(/\s+/g, ' ').slice(0, 80) }));
    show({ kind: 'snippet', start: before.length - slash[2].length - 1, items, active: 0, empty: snippets.length ? 'No snippet matches' : 'No snippets yet (admins add them in Settings)' });
  } else if (at) {
    const q = at[2].toLowerCase();
    const items = state.agents.filter((a) => a.active && (!q || a.handle.toLowerCase().startsWith(q) || a.name.toLowerCase().includes(q))).slice(0, 8)
      .map((a) => ({ kind: 'mention', id: a.id, handle: a.handle, label: `@${a.handle}`, detail: a.name }));
    show({ kind: 'mention', start: before.length - at[2].length - 1, items, active: 0, empty: 'Nobody by that name' });
  } else hidePopup();
}

function show(s) {
  suggest = s;
  renderPopup();
  popup.classList.remove('hidden');
  textarea.setAttribute('aria-controls', 'composer-suggest');
  textarea.setAttribute('aria-expanded', 'true');
}

function renderPopup() {
  clear(popup, suggest.items.length ? suggest.items.map((item, n) => h(`button.suggest-item${n === suggest.active ? '.active' : ''}`, {
    type: 'button', role: 'option', id: `suggest-${n}`, 'aria-selected': String(n === suggest.active),
    onmousedown: (e) => { e.preventDefault(); pick(item); },
  }, icon(item.kind === 'snippet' ? 'slash' : 'at'), h('strong', item.label), h('span.muted', item.detail))) : h('div.suggest-empty', suggest.empty));
  textarea.setAttribute('aria-activedescendant', suggest.items.length ? `suggest-${suggest.active}` : '');
}

function hidePopup() {
  suggest = null;
  popup?.classList.add('hidden');
  textarea?.setAttribute('aria-expanded', 'false');
}

async function pick(item) {
  const { start } = suggest;
  const end = textarea.selectionStart;
  hidePopup();
  if (item.kind === 'mention') {
    mentions.set(item.handle, item.id);
    textarea.setSelectionRange(start, end);
    insertAtCursor(`@${item.handle} `);
    return;
  }
  const rendered = await attempt(() => api.post(`/snippets/${seg(item.id)}/render`, { conversation_id: conversation.id }));
  if (!rendered) return;
  textarea.setSelectionRange(start, end);
  insertAtCursor(rendered.text);
  if (rendered.missing?.length) toast(`No value for ${rendered.missing.join(', ')}: check the text before sending`, 'info', 6000);
}
