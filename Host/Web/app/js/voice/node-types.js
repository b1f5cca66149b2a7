// The node-type registry of the flow builder: for each type the host's engine knows
// (Host/Domain/IVR/IVRNodeParsing.swift), its label, a one-line summary (`name(id)` gives a
// referenced schedule's, queue's or stack's name), the fields of its inspector form, its defaults
// and its exits. The inspector and the canvas are generated from it; the host stays the judge.

const text = (key, label, { required = false, long = false, help } = {}) => ({ key, label, kind: long ? 'textarea' : 'text', required, help });
const int = (key, label, min, max, help) => ({ key, label, kind: 'int', min, max, help });
const bool = (key, label, help) => ({ key, label, kind: 'bool', help });
const names = (key, label, help) => ({ key, label, kind: 'names', help });
/** A reference to something the host keeps: `source` is schedules, queues, channels or stacks. */
const ref = (key, label, source, { required = true, help } = {}) => ({ key, label, kind: 'ref', source, required, help });
/** The node's own language and voice for what it says (and hears); unset: the flow's settings. */
const speech = [
  { key: 'language', label: 'Language', kind: 'language', unset: 'The flow\'s language' },
  { key: 'voice', label: 'Voice', kind: 'voice', unset: 'The flow\'s voice' },
];

