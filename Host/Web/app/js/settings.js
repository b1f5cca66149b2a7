// Settings, for admins: channels (plugins and instances), Agent Stacks, the knowledge base,
// teams and agents, snippets, routing rules. Each page reads and writes the same REST API the CLI
// uses; the forms are thin, the host validates (and its refusals land on the field they name).
import { api, seg } from './api.js';
import { h, clear, ago, attempt } from './dom.js';
import { icon, channelIcon } from './icons.js';
import { dialog } from './ui.js';
import { state, loadSummary } from './state.js';
import { page, section, table, button, pill, saveDialog, confirmThen, list, joined } from './admin-ui.js';
import { knowledgePage, snippetsPage } from './settings-knowledge.js';
import { peoplePage, routingPage } from './settings-people.js';
import { slackAppButton } from './settings-slack.js';
import { numbersPage } from './settings-numbers.js';
import { privacyPage } from './settings-privacy.js';
import { auditPage } from './settings-audit.js';
import { voiceFlowsPage } from './voice/flows-page.js';

const SECTIONS = [
  ['channels', 'Channels', 'plug', channelsPage],
  ['numbers', 'Numbers', 'phone', numbersPage],
  ['voice', 'Voice flows', 'route', voiceFlowsPage],
  ['stacks', 'Agent Stacks', 'bot', stacksPage],
  ['knowledge', 'Knowledge base', 'book', knowledgePage],
  ['people', 'Teams & agents', 'users', peoplePage],
  ['snippets', 'Snippets', 'slash', snippetsPage],
  ['routing', 'Routing rules', 'route', routingPage],
  ['privacy', 'Privacy', 'archive', privacyPage],
  ['audit', 'Audit trail', 'layers', auditPage],
];

let container, content;

export function mount(el, sectionName, navigate) {
  container = el;
  const current = SECTIONS.find((s) => s[0] === sectionName) || SECTIONS[0];
  content = h('div.settings-content', { id: 'settings-content', tabindex: '-1' });
  clear(container, h('div.settings',
    h('nav.settings-nav', { 'aria-label': 'Settings' }, h('h1', 'Settings'),
      SECTIONS.map(([name, label, iconName]) => h(`a.settings-link${name === current[0] ? '.active' : ''}`, {
        href: `/app/settings/${name}`, 'aria-current': name === current[0] ? 'page' : null,
        onclick: (e) => { e.preventDefault(); navigate(`/app/settings/${name}`); },
      }, icon(iconName), label))),
    content));
  render(current[3]);
}

async function render(pageFn) {
  clear(content, h('div.loading', h('div.spinner'), 'Loading…'));
  const reload = () => render(pageFn);
  try {
    clear(content, await pageFn(reload));
  } catch (error) {
    clear(content, h('div.empty-state', icon('alert'), h('h2', 'Could not load'), h('p', error.message)));
  }
}

// Channels ---------------------------------------------------------------------------------------

const stateKind = (s) => ({ running: 'ok', disabled: 'muted', plugin_disabled: 'muted', failed: 'bad', quarantined: 'bad' }[s] || '');

/** A form field per property of a plugin's config_schema (strings, numbers, booleans, enums; JSON for the rest). */
function configFields(schema, values = {}, credentials = []) {
  const required = new Set(schema?.required || []);
  return Object.entries(schema?.properties || {}).map(([name, p]) => {
    const words = name.replaceAll('_', ' ');
    const base = { name: `config.${name}`, label: words[0].toUpperCase() + words.slice(1), required: required.has(name), value: values[name] ?? p.default };
    const hint = [p.minimum !== undefined ? `min ${p.minimum}` : '', p.maximum !== undefined ? `max ${p.maximum}` : '', p.default !== undefined ? `default ${JSON.stringify(p.default)}` : ''].filter(Boolean).join(' · ');
    if (p.enum) return { ...base, type: 'select', options: [...(required.has(name) ? [] : [['', '—']]), ...p.enum.map((v) => [v, v])], help: hint };
    if (name.endsWith('_credential')) return { ...base, type: 'select', options: [['', '—'], ...credentials.map((c) => [c.id, c.description ? `${c.id} — ${c.description}` : c.id])], help: 'A credential (the secret is stored once, under Credentials below).' };
    if (p.type === 'boolean') return { ...base, type: 'checkbox' };
    if (p.type === 'integer' || p.type === 'number') return { ...base, type: 'number', help: hint };
    if (p.type === 'array' || p.type === 'object') return { ...base, type: 'json', rows: 4, help: 'JSON' };
    return { ...base, type: p.maxLength > 300 ? 'textarea' : 'text', help: hint };
  });
}

