// Settings: the knowledge base (collections, articles, search, handbook procedures) and snippets.
import { api, seg } from './api.js';
import { h, clear, ago, attempt } from './dom.js';
import { icon } from './icons.js';
import { loadSnippets } from './state.js';
import { page, section, table, button, pill, saveDialog, confirmThen, list, joined } from './admin-ui.js';

let chosenCollection = '';

export async function knowledgePage(reload) {
  const [collections, procedures] = await Promise.all([api.get('/knowledge/collections'), api.get('/procedures')]);
  if (!collections.collections.some((c) => c.id === chosenCollection)) chosenCollection = collections.collections[0]?.id || '';
  const articles = chosenCollection ? await api.get('/knowledge/articles', { collection: chosenCollection, limit: 200 }) : { articles: [] };

  const newCollection = async () => {
    const made = await saveDialog({ title: 'New collection', fields: [
      { name: 'id', label: 'ID', required: true, placeholder: 'help' }, { name: 'name', label: 'Name', placeholder: 'Help centre' }, { name: 'description', label: 'Description' }],
    submit: (v) => api.post('/knowledge/collections', { id: v.id.trim(), name: v.name.trim() || undefined, description: v.description }) });
    if (made) chosenCollection = made.id;
    reload();
  };
  const editArticle = async (article) => {
    const full = article ? await attempt(() => api.get(`/knowledge/articles/${seg(article.id)}`)) : null;
    if (article && !full) return;
    await saveDialog({ title: article ? 'Edit article' : 'New article', wide: true, fields: [
      { name: 'title', label: 'Title', required: true, value: full?.title },
      { name: 'body', label: 'Body (Markdown; each heading becomes a passage Sidekick and stacks can quote)', type: 'textarea', rows: 14, value: full?.body, required: true },
      { name: 'tags', label: 'Tags', value: joined(full?.tags), placeholder: 'shipping, orders' },
    ], submit: (v) => (article
      ? api.patch(`/knowledge/articles/${seg(article.id)}`, { title: v.title, body: v.body, tags: list(v.tags) })
      : api.post('/knowledge/articles', { collection: chosenCollection, title: v.title, body: v.body, tags: list(v.tags) })) });
    reload();
  };
  const editProcedure = async (p) => {
    await saveDialog({ title: p ? `Edit ${p.name}` : 'New procedure', wide: true, intro: 'A named list of steps for people. Sidekick shows it when a conversation is about one of its topics.', fields: [
      { name: 'id', label: 'ID', required: true, value: p?.id, disabled: !!p, placeholder: 'late-parcel' },
      { name: 'name', label: 'Name', required: true, value: p?.name },
      { name: 'topics', label: 'Topics', value: joined(p?.topics), placeholder: 'shipping' },
      { name: 'steps', label: 'Steps (one per line)', type: 'textarea', rows: 8, value: (p?.steps || []).join('\n'), required: true },
    ], submit: (v) => api.put(`/procedures/${seg(p?.id || v.id.trim())}`, { name: v.name, topics: list(v.topics), steps: v.steps.split('\n').map((s) => s.trim()).filter(Boolean) }) });
    reload();
  };

  const searchInput = h('input', { type: 'search', placeholder: 'Try a customer question…', 'aria-label': 'Test a knowledge search' });
  const results = h('div.search-results');
  const search = async () => {
    const q = searchInput.value.trim();
    if (!q) return;
    const found = await attempt(() => api.get('/knowledge/search', { q, limit: 5 }));
    if (!found) return;
    clear(results, found.passages.length ? h('ol.matches', found.passages.map((p) => h('li', h('strong', p.title), p.heading ? h('span.muted', ` › ${p.heading}`) : null,
      h('span.muted.small', ` · score ${p.score}`), h('p', p.text.length > 240 ? `${p.text.slice(0, 240)}…` : p.text)))) : h('p.muted', 'Nothing found.'));
  };
  searchInput.addEventListener('keydown', (e) => { if (e.key === 'Enter') search(); });

  return page('Knowledge base', ['Markdown articles in collections, searched by Agent Stacks and Sidekick. Import whole folders with ', h('code', 'switchboard knowledge import'), '.'],
    [button('New collection', newCollection, { iconName: 'plus' })],
    h('div.collection-tabs', { role: 'tablist', 'aria-label': 'Collections' }, collections.collections.map((c) => h(`button.chip${c.id === chosenCollection ? '.active' : ''}`, {
      type: 'button', role: 'tab', 'aria-selected': String(c.id === chosenCollection), onclick: () => { chosenCollection = c.id; reload(); },
    }, icon('book'), `${c.name} (${c.article_count})`))),
    chosenCollection ? section(`Articles in ${chosenCollection}`, [button('New article', () => editArticle(null), { iconName: 'plus', primary: true }),
      button('Delete collection', () => confirmThen(`Delete collection ${chosenCollection}?`, 'Its articles go too. A collection a stack uses cannot be deleted.', () => api.del(`/knowledge/collections/${seg(chosenCollection)}`)).then(reload), { iconName: 'trash', danger: true })],
    table([
      ['Title', (a) => h('strong', a.title)], ['Tags', (a) => (a.tags || []).map((t) => h('span.tag', `#${t}`))], ['Source', (a) => a.source || ''], ['Updated', (a) => ago(a.updated_at)],
      ['', (a) => h('div.row-actions', button('Edit', () => editArticle(a), { iconName: 'edit' }),
        button('Delete', () => confirmThen(`Delete “${a.title}”?`, 'Stacks and Sidekick stop quoting it at once.', () => api.del(`/knowledge/articles/${seg(a.id)}`)).then(reload), { iconName: 'trash', danger: true }))],
    ], articles.articles, { empty: 'No articles in this collection yet.', label: 'Articles' }))
      : h('div.empty-small', h('p', 'Create a collection to add articles.')),
    section('Test a search', null, h('div.ask-row', searchInput, button('Search', search, { iconName: 'search' })), results),
    section('Handbook procedures', [button('New procedure', () => editProcedure(null), { iconName: 'plus' })], table([
      ['Name', (p) => h('strong', p.name)], ['Topics', (p) => (p.topics || []).map((t) => pill(t))], ['Steps', (p) => String(p.steps.length)],
      ['', (p) => h('div.row-actions', button('Edit', () => editProcedure(p), { iconName: 'edit' }),
        button('Delete', () => confirmThen(`Delete ${p.name}?`, '', () => api.del(`/procedures/${seg(p.id)}`)).then(reload), { iconName: 'trash', danger: true }))],
    ], procedures.procedures, { empty: 'No procedures yet.', label: 'Procedures' })));
}

