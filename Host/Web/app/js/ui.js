// Shared widgets: menus (popovers driven by the keyboard), dialogs (native <dialog>: focus stays
// inside, Escape closes) and forms built from field lists, with errors shown on the field the API names.
import { h, clear } from './dom.js';
import { icon } from './icons.js';

let openMenu = null;

export function closeMenu() {
  if (!openMenu) return;
  const { el, resolve, anchor } = openMenu;
  openMenu = null;
  el.remove();
  anchor?.setAttribute('aria-expanded', 'false');
  resolve(null);
}

/**
 * A menu under `anchor`: items [{label, value, icon, hint, checked, separator}], an optional
 * filter box (`filter: true`), and `create(text)` to offer what was typed as a new item. Resolves with the chosen item's value, or null.
 */
export function menu(anchor, items, { label = 'Menu', filter = false, footer = null, create = null } = {}) {
  closeMenu();
  return new Promise((resolve) => {
    const list = h('div.menu-items', { role: 'listbox', 'aria-label': label });
    const input = filter ? h('input.menu-filter', { type: 'text', placeholder: 'Filter…', 'aria-label': `Filter ${label}` }) : null;
    const el = h('div.menu', { role: 'dialog', 'aria-label': label }, input, list, footer);
    let active = 0;
    let shown = [];
    const choose = (item) => {
      openMenu = null;
      el.remove();
      anchor?.setAttribute('aria-expanded', 'false');
      anchor?.focus?.();
      resolve(item.value);
    };
    const render = () => {
      const q = (input?.value || '').toLowerCase();
      shown = items.filter((i) => !i.separator && (!q || `${i.label} ${i.hint || ''}`.toLowerCase().includes(q)));
      // `create(text)` offers the typed text itself as a new item (a new tag).
      const made = create && q.trim() ? create(input.value.trim()) : null;
      if (made && !items.some((i) => i.value === made.value)) shown.unshift(made);
      active = Math.min(active, Math.max(0, shown.length - 1));
      clear(list, shown.length ? shown.map((item, n) => h(`button.menu-item${n === active ? '.active' : ''}`, {
        type: 'button', role: 'option', 'aria-selected': n === active ? 'true' : 'false', 'data-value': String(item.value),
        onclick: () => choose(item), onmousemove: () => { if (active !== n) { active = n; render(); } },
      }, item.icon ? icon(item.icon) : null, h('span.menu-label', item.label), item.hint ? h('span.menu-hint', item.hint) : null,
      item.checked ? icon('check') : null)) : h('div.menu-empty', 'Nothing matches'));
    };
    el.addEventListener('keydown', (e) => {
      if (e.key === 'ArrowDown') { active = Math.min(active + 1, shown.length - 1); render(); e.preventDefault(); }
      else if (e.key === 'ArrowUp') { active = Math.max(active - 1, 0); render(); e.preventDefault(); }
      else if (e.key === 'Enter') { if (shown[active]) choose(shown[active]); e.preventDefault(); }
      else if (e.key === 'Escape') { closeMenu(); anchor?.focus?.(); e.preventDefault(); e.stopPropagation(); }
      else if (e.key === 'Tab') { closeMenu(); }
      const current = list.querySelector('.active');
      current?.scrollIntoView?.({ block: 'nearest' });
    });
    input?.addEventListener('input', () => { active = 0; render(); });
    render();
    document.body.append(el);
    place(el, anchor);
    anchor?.setAttribute('aria-expanded', 'true');
    openMenu = { el, resolve, anchor };
    (input || list.querySelector('button'))?.focus();
  });
}

/** Put a floating element under (or above) its anchor, inside the window. */
export function place(el, anchor) {
  const r = anchor?.getBoundingClientRect?.() || { left: 100, bottom: 100, top: 100 };
  const w = el.offsetWidth, hgt = el.offsetHeight;
  let left = Math.min(r.left, window.innerWidth - w - 8);
  let top = r.bottom + 4;
  if (top + hgt > window.innerHeight - 8) top = Math.max(8, r.top - hgt - 4);
  el.style.left = `${Math.max(8, left)}px`;
  el.style.top = `${top}px`;
}

document.addEventListener('mousedown', (e) => {
  if (openMenu && !openMenu.el.contains(e.target) && e.target !== openMenu.anchor && !openMenu.anchor?.contains?.(e.target)) closeMenu();
});

export const isMenuOpen = () => !!openMenu;

// Dialogs ----------------------------------------------------------------------------------------

/**
 * A modal dialog. `content` is a node; `actions` [{label, primary, danger, onclick}] where onclick
 * may return false (or a promise of false) to keep the dialog open. Resolves when it closes.
 */
