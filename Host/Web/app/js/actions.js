// The actions every conversation has, whatever its channel: assign, tag, snooze, close, reopen,
// archive, escalate, priority. Each is one POST; the answer is the updated conversation.
import { api, seg } from './api.js';
import { h, attempt, toast } from './dom.js';
import { menu, dialog, form } from './ui.js';
import { state, isAdmin } from './state.js';

const act = (id, action, body) => api.post(`/conversations/${seg(id)}/${action}`, body);

export async function assign(conversation, anchor) {
  const items = [
    state.me ? { value: `agent:${state.me.id}`, label: `Me (${state.me.name})`, icon: 'user', checked: conversation.assignee === state.me.id } : null,
    ...state.agents.filter((a) => a.active && a.id !== state.me?.id).map((a) => ({
      value: `agent:${a.id}`, label: a.name, hint: `@${a.handle} · ${a.availability}`, icon: 'user', checked: conversation.assignee === a.id })),
    ...state.teams.map((t) => ({ value: `team:${t.id}`, label: `Team ${t.name}`, icon: 'users', hint: t.strategy.replace('_', ' '), checked: !conversation.assignee && conversation.team_id === t.id })),
    conversation.assignee || conversation.agent_stack ? { value: 'unassign', label: 'Unassign', icon: 'userX' } : null,
  ].filter(Boolean);
  const choice = await menu(anchor, items, { label: 'Assign to', filter: true });
  if (!choice) return null;
  if (choice === 'unassign') return attempt(() => act(conversation.id, 'unassign'), 'Unassigned');
  const [kind, id] = [choice.slice(0, choice.indexOf(':')), choice.slice(choice.indexOf(':') + 1)];
  return attempt(() => act(conversation.id, 'assign', kind === 'agent' ? { agent_id: id } : { team_id: id }), 'Assigned');
}

export async function tag(conversation, anchor) {
  const items = [
    ...state.tags.filter((t) => !conversation.tags.includes(t)).map((t) => ({ value: `add:${t}`, label: `#${t}`, icon: 'tag' })),
    ...conversation.tags.map((t) => ({ value: `remove:${t}`, label: `Remove #${t}`, icon: 'x' })),
  ];
  const choice = await menu(anchor, items, {
    label: 'Tags', filter: true, footer: h('div.menu-footer', 'Type to find a tag, or a new one to create it.'),
    create: (text) => { const t = text.replace(/^#/, '').toLowerCase(); return t ? { value: `add:${t}`, label: `Add #${t}`, icon: 'plus' } : null; },
  });
  if (!choice) return null;
  const [op, name] = [choice.slice(0, choice.indexOf(':')), choice.slice(choice.indexOf(':') + 1)];
  if (op === 'remove') return attempt(() => api.del(`/conversations/${seg(conversation.id)}/tags/${seg(name)}`), `Removed #${name}`);
  const result = await attempt(() => act(conversation.id, 'tags', { tags: [name] }), `Tagged #${name}`);
  if (result && !state.tags.includes(name)) state.tags = [...state.tags, name].sort();
  return result;
}

function at(daysAhead, hour, weekday) {
  const d = new Date();
  if (weekday !== undefined) d.setDate(d.getDate() + ((weekday + 7 - d.getDay()) % 7 || 7));
  else d.setDate(d.getDate() + daysAhead);
  d.setHours(hour, 0, 0, 0);
  return d;
}

export function snoozePresets() {
  return [
    { value: 'h1', label: 'In 1 hour', until: () => new Date(Date.now() + 3600_000) },
    { value: 'h4', label: 'In 4 hours', until: () => new Date(Date.now() + 4 * 3600_000) },
    { value: 'tomorrow', label: 'Tomorrow, 9:00', until: () => at(1, 9) },
    { value: 'monday', label: 'Next Monday, 9:00', until: () => at(0, 9, 1) },
    { value: 'week', label: 'In a week', until: () => new Date(Date.now() + 7 * 86400_000) },
  ];
}

export async function snooze(conversation, anchor) {
  const presets = snoozePresets();
  const fmt = (d) => d.toLocaleString(undefined, { weekday: 'short', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  const choice = await menu(anchor, [...presets.map((p) => ({ value: p.value, label: p.label, hint: fmt(p.until()), icon: 'clock' })),
    { value: 'pick', label: 'Pick a date and time…', icon: 'snooze' }], { label: 'Snooze until' });
  if (!choice) return null;
  let until;
  if (choice === 'pick') {
    const local = new Date(Date.now() + 86400_000);
    local.setMinutes(local.getMinutes() - local.getTimezoneOffset());
    const f = form([{ name: 'until', label: 'Snooze until', type: 'datetime', value: local.toISOString().slice(0, 16), required: true }]);
    let picked = null;
    await dialog({ title: 'Snooze', content: f.el, actions: [{ label: 'Cancel' }, { label: 'Snooze', primary: true, onclick: () => {
      const v = f.values().until;
      if (!v || Date.parse(v) <= Date.now()) { toast('Pick a time in the future', 'error'); return false; }
      picked = new Date(v);
      return true;
    } }] });
    if (!picked) return null;
    until = picked;
  } else {
    until = presets.find((p) => p.value === choice).until();
  }
  return attempt(() => act(conversation.id, 'snooze', { until: until.toISOString() }), `Snoozed until ${fmt(until)}`);
}

export const close = (c) => attempt(() => act(c.id, 'close'), 'Closed');
export const reopen = (c) => attempt(() => act(c.id, 'reopen'), 'Reopened');

export async function archive(c) {
  return attempt(() => act(c.id, 'archive'), 'Archived (read-only from now on)');
}

export async function escalate(c) {
  const f = form([{ name: 'reason', label: 'Why? (optional, shown to the escalation team)', type: 'textarea', rows: 3 }]);
  let result = null;
  await dialog({ title: 'Escalate', content: h('div', h('p.muted', 'The conversation moves to the escalation team and its priority goes up one step.'), f.el), actions: [
    { label: 'Cancel' },
    { label: 'Escalate', primary: true, onclick: async () => {
      const reason = f.values().reason.trim();
      result = await attempt(() => act(c.id, 'escalate', reason ? { reason } : {}), 'Escalated');
      return !!result;
    } },
  ] });
  return result;
}

export async function priority(c, anchor) {
  const choice = await menu(anchor, ['urgent', 'high', 'normal', 'low'].map((p) => ({ value: p, label: p[0].toUpperCase() + p.slice(1), icon: 'flag', checked: c.priority === p })), { label: 'Priority' });
  if (!choice) return null;
  return attempt(() => act(c.id, 'priority', { priority: choice }), `Priority ${choice}`);
}

export const canAdminister = isAdmin;
