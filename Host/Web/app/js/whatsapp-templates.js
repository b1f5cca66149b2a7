// WhatsApp message templates: the only thing a WhatsApp number may send once the customer's
// 24-hour reply window has closed. The plugin syncs the number's templates; the host lists them for
// agents (GET /channels/{id}/templates) and a reply carrying rich {type: 'whatsapp_template', …}
// sends one (the plugin checks the name, approval and parameters before Meta is called).
import { api, seg } from './api.js';
import { h, clear, toast } from './dom.js';
import { dialog, form } from './ui.js';

export const TEMPLATE_PLUGINS = new Set(['whatsapp']);

const MEDIA_HEADERS = new Set(['IMAGE', 'VIDEO', 'DOCUMENT']);
const mediaHeader = (template) => (MEDIA_HEADERS.has(template.header) ? template.header.toLowerCase() : null);

/** The rich JSON of a reply that sends `template` with `values` (body placeholders, header, buttons). */
export function templateRich(template, { parameters = [], header, buttons = [] } = {}) {
  const slots = template.parameters || [];
  // Named placeholders ({{order_id}}) go as an object, numbered ones ({{1}}) as a list in order.
  const named = slots.some((s) => !/^\d+$/.test(s));
  const rich = { type: 'whatsapp_template', name: template.name, language: template.language,
    parameters: named ? Object.fromEntries(slots.map((s, i) => [s, parameters[i]])) : parameters };
  const media = mediaHeader(template);
  // An image, video or document header: Meta fetches it from the link when the template goes.
  if (media) rich.header = { type: media, link: header };
  else if (template.header_parameter) rich.header = header;
  if (template.url_buttons) rich.buttons = buttons;
  return rich;
}

/** Every field the template needs, in order: body slots, then the header's, then the URL buttons'. */
function slotFields(template) {
  const fields = (template.parameters || []).map((slot, i) => ({ name: `p${i}`, label: `Parameter {{${slot}}}`, required: true }));
  const media = mediaHeader(template);
  if (media) fields.push({ name: 'header', label: `Header ${media} link`, type: 'url', placeholder: 'https://…', required: true });
  else if (template.header_parameter) fields.push({ name: 'header', label: 'Header text', required: true });
  for (let i = 0; i < (template.url_buttons || 0); i += 1) fields.push({ name: `b${i}`, label: `Link button ${i + 1} value`, required: true });
  return fields;
}

/** `text` with each {{slot}} replaced by its value, or left as {{slot}} while empty. */
export function fillPlaceholders(text, slots, values) {
  return String(text || '').replace(/\{\{\s*([^}]+?)\s*\}\}/g, (whole, name) => {
    const index = slots.indexOf(name);
    const value = index >= 0 ? String(values[index] || '').trim() : '';
    return value || whole;
  });
}

/** What the customer will read: the header and body with the values given so far. */
function previewText(template, values) {
  const parameters = (template.parameters || []).map((_, i) => values[`p${i}`]);
  const header = template.header_text ? fillPlaceholders(template.header_text, [template.header_text.match(/\{\{\s*([^}]+?)\s*\}\}/)?.[1]], [values.header]) : '';
  const body = fillPlaceholders(template.body, template.parameters || [], parameters);
  return { header, body };
}

/**
 * The Template dialog for `conversation`: lists the channel's APPROVED templates and a field per
 * parameter; Send posts the reply. Resolves true when a template was sent.
 */
export async function openTemplateDialog(conversation) {
  let listed;
  try {
    listed = await api.get(`/channels/${seg(conversation.channel_instance_id)}/templates`);
  } catch (error) {
    toast(error.message || String(error), 'error', 6000);
    return false;
  }
  const approved = (listed.templates || []).filter((t) => t.status === 'APPROVED')
    .sort((a, b) => a.name.localeCompare(b.name) || a.language.localeCompare(b.language));
  const error = h('div.form-error', { role: 'alert', id: 'template-error' });
  const fieldsSlot = h('div.template-fields');
  const preview = h('div.template-preview', { id: 'template-preview', 'aria-live': 'polite' });
  let current = null, fields = null;
  function renderPreview() {
    const { header, body } = previewText(current, fields.values());
    clear(preview, h('div.preview-label', 'Preview'), header ? h('strong.preview-header', header) : null,
      h('p.preview-body', body || (current.body === undefined ? 'No preview: sync the templates again.' : '')),
      mediaHeader(current) ? h('div.muted.small', `With the ${mediaHeader(current)} from the header link.`) : null);
  }
  const pick = h('select', { id: 'template-pick', 'aria-label': 'Template',
    onchange: () => choose(approved[Number(pick.value)]) },
  approved.map((t, i) => h('option', { value: String(i) }, `${t.name} · ${t.language}${t.category ? ` · ${t.category.toLowerCase()}` : ''}`)));
  function choose(template) {
    current = template;
    error.textContent = '';
    fields = form(slotFields(template));
    fields.el.addEventListener('input', renderPreview);
    clear(fieldsSlot, slotFields(template).length ? fields.el : h('p.muted', 'This template takes no parameters.'));
    renderPreview();
  }
  if (!approved.length) {
    await dialog({ title: 'Send a WhatsApp template', content: h('p.muted', { id: 'template-none' },
      'This number has no approved templates. Create them in WhatsApp Manager; they are listed here once Meta approves them.'),
    actions: [{ label: 'Close' }] });
    return false;
  }
  choose(approved[0]);
  let sent = false;
  await dialog({
    title: 'Send a WhatsApp template',
    content: [h('p.muted', 'A template may go even when the reply window is closed.'),
      h('div.field', h('label', { for: 'template-pick' }, 'Template'), pick), preview, fieldsSlot, error],
    actions: [{ label: 'Cancel' }, { label: 'Send template', primary: true, onclick: async () => {
      const values = fields.values();
      const needed = slotFields(current).filter((f) => !String(values[f.name] || '').trim());
      if (needed.length) { error.textContent = `Fill in ${needed.map((f) => f.label).join(', ')}`; return false; }
      const parameters = (current.parameters || []).map((_, i) => values[`p${i}`].trim());
      const buttons = Array.from({ length: current.url_buttons || 0 }, (_, i) => values[`b${i}`].trim());
      const rich = templateRich(current, { parameters, header: values.header?.trim(), buttons });
      // The thread shows what the customer read (Meta sends the template's own wording).
      const shown = previewText(current, values).body;
      try {
        await api.post(`/conversations/${seg(conversation.id)}/messages`, { text: `Template ${current.name}${shown ? `: ${shown}` : ''}`, rich });
      } catch (e) {
        error.textContent = e.message || String(e);
        return false;
      }
      sent = true;
      toast(`Template ${current.name} sent`, 'success');
      return true;
    } }],
  });
  return sent;
}
