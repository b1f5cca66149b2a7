// Triage topics (GET /api/v1/triage): the inbox's topic filter, a row's topic pill, and the
// rail's topic, which an agent corrects (POST /conversations/{id}/topic: the customer's latest
// message becomes an example phrase of the topic chosen).
import { api, seg } from './api.js';
import { h, attempt } from './dom.js';

let topics = null;

/** The host's triage topic names (loaded once; [] when none are defined or on error). */
export async function triageTopics() {
  if (topics) return topics;
  try { topics = (await api.get('/triage')).topics.map((t) => t.name); } catch { topics = []; }
  return topics;
}

/** A row's pill: the topic, and how sure triage was of it. */
export function topicPill(c) {
  if (!c.topic) return null;
  const sure = c.topic_confidence == null ? 'set by a person or an Agent Stack' : `triage ${Math.round(c.topic_confidence * 100)}% sure`;
  return h('span.pill.topic', { title: `Topic ${c.topic} (${sure})`, 'data-topic': c.topic }, c.topic);
}

/** The rail's topic line: a select that corrects it. `done` gets the updated conversation. */
export function topicEditor(c, done) {
  const select = h('select#topic-select', { 'aria-label': 'Conversation topic' }, h('option', { value: '' }, c.topic || 'No topic'));
  triageTopics().then((names) => {
    for (const name of names) if (name !== c.topic) select.append(h('option', { value: name }, name));
    if (!names.length) select.disabled = true;
  });
  select.addEventListener('change', async () => {
    if (!select.value) return;
    const updated = await attempt(() => api.post(`/conversations/${seg(c.id)}/topic`, { topic: select.value }), 'Topic corrected; the message is now an example');
    if (updated) done(updated);
  });
  const confidence = c.topic_confidence == null ? null : h('span.muted.small', ` ${Math.round(c.topic_confidence * 100)}%`);
  return [select, confidence];
}
