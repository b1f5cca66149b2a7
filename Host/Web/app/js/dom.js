// Building the page from nodes, never by parsing markup strings: every text a customer or an API sent
// is a text node, never markup, so nothing they write can run or restyle the app.

/** h('button#send.primary', {onclick, 'aria-label': 'Send'}, 'Send', icon('send')): tag, id and classes, attributes, children. */
export function h(tag, attrs, ...children) {
  const [head, ...classes] = tag.split('.');
  const [name, id] = head.split('#');
  const el = document.createElement(name || 'div');
  if (id) el.id = id;
  if (classes.length) el.className = classes.join(' ');
  if (attrs && (typeof attrs !== 'object' || attrs instanceof Node || Array.isArray(attrs))) {
    children.unshift(attrs);
    attrs = null;
  }
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className += (el.className ? ' ' : '') + value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else if (key === 'value') el.value = value;
    else if (key === 'checked') el.checked = !!value;
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function clear(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

export const $ = (selector, root = document) => root.querySelector(selector);
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

// Times ------------------------------------------------------------------------------------------

const minute = 60_000, hour = 60 * minute, day = 24 * hour;

/** "now", "4m", "3h", "2d", or a date for older. */
export function ago(iso, now = Date.now()) {
  if (!iso) return '';
  const t = Date.parse(iso);
  const d = Math.max(0, now - t);
  if (d < minute) return 'now';
  if (d < hour) return `${Math.floor(d / minute)}m`;
  if (d < day) return `${Math.floor(d / hour)}h`;
  if (d < 7 * day) return `${Math.floor(d / day)}d`;
  return new Date(t).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });
}

/** A duration for "waiting 12m". */
export function duration(ms) {
  if (ms < minute) return '<1m';
  if (ms < hour) return `${Math.floor(ms / minute)}m`;
  if (ms < day) return `${Math.floor(ms / hour)}h ${Math.floor((ms % hour) / minute)}m`;
  return `${Math.floor(ms / day)}d ${Math.floor((ms % day) / hour)}h`;
}

export function fullTime(iso) {
  return iso ? new Date(iso).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' }) : '';
}

export function clockTime(iso) {
  return iso ? new Date(iso).toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' }) : '';
}

// Small helpers ----------------------------------------------------------------------------------

export function debounce(fn, ms) {
  let timer = 0;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

export function initials(name) {
  const parts = String(name || '?').trim().split(/\s+/).filter(Boolean);
  return ((parts[0]?.[0] || '?') + (parts.length > 1 ? parts[parts.length - 1][0] : '')).toUpperCase();
}

/** A stable hue from a string, for avatars. */
export function hue(text) {
  let n = 0;
  for (const c of String(text)) n = (n * 31 + c.charCodeAt(0)) >>> 0;
  return n % 360;
}

export function avatar(name, seed) {
  const el = h('span.avatar', { 'aria-hidden': 'true' }, initials(name));
  el.dataset.hue = String(Math.floor(hue(seed || name) / 30));
  return el;
}

/** Text of an HTML message, without running or loading anything (DOMParser documents are inert). */
export function htmlToText(html) {
  const doc = new DOMParser().parseFromString(String(html), 'text/html');
  for (const br of doc.querySelectorAll('br')) br.replaceWith('\n');
  for (const block of doc.querySelectorAll('p, div, li, tr, h1, h2, h3, h4, blockquote')) block.append('\n');
  return (doc.body?.textContent || '').replace(/\n{3,}/g, '\n\n').trim();
}

/** One line of preview text from a message of any format. */
export function previewText(message) {
  if (!message) return '';
  let text = message.format === 'html' ? htmlToText(message.text) : message.text || '';
  if (message.format === 'markdown') text = text.replace(/[*_`#>]+/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
  return text.replace(/\s+/g, ' ').trim();
}

/** Tell screen readers something happened (a new message in the open conversation). */
export function announce(text) {
  const el = document.getElementById('announcer');
  if (!el) return;
  el.textContent = '';
  setTimeout(() => { el.textContent = text; }, 50);
}

// Toasts -----------------------------------------------------------------------------------------

export function toast(message, kind = 'info', ms = 4000) {
  const host = document.getElementById('toasts');
  if (!host) return;
  const el = h(`div.toast.${kind}`, { role: kind === 'error' ? 'alert' : 'status' }, message);
  host.append(el);
  while (host.children.length > 3) host.firstElementChild.remove();
  setTimeout(() => { el.classList.add('leaving'); setTimeout(() => el.remove(), 250); }, ms);
}

/** Run an async action; show its error as a toast instead of failing silently. */
export async function attempt(fn, success) {
  try {
    const result = await fn();
    if (success) toast(success, 'success');
    return result;
  } catch (error) {
    toast(error.message || String(error), 'error', 6000);
    return undefined;
  }
}
