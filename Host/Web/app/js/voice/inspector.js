// The inspector: a form per node type, generated from the registry, and the flow's own settings
// when no node is selected. Changes are applied as one command when a field is left (change event).
import { h } from '../dom.js';
import { NODE_TYPES } from './node-types.js';
import { LANGUAGES, voicesFor } from './speech-options.js';

const splitList = (text) => String(text || '').split(',').map((s) => s.trim()).filter(Boolean);

/** Drops empty values, since the host refuses empty strings where a field is optional. */
function pruned(object) {
  const out = {};
  for (const [k, v] of Object.entries(object)) {
    if (v === '' || v === undefined || v === null || (Array.isArray(v) && !v.length) || Number.isNaN(v)) continue;
    out[k] = v;
  }
  return out;
}

function field(spec, value, set, refs = {}) {
  const id = `vf-field-${spec.key}`;
  const label = h('label', { for: id }, spec.label, spec.required ? h('span.req', { 'aria-hidden': 'true' }, ' *') : null);
  const help = spec.help ? h('p.muted.small', spec.help) : null;
  switch (spec.kind) {
    case 'textarea':
      return h('div.field', label, h('textarea', { id, rows: 3, onchange: (e) => set(e.target.value.trim()) }, value ?? ''), help);
    case 'int':
      return h('div.field', label, h('input', { id, type: 'number', min: spec.min, max: spec.max, value: value ?? '',
        onchange: (e) => set(e.target.value === '' ? undefined : Number(e.target.value)) }), help);
    case 'bool':
      return h('div.field.check', h('label', h('input', { id, type: 'checkbox', checked: !!value, onchange: (e) => set(e.target.checked) }), ` ${spec.label}`), help);
    case 'names':
      return h('div.field', label, h('input', { id, value: (value || []).join(', '), onchange: (e) => set(splitList(e.target.value)) }), help);
    case 'choices': {
      const chosen = new Set(value || []);
      return h('fieldset.field.choices', h('legend', spec.label), spec.choices.map(([v, text]) => h('label',
        h('input', { type: 'checkbox', checked: chosen.has(v), onchange: (e) => {
          if (e.target.checked) chosen.add(v); else chosen.delete(v);
          set(spec.choices.map(([c]) => c).filter((c) => chosen.has(c)));
        } }), ` ${text}`)));
    }
    case 'rows': return rowsField(spec, value || [], set);
    case 'ref': return choiceField(id, label, help, value, set, refs[spec.source] || [], '—', 'not found');
    // Spoken text: Twilio's locales, and the voices of the locale in force (the node's, else the flow's).
    case 'language': return choiceField(id, label, help, value, set, LANGUAGES.map((l) => [l, l]), spec.unset, 'not in Twilio\'s list');
    case 'voice': return choiceField(id, label, help, value, set, voicesFor(refs.language).map((v) => [v, v]), spec.unset, `not a voice for ${refs.language}`);
    default:
      return h('div.field', label, h('input', { id, value: value ?? '', onchange: (e) => set(e.target.value.trim()) }), help);
  }
}

/** A select of known values; a stored value not among them stays, marked, so nothing is lost by opening the form. */
function choiceField(id, label, help, value, set, options, unset, unknownNote) {
  const known = options.some(([v]) => v === value);
  return h('div.field', label, h('select', { id, onchange: (e) => set(e.target.value) },
    h('option', { value: '' }, unset),
    value && !known ? h('option', { value, selected: true }, `${value} (${unknownNote})`) : null,
    options.map(([v, text]) => h('option', { value: v, selected: v === value }, text))), help);
}

