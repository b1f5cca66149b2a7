/// Live channels: where a conversation can be switched to, and an agent's typing signal.
/// Merged into the served document by `OpenAPIDocument`; a test checks it against the route table.
extension OpenAPIDocument {
    static let liveChannelPaths = ##"""
    {
      "paths": {
        "/api/v1/conversations/{id}/switch-targets": {
          "get": {
            "operationId": "listSwitchTargets",
            "summary": "Channels the conversation can move to now",
            "tags": ["Conversations"],
            "description": "One entry per channel kind: `available` with the running instance that would carry it, or `planned` (no plugin installed yet: a switch is recorded and replies wait). Kinds whose plugin is disabled or has no running instance are left out, as is the conversation's own channel kind.",
            "parameters": [{"name": "id", "in": "path", "required": true, "description": "Conversation id.", "schema": {"type": "string"}}],
            "responses": {
              "200": {
                "description": "The targets.",
                "content": {"application/json": {"schema": {"type": "object", "properties": {"targets": {"type": "array", "items": {"$ref": "#/components/schemas/SwitchTarget"}}}}}}
              },
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          }
        },
        "/api/v1/conversations/{id}/typing": {
          "post": {
            "operationId": "signalAgentTyping",
            "summary": "Tell the customer an agent is typing",
            "tags": ["Conversations"],
            "description": "Relayed to the conversation's channel plugin as an `agent.typing` signal with the agent's name (a chat widget shows a typing indicator). Best effort: nothing is stored; call it every few seconds while typing. `relayed` is false when the channel's plugin takes no signals (built before ABI 1.2, or a C plugin without on_conversation_signal); a plugin that takes them may still ignore typing.",
            "parameters": [{"name": "id", "in": "path", "required": true, "description": "Conversation id.", "schema": {"type": "string"}}],
            "responses": {
              "202": {
                "description": "Passed on (or not, see relayed).",
                "content": {"application/json": {"schema": {"type": "object", "properties": {"relayed": {"type": "boolean"}}}}}
              },
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          }
        },
        "/api/v1/conversations/{id}/viewed": {
          "post": {
            "operationId": "signalConversationViewed",
            "summary": "Tell the channel a person has the conversation open",
            "tags": ["Conversations"],
            "description": "Agents and admins only (integrators get 403). The web app calls it as it shows a conversation, and again as new messages arrive while it is open. Relayed to the conversation's channel plugin as a `conversation.viewed` signal with the agent's id and name: WhatsApp then marks the customer's messages read (blue ticks) when the instance's `mark_read` is on. Best effort: nothing is stored. `relayed` is false when the channel's plugin takes no signals.",
            "parameters": [{"name": "id", "in": "path", "required": true, "description": "Conversation id.", "schema": {"type": "string"}}],
            "responses": {
              "202": {
                "description": "Passed on (or not, see relayed).",
                "content": {"application/json": {"schema": {"type": "object", "properties": {"relayed": {"type": "boolean"}}}}}
              },
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          }
        }
      },
      "schemas": {
        "SwitchTarget": {
          "type": "object",
          "properties": {
            "kind": {"type": "string"},
            "label": {"type": "string"},
            "identity_kind": {"type": "string", "description": "The address the channel reaches the customer by."},
            "state": {"type": "string", "enum": ["available", "planned"]},
            "instance_id": {"type": ["string", "null"]}
          }
        }
      }
    }
    """##
}
