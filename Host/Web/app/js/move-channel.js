// "Move to another channel": the conversation keeps its id, history, tags and assignee, and its
// replies go out on the channel picked here (POST /conversations/{id}/switch). The host lists the
// targets (GET …/switch-targets): running channels, and kinds with no plugin yet ("planned": the
// switch is recorded and replies wait in the outbox). The customer's address there is prefilled
// from their contact when it is known; the host checks it and names the field when it is wrong.
import { api, seg } from './api.js';
import { h, clear, toast } from './dom.js';
import { channelIcon } from './icons.js';
import { dialog, form } from './ui.js';
import { channel } from './state.js';

const PLANNED_NOTE = 'not installed yet — replies will wait';

/** How the address field reads for an identity kind. */
function addressField(identityKind) {
  if (identityKind === 'phone') return { label: 'Customer’s phone number', placeholder: '+15551234567', help: 'In international form, with the country code.' };
  if (identityKind === 'email') return { label: 'Customer’s email address', placeholder: 'name@example.com', help: '' };
  return { label: `Customer’s ${identityKind} address`, placeholder: '', help: '' };
}

/** The contact's most recent address of that kind (identities come oldest first), or ''. */
function knownAddress(contact, identityKind) {
  const known = (contact?.identities || []).filter((i) => i.kind === identityKind);
  return known.length ? known[known.length - 1].value : '';
}

function targetOption(target, index) {
  const id = `switch-target-${index}`;
  const planned = target.state === 'planned';
  return h(`label.switch-target${planned ? '.planned' : ''}`, { for: id },
    h('input', { type: 'radio', id, name: 'switch-target', value: target.kind, checked: index === 0 }),
    channelIcon(target.kind),
    h('span.switch-target-label', target.label),
    h('span.switch-target-state', planned ? PLANNED_NOTE : `via ${channel(target.instance_id).name || target.instance_id}`));
}

/**
 * Ask where to, and move. Resolves with the updated conversation (what the other actions answer),
 * or null when cancelled or refused.
 */
export async function moveToChannel(conversation, contact) {
  let targets;
  try {
    targets = (await api.get(`/conversations/${seg(conversation.id)}/switch-targets`)).targets || [];
  } catch (error) {
    toast(error.message, 'error', 6000);
    return null;
  }
  if (!targets.length) {
    await dialog({ title: 'Move to another channel', content: h('p', 'No other channel can take this conversation now: an admin can add or enable one in Settings › Channels.'),
      actions: [{ label: 'Close', primary: true }] });
    return null;
  }

  const listError = h('div.field-error', { role: 'alert', id: 'switch-target-error' });
  const list = h('fieldset.switch-targets', { 'aria-describedby': listError.id }, h('legend', 'Continue on'), targets.map(targetOption));
  const fields = form([
    { name: 'identity_value', label: 'Customer’s address', type: 'text' },
    { name: 'notice', label: 'Message on the new channel (optional)', type: 'textarea', rows: 3,
      placeholder: 'Sent first, so the customer knows where the conversation went.' },
  ]);
  const address = fields.input('identity_value');
  const addressLabel = fields.el.querySelector(`label[for="${address.id}"]`);
  const addressHelp = h('div.field-help');
  address.after(addressHelp);
  address.setAttribute('autocomplete', 'off');
  let typedByAgent = false;
  address.addEventListener('input', () => { typedByAgent = true; });

  const chosen = () => targets.find((t) => t.kind === list.querySelector('input:checked')?.value) || null;
  const fitAddressTo = (target) => {
    const shape = addressField(target.identity_kind);
    addressLabel.firstChild.textContent = shape.label;
    address.placeholder = shape.placeholder;
    addressHelp.textContent = shape.help;
    // The agent's own typing wins; otherwise show what the customer is known by there.
    if (!typedByAgent) address.value = knownAddress(contact, target.identity_kind);
  };
  list.addEventListener('change', () => { listError.textContent = ''; fitAddressTo(chosen()); });
  fitAddressTo(targets[0]);

  let moved = null;
  await dialog({
    title: 'Move to another channel',
    content: h('div.move-channel',
      h('p.muted', 'The conversation keeps its history, tags and assignee; replies from now on go out on the channel you pick.'),
      list, listError, fields.el),
    actions: [
      { label: 'Cancel' },
      { label: 'Move', primary: true, onclick: async () => {
        const target = chosen();
        clear(listError);
        const { identity_value: value, notice } = fields.values();
        if (!target) { listError.textContent = 'Pick a channel.'; return false; }
        const body = { channel: target.kind, identity_kind: target.identity_kind };
        if (value.trim()) body.identity_value = value.trim();
        if (notice.trim()) body.notice = notice.trim();
        try {
          const { switch: done, ...updated } = await api.post(`/conversations/${seg(conversation.id)}/switch`, body);
          toast(done?.waiting_for_plugin ? `Moved to ${target.label}: replies wait in the outbox until ${target.label} is installed`
            : `Moved to ${target.label}${done?.identity_value ? ` (${done.identity_value})` : ''}`, 'success', 6000);
          moved = updated;
          return true;
        } catch (error) {
          // The host names the field it refuses: the address, the notice, or the target itself.
          if (fields.error(error)) return false;
          if (['channel', 'channel_instance_id', 'identity_kind'].includes(error.field)) {
            listError.textContent = error.message;
            list.querySelector('input:checked')?.focus();
          } else {
            toast(error.message, 'error', 6000);
          }
          return false;
        }
      } },
    ],
  });
  return moved;
}
