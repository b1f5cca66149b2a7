// Building blocks of the settings pages: a page, a table, and a dialog that saves a form and
// puts the API's refusal on the field it names.
import { h, toast } from './dom.js';
import { icon } from './icons.js';
import { dialog, form, confirmDialog } from './ui.js';

export function page(title, description, actions, ...content) {
  return h('div.settings-page', h('header.settings-head', h('div', h('h2', title), description ? h('p.muted', description) : null),
    h('div.settings-actions', actions)), content);
}

export function section(title, actions, ...content) {
  return h('section.settings-section', h('div.card-head', h('h3', title), h('div.settings-actions', actions)), content);
}

/** columns: [[label, (row) => node]]. */
export function table(columns, rows, { empty = 'Nothing yet.', label } = {}) {
  if (!rows.length) return h('div.empty-small', h('p', empty));
  return h('div.table-wrap', h('table.data', { 'aria-label': label },
    h('thead', h('tr', columns.map(([name]) => h('th', { scope: 'col' }, name)))),
    h('tbody', rows.map((row) => h('tr', columns.map(([, cell]) => h('td', cell(row))))))));
}

export function button(label, onclick, { iconName, primary, danger, small = true, id } = {}) {
  return h(`button.button${primary ? '.primary' : ''}${danger ? '.danger' : ''}${small ? '.small' : ''}`, { type: 'button', onclick, id }, iconName ? icon(iconName) : null, label);
}

export const pill = (text, kind = '') => h(`span.pill${kind ? `.${kind}` : ''}`, text);

/** A form in a dialog; submit(values) may throw an ApiError, shown on its field. Resolves with submit's result. */
export async function saveDialog({ title, fields, submit, wide = false, intro, label = 'Save' }) {
  const f = form(fields);
  let result;
  await dialog({ title, wide, content: h('div', intro ? h('p.muted.small', intro) : null, f.el), actions: [
    { label: 'Cancel' },
    { label, primary: true, onclick: async () => {
      let values;
      try { values = f.values(); } catch (error) { toast(error.message, 'error'); return false; }
      try {
        result = await submit(values);
        toast('Saved', 'success');
        return true;
      } catch (error) {
        if (!f.error(error)) toast(error.message, 'error', 7000);
        return false;
      }
    } },
  ] });
  return result;
}

export async function confirmThen(title, text, action, label = 'Delete') {
  if (!(await confirmDialog(title, text, label))) return false;
  try { await action(); toast('Done', 'success'); return true; } catch (error) { toast(error.message, 'error', 7000); return false; }
}

export const list = (text) => String(text || '').split(',').map((s) => s.trim()).filter(Boolean);
export const joined = (items) => (items || []).join(', ');
