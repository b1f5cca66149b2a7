// Phone calls in the unified thread. The voice channel writes a message when a call comes in
// (its provider id is the CallSid) and events as the call goes: started, queued, answered or
// missed by an agent, callbacks, limits, ended with the IVR path, duration and outcome. Here the
// call's message becomes one card gathering its events, in the thread where the call started;
// a voicemail (an audio attachment) plays in place with its transcript under it, whether the
// transcript is on the voicemail message or arrives later as a message of its own.
import { api } from '../api.js';
import { h, clockTime, fullTime } from '../dom.js';
import { icon } from '../icons.js';
import { agentName } from '../state.js';
import { clock } from './queue-panel.js';

const queueNames = new Map();
let queuesLoaded = null;

/** Queue names for the cards (read once; a failure leaves ids shown). */
export function loadQueueNames() {
  queuesLoaded ||= api.get('/voice/queues').then((answer) => {
    for (const q of answer.queues) queueNames.set(q.id, q.name);
  }).catch(() => { queuesLoaded = null; });
  return queuesLoaded;
}

const queueName = (id) => queueNames.get(id) || id || 'a queue';

/** Every event type the voice channel writes; each is shown in its call's card, or alone when it has no call. */
export const callEventTypes = new Set(['voice.call_started', 'voice.queued', 'voice.queue_left', 'voice.agent_missed',
  'voice.callback_requested', 'voice.callback_scheduled', 'voice.callback_attempt', 'voice.guard_tripped', 'voice.text_failed',
  'voice.call_ended']);

/**
 * What the thread needs to show calls: the call cards keyed by the message that opened each call,
 * the events they took in (not shown again on their own), and transcripts folded into their voicemail.
 */
export function gatherCalls(messages, events) {
  const byCall = new Map();
  for (const e of events) {
    const sid = e.data?.call_sid;
    if (callEventTypes.has(e.type) && sid) byCall.set(sid, [...(byCall.get(sid) || []), e]);
  }
  const cards = new Map(), absorbed = new Set(), transcripts = new Map(), folded = new Set();
  for (const m of messages) {
    const sid = m.provider_message_id;
    if (sid && byCall.has(sid) && m.direction === 'inbound') {
      cards.set(m.id, byCall.get(sid));
      for (const e of byCall.get(sid)) absorbed.add(e.id);
    }
  }
  // A transcript written as a message of its own goes under its voicemail: the one it names, else the
  // caller's latest voicemail before it (Twilio transcribes a recording minutes after it was made).
  const voicemails = new Map(messages.filter(isVoicemail).map((m) => [m.provider_message_id, m]));
  for (const m of messages) {
    const t = isVoicemail(m) ? null : transcriptOf(m);
    if (!t) continue;
    const voicemail = voicemails.get(t.recording_sid)
      || messages.filter((v) => isVoicemail(v) && v.created_at <= m.created_at && v.channel_instance_id === m.channel_instance_id).pop();
    if (voicemail && !transcripts.has(voicemail.id)) {
      transcripts.set(voicemail.id, t);
      folded.add(m.id);
    }
  }
  return { cards, absorbed, transcripts, folded };
}

function outcomePill(ended) {
  if (!ended) return h('span.pill.call-live', { 'data-testid': 'call-outcome' }, 'In progress');
  const outcome = ended.data.outcome || 'completed';
  return h(`span.pill.call-outcome.outcome-${outcome.replace(/[^a-z-]/g, '')}`, { 'data-testid': 'call-outcome' }, outcome.replace(/[-_]/g, ' '));
}

/** The call's card: who called, the path through the IVR, queue time, who answered, duration and outcome. */
export function callCard(m, events, caller) {
  const started = events.find((e) => e.type === 'voice.call_started');
  const ended = events.find((e) => e.type === 'voice.call_ended');
  const path = ended?.data.path;
  return h('article.call-card', { 'data-message-id': m.id, 'aria-label': `Phone call from ${caller}` },
    h('div.call-head', h('span.call-icon', icon('phone')),
      h('strong', `Phone call from ${started?.data.caller || caller}`),
      h('time', { datetime: m.created_at, title: fullTime(m.created_at) }, clockTime(m.created_at)),
      outcomePill(ended)),
    path ? h('div.call-path', { 'data-testid': 'call-path' }, h('span.call-label', 'IVR path'),
      h('ol.path-steps', path.split(' → ').map((step) => h('li', h('span', step))))) : null,
    h('ul.call-steps', events.filter((e) => e !== started && e !== ended).map((e) => h('li', { 'data-event': e.type }, eventText(e),
      h('time', { datetime: e.created_at, title: fullTime(e.created_at) }, clockTime(e.created_at))))),
    ended ? h('div.call-foot', { 'data-testid': 'call-duration' },
      `Duration ${clock((ended.data.duration_seconds || 0) * 1000)}`, ended.data.reason ? ` · ${ended.data.reason}` : '') : null);
}

