// "An agent is typing" for the customer (POST /conversations/{id}/typing): a live channel such as
// the web chat shows an indicator. The host keeps nothing, so this is best effort: at most one
// signal every few seconds while a reply is written, and no error ever reaches the agent. When the
// host answers that the channel shows no indicator (email, SMS), the signal stops until the
// conversation is on another channel.
import { api, seg } from './api.js';

export const TYPING_INTERVAL_MS = 3000;

let lastSentAt = 0;
let lastKey = '';
const silentChannels = new Set();   // "<conversation id>|<channel id>" that relay no typing

/** The agent typed in a reply to `conversation`: tell its channel, unless it was told just now. */
export function agentTyped(conversation, now = Date.now()) {
  if (!conversation || conversation.status === 'archived') return;
  const key = `${conversation.id}|${conversation.channel_instance_id}`;
  if (silentChannels.has(key)) return;
  if (key === lastKey && now - lastSentAt < TYPING_INTERVAL_MS) return;
  lastKey = key;
  lastSentAt = now;
  api.post(`/conversations/${seg(conversation.id)}/typing`)
    .then((answer) => { if (answer && answer.relayed === false) silentChannels.add(key); })
    .catch(() => { /* a missed typing signal is harmless */ });
}
