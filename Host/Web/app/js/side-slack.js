// The Slack target of a new side conversation: a person, up to eight people (a group DM) or one
// channel, searched by name, email or #channel in the directory the Slack plugin publishes
// (GET /channels/{id}/side-directory), or entered as a Slack id (U…, W…, C…, G…) or a person's
// email (looked up in Slack when the message goes) when the directory does not have it yet. The REST shape it yields: {users: [{id, name}]} or {channel: {id, name}}.
import { api, seg } from './api.js';
import { h, clear } from './dom.js';
import { icon } from './icons.js';

const MAX_PEOPLE = 8;
const USER_ID = /^[UW][A-Z0-9]{1,31}$/;
const CHANNEL_ID = /^[CG][A-Z0-9]{1,31}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export function slackTargetPicker() {
  let directory = { users: [], channels: [] };
  let people = [];          // [{id, name}]
  let room = null;          // {id, name}
  const search = h('input', { type: 'search', id: 'slack-search', autocomplete: 'off', 'aria-label': 'Find Slack people or a channel',
    placeholder: 'Name, email, #channel, or an id (U…, C…)' });
  const results = h('ul.slack-results', { role: 'listbox', 'aria-label': 'Matches' });
  const chosen = h('div.slack-chosen', { 'aria-live': 'polite' });
  const note = h('div.field-help');
  const error = h('div.field-error', { role: 'alert' });
  let instanceID = null;
  let refreshedAt = null;
  // Someone joined Slack or a channel was made since the last read: ask the plugin to read it again now.
  const refresh = h('button.link-button.small.slack-refresh', { type: 'button', id: 'slack-refresh', onclick: () => refreshDirectory() },
    icon('rotate'), 'Refresh from Slack');
  const el = h('div.field.slack-picker', h('label', { for: 'slack-search' }, 'Slack: people or a channel', h('span.required', { 'aria-hidden': 'true' }, ' *')),
    search, results, chosen, note, error, refresh);

  async function refreshDirectory() {
    if (!instanceID) return;
    refresh.disabled = true;
    try {
      await api.post(`/channels/${seg(instanceID)}/side-directory/refresh`, {});
      // The plugin reads Slack off the request: look for the new directory a few times.
      for (let i = 0; i < 30; i++) {
        await new Promise((resolve) => setTimeout(resolve, 500));
        const d = await api.get(`/channels/${seg(instanceID)}/side-directory`);
        if (d.refreshed_at && d.refreshed_at !== refreshedAt) { apply(d); clear(note, 'Directory refreshed from Slack.'); break; }
      }
    } catch (e) {
      clear(note, `Could not refresh the Slack directory (${e.message}).`);
    } finally {
      refresh.disabled = false;
      renderResults();
    }
  }

  function apply(d) {
    directory = { users: d.users || [], channels: d.channels || [] };
    refreshedAt = d.refreshed_at || null;
  }

  const pickUser = (user) => {
    room = null;
    if (!people.some((p) => p.id === user.id)) {
      if (people.length >= MAX_PEOPLE) { error.textContent = `A group message takes at most ${MAX_PEOPLE} people: use a channel.`; return; }
      people.push({ id: user.id, name: user.real_name || user.name || user.id });
    }
    done();
  };
  const pickChannel = (channel) => { people = []; room = { id: channel.id, name: `#${channel.name || channel.id}`, member: channel.member }; done(); };
  const done = () => { search.value = ''; clear(results); renderChosen(); search.focus(); };

  function renderChosen() {
    error.textContent = '';
    const chip = (label, remove) => h('span.chip.slack-chip', h('span', label),
      h('button.link-button', { type: 'button', 'aria-label': `Remove ${label}`, onclick: remove }, icon('x')));
    clear(chosen, room ? chip(room.name, () => { room = null; renderChosen(); })
      : people.map((p) => chip(p.name, () => { people = people.filter((q) => q.id !== p.id); renderChosen(); })));
    clear(note, room && room.member === false ? 'The app is not in this channel yet: invite it there (/invite @Switchboard) first.'
      : room ? 'Posts in the channel; replies in its thread come back here.'
      : people.length > 1 ? 'A group DM with these people.' : people.length ? 'A direct message.' : '');
  }

  function renderResults() {
    const q = search.value.trim().toLowerCase().replace(/^[#@]/, '');
    clear(results);
    if (!q) return;
    const users = directory.users.filter((u) => [u.name, u.real_name, u.email, u.id].some((v) => v && v.toLowerCase().includes(q))).slice(0, 6);
    const channels = directory.channels.filter((c) => [c.name, c.id].some((v) => v && v.toLowerCase().includes(q))).slice(0, 4);
    const raw = search.value.trim();   // Slack ids are upper case: "courier" is a search, not an id
    const option = (label, detail, onpick) => h('li', h('button.slack-result', { type: 'button', role: 'option', onclick: onpick }, h('strong', label), detail ? h('span.muted.small', detail) : null));
    const items = [
      ...users.map((u) => option(u.real_name || u.name, [u.name && u.real_name ? `@${u.name}` : '', u.email].filter(Boolean).join(' · '), () => pickUser(u))),
      ...channels.map((c) => option(`#${c.name}`, [c.private ? 'private' : 'public', c.member ? '' : 'app not in it'].filter(Boolean).join(' · '), () => pickChannel(c))),
    ];
    if (!users.length && USER_ID.test(raw)) items.push(option(raw, 'a Slack user id', () => pickUser({ id: raw })));
    if (!channels.length && CHANNEL_ID.test(raw)) items.push(option(raw, 'a Slack channel id', () => pickChannel({ id: raw, name: raw })));
    // Someone not in the directory yet: Slack looks the address up when the message goes (users.lookupByEmail).
    if (!users.length && EMAIL.test(q)) items.push(option(q, 'find by email in Slack', () => pickUser({ id: q, name: q })));
    append(items.length ? items : [h('li.muted.small', 'No match: enter a Slack id (U…, C…).')]);
  }
  const append = (items) => results.append(...items);

  search.addEventListener('input', renderResults);
  search.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    results.querySelector('button.slack-result')?.click();
  });

  return {
    el,
    /** Loads the directory of the instance `id` (the picker works with typed ids meanwhile). */
    async load(id) {
      instanceID = id;
      try {
        const d = await api.get(`/channels/${seg(id)}/side-directory`);
        apply(d);
        if (!d.available) clear(note, 'No directory from Slack yet: enter ids (U…, C…).');
      } catch (e) {
        clear(note, `Could not load the Slack directory (${e.message}): enter ids (U…, C…).`);
      }
    },
    /** The REST `slack` target, or null (with the reason shown) when nobody is chosen. */
    value() {
      if (room) return { channel: { id: room.id, name: room.name } };
      if (people.length) return { users: people.map((p) => ({ id: p.id, name: p.name })) };
      error.textContent = 'Choose a person, a few people, or a channel.';
      search.focus();
      return null;
    },
    /** Shows an API error naming slack… under the picker. */
    error(apiError) {
      if (!String(apiError?.field || '').startsWith('slack')) return false;
      error.textContent = String(apiError.message || '');
      return true;
    },
  };
}
