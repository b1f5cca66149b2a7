// The event stream (GET /api/v1/stream, Server-Sent Events). The browser's EventSource sends the
// session cookie, and when the connection drops it reconnects by itself with the Last-Event-ID
// of the last event it saw: the host then sends exactly the events missed meanwhile, so the
// inbox catches up without reloading. If the browser gives up (an HTTP error, such as a 503 while
// the host restarts), we open a new stream from the last id we handled, with backoff.

// The host names each event by its type; EventSource has no wildcard listener, so these are
// the types the app reacts to (anything else is ignored).
const TYPES = [
  'conversation.created', 'conversation.assigned', 'conversation.unassigned', 'conversation.queued', 'conversation.routed',
  'conversation.tagged', 'conversation.untagged', 'conversation.snoozed', 'conversation.woken', 'conversation.closed',
  'conversation.reopened', 'conversation.archived', 'conversation.escalated', 'conversation.priority_changed',
  'conversation.fields_changed', 'conversation.channel_switched', 'conversation.contact_changed',
  'message.received', 'message.queued', 'message.sent', 'message.delivered', 'message.read', 'message.failed',
  'message.echoed', 'message.edited', 'message.deleted', 'message.reaction', 'message.attachments_replaced',
  'comment.created', 'agent.mentioned', 'notification.created', 'webchat.visitor_typing',
  'stack.turn', 'stack.handover', 'stack.tool_called', 'stack.turn_discarded',
  'side_conversation.started', 'side_conversation.message', 'side_conversation.message_failed',
  'side_conversation.message_edited', 'side_conversation.message_deleted',
  'contact.updated', 'contact.merged',
  // Phone calls (calls/): the thread's call cards and the phone queues above the list.
  'voice.call_started', 'voice.queued', 'voice.queue_left', 'voice.agent_missed', 'voice.callback_requested',
  'voice.callback_scheduled', 'voice.callback_attempt', 'voice.guard_tripped', 'voice.text_failed', 'voice.call_ended',
];

/**
 * Open the stream. onEvent(event) for each event; onStatus('live' | 'reconnecting' | 'offline', {resumed})
 * as the connection changes. Returns {close()}.
 */
export function openStream({ onEvent, onStatus }) {
  let source = null;
  let lastID = null;
  let backoff = 1000;
  let timer = 0;
  let closed = false;
  let interrupted = false;

  function open() {
    if (closed) return;
    const url = lastID ? `/api/v1/stream?last_event_id=${encodeURIComponent(lastID)}` : '/api/v1/stream';
    source = new EventSource(url, { withCredentials: true });
    source.onopen = () => {
      backoff = 1000;
      onStatus('live', { resumed: interrupted });
      interrupted = false;
    };
    const handle = (message) => {
      if (message.lastEventId) lastID = message.lastEventId;
      let event;
      try { event = JSON.parse(message.data); } catch { return; }
      onEvent(event);
    };
    for (const type of TYPES) source.addEventListener(type, handle);
    source.onerror = () => {
      interrupted = true;
      if (source.readyState === EventSource.CLOSED) {
        // The browser will not retry this one: open a new stream ourselves, resuming after lastID.
        onStatus('offline', {});
        clearTimeout(timer);
        timer = setTimeout(open, backoff);
        backoff = Math.min(backoff * 2, 30_000);
      } else {
        onStatus('reconnecting', {});
      }
    };
  }

  open();
  return {
    close() {
      closed = true;
      clearTimeout(timer);
      source?.close();
    },
    get lastEventID() { return lastID; },
  };
}
