// The edge layer: one SVG beneath the nodes. Forward edges run orthogonally from an exit chip to
// the target's top face (endpoints spread across it); back-edges (retries, loops) leave downwards
// and loop round the right-hand side into the target's side. Taken edges (the simulator's walk)
// are drawn green; call counts sit by the chip.
import { clear } from '../dom.js';
import { exitsOf } from './node-types.js';
import { backEdges } from './layout.js';

const SVG = 'http://www.w3.org/2000/svg';
export const svg = (tag, attrs = {}) => {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
  return el;
};

export function drawEdgeLayer(edges, { definition, decorations, nodeEls, rectInWorld }) {
  clear(edges, svg('defs'));
  edges.firstChild.append(markers());
  if (!definition) return;
  const back = backEdges(definition);
  const incoming = {};
  const list = [];
  for (const [id, node] of Object.entries(definition.nodes)) {
    const el = nodeEls.get(id);
    if (!el) continue;
    for (const exit of exitsOf(node)) {
      const target = node.exits[exit];
      const chip = el.querySelector(`.vf-chip[data-exit="${CSS.escape(exit)}"]`);
      if (!target || !nodeEls.has(target) || !chip) continue;
      const isBack = back.has(`${id}>${target}`) || target === id;
      list.push({ id, exit, target, chip, isBack });
      if (!isBack) (incoming[target] ||= []).push(list.at(-1));
    }
  }
  let loops = 0;
  for (const edge of list) {
    const c = rectInWorld(edge.chip);
    const t = rectInWorld(nodeEls.get(edge.target));
    const sx = (c.left + c.right) / 2, sy = c.bottom;
    let d;
    if (edge.isBack) {
      // A side loop: down from the chip, out to the right of both nodes, up into the target's side.
      const s = rectInWorld(nodeEls.get(edge.id));
      const rx = Math.max(s.right, t.right) + 18 + 10 * (loops++ % 4);
      const ty = t.top + 22;
      d = `M${sx},${sy} v10 H${rx} V${ty} H${t.right + 2}`;
    } else {
      const ins = incoming[edge.target];
      const k = ins.indexOf(edge);
      const tx = t.left + (t.width * (k + 1)) / (ins.length + 1), ty = t.top - 2;
      const mid = sy + Math.max(14, (ty - sy) / 2);
      d = ty > sy + 20 ? `M${sx},${sy} V${mid} H${tx} V${ty}` : `M${sx},${sy} C${sx},${sy + 80} ${tx},${ty - 80} ${tx},${ty}`;
    }
    const key = `${edge.id}:${edge.exit}`;
    const taken = decorations.path?.edges.has(key);
    edges.append(svg('path', { d, class: `vf-edge${edge.isBack ? ' back' : ''}${taken ? ' taken' : ''}`, 'marker-end': `url(#vf-arrow${taken ? '-taken' : ''})` }));
    const count = decorations.stats?.edges?.[key];
    if (count !== undefined) {
      const label = svg('text', { x: sx + 5, y: sy + 13, class: 'vf-edge-count' });
      label.textContent = String(count);
      edges.append(label);
    }
  }
}

function markers() {
  const frag = document.createDocumentFragment();
  for (const [id, cls] of [['vf-arrow', 'vf-arrowhead'], ['vf-arrow-taken', 'vf-arrowhead taken']]) {
    const m = svg('marker', { id, viewBox: '0 0 10 10', refX: '9', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto-start-reverse' });
    m.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: cls }));
    frag.append(m);
  }
  return frag;
}
