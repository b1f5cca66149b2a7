// Numbers (admins): a Twilio account's phone numbers, through the plugins' admin operations
// (numbers.search, numbers.list; number.buy and number.adopt as the setup of a new channel
// instance; number.release). Buying or adopting a number creates its channel, bound to a team
// or an Agent Stack, in the same step; releasing gives it back and removes the channel.
import { api, seg } from './api.js';
import { h, attempt, toast } from './dom.js';
import { state } from './state.js';
import { page, section, table, button, pill, saveDialog, confirmThen } from './admin-ui.js';

const ACCOUNT_KEYS = ['account_sid', 'auth_token_credential', 'api_key_sid', 'api_key_secret_credential', 'api_base_url'];
// The account and search the page shows, kept while the app is open.
let chosen = null;
let lastSearch = null;

const accountOf = (config) => Object.fromEntries(ACCOUNT_KEYS.filter((k) => config?.[k]).map((k) => [k, config[k]]));
const accountKey = (account) => `${account.account_sid}|${account.api_base_url || ''}`;
const capabilities = (n) => h('span.number-caps', ['sms', 'mms', 'voice'].map((c) => pill(c.toUpperCase(), n.capabilities?.[c] ? 'ok' : 'muted')));

function bindingOptions() {
  return [['team:', 'Routing (rules, then the default team)'], ...state.teams.map((t) => [`team:${t.id}`, `Team ${t.name}`]),
    ...(state.stacksCache || []).map((s) => [`stack:${s.id}`, `Agent Stack ${s.name || s.id}`])];
}

function bindingFrom(value) {
  const at = value.indexOf(':');
  return { kind: value.slice(0, at), ref: value.slice(at + 1) || null };
}

/** Suggests an instance id from a number: "+14155550100" → "sms-4155550100". */
const suggestedID = (plugin, number) => `${plugin}-${number.replace(/\D/g, '').slice(-10)}`;

