// SMS segments, counted as carriers encode a text: the web app's mirror of the Twilio module's
// SMSSegments (Plugins/Twilio/SMSSegments.swift), pinned to the same cases by the tests.
// GSM-7 while every character is in the GSM 03.38 alphabet or its extension table (160 septets in
// one message, 153 per part; ^ { } \ [ ~ ] | € and form feed take two and never straddle parts);
// UCS-2 as soon as one character is outside both (70 UTF-16 units, 67 per part; an emoji takes
// two, never split). The composer shows the count for SMS conversations and marks the character
// that forces UCS-2.
import { h } from './dom.js';

const BASIC = new Set([...'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà']);
const EXTENDED = new Set([...'\f^{}\\[~]|€']);

/** Plugin ids whose conversations are SMS (the Twilio channel and the Relay example). */
export const SMS_PLUGINS = new Set(['sms', 'relay']);

const graphemes = (text) => (typeof Intl !== 'undefined' && Intl.Segmenter
  ? [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].map((s) => s.segment)
  : [...text]);

/** Septets of one character (1 or 2), null outside GSM-7. */
function gsmWidth(character) {
  if (character === '\r\n') return 2;
  const c = character.normalize('NFC');
  if (BASIC.has(c)) return 1;
  if (EXTENDED.has(c)) return 2;
  return null;
}

/** Items of the given widths packed greedily into parts, none split across two. */
function parts(widths, single, perPart) {
  const total = widths.reduce((a, b) => a + b, 0);
  if (total === 0) return 0;
  if (total <= single) return 1;
  let count = 1, used = 0;
  for (const w of widths) {
    if (used + w > perPart) { count += 1; used = 0; }
    used += w;
  }
  return count;
}

/** {encoding: 'GSM-7'|'UCS-2', units, segments, firstNonGSM: {character, offset}|null}. */
export function countSegments(text) {
  const chars = graphemes(text);
  const septets = [];
  for (let i = 0; i < chars.length; i++) {
    const w = gsmWidth(chars[i]);
    if (w === null) {
      const widths = [...text].map((cp) => (cp.codePointAt(0) > 0xFFFF ? 2 : 1));
      return { encoding: 'UCS-2', units: widths.reduce((a, b) => a + b, 0), segments: parts(widths, 70, 67),
        firstNonGSM: { character: chars[i], offset: i } };
    }
    septets.push(w);
  }
  return { encoding: 'GSM-7', units: septets.reduce((a, b) => a + b, 0), segments: parts(septets, 160, 153), firstNonGSM: null };
}

/** What the composer shows under an SMS reply: the count, the encoding, and what forces UCS-2. */
export function segmentMeter(text) {
  const s = countSegments(text);
  const perPart = s.encoding === 'GSM-7' ? (s.segments > 1 ? 153 : 160) : (s.segments > 1 ? 67 : 70);
  const summary = h('span', `${s.segments} SMS segment${s.segments === 1 ? '' : 's'} · ${s.encoding} · ${s.units} ${s.encoding === 'GSM-7' ? 'septets' : 'units'} (${perPart} per segment)`);
  if (!s.firstNonGSM) return h('span.sms-meter', { 'data-encoding': 'gsm7', 'data-segments': String(s.segments) }, summary);
  const chars = graphemes(text);
  const at = s.firstNonGSM.offset;
  const before = chars.slice(Math.max(0, at - 12), at).join('');
  const after = chars.slice(at + 1, at + 13).join('');
  return h('span.sms-meter', { 'data-encoding': 'ucs2', 'data-segments': String(s.segments) }, summary,
    h('span.sms-ucs2', { title: 'One character outside the GSM alphabet makes the whole text UCS-2: 70 characters per segment instead of 160' },
      ' · UCS-2 because of ', h('q', (at > 12 ? '…' : '') + before, h('mark.sms-culprit', s.firstNonGSM.character), after + (at + 13 < chars.length ? '…' : ''))));
}