export async function snippetsPage(reload) {
  const snippets = await api.get('/snippets');
  const edit = async (s) => {
    await saveDialog({ title: s ? `Edit /${s.name}` : 'New snippet', wide: true,
      intro: 'Agents insert snippets by typing / and the name. Placeholders: {{contact.name}}, {{contact.attributes.KEY}}, {{agent.name}}, {{conversation.id}}, {{conversation.fields.KEY}}, {{conversation.priority}}; a fallback after |, as in {{contact.name | there}}.',
      fields: [{ name: 'name', label: 'Name', required: true, value: s?.name, placeholder: 'refund-policy' },
        { name: 'body', label: 'Text', type: 'textarea', rows: 8, required: true, value: s?.body, placeholder: 'Hi {{contact.name | there}}, …' }],
      submit: (v) => (s ? api.patch(`/snippets/${seg(s.id)}`, { name: v.name.trim(), body: v.body }) : api.post('/snippets', { name: v.name.trim(), body: v.body })) });
    await loadSnippets(true).catch(() => {});
    reload();
  };
  return page('Snippets', 'Canned replies with placeholders, the same on every channel.',
    [button('New snippet', () => edit(null), { iconName: 'plus', primary: true })],
    table([
      ['Name', (s) => h('code', `/${s.name}`)], ['Text', (s) => h('span.clip', s.body)], ['Updated', (s) => ago(s.updated_at)],
      ['', (s) => h('div.row-actions', button('Edit', () => edit(s), { iconName: 'edit' }),
        button('Delete', () => confirmThen(`Delete /${s.name}?`, 'Replies already sent keep their text.', () => api.del(`/snippets/${seg(s.id)}`)).then(async () => { await loadSnippets(true).catch(() => {}); reload(); }), { iconName: 'trash', danger: true }))],
    ], snippets.snippets, { empty: 'No snippets yet.', label: 'Snippets' }));
}
