// The customer's data on request, from the rail (admins): an export followed to its download link,
// and erasure behind a confirmation that names what goes and what stays.
import { api, seg } from './api.js';
import { h, clear, fullTime, toast } from './dom.js';
import { dialog } from './ui.js';

/** The rail card; `onErased` redraws the conversation (its texts are gone). */
export function dataRequestsCard(contact, onErased) {
  const status = h('div.small', { id: 'export-status', role: 'status' });
  const exportButton = h('button.button.small', { type: 'button', id: 'export-contact', onclick: () => startExport(contact, status, exportButton) }, 'Export data');
  const eraseButton = h('button.button.small.danger', { type: 'button', id: 'erase-contact', onclick: () => confirmErase(contact, onErased) }, 'Erase…');
  return h('section.card', h('h4', 'Data requests'),
    contact.erased_at ? h('p.muted.small', `Personal data erased ${fullTime(contact.erased_at)}.`)
      : [h('p.muted.small', 'The customer asked for their data, or for it to be deleted.'), h('div.row-actions', exportButton, eraseButton)],
    status);
}

async function startExport(contact, status, button) {
  button.disabled = true;
  try {
    let job = await api.post(`/contacts/${seg(contact.id)}/export`);
    for (let i = 0; i < 600 && (job.status === 'queued' || job.status === 'running'); i += 1) {
      clear(status, h('progress', { max: 100, value: job.progress, 'aria-label': 'Export progress' }), ` ${job.progress}%`);
      await new Promise((resolve) => { setTimeout(resolve, 500); });
      job = await api.get(`/exports/${seg(job.id)}`);
    }
    if (job.status !== 'ready') throw new Error(job.error || `The export ${job.status}.`);
    clear(status, h('a', { href: job.download_url, id: 'export-download', download: '' }, 'Download the archive'),
      h('span.muted', ` · a link for the customer, until ${fullTime(job.expires_at)}`));
  } catch (error) {
    clear(status, h('span.form-error', error.message));
  } finally {
    button.disabled = false;
  }
}

async function confirmErase(contact, onErased) {
  const reason = h('input', { id: 'erase-reason', placeholder: 'e.g. request #123 by email', maxlength: 500 });
  const typed = h('input', { id: 'erase-confirm', placeholder: 'erase', autocomplete: 'off' });
  let erased = null;
  await dialog({ title: 'Erase this customer’s personal data?', content: h('div',
    h('p', 'Their identities, name, details, every message text, attachment and file, and what channels keep about them are deleted. ',
      h('strong', 'This cannot be undone.')),
    h('p.muted.small', 'What must stay for the record stays without personal data: that conversations existed, their times, and who handled them. A new message from the same person starts a new customer.'),
    h('div.field', h('label', { for: 'erase-reason' }, 'Reason (kept in the audit trail)'), reason),
    h('div.field', h('label', { for: 'erase-confirm' }, 'Type “erase” to confirm'), typed)),
  actions: [{ label: 'Cancel' }, { label: 'Erase', primary: true, danger: true, onclick: async () => {
    if (typed.value.trim().toLowerCase() !== 'erase') { typed.focus(); return false; }
    try {
      erased = await api.post(`/contacts/${seg(contact.id)}/erase`, reason.value.trim() ? { reason: reason.value.trim() } : {});
      return true;
    } catch (error) { toast(error.message, 'error', 7000); return false; }
  } }] });
  if (erased) { toast(`Erased: ${erased.messages} messages, ${erased.files} files`, 'success'); onErased(); }
}
