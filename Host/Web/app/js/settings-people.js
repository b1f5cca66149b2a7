// Settings: teams and agents, and routing rules.
import { api, seg } from './api.js';
import { h, avatar, attempt } from './dom.js';
import { icon } from './icons.js';
import { dialog } from './ui.js';
import { state, loadDirectory } from './state.js';
import { page, section, table, button, pill, saveDialog, confirmThen, list, joined } from './admin-ui.js';

const strategies = [['round_robin', 'Round robin'], ['capacity', 'Least busy (capacity)'], ['skill', 'By skill (tags)'], ['channel', 'By channel']];

async function refreshDirectory(reload) {
  await loadDirectory().catch(() => {});
  reload();
}

export async function peoplePage(reload) {
  const [teams, agents, policy] = await Promise.all([api.get('/teams'), api.get('/agents', { include_deactivated: 'true' }), api.get('/settings/two-factor')]);
  const names = new Map(agents.agents.map((a) => [a.id, a.name]));

  const editTeam = async (t) => {
    await saveDialog({ title: t ? `Edit ${t.name}` : 'New team', fields: [
      { name: 'name', label: 'Name', required: true, value: t?.name },
      { name: 'strategy', label: 'Assignment', type: 'select', options: strategies, value: t?.strategy || 'round_robin' },
      { name: 'is_default', label: 'Default team (conversations no rule routes)', type: 'checkbox', value: t?.is_default },
      { name: 'is_escalation', label: 'Escalation team', type: 'checkbox', value: t?.is_escalation },
    ], submit: (v) => (t ? api.patch(`/teams/${seg(t.id)}`, v) : api.post('/teams', v)) });
    refreshDirectory(reload);
  };
  const members = async (t) => {
    const active = agents.agents.filter((a) => a.active);
    const boxes = active.map((a) => h('label.check-row', h('input', { type: 'checkbox', value: a.id, checked: t.member_ids.includes(a.id) }), avatar(a.name, a.id), a.name, h('span.muted.small', ` @${a.handle}`)));
    await dialog({ title: `Members of ${t.name}`, content: h('div.check-list', boxes), actions: [{ label: 'Cancel' }, { label: 'Save', primary: true, onclick: async () => {
      for (const box of boxes.map((b) => b.querySelector('input'))) {
        const was = t.member_ids.includes(box.value);
        if (box.checked && !was) await attempt(() => api.put(`/teams/${seg(t.id)}/members/${seg(box.value)}`));
        if (!box.checked && was) await attempt(() => api.del(`/teams/${seg(t.id)}/members/${seg(box.value)}`));
      }
      return true;
    } }] });
    refreshDirectory(reload);
  };
  const editAgent = async (a) => {
    await saveDialog({ title: a ? `Edit ${a.name}` : 'New agent', wide: true, fields: [
      { name: 'name', label: 'Name', required: true, value: a?.name },
      { name: 'email', label: 'Email', type: 'email', required: true, value: a?.email },
      { name: 'handle', label: 'Handle (for @mentions)', value: a?.handle, placeholder: 'from the email by default' },
      { name: 'role', label: 'Role', type: 'select', options: [['agent', 'Agent'], ['admin', 'Admin']], value: a?.role || 'agent' },
      { name: 'capacity', label: 'Capacity (active conversations routing may assign)', type: 'number', value: a?.capacity ?? 5, min: 1 },
      { name: 'skills', label: 'Skills', value: joined(a?.skills), placeholder: 'billing, de' },
      { name: 'password', label: a ? 'New password (leave empty to keep)' : 'Password', type: 'password', help: 'At least 10 characters.' },
    ], submit: (v) => {
      const body = { name: v.name, email: v.email, role: v.role, capacity: v.capacity, skills: list(v.skills) };
      if (v.handle.trim()) body.handle = v.handle.trim();
      if (v.password) body.password = v.password;
      return a ? api.patch(`/agents/${seg(a.id)}`, body) : api.post('/agents', body);
    } });
    refreshDirectory(reload);
  };
  const resetTwoFactor = async (a) => {
    await confirmThen(`Reset ${a.name}'s two-factor sign-in?`, 'For a lost phone: their authenticator and recovery codes stop working and they are signed out. The audit trail records that you did it.',
      () => api.del(`/agents/${seg(a.id)}/two-factor`), 'Reset');
    reload();
  };
  const editPolicy = async () => {
    await saveDialog({ title: 'Two-factor sign-in', intro: 'People the policy covers enter a code from an authenticator app after their password; those who have not set one up are led to do it at their next sign-in. API keys and personal tokens are not affected.',
      fields: [
        { name: 'admin', label: 'Required for admins', type: 'checkbox', value: policy.required_roles.includes('admin') },
        { name: 'agent', label: 'Required for agents', type: 'checkbox', value: policy.required_roles.includes('agent') },
      ],
      submit: (v) => api.put('/settings/two-factor', { required_roles: ['admin', 'agent'].filter((r) => v[r]) }) });
    reload();
  };
  const setActive = async (a, active) => {
    if (!active) await confirmThen(`Deactivate ${a.name}?`, 'They are signed out, lose their tokens and leave their teams. Their conversations stay assigned.', () => api.del(`/agents/${seg(a.id)}`), 'Deactivate');
    else await attempt(() => api.patch(`/agents/${seg(a.id)}`, { active: true }), 'Reactivated');
    refreshDirectory(reload);
  };

  return page('Teams & agents', 'People sign in with their email and password. Teams route and assign conversations.',
    [button('New agent', () => editAgent(null), { iconName: 'plus', primary: true }), button('New team', () => editTeam(null), { iconName: 'plus' }),
      button(`Two-factor: ${policy.required_roles.length === 2 ? 'required for everyone' : policy.required_roles.length ? `required for ${policy.required_roles[0]}s` : 'optional'}`, editPolicy, { iconName: 'check', id: 'two-factor-policy' })],
    section('Teams', null, table([
      ['Team', (t) => h('span', h('strong', t.name), t.is_default ? pill('default', 'ok') : null, t.is_escalation ? pill('escalation', 'warn') : null)],
      ['Assignment', (t) => strategies.find((s) => s[0] === t.strategy)?.[1] || t.strategy],
      ['Members', (t) => (t.member_ids.length ? t.member_ids.map((id) => names.get(id) || id).join(', ') : h('span.muted', 'nobody'))],
      ['', (t) => h('div.row-actions', button('Members', () => members(t), { iconName: 'users' }), button('Edit', () => editTeam(t), { iconName: 'edit' }),
        button('Delete', () => confirmThen(`Delete ${t.name}?`, 'A team with open conversations, rules or channels cannot be deleted.', () => api.del(`/teams/${seg(t.id)}`)).then(() => refreshDirectory(reload)), { iconName: 'trash', danger: true }))],
    ], teams.teams, { empty: 'No teams yet.', label: 'Teams' })),
    section('Agents', null, table([
      ['Agent', (a) => h('span.cell-title', avatar(a.name, a.id), h('span', h('strong', a.name), h('div.muted.small', `${a.email} · @${a.handle}`)))],
      ['Role', (a) => pill(a.role, a.role === 'admin' ? 'warn' : '')],
      ['Two-factor', (a) => (a.two_factor_enabled ? pill('on', 'ok') : pill(policy.required_roles.includes(a.role) ? 'must set up' : 'off', 'muted'))],
      ['Availability', (a) => (a.active ? h(`span.presence.${a.availability}`, a.availability) : pill('deactivated', 'muted'))],
      ['Capacity', (a) => String(a.capacity)],
      ['Skills', (a) => joined(a.skills)],
      ['', (a) => h('div.row-actions', button('Edit', () => editAgent(a), { iconName: 'edit' }),
        a.two_factor_enabled ? button('Reset two-factor', () => resetTwoFactor(a), { iconName: 'rotate' }) : null,
        a.id === state.me?.id ? null : button(a.active ? 'Deactivate' : 'Reactivate', () => setActive(a, !a.active), { iconName: 'power', danger: a.active }))],
    ], agents.agents, { label: 'Agents' })));
}

