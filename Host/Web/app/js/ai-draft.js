// An Agent Stack's draft (draft mode): the stack wrote a reply for a person to review instead of
// sending it. The composer holds its text; the person approves it as is, edits it and sends the
// edit, or discards it (POST /conversations/{id}/drafts/{draft}/approve|discard). If the customer
// wrote again after the draft, the host answers 409 stale_draft: we ask before sending anyway.
import { api, ApiError, seg } from './api.js';
import { h, toast } from './dom.js';
import { icon } from './icons.js';
import { confirmDialog } from './ui.js';

/** The bar above the editor while a draft waits: who wrote it, how sure it was, and the choices. */
export function draftBar(draft, { edited, onApprove, onDiscard }) {
  if (!draft) return null;
  const who = draft.stack_id ? `Agent Stack ${draft.stack_id}` : draft.author;
  const sure = draft.confidence == null ? '' : ` · confidence ${Math.round(draft.confidence * 100)}%`;
  return h('div.ai-draft', { id: 'ai-draft', role: 'status', 'data-edited': String(edited) },
    icon('bot'), h('strong', 'AI draft ready'), h('span.muted', ` by ${who}${sure}`),
    h('span.ai-draft-hint', edited ? ' — edited: Send sends your version' : ' — review it: approve as is, or edit it and Send'),
    h('span.ai-draft-actions',
      h('button.button.primary.small', { type: 'button', id: 'approve-draft', disabled: edited, title: 'Send the draft exactly as the stack wrote it', onclick: onApprove },
        icon('send'), 'Approve & send'),
      h('button.button.small', { type: 'button', id: 'discard-draft', title: 'Drop the draft; nothing is sent', onclick: onDiscard }, icon('x'), 'Discard')));
}

/**
 * Send the draft: as written (`text` null) or edited. True when sent. A stale draft (the customer
 * wrote since) is sent only after the person confirms.
 */
export async function approveDraft(conversationID, draft, text) {
  const body = text == null ? {} : { text, format: 'markdown' };
  const path = `/conversations/${seg(conversationID)}/drafts/${draft.id}/approve`;
  try {
    await api.post(path, body);
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== 'stale_draft') { toast(error.message || String(error), 'error', 6000); return false; }
    const sure = await confirmDialog('The customer wrote again', `${error.message}. Send the draft anyway?`, 'Send anyway', false);
    if (!sure) return false;
    try { await api.post(path, { ...body, confirm: true }); } catch (again) { toast(again.message || String(again), 'error', 6000); return false; }
  }
  toast(text == null ? 'Draft approved and sent' : 'Edited draft sent', 'success');
  return true;
}

export async function discardDraft(conversationID, draft) {
  try {
    await api.post(`/conversations/${seg(conversationID)}/drafts/${draft.id}/discard`, {});
    toast('Draft discarded', 'success');
    return true;
  } catch (error) {
    toast(error.message || String(error), 'error', 6000);
    return false;
  }
}