function configFrom(values) {
  const config = {};
  for (const [key, value] of Object.entries(values)) {
    if (!key.startsWith('config.')) continue;
    if (value === '' || value === undefined || (typeof value === 'number' && Number.isNaN(value))) continue;
    config[key.slice(7)] = value;
  }
  return config;
}

function bindingFields(record) {
  return [
    { name: 'binding', label: 'New conversations go to', type: 'select', value: record?.binding?.kind === 'stack' ? `stack:${record.binding.ref}` : `team:${record?.binding?.ref || ''}`,
      options: [['team:', 'Routing (rules, then the default team)'], ...state.teams.map((t) => [`team:${t.id}`, `Team ${t.name}`]), ...(state.stacksCache || []).map((s) => [`stack:${s.id}`, `Agent Stack ${s.name || s.id}`])] },
    { name: 'mode', label: 'With an Agent Stack', type: 'select', value: record?.binding?.mode || 'answer',
      options: [['answer', 'It answers the customer'], ['draft', 'It drafts replies for people to review (draft mode)']],
      help: 'Draft mode: the stack writes a draft instead of sending; the conversation goes to people marked "AI draft ready".' },
  ];
}

function bindingFrom(value, mode = 'answer') {
  const [kind, ref] = [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)];
  return kind === 'stack' ? { kind, ref: ref || null, mode } : { kind, ref: ref || null };
}