export async function routingPage(reload) {
  const rules = await api.get('/routing-rules');
  const sorted = rules.routing_rules.slice().sort((a, b) => a.position - b.position);
  const edit = async (r) => {
    const c = r?.conditions || {};
    await saveDialog({ title: r ? `Edit ${r.name}` : 'New routing rule', wide: true,
      intro: 'Rules are checked in order; the first whose conditions all hold sends the conversation to its team. Empty conditions are ignored.',
      fields: [
        { name: 'name', label: 'Name', required: true, value: r?.name },
        { name: 'team_id', label: 'Send to team', type: 'select', options: state.teams.map((t) => [t.id, t.name]), value: r?.team_id, required: true },
        { name: 'position', label: 'Position (lower first)', type: 'number', value: r?.position ?? (sorted.length ? sorted[sorted.length - 1].position + 10 : 10) },
        { name: 'enabled', label: 'Enabled', type: 'checkbox', value: r ? r.enabled : true },
        { name: 'conditions.channel_instance_ids', label: 'Channels (IDs)', value: joined(c.channel_instance_ids), placeholder: state.channels.map((ch) => ch.id).slice(0, 3).join(', ') },
        { name: 'conditions.plugin_ids', label: 'Plugins', value: joined(c.plugin_ids), placeholder: 'email, relay' },
        { name: 'conditions.tags_any', label: 'Any of these tags', value: joined(c.tags_any) },
        { name: 'conditions.topics', label: 'Topics (from Agent Stacks)', value: joined(c.topics) },
        { name: 'conditions.minimum_priority', label: 'At least priority', type: 'select', options: [['', 'any'], ['low', 'low'], ['normal', 'normal'], ['high', 'high'], ['urgent', 'urgent']], value: c.minimum_priority || '' },
        { name: 'conditions.contact_attributes', label: 'Customer fields (JSON: field → accepted values)', type: 'json', rows: 3, value: c.contact_attributes, placeholder: '{"tier": ["gold", "platinum"]}' },
      ],
      submit: (v) => {
        const conditions = {};
        for (const key of ['channel_instance_ids', 'plugin_ids', 'tags_any', 'topics']) { const items = list(v[`conditions.${key}`]); if (items.length) conditions[key] = items; }
        if (v['conditions.minimum_priority']) conditions.minimum_priority = v['conditions.minimum_priority'];
        if (v['conditions.contact_attributes']) conditions.contact_attributes = v['conditions.contact_attributes'];
        const body = { name: v.name, team_id: v.team_id, position: v.position, enabled: v.enabled, conditions };
        return r ? api.patch(`/routing-rules/${seg(r.id)}`, body) : api.post('/routing-rules', body);
      } });
    reload();
  };
  const describe = (c) => {
    const parts = [];
    if (c.channel_instance_ids) parts.push(`channel ${c.channel_instance_ids.join(' or ')}`);
    if (c.plugin_ids) parts.push(`plugin ${c.plugin_ids.join(' or ')}`);
    if (c.tags_any) parts.push(`tagged ${c.tags_any.map((t) => `#${t}`).join(' or ')}`);
    if (c.topics) parts.push(`topic ${c.topics.join(' or ')}`);
    if (c.minimum_priority) parts.push(`priority ≥ ${c.minimum_priority}`);
    for (const [k, v] of Object.entries(c.contact_attributes || {})) parts.push(`${k} is ${v.join(' or ')}`);
    return parts.length ? parts.join(' and ') : 'every conversation';
  };
  return page('Routing rules', 'Where conversations that need people go: the first matching rule names the team, else the channel\'s team, else the default team.',
    [button('New rule', () => edit(null), { iconName: 'plus', primary: true, id: 'new-rule' })],
    table([
      ['#', (r) => String(r.position)],
      ['Rule', (r) => h('strong', r.name)],
      ['When', (r) => describe(r.conditions)],
      ['Team', (r) => h('span', icon('users'), ' ', state.teamsByID.get(r.team_id)?.name || r.team_id)],
      ['', (r) => pill(r.enabled ? 'on' : 'off', r.enabled ? 'ok' : 'muted')],
      ['', (r) => h('div.row-actions', button('Edit', () => edit(r), { iconName: 'edit' }),
        button('Delete', () => confirmThen(`Delete ${r.name}?`, '', () => api.del(`/routing-rules/${seg(r.id)}`)).then(reload), { iconName: 'trash', danger: true }))],
    ], sorted, { empty: 'No rules: conversations go to the channel\'s team, else the default team.', label: 'Routing rules' }));
}