export async function numbersPage(reload) {
  const [plugins, channels, credentials, stacks] = await Promise.all([api.get('/plugins'), api.get('/channels'), api.get('/credentials'), api.get('/stacks')]);
  state.stacksCache = stacks.stacks;
  const numberPlugins = plugins.plugins.filter((p) => (p.admin_operations || []).some((o) => o.name === 'numbers.search'));
  if (!numberPlugins.length) {
    return page('Numbers', 'Phone numbers come from a plugin that offers them (the SMS plugin, on Twilio).', [],
      h('div.empty-small', h('p', 'No loaded plugin offers phone numbers.')));
  }
  const plugin = numberPlugins[0].id;
  // The accounts the host already knows: one per account of the plugin's instances.
  const known = new Map();
  for (const c of channels.channels.filter((c) => c.plugin_id === plugin && c.config?.account_sid)) {
    const account = accountOf(c.config);
    if (!known.has(accountKey(account))) known.set(accountKey(account), { account, from: c.id });
  }
  if (chosen && !known.has(accountKey(chosen))) known.set(accountKey(chosen), { account: chosen, from: null });
  if (!chosen && known.size) chosen = [...known.values()][0].account;

  const connect = async () => {
    const result = await saveDialog({ title: 'Connect a Twilio account', label: 'Connect',
      intro: 'The Account SID and the Auth Token (stored as a credential under Channels → Credentials) from the Twilio Console. Numbers bought here are billed to this account.',
      fields: [
        { name: 'account_sid', label: 'Account SID', required: true, placeholder: 'AC…' },
        { name: 'auth_token_credential', label: 'Auth Token credential', type: 'select', required: true, options: [['', '—'], ...credentials.credentials.map((c) => [c.id, c.id])] },
        { name: 'api_base_url', label: 'API base URL', placeholder: 'https://api.twilio.com', help: 'Leave empty for Twilio itself.' },
      ],
      submit: async (v) => {
        const account = accountOf({ ...v, account_sid: v.account_sid.trim(), api_base_url: v.api_base_url.trim() });
        await api.post(`/plugins/${seg(plugin)}/operations/numbers.list`, account); // checks the account before keeping it
        return account;
      } });
    if (result) { chosen = result; lastSearch = null; reload(); }
  };

  const header = page('Numbers', 'Phone numbers of your Twilio account. Buying or adopting one creates its SMS channel in the same step, answered by a team or an Agent Stack of its own.',
    [button('Connect account', connect, { iconName: 'plus', id: 'connect-account' })]);
  if (!chosen) {
    header.append(h('div.empty-small', h('p', 'Connect a Twilio account to search, buy and adopt numbers.')));
    return header;
  }

  const picker = h('select#numbers-account', { 'aria-label': 'Twilio account', onchange: (e) => { chosen = known.get(e.target.value).account; lastSearch = null; reload(); } },
    [...known.entries()].map(([key, { account, from }]) => h('option', { value: key, selected: key === accountKey(chosen) },
      `${account.account_sid}${from ? ` (as ${from})` : ''}`)));
  header.append(h('div.field.numbers-account', h('label', { for: 'numbers-account' }, 'Account'), picker));

  const create = async (number, operation) => {
    const verb = operation === 'number.buy' ? 'Buy' : 'Adopt';
    await saveDialog({ title: `${verb} ${number.phone_number}`, label: verb,
      intro: operation === 'number.buy'
        ? 'Twilio bills the number to the account from now on. Its messages will post to the new channel.'
        : 'The number\'s messages will post to the new channel instead of wherever they go now.',
      fields: [
        { name: 'id', label: 'Channel ID', required: true, value: suggestedID(plugin, number.phone_number), help: '1–64 of a-z, 0-9, - and _; part of the webhook address.' },
        { name: 'name', label: 'Name', placeholder: 'Order status SMS' },
        { name: 'binding', label: 'New conversations go to', type: 'select', options: bindingOptions() },
      ],
      submit: (v) => api.post('/channels', { id: v.id.trim(), plugin_id: plugin, name: v.name.trim() || undefined, binding: bindingFrom(v.binding),
        config: { ...chosen, phone_number: number.phone_number }, setup: { operation } }) });
    // A number bought is no longer for sale.
    if (lastSearch) lastSearch = lastSearch.filter((n) => n.phone_number !== number.phone_number || operation !== 'number.buy');
    reload();
  };
  const release = (number) => confirmThen(`Release ${number.phone_number}?`,
    `Twilio takes the number back (it may go to someone else) and channel ${number.instance_id} is removed. Its conversations stay.`,
    () => api.post(`/channels/${seg(number.instance_id)}/operations/number.release`), 'Release').then((done) => done && reload());

  let owned;
  try {
    owned = (await api.post(`/plugins/${seg(plugin)}/operations/numbers.list`, chosen)).numbers;
  } catch (error) {
    header.append(section('Your numbers', null, h('div.empty-small', h('p.error-text', `Twilio could not be asked: ${error.message}`))));
    return header;
  }
  const channelByID = new Map(channels.channels.map((c) => [c.id, c]));
  const whereItGoes = (n) => {
    if (n.instance_id && channelByID.has(n.instance_id)) {
      const c = channelByID.get(n.instance_id);
      const answered = c.binding.kind === 'stack' ? `Agent Stack ${c.binding.ref}` : c.binding.ref ? `Team ${state.teamsByID.get(c.binding.ref)?.name || c.binding.ref}` : 'Routing';
      return h('span', h('strong', c.name), h('div.muted.small', `${c.id} · ${answered}`));
    }
    return h('span.muted', n.sms_url ? `Elsewhere: ${n.sms_url}` : 'Not connected');
  };
  header.append(section('Your numbers', null, table([
    ['Number', (n) => h('span', h('strong.mono', n.phone_number), n.friendly_name && n.friendly_name !== n.phone_number ? h('div.muted.small', n.friendly_name) : null)],
    ['Can do', capabilities],
    ['Channel', whereItGoes],
    ['', (n) => h('div.row-actions', n.instance_id && channelByID.has(n.instance_id)
      ? button('Release', () => release(n), { iconName: 'trash', danger: true })
      : button('Adopt', () => create(n, 'number.adopt'), { iconName: 'plug' }))],
  ], owned, { empty: 'The account has no numbers yet: buy one below.', label: 'Your numbers' })));

  const results = h('div#number-results', lastSearch ? resultsTable(lastSearch, create) : null);
  const search = h('form.numbers-search', { onsubmit: async (e) => {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const args = { ...chosen, country: data.get('country').trim().toUpperCase() || 'US', type: data.get('type') };
    for (const key of ['area_code', 'contains']) if (data.get(key).trim()) args[key] = data.get(key).trim();
    for (const key of ['sms', 'mms', 'voice']) if (data.get(key)) args[key] = true;
    const found = await attempt(() => api.post(`/plugins/${seg(plugin)}/operations/numbers.search`, args));
    if (!found) return;
    lastSearch = found.numbers;
    results.replaceChildren(resultsTable(lastSearch, create));
    if (!found.numbers.length) toast('No numbers match: widen the search', 'info');
  } },
  h('div.field', h('label', { for: 'n-country' }, 'Country'), h('input#n-country', { name: 'country', value: 'US', maxlength: 2, size: 3 })),
  h('div.field', h('label', { for: 'n-type' }, 'Type'), h('select#n-type', { name: 'type' }, [['Local', 'Local'], ['Mobile', 'Mobile'], ['TollFree', 'Toll-free']].map(([v, l]) => h('option', { value: v }, l)))),
  h('div.field', h('label', { for: 'n-area' }, 'Area code'), h('input#n-area', { name: 'area_code', placeholder: '415', maxlength: 3, size: 4 })),
  h('div.field', h('label', { for: 'n-contains' }, 'Contains'), h('input#n-contains', { name: 'contains', placeholder: '555', maxlength: 16, size: 8 })),
  h('fieldset.numbers-caps', h('legend', 'Must have'), ['sms', 'mms', 'voice'].map((c) => h('label', h('input', { type: 'checkbox', name: c, checked: c === 'sms' }), ` ${c.toUpperCase()}`))),
  h('button.button.primary.small', { type: 'submit', id: 'search-numbers' }, 'Search'));
  header.append(section('Buy a number', null, search, results));
  return header;
}

function resultsTable(numbers, create) {
  return table([
    ['Number', (n) => h('strong.mono', n.phone_number)],
    ['Where', (n) => [n.region, n.iso_country].filter(Boolean).join(', ')],
    ['Can do', capabilities],
    ['', (n) => h('div.row-actions', button('Buy', () => create(n, 'number.buy'), { iconName: 'plus', primary: true }))],
  ], numbers, { empty: 'No numbers match.', label: 'Numbers for sale' });
}