async function channelsPage(reload) {
  const [plugins, channels, credentials, stacks] = await Promise.all([api.get('/plugins'), api.get('/channels'), api.get('/credentials'), api.get('/stacks')]);
  state.stacksCache = stacks.stacks;
  const loaded = plugins.plugins.filter((p) => p.config_schema);
  const addChannel = async () => {
    const pick = await dialog({ title: 'Add a channel', content: h('div.plugin-picks', loaded.map((p) => h('button.plugin-pick', {
      type: 'button', onclick: (e) => { e.currentTarget.closest('dialog').close(p.id); },
    }, channelIcon(p.id), h('strong', p.name || p.id), h('span.muted.small', `${p.id} ${p.version || ''}`)))), actions: [{ label: 'Cancel', value: '' }] });
    const plugin = loaded.find((p) => p.id === pick);
    if (!plugin) return;
    await saveDialog({ title: `New channel: ${plugin.name || plugin.id}`, wide: true,
      intro: 'Its webhook address will be <public URL>/hooks/<id>/ — see the plugin\'s README for the provider\'s set-up.',
      fields: [
        { name: 'id', label: 'ID', required: true, placeholder: 'support-mail', help: '1–64 of a-z, 0-9, - and _; part of the webhook address.' },
        { name: 'name', label: 'Name', placeholder: 'Support mail' },
        ...bindingFields(null),
        ...configFields(plugin.config_schema, {}, credentials.credentials),
        { name: 'enabled', label: 'Start it now', type: 'checkbox', value: true },
      ],
      submit: (v) => api.post('/channels', { id: v.id.trim(), plugin_id: plugin.id, name: v.name.trim() || undefined, config: configFrom(v), binding: bindingFrom(v.binding, v.mode), enabled: v.enabled }),
    });
    await loadSummary().catch(() => {});
    reload();
  };
  const configure = async (c) => {
    const plugin = plugins.plugins.find((p) => p.id === c.plugin_id);
    await saveDialog({ title: `Configure ${c.name}`, wide: true, fields: [
      { name: 'name', label: 'Name', value: c.name },
      ...bindingFields(c),
      ...(plugin?.config_schema ? configFields(plugin.config_schema, c.config, credentials.credentials) : [{ name: 'config.json', label: 'Configuration', type: 'json', value: c.config }]),
    ], submit: (v) => api.patch(`/channels/${seg(c.id)}`, { name: v.name.trim() || undefined, config: plugin?.config_schema ? configFrom(v) : v['config.json'], binding: bindingFrom(v.binding, v.mode) }) });
    await loadSummary().catch(() => {});
    reload();
  };
  const toggle = async (c) => { await attempt(() => api.post(`/channels/${seg(c.id)}/${c.enabled ? 'disable' : 'enable'}`), c.enabled ? 'Disabled' : 'Enabled'); reload(); };
  const togglePlugin = async (p) => { await attempt(() => api.post(`/plugins/${seg(p.id)}/${p.enabled ? 'disable' : 'enable'}`), p.enabled ? 'Plugin disabled' : 'Plugin enabled'); reload(); };
  const addCredential = async () => {
    await saveDialog({ title: 'Store a credential', intro: 'A secret (an API key, a signing key) that channel configurations name by ID. It cannot be read back.',
      fields: [{ name: 'id', label: 'ID', required: true, placeholder: 'mailgun-key' }, { name: 'secret', label: 'Secret', type: 'password', required: true }, { name: 'description', label: 'Description' }],
      submit: (v) => api.put(`/credentials/${seg(v.id.trim())}`, { secret: v.secret, description: v.description || undefined }) });
    reload();
  };
  return page('Channels', 'Every channel is a plugin; each channel instance is one configured use of it (one address, one integration).',
    [button('Add channel', addChannel, { iconName: 'plus', primary: true, id: 'add-channel' })],
    section('Channel instances', null, table([
      ['Channel', (c) => h('span.cell-title', channelIcon(c.plugin_id), h('span', h('strong', c.name), h('div.muted.small', c.id)))],
      ['Plugin', (c) => c.plugin_id],
      ['State', (c) => h('span', pill(c.state.replace('_', ' '), stateKind(c.state)), c.reason ? h('div.muted.small', c.reason) : null)],
      ['Answered by', (c) => (c.binding.kind === 'stack' ? `Agent Stack ${c.binding.ref}${c.binding.mode === 'draft' ? ' (drafts)' : ''}` : c.binding.ref ? `Team ${state.teamsByID.get(c.binding.ref)?.name || c.binding.ref}` : 'Routing')],
      ['Webhooks', (c) => h('code.small', c.webhook_path)],
      ['', (c) => h('div.row-actions', slackAppButton(c), button(c.enabled ? 'Disable' : 'Enable', () => toggle(c), { iconName: 'power' }), button('Configure', () => configure(c), { iconName: 'edit' }),
        button('Remove', () => confirmThen(`Remove ${c.name}?`, 'Its webhooks stop at once; conversations and messages stay.', () => api.del(`/channels/${seg(c.id)}`)).then(reload), { iconName: 'trash', danger: true }))],
    ], channels.channels, { empty: 'No channels yet. Add one to start receiving conversations.', label: 'Channel instances' })),
    section('Plugins', null, table([
      ['Plugin', (p) => h('span.cell-title', channelIcon(p.id), h('span', h('strong', p.name || p.id), h('div.muted.small', p.id)))],
      ['Version', (p) => p.version || '—'],
      ['Can send', (p) => joined(p.capabilities?.content)],
      ['Status', (p) => (p.error ? h('span', pill('refused', 'bad'), h('div.muted.small', p.error)) : pill(p.enabled ? 'enabled' : 'disabled', p.enabled ? 'ok' : 'muted'))],
      ['', (p) => (p.error ? null : button(p.enabled ? 'Disable' : 'Enable', () => togglePlugin(p), { iconName: 'power' }))],
    ], plugins.plugins, { label: 'Plugins' })),
    section('Credentials', [button('Add', addCredential, { iconName: 'plus' })], table([
      ['ID', (c) => h('code', c.id)], ['Description', (c) => c.description || ''],
      ['', (c) => button('Remove', () => confirmThen(`Remove credential ${c.id}?`, 'Channels that name it will fail to start.', () => api.del(`/credentials/${seg(c.id)}`)).then(reload), { iconName: 'trash', danger: true })],
    ], credentials.credentials, { empty: 'No credentials stored.', label: 'Credentials' })));
}

