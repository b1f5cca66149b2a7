// Settings › Privacy: retention rules (global and per channel), the last pass's report, and the
// audit trail. Two-factor policy lives with the people it concerns (Teams & agents).
import { api } from './api.js';
import { h, fullTime, attempt } from './dom.js';
import { state } from './state.js';
import { page, section, table, button, pill, saveDialog, confirmThen } from './admin-ui.js';

const describe = (rule) => [
  rule.closed_conversations ? `closed or archived conversations ${rule.closed_conversations.action === 'anonymize' ? 'anonymized' : 'deleted'} after ${rule.closed_conversations.after_days} days` : null,
  rule.attachments ? `attachments removed after ${rule.attachments.after_days} days` : null,
].filter(Boolean).join('; ') || 'keeps everything';

export async function privacyPage(reload) {
  const [retention, audit] = await Promise.all([api.get('/settings/retention'), api.get('/audit', { limit: 30 })]);
  const rules = retention.rules;
  const save = (next) => api.put('/settings/retention', { rules: next });
  const edit = async (rule) => {
    const others = rules.filter((r) => r !== rule);
    await saveDialog({ title: rule ? 'Edit retention rule' : 'New retention rule', wide: true,
      intro: 'Closed or archived conversations with no activity for N days are deleted, or kept without personal data (anonymized). Attachments older than N days are removed; the messages stay. Leave a field empty to keep that data (a channel’s empty field falls back to the rule for every channel).',
      fields: [
        { name: 'channel', label: 'Applies to', type: 'select', value: rule?.channel_instance_id || '',
          options: [['', 'Every channel'], ...state.channels.map((c) => [c.id, c.name || c.id])] },
        { name: 'closed_days', label: 'Closed conversations: after days', type: 'number', value: rule?.closed_conversations?.after_days ?? '', min: 1 },
        { name: 'action', label: 'Then', type: 'select', options: [['delete', 'Delete them'], ['anonymize', 'Keep them without personal data']],
          value: rule?.closed_conversations?.action || 'delete' },
        { name: 'attachment_days', label: 'Attachments: after days', type: 'number', value: rule?.attachments?.after_days ?? '', min: 1 },
      ],
      submit: (v) => {
        const next = { channel_instance_id: v.channel || null,
          closed_conversations: v.closed_days == null ? null : { after_days: Number(v.closed_days), action: v.action },
          attachments: v.attachment_days == null ? null : { after_days: Number(v.attachment_days) } };
        return save([...others, next]);
      } });
    reload();
  };
  const run = retention.last_run;
  return page('Privacy', 'What the host keeps and for how long, and what was done to accounts and customer data. By default everything is kept: you decide.',
    [button('New rule', () => edit(null), { iconName: 'plus', primary: true, id: 'new-retention-rule' }),
      button('Run now', () => attempt(() => api.post('/settings/retention/run'), 'Retention pass scheduled').then(() => setTimeout(reload, 1500)), { iconName: 'rotate' })],
    section('Retention', null, table([
      ['Channels', (r) => (r.channel_instance_id ? h('strong', r.channel_instance_id) : pill('every channel', 'ok'))],
      ['Rule', (r) => describe(r)],
      ['', (r) => h('div.row-actions', button('Edit', () => edit(r), { iconName: 'edit' }),
        button('Delete', () => confirmThen('Delete this rule?', 'Data it would have removed is kept.', () => save(rules.filter((x) => x !== r))).then(reload), { iconName: 'trash', danger: true }))],
    ], rules, { empty: 'No rules: everything is kept. Expired plugin bookkeeping is pruned anyway.', label: 'Retention rules' })),
    section('Last pass', null, run ? h('p', { id: 'retention-report' }, `${fullTime(run.finished_at)}: ${run.conversations_deleted} conversations deleted, ${run.conversations_anonymized} anonymized, `
      + `${run.attachments_removed} messages’ attachments removed, ${run.files_deleted} files deleted, ${run.plugin_state_pruned} expired plugin records pruned.`) : h('p.muted', 'No pass yet.')),
    section('Audit trail', null, table([
      ['When', (e) => fullTime(e.created_at)],
      ['Who', (e) => e.actor],
      ['What', (e) => h('code', e.action)],
      ['Subject', (e) => e.subject || ''],
    ], audit.entries, { empty: 'Nothing recorded yet.', label: 'Audit trail' })));
}
