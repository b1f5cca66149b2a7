// A message's attachments: raster images as thumbnails that open full size, every other file as a
// download chip with its name and size. Attachments come from customers, so nothing here trusts
// them: names are text nodes, only http(s) addresses become links, and only images the host itself
// serves (its /files/ store, same origin) are shown in place. The app's CSP allows images from
// this origin only: a picture from anywhere else would be a tracking pixel, so it stays a link.
// Audio the host keeps (a call's voicemail or recording) plays in place, with its download chip.
import { h } from './dom.js';
import { icon } from './icons.js';
import { dialog } from './ui.js';

// What /files/ serves inline (FileDownloads.inlineTypes); SVG can carry script and is never shown.
const RASTER_TYPES = new Set(['image/png', 'image/jpeg', 'image/gif', 'image/webp']);

/** The attachment's address as a URL when it is http(s), else null (never a link). */
export function safeURL(raw) {
  try {
    const url = new URL(String(raw ?? ''), location.href);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
}

/** "812 B", "12 KB", "3.4 MB". */
export function formatSize(bytes) {
  if (typeof bytes !== 'number' || !Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
}

const nameOf = (a, url) => a.name || (url ? decodeURIComponent(url.pathname.split('/').pop() || '') : '') || 'file';

/** Played in place: audio, served by this host. */
function playsInline(a, url) {
  return !!url && url.origin === location.origin && String(a.content_type || '').toLowerCase().startsWith('audio/');
}

/** Shown in place: a raster type, served by this host. */
function showsInline(a, url) {
  return !!url && url.origin === location.origin && RASTER_TYPES.has(String(a.content_type || '').toLowerCase());
}

/**
 * The list under a message's text, or null when it has none. `onRefetch`, when given, is offered on
 * media the channel could not keep when it arrived (`unavailable`, with the error): "Fetch again".
 */
export function attachmentList(attachments, { onRefetch } = {}) {
  if (!Array.isArray(attachments) || !attachments.length) return null;
  return h('ul.attachments', { 'aria-label': attachments.length === 1 ? 'Attachment' : `${attachments.length} attachments` },
    attachments.map((a) => {
      const url = safeURL(a?.url);
      if (a?.unavailable) return h('li', unavailableChip(a, onRefetch));
      if (playsInline(a, url)) return h('li.audio', audioPlayer(a, url), fileChip(a, url));
      return h('li', showsInline(a, url) ? thumbnail(a, url) : fileChip(a, url));
    }));
}

/** Media the channel could not keep: its name, why, and (for people) a button to fetch it again. */
function unavailableChip(a, onRefetch) {
  const name = a.name || 'file';
  const retry = onRefetch ? h('button.refetch', {
    type: 'button', title: 'Ask the channel to download it again (WhatsApp keeps media for 7 days)',
    onclick: async (event) => {
      const button = event.currentTarget;
      button.disabled = true;
      button.textContent = 'Fetching…';
      // The thread reloads when the message's attachments are replaced (message.attachments_replaced).
      if (!(await onRefetch())) { button.disabled = false; button.textContent = 'Fetch again'; }
    },
  }, 'Fetch again') : null;
  return h('span.file-chip.unavailable', { role: 'group', 'aria-label': `${name}: media unavailable` },
    icon('alert'), h('span.file-name', name), h('span.file-error', a.error || 'media unavailable'), retry);
}

function fileChip(a, url) {
  const name = nameOf(a, url);
  const size = formatSize(a.size);
  const content = [icon('file'), h('span.file-name', name), size ? h('span.file-size', size) : null];
  // Not http(s) (a channel passed on something else): named, never followed.
  if (!url) return h('span.file-chip.unlinked', { title: 'This attachment has no web address to open' }, content);
  return h('a.file-chip', {
    href: url.href, target: '_blank', rel: 'noopener noreferrer', download: url.origin === location.origin ? name : null,
    'aria-label': `Download ${name}${size ? `, ${size}` : ''}`, title: name,
  }, content, icon('download'));
}

function audioPlayer(a, url) {
  return h('audio', { controls: true, preload: 'metadata', src: url.href, 'aria-label': `Play ${nameOf(a, url)}` });
}

function thumbnail(a, url) {
  const name = nameOf(a, url);
  const img = h('img', { src: url.href, alt: name, loading: 'lazy', decoding: 'async', referrerpolicy: 'no-referrer' });
  const button = h('button.thumbnail', { type: 'button', 'aria-label': `View ${name} full size`, title: name, onclick: () => viewFullSize(a, url) }, img);
  // Gone from the store, or not an image after all: fall back to the chip, so the file is still reachable.
  img.addEventListener('error', () => button.replaceWith(fileChip(a, url)), { once: true });
  return button;
}

/** The image at its own size, in the app's dialog (Escape or Close returns to the thread). */
function viewFullSize(a, url) {
  const name = nameOf(a, url);
  const size = formatSize(a.size);
  return dialog({
    title: name, wide: true,
    content: h('figure.full-image',
      h('img', { src: url.href, alt: name, referrerpolicy: 'no-referrer' }),
      h('figcaption', size ? `${size} · ` : '', h('a', { href: url.href, target: '_blank', rel: 'noopener noreferrer', download: name }, 'Download'))),
    actions: [{ label: 'Close', primary: true }],
  });
}
