// The simulator panel: walks the editor's current definition through the host's own engine
// (POST …/simulate, stateless: the state comes back with each answer). Prompts show as text; the
// walked path is highlighted on the canvas; a walk can be saved as a test that runs on publish.
import { api, seg } from '../api.js';
import { h, clear, toast } from '../dom.js';

const RESULTS = {
  enqueue: ['queue', 'result', ['answered', 'abandoned', 'max_wait', 'callback_requested']],
  dial: ['dial', 'result', ['completed', 'busy', 'no_answer', 'failed']],
  record: ['record', 'recording_url', ['simulated:recording', null]],
  agent: ['ai', 'outcome', ['resolved', 'human', 'timeout', 'error']],
};

const describeEvent = (e) => ({
  sms_requested: () => `SMS captured (not sent) to ${e.to} via ${e.instance}: “${e.text}”`,
  channel_route_requested: () => `Moved to ${e.instance} (captured, not sent): “${e.text}”`,
  callback_requested: () => `Callback requested for ${e.number}`,
  guard_tripped: () => `Limit ${e.limit} broke at ${e.node}: to the guard`,
  call_ended: () => `Call ended: ${e.reason}`,
}[e.type]?.());

const describeWait = (a) => ({
  gather: () => `Waiting for ${a.inputs.map((i) => (i === 'dtmf' ? 'keys' : 'speech')).join(' or ')} (${a.timeout_seconds}s)`,
  enqueue: () => `Waiting in queue ${a.queue_id}`,
  dial: () => `Dialling ${a.number}`,
  record: () => `Recording (up to ${a.max_length_seconds}s)`,
  agent: () => `Talking to AI agent ${a.stack_id}`,
  hangup: () => 'Hung up',
}[a.kind]?.());

/** A test's default name from its inputs: "Call: press 2, timeout". */
const describeWalk = (inputs) => `Call: ${inputs.slice(1).map((i) => ({ digits: `press ${i.digits}`, speech: `say “${i.speech}”` }[i.kind]
  || (i.kind === 'record' ? (i.recording_url ? 'recorded' : 'no audio') : i.result || i.outcome || i.kind))).join(', ') || 'start'}`;