export const NODE_TYPES = {
  say: {
    label: 'Say', summary: (p) => p.text,
    fields: [text('text', 'Text to speak', { required: true, long: true }), ...speech],
    defaults: () => ({ text: 'Welcome.' }),
    exits: () => ['next'],
  },
  menu: {
    label: 'Menu', summary: (p) => p.prompt,
    fields: [
      text('prompt', 'Prompt', { required: true, long: true }),
      { key: 'input', label: 'Answer by', kind: 'choices', choices: [['dtmf', 'Keys'], ['speech', 'Speech']] },
      { key: 'options', label: 'Options', kind: 'rows', columns: [
        { key: 'exit', label: 'Exit', placeholder: 'billing' }, { key: 'digits', label: 'Key', placeholder: '1' },
        { key: 'phrases', label: 'Phrases', placeholder: 'billing, invoice', list: true }] },
      int('timeoutSec', 'Timeout (seconds)', 1, 60), int('maxAttempts', 'Attempts', 1, 5, 'Prompts per call; then max_attempts.'),
      ...speech,
    ],
    defaults: () => ({ prompt: 'For sales press 1. For support press 2.', input: ['dtmf'], timeoutSec: 5, maxAttempts: 3,
      options: [{ exit: 'sales', digits: '1' }, { exit: 'support', digits: '2' }] }),
    exits: (p) => [...(p.options || []).map((o) => o.exit).filter(Boolean), 'no_match', 'timeout', 'max_attempts'],
  },
  collect: {
    label: 'Collect digits', summary: (p) => p.prompt,
    fields: [text('prompt', 'Prompt', { required: true, long: true }), text('variable', 'Into variable', { required: true }),
      int('numDigits', 'Digits', 1, 32, 'Empty: up to the finish key.'), text('finishOnKey', 'Finish key'),
      int('timeoutSec', 'Timeout (seconds)', 1, 60), int('maxAttempts', 'Attempts', 1, 5), ...speech],
    defaults: () => ({ prompt: 'Enter your account number, then press hash.', variable: 'account', maxAttempts: 3 }),
    exits: () => ['ok', 'invalid', 'timeout', 'max_attempts'],
  },
  branch: {
    label: 'Branch', summary: (p) => (p.cases || []).map((c) => `${c.variable} = ${(c.equals || []).join('|')}`).join('; '),
    fields: [{ key: 'cases', label: 'Cases', kind: 'rows', columns: [
      { key: 'exit', label: 'Exit', placeholder: 'vip' }, { key: 'variable', label: 'Variable', placeholder: 'account' },
      { key: 'equals', label: 'Equals one of', placeholder: '123, 456', list: true }] }],
    defaults: () => ({ cases: [{ exit: 'match', variable: 'account', equals: ['123456'] }] }),
    exits: (p) => [...(p.cases || []).map((c) => c.exit).filter(Boolean), 'default'],
  },
  hours_check: {
    label: 'Hours check', summary: (p, name) => `schedule ${name(p.scheduleId)}`,
    fields: [ref('scheduleId', 'Schedule', 'schedules', { help: 'Opening hours and holidays (Voice schedules).' })],
    defaults: () => ({ scheduleId: '' }),
    exits: () => ['open', 'closed', 'holiday', 'error'],
  },
  queue: {
    label: 'Queue', summary: (p, name) => `queue ${name(p.queueId)}`,
    fields: [ref('queueId', 'Queue', 'queues'), int('maxWaitSec', 'Maximum wait (seconds)', 10, 7200),
      bool('offerCallback', 'Offer a callback')],
    defaults: () => ({ queueId: '', maxWaitSec: 600 }),
    exits: (p) => ['answered', 'abandoned', 'max_wait', ...(p.offerCallback ? ['callback_requested'] : [])],
  },
  callback: {
    label: 'Callback request', summary: (p, name) => (p.queueId ? `queue ${name(p.queueId)}` : 'the caller\'s number'),
    fields: [ref('queueId', 'Queue', 'queues', { required: false, help: 'Empty: the call back keeps no queue place.' })],
    defaults: () => ({}),
    exits: () => ['scheduled', 'declined'],
  },
  dial: {
    label: 'Dial', summary: (p) => p.number,
    fields: [text('number', 'Number (E.164)', { required: true }), int('timeoutSec', 'Ring for (seconds)', 5, 600)],
    defaults: () => ({ number: '+15550100' }),
    exits: () => ['completed', 'busy', 'no_answer', 'failed'],
  },
  record: {
    label: 'Voicemail', summary: (p) => p.prompt || 'record',
    fields: [text('prompt', 'Prompt', { long: true }), int('maxLengthSec', 'Maximum length (seconds)', 1, 3600)],
    defaults: () => ({ prompt: 'Please leave a message after the tone.', maxLengthSec: 120 }),
    exits: () => ['recorded', 'no_audio'],
  },
  send_sms: {
    label: 'Send SMS', summary: (p) => p.text,
    fields: [ref('instance', 'SMS channel', 'channels'), text('text', 'Text', { required: true, long: true })],
    defaults: () => ({ instance: '', text: 'Here is your link: https://example.com' }),
    exits: () => ['sent', 'failed'],
  },
  route_to_channel: {
    label: 'Route to channel', summary: (p) => p.text,
    fields: [ref('instance', 'Channel (SMS or WhatsApp)', 'channels'), text('text', 'Message there', { required: true, long: true }),
      text('goodbye', 'Goodbye on the phone')],
    defaults: () => ({ instance: '', text: 'We continue here.', goodbye: 'We sent you a message. Goodbye.' }),
    exits: () => ['sent', 'failed'],
  },
  ai_agent: {
    label: 'AI agent', summary: (p, name) => `stack ${name(p.stackId)}`,
    fields: [ref('stackId', 'Agent Stack', 'stacks'), int('maxTurns', 'Maximum turns', 1, 30),
      names('outcomes', 'Outcomes', 'Comma-separated; each becomes an exit outcome_<name>.'), ...speech],
    defaults: () => ({ stackId: '', maxTurns: 8 }),
    exits: (p) => ['resolved', 'human', 'timeout', 'error', ...(p.outcomes || []).map((o) => `outcome_${o}`)],
  },
  hangup: {
    label: 'Hang up', summary: (p) => p.goodbye || 'end of call',
    fields: [text('goodbye', 'Goodbye')],
    defaults: () => ({ goodbye: 'Goodbye.' }),
    exits: () => [],
  },
};

export const typeOf = (node) => NODE_TYPES[node?.type];

/** The exits a node declares, in the order the host lists them. */
export const exitsOf = (node) => typeOf(node)?.exits(node.params || {}) || [];

/** Exits that lead back (retries): drawn to the side of the node. */
export const FALLBACK_EXITS = new Set(['no_match', 'timeout', 'max_attempts', 'invalid', 'error', 'default', 'failed']);