export function dialog({ title, content, actions = [], wide = false, onOpen }) {
  return new Promise((resolve) => {
    const footer = h('div.dialog-actions');
    const el = h(`dialog.dialog${wide ? '.wide' : ''}`, { 'aria-label': title },
      h('header.dialog-head', h('h2', title), h('button.icon-button', { type: 'button', 'aria-label': 'Close', onclick: () => el.close() }, icon('x'))),
      h('div.dialog-body', content), footer);
    for (const action of actions) {
      footer.append(h(`button.button${action.primary ? '.primary' : ''}${action.danger ? '.danger' : ''}`, {
        type: action.primary ? 'submit' : 'button',
        onclick: async (e) => {
          e.preventDefault();
          const button = e.currentTarget;
          button.disabled = true;
          try {
            const keep = action.onclick ? await action.onclick() : undefined;
            if (keep !== false) el.close(action.value ?? 'ok');
          } finally { button.disabled = false; }
        },
      }, action.label));
    }
    el.addEventListener('close', () => { el.remove(); resolve(el.returnValue); });
    // Enter in a one-line field submits with the primary action.
    el.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && e.target.tagName === 'INPUT' && e.target.type !== 'checkbox') {
        e.preventDefault();
        footer.querySelector('.primary')?.click();
      }
    });
    document.body.append(el);
    el.showModal();
    onOpen?.(el);
    (el.querySelector('.dialog-body input, .dialog-body textarea, .dialog-body select') || footer.querySelector('.primary'))?.focus();
  });
}

export async function confirmDialog(title, text, label = 'Confirm', danger = true) {
  let ok = false;
  await dialog({ title, content: h('p', text), actions: [
    { label: 'Cancel', value: 'cancel' },
    { label, primary: true, danger, onclick: () => { ok = true; } },
  ] });
  return ok;
}

// Forms ------------------------------------------------------------------------------------------

/**
 * Fields: [{name, label, type: text|password|email|number|textarea|select|checkbox|json|datetime, options: [[value, label]],
 * value, required, help, placeholder, rows, disabled}]. Returns {el, values(), error(apiError)}.
 */
export function form(fields) {
  const el = h('div.form');
  const inputs = new Map();
  for (const f of fields) {
    const id = `f-${f.name.replace(/[^a-z0-9]+/gi, '-')}-${Math.random().toString(36).slice(2, 7)}`;
    let input;
    if (f.type === 'textarea' || f.type === 'json') {
      input = h('textarea', { id, rows: f.rows || (f.type === 'json' ? 10 : 5), placeholder: f.placeholder, spellcheck: f.type === 'json' ? 'false' : null, class: f.type === 'json' ? 'mono' : null });
      input.value = f.type === 'json' && f.value !== undefined && typeof f.value !== 'string' ? JSON.stringify(f.value, null, 2) : (f.value ?? '');
    } else if (f.type === 'select') {
      input = h('select', { id }, (f.options || []).map(([value, label]) => h('option', { value }, label)));
      input.value = f.value ?? (f.options?.[0]?.[0] ?? '');
    } else if (f.type === 'checkbox') {
      input = h('input', { id, type: 'checkbox', checked: !!f.value });
    } else {
      input = h('input', { id, type: f.type === 'datetime' ? 'datetime-local' : (f.type || 'text'), placeholder: f.placeholder, value: f.value ?? '', autocomplete: 'off' });
    }
    if (f.required) input.required = true;
    if (f.disabled) input.disabled = true;
    if (f.min !== undefined) input.min = f.min;
    const error = h('div.field-error', { role: 'alert' });
    const help = f.help ? h('div.field-help', f.help) : null;
    const row = f.type === 'checkbox'
      ? h('div.field.check', h('label', { for: id }, input, ' ', f.label), help, error)
      : h('div.field', h('label', { for: id }, f.label, f.required ? h('span.required', { 'aria-hidden': 'true' }, ' *') : null), input, help, error);
    inputs.set(f.name, { f, input, error, row });
    el.append(row);
  }
  return {
    el,
    input: (name) => inputs.get(name)?.input,
    values() {
      const out = {};
      for (const [name, { f, input, error }] of inputs) {
        error.textContent = '';
        if (f.type === 'checkbox') out[name] = input.checked;
        else if (f.type === 'number') out[name] = input.value === '' ? undefined : Number(input.value);
        else if (f.type === 'json') {
          if (!input.value.trim()) { out[name] = undefined; continue; }
          try { out[name] = JSON.parse(input.value); } catch (e) { error.textContent = `Not valid JSON: ${e.message}`; throw new Error(`${f.label}: not valid JSON`); }
        } else out[name] = input.value;
      }
      return out;
    },
    /** Show an API error on the field it names (the last dotted part that matches), else return false. */
    error(apiError) {
      const field = apiError?.field || '';
      for (const [name, { error, input }] of inputs) {
        if (field === name || field.startsWith(`${name}.`) || field.startsWith(`${name}[`)) {
          // Shown under the field itself: the host's "identity_value: …" prefix would only repeat it.
          const message = String(apiError.message || '');
          error.textContent = message.startsWith(`${field}: `) ? message.slice(field.length + 2) : message;
          input.focus();
          return true;
        }
      }
      return false;
    },
  };
}
