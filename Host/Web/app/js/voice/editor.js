// The flow editor: toolbar, node palette, canvas and a side panel (inspector, problems, simulator,
// revisions). Each edit autosaves the draft (PUT …/draft on a debounce), whose answer carries the
// host's validation: badges on the nodes, a list that focuses the node, Publish off while errors exist.
import { api, seg } from '../api.js';
import { h, clear, toast, ago } from '../dom.js';
import { menu } from '../ui.js';
import { NODE_TYPES } from './node-types.js';
import { FlowModel, commands, newNodeID, unwiredExits } from './model.js';
import { autoLayout, NODE_WIDTH } from './layout.js';
import { createCanvas } from './canvas.js';
import { nodeInspector, flowInspector } from './inspector.js';
import { simulatorPanel } from './simulator.js';

const SAVE_DELAY_MS = 600;

/** The editor for one flow; `onClose` goes back to the list. */
export function flowEditor(flow, { onClose }) {
  let selected = null, report = null, walk = null, stats = null, tab = 'inspect', inspectorKey = '';
  let saveTimer = null, saving = null, dirty = false;
  let refs = {};  // what nodes may name: [[id, label]] per source, for the inspector's selects
  const status = h('span.vf-status', { role: 'status', id: 'vf-save-status' }, 'Saved');
  const published = h('span.vf-published');
  const model = new FlowModel(flow.draft, (_, label) => { dirty = true; status.textContent = `Unsaved: ${label}`; scheduleSave(); refresh(); });

  const canvas = createCanvas({
    onSelect: (id) => { selected = id; tab = 'inspect'; refresh(); },
    onWire: (id, exit, target) => model.run(commands.setExit(id, exit, target)),
    onMove: (id, x, y) => model.run(commands.moveNode(id, x, y)),
    onChipMenu: async (id, exit, chip) => {
      const d = model.definition;
      const choice = await menu(chip, [
        ...Object.keys(d.nodes).map((n) => ({ value: n, label: n, hint: NODE_TYPES[d.nodes[n].type]?.label, checked: d.nodes[id].exits[exit] === n })),
        ...(d.nodes[id].exits[exit] ? [{ value: '\u0000', label: 'Disconnect' }] : []),
      ], { label: `Wire ${id} ${exit} to`, filter: true });
      if (choice !== null) model.run(commands.setExit(id, exit, choice === '\u0000' ? null : choice));
    },
  });

  // Saving -----------------------------------------------------------------------------------

  function scheduleSave() {
    clearTimeout(saveTimer);
    saveTimer = setTimeout(save, SAVE_DELAY_MS);
  }

  async function save() {
    clearTimeout(saveTimer);
    if (!dirty) return saving;
    dirty = false;
    status.textContent = 'Saving…';
    const definition = structuredClone(model.definition);
    saving = api.put(`/voice/flows/${seg(flow.id)}/draft`, { definition }).then((answer) => {
      flow = answer.flow;
      report = answer.validation;
      if (!dirty) status.textContent = 'Saved';
      refresh();
    }).catch((error) => {
      dirty = true;
      status.textContent = 'Not saved';
      toast(`The draft was not saved: ${error.message}`, 'error', 7000);
    });
    return saving;
  }

  async function validate() {
    report = await api.post(`/voice/flows/${seg(flow.id)}/validate`, { definition: model.definition }).catch(() => null);
    refresh();
  }

  // Actions ----------------------------------------------------------------------------------

  function addNode(type) {
    const id = newNodeID(model.definition, type);
    // The middle of the view, moved right past any node already there.
    const at = canvas.centre();
    const taken = Object.values(model.definition.ui.nodes);
    while (taken.some((p) => Math.abs(p.x - at.x) < NODE_WIDTH + 20 && Math.abs(p.y - at.y) < 150)) at.x += NODE_WIDTH + 40;
    model.run(commands.addNode(id, type, at));
    selected = id;
    tab = 'inspect';
    refresh();
  }

  async function publish() {
    await save();
    await saving;
    if (errors().length) return;
    try {
      const revision = await api.post(`/voice/flows/${seg(flow.id)}/publish`, { message: `Published from the editor` });
      flow.published_revision = revision.number;
      toast(`Published revision ${revision.number}`, 'success');
      tab = 'revisions';
      refresh();
    } catch (error) {
      if (error.body?.problems) report = { valid: false, problems: error.body.problems };
      tab = 'problems';
      toast(error.message, 'error', 8000);
      refresh();
    }
  }

  /** Counts from real calls on the canvas: of every revision (each call walked on its own), or of one. */
  async function loadStats() {
    try {
      stats = await api.get(`/voice/flows/${seg(flow.id)}/stats`, statsRevision.value ? { revision: statsRevision.value } : {});
      refresh();
    } catch (error) { toast(error.message, 'error'); }
  }

  async function toggleStats() {
    if (stats) { stats = null; refresh(); return; }
    await loadStats();
  }

  const errors = () => (report?.problems || []).filter((p) => p.severity === 'error');

  /** Schedules, queues, channel instances and stacks, for the reference fields (empty where a list fails). */
  async function loadReferences() {
    const list = (path, key) => api.get(path).then((r) => r[key] || []).catch(() => []);
    const [schedules, queues, channels, stacks] = await Promise.all([list('/voice/schedules', 'schedules'), list('/voice/queues', 'queues'),
      list('/channels', 'channels'), list('/stacks', 'stacks')]);
    const named = (items, label) => items.map((i) => [i.id, label(i)]);
    return {
      schedules: named(schedules, (s) => `${s.name} (${s.time_zone})`),
      queues: named(queues, (q) => q.name),
      channels: named(channels.filter((c) => c.plugin_id !== 'voice'), (c) => `${c.name || c.id} (${c.plugin_id})`),
      stacks: named(stacks, (st) => st.name || st.id),
    };
  }

  // Rendering --------------------------------------------------------------------------------

  const toolButton = (label, onclick, attrs = {}) => h('button.button.small', { type: 'button', onclick, ...attrs }, label);
  const undo = toolButton('Undo', () => model.undo(), { id: 'vf-undo', title: 'Undo (Ctrl+Z)' });
  const redo = toolButton('Redo', () => model.redo(), { id: 'vf-redo', title: 'Redo (Ctrl+Shift+Z)' });
  const statsButton = toolButton('Call counts', toggleStats, { id: 'vf-stats', 'aria-pressed': 'false' });
  const statsRevision = h('select#vf-stats-revision.vf-stats-revision', { 'aria-label': 'Count the calls of', hidden: true, onchange: loadStats });
  const publishButton = h('button#vf-publish.button.small.primary', { type: 'button', onclick: publish }, 'Publish');
  const toolbar = h('div.vf-toolbar', { role: 'toolbar', 'aria-label': 'Flow editor' },
    toolButton('← Flows', async () => { await save(); onClose(); }, { id: 'vf-back' }),
    h('h2.vf-name', flow.name), published, status, h('span.vf-spacer'),
    undo, redo,
    toolButton('Arrange', () => { model.run(commands.setLayout(autoLayout(model.definition))); requestAnimationFrame(() => canvas.fit()); }, { id: 'vf-arrange' }),
    toolButton('Fit', () => canvas.fit(), { id: 'vf-fit' }),
    toolButton('−', () => canvas.zoomBy(1 / 1.2), { 'aria-label': 'Zoom out' }), toolButton('+', () => canvas.zoomBy(1.2), { 'aria-label': 'Zoom in' }),
    statsButton, statsRevision, publishButton);
  const palette = h('nav.vf-palette', { 'aria-label': 'Add a node' }, h('h3', 'Add'),
    Object.entries(NODE_TYPES).map(([type, t]) => h(`button.vf-palette-item.t-${type}`, { type: 'button', 'data-type': type, onclick: () => addNode(type) }, t.label)));
  const tabs = h('div.vf-tabs', { role: 'tablist' });
  const panel = h('div.vf-panel-body');
  const simulator = simulatorPanel({ flowID: flow.id, definition: () => model.definition, onWalk: (w) => { walk = w; refresh(); } });

  function problemsList() {
    const problems = report?.problems || [];
    if (!report) return h('p.muted', 'Checking…');
    if (!problems.length) return h('p.vf-all-good', '✓ No problems: the flow can be published.');
    return h('ul.vf-problems', { id: 'vf-problems' }, problems.map((p) => h(`li.${p.severity}`, h('button', {
      type: 'button', onclick: () => { if (p.node && model.definition.nodes[p.node]) { selected = p.node; tab = 'inspect'; refresh(); canvas.focus(p.node); } },
    }, h('span.vf-sev', p.severity), h('span', p.node ? h('code', p.exit ? `${p.node}.${p.exit}` : p.node) : null, ' ', p.message)))));
  }

  async function revisionsList(container) {
    try {
      const { revisions } = await api.get(`/voice/flows/${seg(flow.id)}/revisions`);
      clear(container, revisions.length ? h('ul.vf-revisions', revisions.map((r) => h('li',
        h('strong', `Revision ${r.number}`), flow.published_revision === r.number ? h('span.pill.ok', 'live') : null,
        h('span.muted.small', ` ${r.author || ''} · ${ago(r.created_at)}`), r.message ? h('p.small', r.message) : null,
        flow.published_revision === r.number ? null : h('button.button.small', { type: 'button', onclick: async () => {
          try {
            flow = await api.post(`/voice/flows/${seg(flow.id)}/rollback`, { revision: r.number });
            toast(`Revision ${r.number} is live again`, 'success');
            refresh();
          } catch (error) { toast(error.message, 'error'); }
        } }, flow.published_revision && r.number < flow.published_revision ? 'Roll back to this' : 'Make live')))) : h('p.muted', 'Not published yet.'));
    } catch (error) { clear(container, h('p.muted', error.message)); }
  }

  function refresh() {
    const d = model.definition;
    if (selected && !d.nodes[selected]) selected = null;
    const problems = {};
    for (const p of report?.problems || []) if (p.node) (problems[p.node] ||= []).push(p);
    const unwired = Object.fromEntries(Object.keys(d.nodes).map((id) => [id, new Set(unwiredExits(d, id))]));
    const names = Object.fromEntries(Object.values(refs).flat());
    canvas.render(d, { selected, problems, unwired, path: walk, stats, names });
    undo.disabled = !model.canUndo;
    redo.disabled = !model.canRedo;
    const blocking = errors().length;
    publishButton.disabled = !report || blocking > 0;
    publishButton.title = blocking ? `${blocking} errors must be fixed first` : 'Publish the draft as a new revision';
    published.textContent = flow.published_revision ? `live: revision ${flow.published_revision}` : 'not published';
    statsButton.setAttribute('aria-pressed', stats ? 'true' : 'false');
    statsRevision.hidden = !stats;
    if (statsRevision.options.length !== (flow.published_revision || 0) + 1) {
      const chosen = statsRevision.value;
      clear(statsRevision, h('option', { value: '' }, 'All revisions'),
        Array.from({ length: flow.published_revision || 0 }, (_, i) => h('option', { value: String(i + 1) }, `Revision ${i + 1}`)));
      statsRevision.value = chosen;
    }
    const count = (report?.problems || []).length;
    clear(tabs, [['inspect', 'Inspect'], ['problems', count ? `Problems (${count})` : 'Problems'], ['simulate', 'Simulate'], ['revisions', 'Revisions']].map(([name, label]) =>
      h(`button.vf-tab${tab === name ? '.active' : ''}${name === 'problems' && blocking ? '.bad' : ''}`, {
        type: 'button', role: 'tab', id: `vf-tab-${name}`, 'aria-selected': tab === name ? 'true' : 'false',
        onclick: () => { tab = name; refresh(); },
      }, label)));
    if (tab === 'inspect') {
      // Rebuilt only when what it shows changed (not on every save), keeping the focused field.
      const key = JSON.stringify([selected, selected ? d.nodes[selected] : [d.entry, d.settings, Object.keys(d.nodes)]]);
      if (key !== inspectorKey || !panel.querySelector('.vf-inspector')) {
        inspectorKey = key;
        const focused = document.activeElement && panel.contains(document.activeElement) ? document.activeElement.id : null;
        const context = { run: (c) => model.run(c), commands, refs, onDelete: (id) => { model.run(commands.removeNode(id)); selected = null; refresh(); } };
        clear(panel, selected ? nodeInspector(d, selected, context) : flowInspector(d, context));
        if (focused) panel.querySelector(`#${CSS.escape(focused)}`)?.focus();
      }
    } else if (tab === 'problems') {
      clear(panel, problemsList());
    } else if (tab === 'simulate') {
      if (!panel.contains(simulator.el)) clear(panel, simulator.el);
    } else if (tab === 'revisions') {
      const list = h('div', h('p.muted', 'Loading…'));
      clear(panel, list);
      revisionsList(list);
    }
  }

  const root = h('div.vf-editor', { id: 'vf-editor' }, toolbar, h('div.vf-body', palette, canvas.el,
    h('aside.vf-panel', { 'aria-label': 'Details' }, tabs, panel)));
  root.addEventListener('keydown', (e) => {
    if (!(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 'z' || /INPUT|TEXTAREA|SELECT/.test(e.target.tagName)) return;
    e.preventDefault();
    if (e.shiftKey) model.redo(); else model.undo();
  });
  refresh();
  validate();
  loadReferences().then((loaded) => { refs = loaded; inspectorKey = ''; refresh(); });
  requestAnimationFrame(() => {
    if (Object.keys(model.definition.nodes).length && !Object.keys(model.definition.ui.nodes).length) {
      model.definition.ui.nodes = autoLayout(model.definition);
      refresh();
    }
    canvas.fit();
  });
  window.addEventListener('beforeunload', () => { if (dirty) save(); }, { once: true });
  return root;
}