/** A call event shown alone (a callback booked by an agent has no call of its own). */
export function callEventLine(e) {
  return h('div.event.call-event', { 'data-event': e.type }, icon('phone'), h('span', eventText(e)),
    h('time', { title: fullTime(e.created_at) }, clockTime(e.created_at)));
}

const missed = { no_answer: 'did not answer', busy: 'was busy', failed: 'could not be rung', canceled: 'was not rung (cancelled)' };

function eventText(e) {
  const d = e.data || {};
  switch (e.type) {
    case 'voice.call_started': return `Call from ${d.caller || 'the customer'} started`;
    case 'voice.queued': return `Waiting in ${queueName(d.queue_id)}${d.kept_callback_place ? ' (kept the place of an earlier callback request)' : ''}`;
    case 'voice.queue_left':
      if (d.result === 'answered') return `Answered by ${d.agent_id ? agentName(d.agent_id) : 'an agent'} after ${clock((d.queue_seconds || 0) * 1000)} in ${queueName(d.queue_id)}`;
      return `Left ${queueName(d.queue_id)} after ${clock((d.queue_seconds || 0) * 1000)}: ${{ abandoned: 'the caller hung up', max_wait: 'waited the longest allowed' }[d.result] || d.result}`;
    case 'voice.agent_missed': return `${agentName(d.agent_id)} ${missed[d.status] || d.status}; the caller kept their place`;
    case 'voice.callback_requested': return `Asked to be called back on ${d.number}`;
    case 'voice.callback_scheduled': return `Callback to ${d.number} booked in ${queueName(d.queue_id)}, keeping the place since ${clockTime(d.place_since)}`;
    case 'voice.callback_attempt':
      return `Callback attempt ${d.attempts || ''} by ${agentName(d.agent_id)}: ${d.leg === 'customer' ? 'the customer' : 'the agent'} ${d.result === 'completed' ? 'answered' : (missed[d.result] || d.result)}${d.status === 'failed' ? ' — no attempts left' : ''}`;
    case 'voice.guard_tripped': return `The flow's ${d.limit} limit sent the call on at ${d.node}`;
    case 'voice.text_failed': return `A text through ${d.instance} could not be sent: ${d.error}`;
    case 'voice.call_ended': return `Call ended after ${clock((d.duration_seconds || 0) * 1000)} (${d.outcome})`;
    default: return e.type;
  }
}

// Voicemail and transcripts -----------------------------------------------------------------------

const isAudio = (a) => String(a?.content_type || '').toLowerCase().startsWith('audio/');
export const isVoicemail = (m) => Array.isArray(m.attachments) && m.attachments.some(isAudio);

const TRANSCRIPT_PREFIX = 'Transcript: ';

/**
 * A transcript on a message, in the shapes the voice channel writes: `rich.transcript` (text, or
 * {text, status, recording_sid}), or a message of its own "Transcript: …" whose provider id is the
 * TranscriptionSid (TR…).
 */
export function transcriptOf(m) {
  const t = m?.rich?.transcript;
  if (t) return typeof t === 'string' ? { text: t } : t;
  if (m?.direction === 'inbound' && /^TR/.test(m.provider_message_id || '') && (m.text || '').startsWith(TRANSCRIPT_PREFIX)) {
    return { text: m.text.slice(TRANSCRIPT_PREFIX.length) };
  }
  return null;
}

/** Under a voicemail: its transcript, or (when the channel asked for one) a note that it is on its way. */
export function transcriptNode(t) {
  if (!t) return null;
  const failed = t.status === 'failed';
  const pending = !t.text && !failed;
  return h(`div.transcript${pending ? '.pending' : ''}`, { 'data-testid': 'transcript' },
    h('span.call-label', icon('note'), 'Transcript'),
    pending ? h('span.muted', 'Transcribing…') : failed ? h('span.muted', 'Twilio could not transcribe this recording.') : h('p', t.text));
}