/** A small table (menu options, branch cases): one row per item, columns from the registry. */
function rowsField(spec, rows, set) {
  const save = (next) => set(next.map((row) => pruned(row)));
  return h('fieldset.field.rows', h('legend', spec.label),
    h('table', h('thead', h('tr', spec.columns.map((c) => h('th', c.label)), h('th', h('span.sr-only', 'Remove')))),
      h('tbody', rows.map((row, index) => h('tr', spec.columns.map((c) => h('td', h('input', {
        'aria-label': `${spec.label} ${index + 1} ${c.label}`, placeholder: c.placeholder,
        value: c.list ? (row[c.key] || []).join(', ') : row[c.key] ?? '',
        onchange: (e) => {
          const next = structuredClone(rows);
          next[index][c.key] = c.list ? splitList(e.target.value) : e.target.value.trim();
          save(next);
        },
      }))), h('td', h('button.icon-button', { type: 'button', 'aria-label': `Remove ${spec.label.toLowerCase()} ${index + 1}`,
        onclick: () => save(rows.filter((_, i) => i !== index)) }, '×')))))),
    h('button.button.small', { type: 'button', onclick: () => save([...structuredClone(rows), { [spec.columns[0].key]: `${spec.columns[0].placeholder || 'exit'}_${rows.length + 1}` }]) },
      `Add ${spec.label.toLowerCase().replace(/s$/, '')}`));
}

/** The form for one node. `run(command)` applies an edit; `commands` are the model's; `refs` the
 * choices for references ({schedules: [[id, label]], …}). */
export function nodeInspector(definition, id, { run, commands, onDelete, refs }) {
  const node = definition.nodes[id];
  const type = NODE_TYPES[node.type];
  const setParam = (key) => (value) => run(commands.setParams(id, pruned({ ...node.params, [key]: value })));
  return h('form.vf-inspector', { 'aria-label': `Edit ${id}`, onsubmit: (e) => e.preventDefault() },
    h('div.vf-inspector-head', h('h3', type?.label || node.type), h('code', id)),
    (type?.fields || []).map((spec) => field(spec, node.params[spec.key], setParam(spec.key),
      { ...refs, language: node.params.language || definition.settings.language })),
    h('div.vf-inspector-actions',
      definition.entry === id ? null : h('button.button.small', { type: 'button', onclick: () => run(commands.setSettings(id, definition.settings)) }, 'Start here'),
      definition.settings.guardExit === id ? null : h('button.button.small', { type: 'button', title: 'Where a call goes when a step, loop or time limit breaks',
        onclick: () => run(commands.setSettings(definition.entry, { ...definition.settings, guardExit: id })) }, 'Use as guard'),
      h('button.button.small.danger', { type: 'button', onclick: () => onDelete(id) }, 'Delete node')));
}

/** The flow's settings: entry, guard, limits, and the language and voice every spoken node uses unless it sets its own. */
export function flowInspector(definition, { run, commands }) {
  const ids = Object.keys(definition.nodes);
  const choose = (label, value, set, id) => h('div.field', h('label', { for: id }, label),
    h('select', { id, onchange: (e) => set(e.target.value) }, h('option', { value: '' }, '—'),
      ids.map((n) => h('option', { value: n, selected: n === value }, n))));
  const setting = (key) => (value) => run(commands.setSettings(definition.entry, pruned({ ...definition.settings, [key]: value })));
  const limit = (key, label, min, max) => field({ key, label, kind: 'int', min, max }, definition.settings[key], setting(key));
  return h('form.vf-inspector', { 'aria-label': 'Flow settings', onsubmit: (e) => e.preventDefault() },
    h('div.vf-inspector-head', h('h3', 'Flow settings')),
    h('p.muted.small', 'Select a node to edit it. Drag an exit chip onto a node to wire it.'),
    choose('Starts at', definition.entry, (v) => run(commands.setSettings(v, definition.settings)), 'vf-entry'),
    choose('Guard (when a limit breaks)', definition.settings.guardExit, (v) => run(commands.setSettings(definition.entry, { ...definition.settings, guardExit: v })), 'vf-guard'),
    limit('maxSteps', 'Maximum steps', 10, 1000), limit('maxNodeVisits', 'Maximum visits of a node', 2, 50),
    limit('maxIvrSeconds', 'Maximum seconds in the IVR', 30, 7200),
    field({ key: 'language', label: 'Language', kind: 'language', unset: 'Twilio\'s default (en-US)',
      help: 'Spoken prompts and speech recognition; a node may choose its own.' }, definition.settings.language, setting('language')),
    field({ key: 'voice', label: 'Voice', kind: 'voice', unset: 'Twilio\'s default voice' }, definition.settings.voice, setting('voice'),
      { language: definition.settings.language }));
}
