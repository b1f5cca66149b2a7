// The flow definition is the single source of truth. Every edit is a named command applied to a
// copy of it; the copy before is kept, so undo and redo are exact. Layout lives in `ui`, apart
// from the logic the host runs.
import { NODE_TYPES, exitsOf } from './node-types.js';

export const SCHEMA = 'switchboard.ivr/1';

/** A definition the editor can work on, whatever the draft held (an empty flow at first). */
export function normalized(definition) {
  const d = structuredClone(definition && typeof definition === 'object' ? definition : {});
  d.schema ||= SCHEMA;
  d.entry ??= '';
  d.settings ||= {};
  d.settings.guardExit ??= '';
  d.nodes ||= {};
  d.ui ||= {};
  d.ui.nodes ||= {};
  for (const node of Object.values(d.nodes)) {
    node.params ||= {};
    node.exits ||= {};
  }
  return d;
}

/** A fresh id for a node of this type: "menu", "menu_2", … */
export function newNodeID(definition, type) {
  if (!definition.nodes[type]) return type;
  for (let n = 2; ; n += 1) if (!definition.nodes[`${type}_${n}`]) return `${type}_${n}`;
}

/** Exits wired to nothing: the editor's instant check (the host's validation says the rest). */
export function unwiredExits(definition, id) {
  const node = definition.nodes[id];
  return exitsOf(node).filter((exit) => !node.exits[exit] || !definition.nodes[node.exits[exit]]);
}

// Commands: (definition) => void, mutating the copy they are given.

export const commands = {
  addNode: (id, type, at) => ({ label: `Add ${NODE_TYPES[type].label}`, apply: (d) => {
    d.nodes[id] = { type, params: NODE_TYPES[type].defaults(), exits: {} };
    d.ui.nodes[id] = { x: Math.round(at.x), y: Math.round(at.y) };
    if (!d.entry) d.entry = id;
    if (!d.settings.guardExit && (type === 'queue' || type === 'hangup')) d.settings.guardExit = id;
  } }),
  removeNode: (id) => ({ label: `Delete ${id}`, apply: (d) => {
    delete d.nodes[id];
    delete d.ui.nodes[id];
    for (const node of Object.values(d.nodes)) {
      for (const [exit, target] of Object.entries(node.exits)) if (target === id) delete node.exits[exit];
    }
    if (d.entry === id) d.entry = '';
    if (d.settings.guardExit === id) d.settings.guardExit = '';
  } }),
  setExit: (id, exit, target) => ({ label: target ? `Wire ${id}.${exit} → ${target}` : `Unwire ${id}.${exit}`, apply: (d) => {
    if (target) d.nodes[id].exits[exit] = target; else delete d.nodes[id].exits[exit];
  } }),
  setParams: (id, params) => ({ label: `Edit ${id}`, apply: (d) => {
    const node = d.nodes[id];
    node.params = params;
    // Exits the node no longer declares (a removed option) are dropped, or the host would refuse them.
    const declared = new Set(exitsOf(node));
    for (const exit of Object.keys(node.exits)) if (!declared.has(exit)) delete node.exits[exit];
  } }),
  moveNode: (id, x, y) => ({ label: `Move ${id}`, apply: (d) => { d.ui.nodes[id] = { x: Math.round(x), y: Math.round(y) }; } }),
  setLayout: (positions) => ({ label: 'Arrange', apply: (d) => { d.ui.nodes = positions; } }),
  setSettings: (entry, settings) => ({ label: 'Flow settings', apply: (d) => { d.entry = entry; d.settings = settings; } }),
};

/** The definition with its undo and redo stacks; `onChange(definition, label)` after every change. */
export class FlowModel {
  constructor(definition, onChange) {
    this.definition = normalized(definition);
    this.undoStack = [];
    this.redoStack = [];
    this.onChange = onChange;
  }

  run(command) {
    const before = structuredClone(this.definition);
    command.apply(this.definition);
    if (JSON.stringify(before) === JSON.stringify(this.definition)) return;
    this.undoStack.push({ label: command.label, definition: before });
    if (this.undoStack.length > 200) this.undoStack.shift();
    this.redoStack = [];
    this.onChange(this.definition, command.label);
  }

  undo() { this.swap(this.undoStack, this.redoStack); }
  redo() { this.swap(this.redoStack, this.undoStack); }

  swap(from, to) {
    const entry = from.pop();
    if (!entry) return;
    to.push({ label: entry.label, definition: this.definition });
    this.definition = entry.definition;
    this.onChange(this.definition, entry.label);
  }

  get canUndo() { return this.undoStack.length > 0; }
  get canRedo() { return this.redoStack.length > 0; }
}
