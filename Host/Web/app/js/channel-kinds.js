// Channel kinds the host knows even before any plugin of that kind is installed (its ChannelKind
// list). A conversation moved to such a "planned" kind carries the kind itself as its channel id
// (for instance "sms"), and its replies wait in the outbox: the app names it and says so, rather
// than showing a bare id.

const PLANNED_KIND_LABELS = {
  email: 'Email',
  sms: 'SMS',
  whatsapp: 'WhatsApp',
  messenger: 'Messenger',
  instagram: 'Instagram',
};

/** A channel record for an id no installed instance has: a planned kind, or an unknown id. */
export function channelWithoutInstance(id) {
  const label = Object.hasOwn(PLANNED_KIND_LABELS, id) ? PLANNED_KIND_LABELS[id] : null;
  return label ? { id, name: label, plugin_id: id, planned: true } : { id, name: id, plugin_id: null };
}

/** What an agent reads about a planned channel: where replies are. */
export function waitingExplanation(ch) {
  return `No ${ch.name} channel is installed yet: replies wait in the outbox until one is.`;
}