// Agent Stacks -----------------------------------------------------------------------------------

const stackTemplate = {
  id: 'support', name: 'Support assistant', greeting: 'Hi, I am the support assistant.', collections: [],
  topics: [{ name: 'shipping', examples: ['where is my parcel', 'has my order shipped', 'tracking link for my order'] }],
  handover: { min_confidence: 0.5, on_customer_request: true, max_turns: 8, message: 'A colleague will take it from here.' },
  engine: { kind: 'builtin' },
};

async function stacksPage(reload) {
  const [stacks, collections] = await Promise.all([api.get('/stacks'), api.get('/knowledge/collections')]);
  const edit = async (stack) => {
    const definition = stack ? Object.fromEntries(Object.entries(stack).filter(([k]) => !['created_at', 'updated_at'].includes(k))) : { ...stackTemplate, collections: collections.collections.slice(0, 1).map((c) => c.id) };
    await saveDialog({ title: stack ? `Edit ${stack.name || stack.id}` : 'New Agent Stack', wide: true,
      intro: 'The stack definition: topics with example phrases, knowledge collections, tools, handover rules and engine. The operator guide documents every field.',
      fields: [{ name: 'definition', label: 'Definition (JSON)', type: 'json', rows: 22, value: definition }],
      submit: (v) => {
        if (!v.definition?.id) throw Object.assign(new Error('The definition needs an "id"'), { field: 'definition' });
        return api.put(`/stacks/${seg(v.definition.id)}`, v.definition);
      } });
    reload();
  };
  const usage = async (stack) => {
    const to = new Date(), from = new Date(Date.now() - 13 * 86400_000);
    const day = (d) => d.toISOString().slice(0, 10);
    const data = await attempt(() => api.get(`/stacks/${seg(stack.id)}/usage`, { from: day(from), to: day(to) }));
    if (!data) return;
    await dialog({ title: `${stack.name || stack.id}: the last 14 days`, wide: true, content: h('div',
      h('p', `${data.total.turns} turns, ${data.total.credits} credits.`),
      data.drafts?.written ? h('p', `Drafts (draft mode): ${data.drafts.written} written — ${data.drafts.approved_unchanged} approved unchanged, `
        + `${data.drafts.edited} edited, ${data.drafts.discarded} discarded, ${data.drafts.pending} waiting.`) : null,
      table([['Day', (d) => d.day], ['Turns', (d) => d.turns], ['Replies', (d) => d.replies], ['Handovers', (d) => d.handovers],
        ['Tool calls', (d) => d.tool_calls], ['Credits', (d) => d.credits], ['p50 / p99 ms', (d) => `${d.latency_ms.p50} / ${d.latency_ms.p99}`]], data.days, { empty: 'No turns yet.' })),
    actions: [{ label: 'Close', primary: true }] });
  };
  return page('Agent Stacks', 'AI agents that answer from the knowledge base and hand over to people by their own rules. Bind one to a channel under Channels.',
    [button('New stack', () => edit(null), { iconName: 'plus', primary: true })],
    table([
      ['Stack', (s) => h('span.cell-title', icon('bot'), h('span', h('strong', s.name || s.id), h('div.muted.small', s.id)))],
      ['Topics', (s) => joined((s.topics || []).map((t) => t.name))],
      ['Knowledge', (s) => joined(s.collections)],
      ['Engine', (s) => s.engine?.kind || 'builtin'],
      ['Hands over to', (s) => (s.handover_team ? state.teamsByID.get(s.handover_team)?.name || s.handover_team : 'Routing')],
      ['Updated', (s) => ago(s.updated_at)],
      ['', (s) => h('div.row-actions', button('Edit', () => edit(s), { iconName: 'edit' }), button('Usage', () => usage(s), { iconName: 'clock' }),
        button('Delete', () => confirmThen(`Delete ${s.name || s.id}?`, 'Its conversations hand over on their next turn. A stack bound to channels cannot be deleted.', () => api.del(`/stacks/${seg(s.id)}`)).then(reload), { iconName: 'trash', danger: true }))],
    ], stacks.stacks, { empty: 'No Agent Stacks yet.', label: 'Agent Stacks' }));
}

export { list };
