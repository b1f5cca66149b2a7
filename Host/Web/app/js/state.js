// What every part of the app shares: the signed-in person, the directory (agents, teams, channels,
// tags, snippets) and a tiny event bus so views react to the stream and to each other.
import { api } from './api.js';
import { channelWithoutInstance } from './channel-kinds.js';

export const state = {
  me: null,
  agents: [],
  agentsByID: new Map(),
  teams: [],
  teamsByID: new Map(),
  channels: [],
  channelsByID: new Map(),
  tags: [],
  counts: { mine: 0, unassigned: 0, mentioned: 0 },
  snippets: null,
  streamStatus: 'connecting',
};

const listeners = new Map();

export function on(name, fn) {
  if (!listeners.has(name)) listeners.set(name, new Set());
  listeners.get(name).add(fn);
  return () => listeners.get(name).delete(fn);
}

export function emit(name, data) {
  for (const fn of listeners.get(name) || []) {
    try { fn(data); } catch (error) { console.error(name, error); }
  }
}

export const isAdmin = () => state.me?.role === 'admin';

export async function loadDirectory() {
  const [agents, teams] = await Promise.all([api.get('/agents'), api.get('/teams')]);
  state.agents = agents.agents;
  state.agentsByID = new Map(state.agents.map((a) => [a.id, a]));
  state.teams = teams.teams;
  state.teamsByID = new Map(state.teams.map((t) => [t.id, t]));
  await loadSummary();
}

/** Counts, channels and tags (GET /api/v1/inbox/summary). */
export async function loadSummary() {
  const summary = await api.get('/inbox/summary');
  state.counts = summary.counts;
  state.channels = summary.channels;
  state.channelsByID = new Map(state.channels.map((c) => [c.id, c]));
  state.tags = summary.tags;
  emit('summary', summary);
}

export async function loadSnippets(force = false) {
  if (!state.snippets || force) state.snippets = (await api.get('/snippets')).snippets;
  return state.snippets;
}

export const agentName = (id) => state.agentsByID.get(id)?.name || id;
export const teamName = (id) => state.teamsByID.get(id)?.name || id;
/** A channel instance by id; a conversation moved to a kind with no plugin yet names the kind (planned: true). */
export const channel = (id) => state.channelsByID.get(id) || channelWithoutInstance(id);

/** Who did something, from an event's actor ("agent:<id>", "key:<id>", "system", …). */
export function actorName(actor) {
  if (!actor) return 'Someone';
  if (actor.startsWith('agent:')) return agentName(actor.slice(6));
  if (actor.startsWith('key:')) return 'An API key';
  if (actor.startsWith('stack:')) return `Agent Stack ${actor.slice(6)}`;
  if (actor === 'system' || actor === 'workflow' || actor === 'routing') return 'Switchboard';
  if (actor === 'voice') return 'The phone queue';   // a call answered by the agent it rang
  return actor;
}