/** flowID; definition() the editor's current definition; onWalk({nodes, edges, current}) to highlight. */
export function simulatorPanel({ flowID, definition, onWalk }) {
  const now = h('input#sim-now', { type: 'datetime-local', step: 60, value: new Date().toISOString().slice(0, 16) });
  const caller = h('input#sim-caller', { value: '+15550100', 'aria-label': 'Caller number', size: 12 });
  const mockSelect = (id, label, values) => h('label.sim-mock', label, h(`select#${id}`, h('option', { value: '' }, 'ask me'),
    values.map((v) => h('option', { value: String(v) }, v === true ? 'recorded' : v === false ? 'no audio' : v))));
  const mocks = {
    queue: mockSelect('sim-mock-queue', 'Queue', RESULTS.enqueue[2]), dial: mockSelect('sim-mock-dial', 'Dial', RESULTS.dial[2]),
    recorded: mockSelect('sim-mock-record', 'Voicemail', [true, false]), ai: mockSelect('sim-mock-ai', 'AI agent', RESULTS.agent[2]),
  };
  const log = h('ol.sim-log', { 'aria-live': 'polite', 'aria-label': 'Simulated call' });
  const controls = h('div.sim-controls');
  const tests = h('div.sim-tests');
  let walk = null;  // {state, inputs, nodes, edges, ended, node}

  const mocksValue = () => {
    const m = {};
    for (const [key, el] of Object.entries(mocks)) {
      const v = el.querySelector('select').value;
      if (v) m[key] = key === 'recorded' ? v === 'true' : v;
    }
    return m;
  };
  const nowValue = () => (now.value ? `${now.value}:00Z` : undefined);
  const line = (kind, text) => { log.append(h(`li.sim-${kind}`, text)); log.scrollTop = log.scrollHeight; };

  async function send(input) {
    try {
      const answer = await api.post(`/voice/flows/${seg(flowID)}/simulate`, {
        definition: definition(), state: walk?.state, input, now: nowValue(), mocks: mocksValue(),
      });
      if (input.kind === 'start') walk = { inputs: [], nodes: new Set([definition().entry]), edges: new Set() };
      walk.inputs.push(input);
      walk.state = answer.state;
      walk.ended = answer.ended;
      walk.node = answer.node;
      walk.path = answer.path;
      if (input.kind !== 'start') line('caller', { digits: `☎ pressed ${input.digits}`, speech: `☎ said “${input.speech}”`, timeout: '☎ (silence)', hangup: '☎ hung up' }[input.kind] || `↺ ${input.kind}: ${input.result ?? input.outcome ?? (input.recording_url ? 'recorded' : 'no audio')}`);
      for (const e of answer.events) {
        if (e.type === 'exit_taken') {
          walk.edges.add(`${e.node}:${e.exit}`);
          const target = definition().nodes[e.node]?.exits[e.exit];
          if (target) walk.nodes.add(target);
        }
        const text = describeEvent(e);
        if (text) line('event', text);
      }
      for (const said of answer.instruction.say) line('say', `» ${said}`);
      const action = answer.instruction.action;
      if (action.kind === 'gather') line('say', `» ${action.prompt}`);
      if (!answer.ended) line('wait', describeWait(action));
      line('path', `Path: ${answer.path.join(' → ') || '—'}`);
      onWalk({ nodes: walk.nodes, edges: walk.edges, current: answer.node });
      renderControls(action);
    } catch (error) {
      line('error', error.message);
      toast(error.message, 'error', 7000);
    }
  }

  function renderControls(action) {
    if (!walk) {
      clear(controls, h('button#sim-start.button.primary.small', { type: 'button', onclick: () => { clear(log); send({ kind: 'start', caller: caller.value.trim() || undefined }); } }, 'Start call'));
      return;
    }
    const restart = h('button#sim-restart.button.small', { type: 'button', onclick: () => { walk = null; clear(log); onWalk(null); renderControls(); } }, 'Reset');
    const name = h('input#sim-test-name', { placeholder: 'Test name', 'aria-label': 'Test name', value: describeWalk(walk.inputs) });
    const save = h('form.sim-save', { onsubmit: (e) => { e.preventDefault(); saveTest(name.value.trim()); } }, name,
      h('button#sim-save-test.button.small', { type: 'submit' }, 'Save as test'));
    if (walk.ended) { clear(controls, restart, save); return; }
    const rows = [];
    if (action.kind === 'gather') {
      const digits = h('input#sim-digits', { inputmode: 'numeric', placeholder: 'Keys, e.g. 1', 'aria-label': 'Keys to press', size: 8 });
      const speech = h('input#sim-speech', { placeholder: 'Words, e.g. billing', 'aria-label': 'Words to say', size: 14 });
      if (action.inputs.includes('dtmf')) rows.push(h('form.sim-row', { onsubmit: (e) => { e.preventDefault(); if (digits.value.trim()) send({ kind: 'digits', digits: digits.value.trim() }); } }, digits, h('button#sim-press.button.small', { type: 'submit' }, 'Press')));
      if (action.inputs.includes('speech')) rows.push(h('form.sim-row', { onsubmit: (e) => { e.preventDefault(); if (speech.value.trim()) send({ kind: 'speech', speech: speech.value.trim() }); } }, speech, h('button#sim-say.button.small', { type: 'submit' }, 'Say')));
      rows.push(h('button#sim-timeout.button.small', { type: 'button', onclick: () => send({ kind: 'timeout' }) }, 'Timeout'));
    } else if (RESULTS[action.kind]) {
      const [kind, key, values] = RESULTS[action.kind];
      rows.push(h('div.sim-row', values.map((v) => h('button.button.small', { type: 'button', 'data-result': String(v), onclick: () => send(v === null ? { kind } : { kind, [key]: v }) },
        kind === 'record' ? (v ? 'recorded' : 'no audio') : v))));
    }
    clear(controls, rows, h('div.sim-row', h('button#sim-hangup.button.small.danger', { type: 'button', onclick: () => send({ kind: 'hangup' }) }, 'Hang up'), restart), save);
    controls.querySelector('input')?.focus();
  }

  async function saveTest(name) {
    if (!walk || !name) return;
    try {
      await api.post(`/voice/flows/${seg(flowID)}/tests`, {
        name, now: nowValue(), mocks: mocksValue(), inputs: walk.inputs, expect: { node: walk.node, ended: walk.ended, path: walk.path },
      });
      toast(`Saved the test “${name}”`, 'success');
      loadTests();
    } catch (error) { toast(error.message, 'error', 7000); }
  }

  async function loadTests() {
    try {
      const { tests: list } = await api.get(`/voice/flows/${seg(flowID)}/tests`);
      clear(tests, h('h4', 'Saved tests'), list.length ? h('ul.sim-test-list', list.map((t) => h('li',
        h(`span.pill${t.draft_result ? (t.draft_result.passed ? '.ok' : '.bad') : ''}`, { title: t.draft_result?.message || '' },
          t.draft_result ? (t.draft_result.passed ? 'passes' : 'fails') : '—'),
        h('span.sim-test-name', t.name),
        h('button.icon-button', { type: 'button', 'aria-label': `Delete test ${t.name}`, onclick: async () => {
          await api.del(`/voice/flows/${seg(flowID)}/tests/${seg(t.id)}`).catch((e) => toast(e.message, 'error'));
          loadTests();
        } }, '×')))) : h('p.muted.small', 'None yet. Walk a call, then save it: saved tests run on publish.'));
    } catch (error) { clear(tests, h('p.muted.small', error.message)); }
  }

  renderControls();
  loadTests();
  return {
    el: h('section.vf-sim', { 'aria-label': 'Simulator' }, h('h3', 'Simulator'),
      h('div.sim-setup', h('label', 'Now (UTC) ', now), h('label', 'Caller ', caller)),
      h('div.sim-mocks', mocks.queue, mocks.dial, mocks.recorded, mocks.ai),
      controls, log, tests),
    reloadTests: loadTests,
  };
}
