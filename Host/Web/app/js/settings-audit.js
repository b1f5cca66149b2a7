// Settings › Audit trail: every admin change (channels, plugins, credentials, keys and tokens,
// agents, teams, webhooks, routing, stacks, …) with who made it, when and what was sent (the
// host has already replaced secret values with [redacted]). Filters and "Older" paging use
// GET /api/v1/audit's action, actor and before.
import { api } from './api.js';
import { h, clear, fullTime } from './dom.js';
import { page, section, table, button } from './admin-ui.js';

const FAMILIES = [['', 'Everything'], ['channels.*', 'Channels'], ['plugins.*', 'Plugins'], ['credentials.*', 'Credentials'],
  ['api-keys.*', 'API keys'], ['agents.*', 'Agents & tokens'], ['teams.*', 'Teams'], ['webhooks.*', 'Webhooks'],
  ['routing-rules.*', 'Routing rules'], ['stacks.*', 'Agent Stacks'], ['contact.*', 'Customer data'], ['two_factor.*', 'Two-factor'],
  ['retention.*', 'Retention']];

const PAGE_SIZE = 50;

/** What was sent, on one line: "method path {fields}". */
const describe = (e) => {
  const d = e.detail || {};
  if (!d.method) return JSON.stringify(d);
  return `${d.method} ${d.path}${d.request ? ' ' + JSON.stringify(d.request) : ''}`;
};

export async function auditPage() {
  const filters = { action: '', actor: '' };
  let before = null;
  let entries = [];
  const body = h('div', { id: 'audit-entries' });
  const more = button('Older', () => load(true), { iconName: 'clock', id: 'audit-older' });

  async function load(append) {
    const params = { limit: PAGE_SIZE };
    if (filters.action) params.action = filters.action;
    if (filters.actor) params.actor = filters.actor;
    if (append && before) params.before = before;
    const answer = await api.get('/audit', params);
    entries = append ? entries.concat(answer.entries) : answer.entries;
    before = answer.next_before;
    more.style.display = before == null ? 'none' : ''; // .button sets display, so the hidden attribute would not hide it
    clear(body, table([
      ['When', (e) => fullTime(e.created_at)],
      ['Who', (e) => h('code', e.actor)],
      ['What', (e) => h('code', e.action)],
      ['Subject', (e) => e.subject || ''],
      ['Detail', (e) => h('span.muted.small.audit-detail', describe(e))],
    ], entries, { empty: 'Nothing recorded for this filter.', label: 'Audit trail' }));
  }

  const family = h('select', { id: 'audit-action', 'aria-label': 'What changed',
    onchange: (e) => { filters.action = e.target.value; load(false); } },
  FAMILIES.map(([value, label]) => h('option', { value }, label)));
  const actor = h('input', { id: 'audit-actor', type: 'search', placeholder: 'agent:… or key:…', 'aria-label': 'Who',
    onchange: (e) => { filters.actor = e.target.value.trim(); load(false); } });
  await load(false);
  return page('Audit trail', 'Every change to channels, plugins, credentials, keys, agents, teams, webhooks, routing and stacks, and what was done to accounts and customer data: who, when, what. Secret values are never recorded.',
    [],
    section('Changes', [family, actor], body, h('div.row-actions', more)));
}
