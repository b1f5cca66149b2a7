/// The realtime event stream (Server-Sent Events).
/// Merged into the served document by `OpenAPIDocument`; a test checks it against the route table.
extension OpenAPIDocument {
    static let streamPaths = ##"""
    {
      "tags": [
        {
          "name": "Events",
          "description": "What happened, in order: `GET /api/v1/stream` pushes it, `GET /api/v1/events` pages through it. Both show a caller the same events: admins all; agents the events of conversations they may see (assigned to them or to one of their teams) and events addressed to them; integrators the events of conversations on their channel instances. Visibility is judged when an event is read."
        }
      ],
      "paths": {
        "/api/v1/stream": {
          "get": {
            "operationId": "streamEvents",
            "summary": "The event stream (Server-Sent Events)",
            "tags": [
              "Events"
            ],
            "description": "Any API key (a browser session works the same way once signed in: EventSource sends cookies). A `text/event-stream` response that stays open. It starts with `retry: 2000` and `id: <cursor>` (no data: it sets the client's Last-Event-ID without firing an event). Each event is one message:\n\n```\nid: 42\nevent: message.received\ndata: {\"id\":42,\"type\":\"message.received\",\"conversation_id\":\"cnv_…\",\"actor\":\"customer\",\"data\":{…},\"created_at\":\"…\"}\n\n```\n\n`data` is one line of JSON, an `Event`. After about 15 s without events the server sends a comment line, `: keep-alive`.\n\n**Resuming.** A client that reconnects with `Last-Event-ID: N` (EventSource does this by itself) receives every event it may see with an id above N, each once and in id order, then live ones. Without a header or `last_event_id`, the stream starts from now: only events stored after the connection opened. `last_event_id=0` replays from the first event. An id above the newest stored one (a database restored from backup) starts from now.\n\nStreams open at once are bounded host-wide (`--max-streams`, default 1000); over the bound, and while the host shuts down, the answer is 503 with `Retry-After`. When the host stops, open streams end; clients reconnect with their Last-Event-ID.",
            "parameters": [
              {
                "name": "Last-Event-ID",
                "in": "header",
                "required": false,
                "description": "Resume after this event id (sent by EventSource when it reconnects). Takes precedence over `last_event_id`.",
                "schema": {
                  "type": "integer",
                  "format": "int64",
                  "minimum": 0
                }
              },
              {
                "name": "last_event_id",
                "in": "query",
                "required": false,
                "description": "Resume after this event id, for clients that cannot set headers. 0: from the first event.",
                "schema": {
                  "type": "integer",
                  "format": "int64",
                  "minimum": 0
                }
              },
              {
                "name": "types",
                "in": "query",
                "required": false,
                "description": "Only these event types: a comma-separated list of names, each optionally ending in `*` as a prefix match, e.g. `conversation.*,message.received` (at most 32).",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The stream, open until the client or the host ends it.",
                "headers": {
                  "Cache-Control": {
                    "description": "no-cache",
                    "schema": {
                      "type": "string"
                    }
                  }
                },
                "content": {
                  "text/event-stream": {
                    "schema": {
                      "type": "string",
                      "description": "Server-Sent Events; each message's `data` is an `Event` as one line of JSON."
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "503": {
                "description": "Too many streams are open, the host is shutting down, or the store could not be reached (`unavailable`). Retry after the `Retry-After` seconds.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    },
                    "example": {
                      "error": "unavailable",
                      "message": "too many event streams are open (at most 1000); retry later"
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
    """##
}
