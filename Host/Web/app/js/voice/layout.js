// Automatic layout: back-edges (retries, loops) found by a depth-first walk from the entry are set
// aside; the rest is layered by longest path, each layer ordered by barycenter sweeps to cut
// crossings, and the layers centred under each other. Back-edges are drawn as side loops.
import { exitsOf } from './node-types.js';

export const NODE_WIDTH = 220;
const GAP_X = 56, GAP_Y = 190;

/** Successor ids per node, in exit order, wired ones only. */
export function successors(definition) {
  const next = {};
  for (const [id, node] of Object.entries(definition.nodes)) {
    next[id] = exitsOf(node).map((e) => node.exits[e]).filter((t) => t && definition.nodes[t]);
  }
  return next;
}

/** Edges "from>to" that close a cycle, walking from the entry (then from any node not reached). */
export function backEdges(definition) {
  const next = successors(definition);
  const state = {};
  const back = new Set();
  const visit = (id) => {
    state[id] = 'open';
    for (const t of next[id]) {
      if (state[t] === 'open') back.add(`${id}>${t}`);
      else if (!state[t]) visit(t);
    }
    state[id] = 'done';
  };
  const roots = [definition.entry, ...Object.keys(definition.nodes)].filter((id) => definition.nodes[id]);
  for (const id of roots) if (!state[id]) visit(id);
  return back;
}

/** { id: {x, y} } for every node. */
export function autoLayout(definition) {
  const ids = Object.keys(definition.nodes);
  const next = successors(definition);
  const back = backEdges(definition);
  const forward = (id) => next[id].filter((t) => !back.has(`${id}>${t}`));
  // Longest-path layering over the acyclic rest, in topological order.
  const order = [];
  const seen = new Set();
  const post = (id) => { seen.add(id); for (const t of forward(id)) if (!seen.has(t)) post(t); order.push(id); };
  for (const id of [definition.entry, ...ids].filter((i) => definition.nodes[i])) if (!seen.has(id)) post(id);
  order.reverse();
  const layer = Object.fromEntries(ids.map((id) => [id, 0]));
  for (const id of order) for (const t of forward(id)) layer[t] = Math.max(layer[t], layer[id] + 1);
  const layers = [];
  for (const id of order) (layers[layer[id]] ||= []).push(id);
  // Barycenter sweeps: down by parents' positions, up by children's.
  const parents = Object.fromEntries(ids.map((id) => [id, []]));
  for (const id of ids) for (const t of forward(id)) parents[t].push(id);
  const position = () => Object.fromEntries(layers.flatMap((l) => l.map((id, i) => [id, i])));
  const sweep = (rows, neighbours) => {
    for (const row of rows) {
      const pos = position();
      const score = (id) => {
        const ns = neighbours(id);
        return ns.length ? ns.reduce((s, n) => s + pos[n], 0) / ns.length : pos[id];
      };
      const scores = Object.fromEntries(row.map((id) => [id, score(id)]));
      row.sort((a, b) => scores[a] - scores[b]);
    }
  };
  for (let i = 0; i < 4; i += 1) {
    sweep(layers.slice(1), (id) => parents[id]);
    sweep(layers.slice(0, -1).reverse(), (id) => forward(id));
  }
  const widest = Math.max(1, ...layers.map((l) => l.length));
  const span = (n) => n * NODE_WIDTH + (n - 1) * GAP_X;
  const positions = {};
  layers.forEach((row, depth) => {
    const left = (span(widest) - span(row.length)) / 2;
    row.forEach((id, i) => { positions[id] = { x: 40 + left + i * (NODE_WIDTH + GAP_X), y: 40 + depth * GAP_Y }; });
  });
  return positions;
}
