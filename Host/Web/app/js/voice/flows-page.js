// Settings › Voice flows: the flows, and the editor of one. Admins only (the settings are).
import { api } from '../api.js';
import { h, clear, ago } from '../dom.js';
import { page, table, button, pill, saveDialog, confirmThen } from '../admin-ui.js';
import { flowEditor } from './editor.js';

const STYLESHEET = new URL('../../css/voice.css', import.meta.url).href;

function ensureStylesheet() {
  if (!document.querySelector(`link[href="${STYLESHEET}"]`)) document.head.append(h('link', { rel: 'stylesheet', href: STYLESHEET }));
}

export async function voiceFlowsPage(reload) {
  ensureStylesheet();
  const { flows } = await api.get('/voice/flows');
  const holder = h('div.vf-page');
  const open = (flow) => {
    holder.closest('.settings-content')?.classList.add('vf-full');
    clear(holder, flowEditor(flow, { onClose: () => { holder.closest('.settings-content')?.classList.remove('vf-full'); reload(); } }));
  };
  const create = async () => {
    const flow = await saveDialog({ title: 'New voice flow', label: 'Create', fields: [{ name: 'name', label: 'Name', required: true, placeholder: 'Main line' }],
      submit: (v) => api.post('/voice/flows', { name: v.name.trim() }) });
    if (flow) open(flow);
  };
  clear(holder, page('Voice flows', 'What callers hear and press on your numbers. Build a flow, walk it in the simulator, publish it; a voice number names its flow.',
    button('New flow', create, { iconName: 'plus', primary: true, id: 'vf-new' }),
    table([
      ['Name', (f) => h('button.link-button', { type: 'button', 'data-flow': f.id, onclick: () => open(f) }, f.name)],
      ['Live', (f) => (f.published_revision ? pill(`revision ${f.published_revision}`, 'ok') : pill('draft only'))],
      ['Changed', (f) => ago(f.updated_at)],
      ['', (f) => button('Delete', () => confirmThen('Delete the flow?', `${f.name} and its revisions go; a number still naming it keeps it.`,
        () => api.del(`/voice/flows/${encodeURIComponent(f.id)}`)).then((done) => done && reload()), { danger: true })],
    ], flows, { empty: 'No flows yet.', label: 'Voice flows' })));
  return holder;
}
