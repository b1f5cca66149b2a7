// The canvas: nodes are absolutely positioned HTML divs (text, forms and focus for free), edges one
// SVG layer beneath; pan and zoom are one CSS transform on the world. Exits are chips at a node's
// foot: drag one onto a node to wire it (one edge per exit), or press it for a menu of targets.
import { h } from '../dom.js';
import { NODE_TYPES, exitsOf } from './node-types.js';
import { NODE_WIDTH } from './layout.js';
import { svg, drawEdgeLayer } from './edges.js';

export function createCanvas({ onSelect, onWire, onMove, onChipMenu }) {
  const view = { x: 0, y: 0, zoom: 1 };
  const edges = svg('svg', { class: 'vf-edges', 'aria-hidden': 'true' });
  const world = h('div.vf-world', edges);
  const viewport = h('div.vf-viewport', { tabindex: '0', role: 'application', 'aria-label': 'Flow canvas: drag to pan, scroll to zoom' }, world);
  let definition = null, decorations = {};
  let dragging = false, pendingRender = false;
  const nodeEls = new Map();

  /** Everything a node's element shows, to tell whether it must be rebuilt. */
  const nodeKey = (id, node) => {
    const d = decorations;
    return JSON.stringify([node, definition.ui.nodes[id], definition.entry === id, definition.settings.guardExit === id, d.selected === id,
      d.problems?.[id], [...(d.unwired?.[id] || [])], Object.keys(d.names || {}).length, d.path?.nodes.has(id), d.path?.current === id,
      [...(d.path?.edges || [])].filter((e) => e.startsWith(`${id}:`)), d.stats?.nodes?.[id] || null]);
  };
  const dragStarted = () => { dragging = true; };
  const dragEnded = () => {
    dragging = false;
    if (pendingRender) { pendingRender = false; api.render(definition, decorations); }
  };

  const apply = () => { world.style.transform = `translate(${view.x}px, ${view.y}px) scale(${view.zoom})`; };
  apply();

  /** A point of the page in world coordinates. */
  const toWorld = (clientX, clientY) => {
    const r = viewport.getBoundingClientRect();
    return { x: (clientX - r.left - view.x) / view.zoom, y: (clientY - r.top - view.y) / view.zoom };
  };
  const rectInWorld = (el) => {
    const r = el.getBoundingClientRect();
    const a = toWorld(r.left, r.top), b = toWorld(r.right, r.bottom);
    return { left: a.x, top: a.y, right: b.x, bottom: b.y, width: b.x - a.x, height: b.y - a.y };
  };

  function zoomAt(factor, clientX, clientY) {
    const r = viewport.getBoundingClientRect();
    const cx = clientX ?? r.left + r.width / 2, cy = clientY ?? r.top + r.height / 2;
    const before = toWorld(cx, cy);
    view.zoom = Math.min(2, Math.max(0.3, view.zoom * factor));
    view.x = cx - r.left - before.x * view.zoom;
    view.y = cy - r.top - before.y * view.zoom;
    apply();
  }

  viewport.addEventListener('wheel', (e) => { e.preventDefault(); zoomAt(e.deltaY < 0 ? 1.1 : 1 / 1.1, e.clientX, e.clientY); }, { passive: false });

  // Pan by dragging the background.
  viewport.addEventListener('pointerdown', (e) => {
    if (e.target !== viewport && e.target !== world && e.target !== edges) return;
    const start = { x: e.clientX, y: e.clientY, vx: view.x, vy: view.y };
    viewport.setPointerCapture(e.pointerId);
    viewport.classList.add('panning');
    const move = (m) => { view.x = start.vx + m.clientX - start.x; view.y = start.vy + m.clientY - start.y; apply(); };
    const up = (u) => {
      viewport.removeEventListener('pointermove', move);
      viewport.removeEventListener('pointerup', up);
      viewport.classList.remove('panning');
      if (Math.abs(u.clientX - start.x) + Math.abs(u.clientY - start.y) < 3) onSelect(null);
    };
    viewport.addEventListener('pointermove', move);
    viewport.addEventListener('pointerup', up);
  });

  viewport.addEventListener('keydown', (e) => {
    const step = 40;
    const moves = { ArrowLeft: [step, 0], ArrowRight: [-step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    if (e.target !== viewport) return;
    if (moves[e.key]) { view.x += moves[e.key][0]; view.y += moves[e.key][1]; apply(); e.preventDefault(); }
    if (e.key === '+' || e.key === '=') zoomAt(1.2);
    if (e.key === '-') zoomAt(1 / 1.2);
  });

  /** Dragging a node by its head moves it; a press without a drag selects it. */
  function dragNode(el, id, e) {
    if (e.button !== 0 || e.target.closest('.vf-chip')) return;
    const start = { x: e.clientX, y: e.clientY, left: el.offsetLeft, top: el.offsetTop };
    let moved = false;
    el.setPointerCapture(e.pointerId);
    dragStarted();
    const move = (m) => {
      const dx = (m.clientX - start.x) / view.zoom, dy = (m.clientY - start.y) / view.zoom;
      if (!moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      moved = true;
      el.style.left = `${start.left + dx}px`;
      el.style.top = `${start.top + dy}px`;
      drawEdges();
    };
    const up = () => {
      el.removeEventListener('pointermove', move);
      el.removeEventListener('pointerup', up);
      dragEnded();
      if (moved) onMove(id, el.offsetLeft, el.offsetTop); else onSelect(id);
    };
    el.addEventListener('pointermove', move);
    el.addEventListener('pointerup', up);
  }

  /** Dragging an exit chip draws a wire; dropping it on a node wires the exit there. A press opens the menu. */
  function dragChip(chip, id, exit, e) {
    if (e.button !== 0) return;
    e.stopPropagation();
    const start = { x: e.clientX, y: e.clientY };
    let wire = null;
    chip.setPointerCapture(e.pointerId);
    dragStarted();
    const from = () => { const r = rectInWorld(chip); return { x: (r.left + r.right) / 2, y: r.bottom }; };
    const move = (m) => {
      if (!wire && Math.abs(m.clientX - start.x) + Math.abs(m.clientY - start.y) < 5) return;
      wire ||= edges.appendChild(svg('path', { class: 'vf-wire' }));
      const a = from(), b = toWorld(m.clientX, m.clientY);
      wire.setAttribute('d', `M${a.x},${a.y} C${a.x},${a.y + 60} ${b.x},${b.y - 60} ${b.x},${b.y}`);
      for (const n of nodeEls.values()) n.classList.remove('drop-target');
      document.elementFromPoint(m.clientX, m.clientY)?.closest('.vf-node')?.classList.add('drop-target');
    };
    const up = (u) => {
      chip.removeEventListener('pointermove', move);
      chip.removeEventListener('pointerup', up);
      for (const n of nodeEls.values()) n.classList.remove('drop-target');
      dragEnded();
      if (!wire) { onChipMenu(id, exit, chip); return; }
      wire.remove();
      const target = document.elementFromPoint(u.clientX, u.clientY)?.closest('.vf-node');
      if (target && viewport.contains(target)) onWire(id, exit, target.dataset.node);
    };
    chip.addEventListener('pointermove', move);
    chip.addEventListener('pointerup', up);
  }

  function nodeElement(id, node) {
    const type = NODE_TYPES[node.type];
    const d = decorations;
    const problems = d.problems?.[id] || [];
    const errors = problems.filter((p) => p.severity === 'error');
    const unwired = d.unwired?.[id] || new Set();
    const stats = d.stats?.nodes?.[id];
    const classes = ['vf-node', `t-${node.type}`];
    if (d.selected === id) classes.push('selected');
    if (d.path?.nodes.has(id)) classes.push('walked');
    if (d.path?.current === id) classes.push('current');
    if (errors.length) classes.push('has-errors');
    const pos = definition.ui.nodes[id] || { x: 40, y: 40 };
    const el = h(`div.${classes.join('.')}`, {
      'data-node': id, role: 'group', 'aria-label': `${type?.label || node.type} ${id}`,
    },
    h('div.vf-node-head', h('span.vf-type', type?.label || node.type), h('span.vf-id', id),
      definition.entry === id ? h('span.vf-tag', { title: 'The call starts here' }, 'start') : null,
      definition.settings.guardExit === id ? h('span.vf-tag.guard', { title: 'Where a call goes when a limit breaks' }, 'guard') : null,
      problems.length ? h(`span.vf-badge${errors.length ? '.error' : '.warning'}`, {
        title: problems.map((p) => p.message).join('\n'), 'aria-label': `${problems.length} problems`,
      }, String(problems.length)) : null),
    h('button.vf-node-body', { type: 'button', 'aria-label': `Edit ${id}`, onclick: () => onSelect(id) },
      String(type?.summary(node.params || {}, (ref) => (ref ? d.names?.[ref] || ref : '—')) || '').slice(0, 90) || '—'),
    stats ? h('div.vf-stats', { title: 'Calls that entered this node, and that ended here' }, `▶ ${stats.entered} · ■ ${stats.ended_here}`) : null,
    exitsOf(node).length ? h('div.vf-chips', exitsOf(node).map((exit) => {
      const target = node.exits[exit];
      const chip = h(`button.vf-chip${unwired.has(exit) ? '.unwired' : ''}${d.path?.edges.has(`${id}:${exit}`) ? '.taken' : ''}`, {
        type: 'button', 'data-exit': exit,
        'aria-label': `${id} exit ${exit}: ${target ? `to ${target}` : 'not wired'}`,
        title: target ? `${exit} → ${target}` : `${exit}: drag onto a node to wire it`,
      }, exit);
      chip.addEventListener('pointerdown', (e) => dragChip(chip, id, exit, e));
      // A keyboard press is a click without a pointer (detail 0); a mouse press is handled by the drag.
      chip.addEventListener('click', (e) => { if (e.detail === 0) onChipMenu(id, exit, chip); });
      return chip;
    })) : null);
    // Positions through the CSSOM: the app's content security policy refuses style attributes.
    Object.assign(el.style, { left: `${pos.x}px`, top: `${pos.y}px`, width: `${NODE_WIDTH}px` });
    el.querySelector('.vf-node-head').addEventListener('pointerdown', (e) => dragNode(el, id, e));
    return el;
  }

  const drawEdges = () => drawEdgeLayer(edges, { definition, decorations, nodeEls, rectInWorld });

  const api = {
    el: viewport,
    render(def, decor = {}) {
      definition = def;
      decorations = decor;
      // A drag in progress keeps its elements: the render waits for the drop.
      if (dragging) { pendingRender = true; return; }
      for (const [id, el] of nodeEls) {
        if (!def.nodes[id]) { el.remove(); nodeEls.delete(id); }
      }
      for (const [id, node] of Object.entries(def.nodes)) {
        // A node is rebuilt only when what it shows changed, so focus and references survive a save.
        const key = nodeKey(id, node);
        const old = nodeEls.get(id);
        if (old?.dataset.key === key) continue;
        const el = nodeElement(id, node);
        el.dataset.key = key;
        if (old) old.replaceWith(el); else world.append(el);
        nodeEls.set(id, el);
      }
      drawEdges();
    },
    /** Centres the view on a node. */
    focus(id) {
      const pos = definition?.ui.nodes[id];
      if (!pos) return;
      const r = viewport.getBoundingClientRect();
      view.x = r.width / 2 - (pos.x + NODE_WIDTH / 2) * view.zoom;
      view.y = r.height / 3 - pos.y * view.zoom;
      apply();
      nodeEls.get(id)?.querySelector('.vf-node-body')?.focus({ preventScroll: true });
    },
    /** Fits every node in view. */
    fit() {
      const all = [...nodeEls.values()];
      if (!all.length) return;
      const left = Math.min(...all.map((e) => e.offsetLeft)), top = Math.min(...all.map((e) => e.offsetTop));
      const right = Math.max(...all.map((e) => e.offsetLeft + e.offsetWidth)) + 60, bottom = Math.max(...all.map((e) => e.offsetTop + e.offsetHeight));
      const r = viewport.getBoundingClientRect();
      view.zoom = Math.min(1, Math.max(0.3, Math.min((r.width - 40) / (right - left), (r.height - 40) / (bottom - top))));
      view.x = 20 - left * view.zoom + (r.width - 40 - (right - left) * view.zoom) / 2;
      view.y = 20 - top * view.zoom;
      apply();
    },
    zoomBy: (factor) => zoomAt(factor),
    /** Where a new node goes: the middle of what is in view. */
    centre() {
      const r = viewport.getBoundingClientRect();
      return toWorld(r.left + r.width / 2 - NODE_WIDTH / 2, r.top + r.height / 3);
    },
  };
  return api;
}
