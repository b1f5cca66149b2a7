// Keyboard shortcuts, one table: the handler and the help overlay (?) both read it.
import { h } from './dom.js';
import { dialog, isMenuOpen } from './ui.js';

/** [keys, description, group]; handlers are bound by name in `bind`. */
export const SHORTCUTS = [
  ['j', 'Next conversation', 'Inbox', 'next'],
  ['k', 'Previous conversation', 'Inbox', 'previous'],
  ['/', 'Search', 'Inbox', 'search'],
  ['g m', 'Mine', 'Inbox', 'viewMine'],
  ['g u', 'Unassigned', 'Inbox', 'viewUnassigned'],
  ['g n', 'Mentions', 'Inbox', 'viewMentioned'],
  ['g a', 'All conversations', 'Inbox', 'viewAll'],
  ['g s', 'Settings (admins)', 'Inbox', 'settings'],
  ['r', 'Reply to the customer', 'Conversation', 'reply'],
  ['n', 'Write an internal note', 'Conversation', 'note'],
  ['e', 'Close (done)', 'Conversation', 'close'],
  ['Shift+E', 'Reopen', 'Conversation', 'reopen'],
  ['s', 'Snooze…', 'Conversation', 'snooze'],
  ['a', 'Assign…', 'Conversation', 'assign'],
  ['t', 'Tag…', 'Conversation', 'tag'],
  ['p', 'Priority…', 'Conversation', 'priority'],
  ['!', 'Escalate…', 'Conversation', 'escalate'],
  ['y', 'Archive', 'Conversation', 'archive'],
  ['m', 'Move to another channel…', 'Conversation', 'move'],
  ['i', 'Sidekick', 'Conversation', 'sidekick'],
  ['c', 'Customer details', 'Conversation', 'customer'],
  ['x', 'Side conversations', 'Conversation', 'side'],
  ['Ctrl+Enter', 'Send the reply or note', 'Editor'],
  ['Ctrl+B / Ctrl+I', 'Bold / italic', 'Editor'],
  ['Ctrl+K', 'Insert a link', 'Editor'],
  ['/', 'Insert a snippet (at the start of a word)', 'Editor'],
  ['@', 'Mention a teammate (in a note)', 'Editor'],
  ['Esc', 'Leave the editor, close a menu or dialog', 'Anywhere'],
  ['?', 'This help', 'Anywhere', 'help'],
];

function typing(target) {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** Listen for shortcuts; `handlers` maps the names in SHORTCUTS to functions. */
export function bind(handlers) {
  let prefix = '';
  let prefixTimer = 0;
  const byKey = new Map(SHORTCUTS.filter((s) => s[3]).map((s) => [s[0], s[3]]));
  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || typing(e.target) || isMenuOpen() || document.querySelector('dialog[open]')) return;
    let key = e.key === 'E' && e.shiftKey ? 'Shift+E' : e.key;
    if (prefix) { key = `${prefix} ${key}`; prefix = ''; clearTimeout(prefixTimer); }
    else if (key === 'g') { prefix = 'g'; prefixTimer = setTimeout(() => { prefix = ''; }, 1200); e.preventDefault(); return; }
    const name = byKey.get(key);
    if (!name || !handlers[name]) return;
    e.preventDefault();
    handlers[name]();
  });
}

export function showHelp() {
  const groups = new Map();
  for (const [keys, text, group] of SHORTCUTS) {
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group).push([keys, text]);
  }
  const content = h('div.shortcuts', [...groups].map(([group, rows]) => h('section', h('h3', group),
    h('dl', rows.map(([keys, text]) => [h('dt', keys.split(' / ').map((k, i) => [i ? ' / ' : '', k.split(' ').map((part, j) => [j ? ' then ' : '', h('kbd', part)])])), h('dd', text)])))));
  return dialog({ title: 'Keyboard shortcuts', content, wide: true, actions: [{ label: 'Close', primary: true }] });
}
