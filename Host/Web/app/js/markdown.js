// Message bodies as DOM nodes: plain text, the Markdown the editor writes (bold, italic, code,
// links, lists, quotes), and HTML mail reduced to its text. Links only ever go to http(s) or
// mailto, and open in a new tab without a referrer.
import { h, htmlToText } from './dom.js';

const safeURL = (url) => /^(https?:|mailto:)/i.test(url.trim());

function link(href, text) {
  if (!safeURL(href)) return document.createTextNode(text);
  return h('a', { href: href.trim(), target: '_blank', rel: 'noopener noreferrer nofollow' }, text);
}

const inlinePattern = /(\*\*([^*]+)\*\*|__([^_]+)__|\*([^*\s][^*]*)\*|(?<![\w])_([^_\s][^_]*)_(?![\w])|`([^`]+)`|\[([^\]]+)\]\(([^)\s]+)\)|(https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"]))/g;

/** Inline Markdown (or just links, for plain text) into nodes. */
export function inline(text, markdown = true) {
  const nodes = [];
  let last = 0;
  const pattern = markdown ? inlinePattern : /(https?:\/\/[^\s<>()]+[^\s<>().,;:!?'"])/g;
  for (const m of text.matchAll(pattern)) {
    if (m.index > last) nodes.push(document.createTextNode(text.slice(last, m.index)));
    if (!markdown) nodes.push(link(m[0], m[0]));
    else if (m[2] || m[3]) nodes.push(h('strong', inline(m[2] || m[3])));
    else if (m[4] || m[5]) nodes.push(h('em', inline(m[4] || m[5])));
    else if (m[6]) nodes.push(h('code', m[6]));
    else if (m[7]) nodes.push(link(m[8], m[7]));
    else nodes.push(link(m[9], m[9]));
    last = m.index + m[0].length;
  }
  if (last < text.length) nodes.push(document.createTextNode(text.slice(last)));
  return nodes;
}

/** Block-level Markdown: paragraphs, bullet and numbered lists, quotes, headings. */
function markdownBlocks(text) {
  const out = [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (!line.trim()) { i++; continue; }
    const bullet = /^\s*[-*+]\s+(.*)$/, numbered = /^\s*\d+[.)]\s+(.*)$/;
    if (bullet.test(line) || numbered.test(line)) {
      const kind = bullet.test(line) ? bullet : numbered;
      const list = h(kind === bullet ? 'ul' : 'ol');
      while (i < lines.length && kind.test(lines[i])) { list.append(h('li', inline(lines[i].match(kind)[1]))); i++; }
      out.push(list);
      continue;
    }
    if (/^\s*>/.test(line)) {
      const quoted = [];
      while (i < lines.length && /^\s*>/.test(lines[i])) { quoted.push(lines[i].replace(/^\s*>\s?/, '')); i++; }
      out.push(h('blockquote', markdownBlocks(quoted.join('\n'))));
      continue;
    }
    const heading = line.match(/^\s*#{1,6}\s+(.*)$/);
    if (heading) { out.push(h('p', h('strong', inline(heading[1])))); i++; continue; }
    const paragraph = [];
    while (i < lines.length && lines[i].trim() && !bullet.test(lines[i]) && !numbered.test(lines[i]) && !/^\s*>/.test(lines[i])) {
      paragraph.push(lines[i]); i++;
    }
    const p = h('p');
    paragraph.forEach((l, n) => { if (n) p.append(h('br')); p.append(...inline(l)); });
    out.push(p);
  }
  return out;
}

function plainBlocks(text) {
  return String(text).replace(/\r\n?/g, '\n').split(/\n{2,}/).filter((p) => p.trim()).map((paragraph) => {
    const p = h('p');
    paragraph.split('\n').forEach((l, n) => { if (n) p.append(h('br')); p.append(...inline(l, false)); });
    return p;
  });
}

/** A message body as a fragment. */
export function renderBody(text, format) {
  const body = h('div.body');
  if (format === 'markdown') body.append(...markdownBlocks(String(text || '')));
  else body.append(...plainBlocks(format === 'html' ? htmlToText(text) : String(text || '')));
  return body;
}
