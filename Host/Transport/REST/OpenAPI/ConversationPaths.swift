/// Conversations: list, read, reply (text or a snippet), switch channel, events.
/// Merged into the served document by `OpenAPIDocument`; a test checks it against the route table.
extension OpenAPIDocument {
    static let conversationPaths = ##"""
    {
      "paths": {
        "/api/v1/conversations": {
          "get": {
            "operationId": "listConversations",
            "summary": "List conversations, most recently updated first",
            "tags": [
              "Conversations"
            ],
            "description": "Integrator keys see only the conversations of their own channel instances. Page with `before`: pass the `next_before` of the previous page; it is null on the last page. Agents see the conversations of their teams and those assigned to them; integrator keys those of their own channel instances.",
            "parameters": [
              {
                "name": "status",
                "in": "query",
                "required": false,
                "description": "Only conversations with this status.",
                "schema": {
                  "type": "string",
                  "enum": [
                    "active",
                    "snoozed",
                    "done",
                    "archived"
                  ]
                }
              },
              {
                "name": "engagement",
                "in": "query",
                "required": false,
                "description": "Only pending (the customer waits on us) or engaged (we replied) conversations.",
                "schema": {
                  "type": "string",
                  "enum": [
                    "pending",
                    "engaged"
                  ]
                }
              },
              {
                "name": "channel_instance_id",
                "in": "query",
                "required": false,
                "description": "Only conversations on this channel instance.",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "contact_id",
                "in": "query",
                "required": false,
                "description": "Only conversations with this contact.",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "assignee",
                "in": "query",
                "required": false,
                "description": "Only conversations assigned to this assignee.",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "team_id",
                "in": "query",
                "required": false,
                "description": "Only conversations of this team (with `status=active`, its queue and its agents' work).",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "tag",
                "in": "query",
                "required": false,
                "description": "Only conversations with this tag.",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "limit",
                "in": "query",
                "required": false,
                "description": "Page size, 1 to 500.",
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 500,
                  "default": 50
                }
              },
              {
                "name": "before",
                "in": "query",
                "required": false,
                "description": "The `next_before` value of the previous page (an update time in milliseconds since the epoch).",
                "schema": {
                  "type": "integer",
                  "format": "int64"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "A page of conversations.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "conversations",
                        "next_before"
                      ],
                      "properties": {
                        "conversations": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/Conversation"
                          }
                        },
                        "next_before": {
                          "type": [
                            "integer",
                            "null"
                          ],
                          "format": "int64",
                          "description": "Pass as `before` to get the next page; null when this page is the last."
                        }
                      }
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
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/conversations/{id}": {
          "get": {
            "operationId": "getConversation",
            "summary": "Get a conversation with its messages and contact",
            "tags": [
              "Conversations"
            ],
            "description": "404 also when the conversation exists but an integrator key may not see it.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Conversation id.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The conversation, its messages (oldest first) and its contact.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ConversationDetail"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/conversations/{id}/messages": {
          "get": {
            "operationId": "listConversationMessages",
            "summary": "List a conversation's messages",
            "tags": [
              "Conversations"
            ],
            "description": "Messages with an id greater than `after`, oldest first.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Conversation id.",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "after",
                "in": "query",
                "required": false,
                "description": "Only messages with an id greater than this.",
                "schema": {
                  "type": "integer",
                  "format": "int64",
                  "minimum": 0,
                  "default": 0
                }
              },
              {
                "name": "limit",
                "in": "query",
                "required": false,
                "description": "Page size, 1 to 1000.",
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 1000,
                  "default": 200
                }
              }
            ],
            "responses": {
              "200": {
                "description": "Messages.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "messages"
                      ],
                      "properties": {
                        "messages": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/Message"
                          }
                        }
                      }
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
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          },
          "post": {
            "operationId": "replyToConversation",
            "summary": "Queue a reply to the customer",
            "tags": [
              "Conversations"
            ],
            "description": "Stores the reply and queues it for delivery on the conversation's channel instance; delivery happens asynchronously (watch the message's `delivery_status`, or the events feed). At least one of `text`, `rich` or `attachments` is required; or give `snippet_id` instead of `text`: the snippet is rendered for this conversation and the replying agent (400 naming `snippet_id` when it is unknown or renders to no text; 400 naming `text` when both are given). Before it is stored, the conversation's channel checks what it could never send (ABI 1.3 `validate_outbound`): a refusal is a 400 naming the body's field, and nothing is stored. WhatsApp refuses a template that is unknown or not APPROVED (`rich.name`) and wrong parameters (`rich.parameters[1]`, `rich.parameters.<name>`, `rich.header`, `rich.buttons[0]`: a count, type or text Meta would refuse). 409 when the conversation is archived.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Conversation id.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/ReplyRequest"
                  }
                }
              }
            },
            "responses": {
              "202": {
                "description": "The reply was stored and queued; `delivery_status` is `queued`.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Message"
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
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              },
              "415": {
                "$ref": "#/components/responses/UnsupportedMediaType"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/conversations/{id}/messages/{message_id}/refetch-media": {
          "post": {
            "operationId": "refetchMessageMedia",
            "summary": "Fetch a customer's media again that could not be kept",
            "tags": [
              "Conversations"
            ],
            "description": "Agents and admins (integrators get 403). A customer's message whose media could not be downloaded when it arrived is stored with the attachment marked `unavailable` (with the provider's `media_id` and the `error`). This asks the channel instance that received it to fetch it again (WhatsApp: while Meta keeps it, 7 days), off the request (the plugin's `media.refetch` signal). The message keeps its id, text and place; its attachments are replaced, either with the file or with a placeholder giving the new error, and a `message.attachments_replaced` event (data `{message_id}`) follows. 409 naming `message_id` when the message has no unavailable customer media; 409 when the receiving channel is not running.",
            "parameters": [
              {"name": "id", "in": "path", "required": true, "description": "Conversation id.", "schema": {"type": "string"}},
              {"name": "message_id", "in": "path", "required": true, "description": "The message's id.", "schema": {"type": "integer"}}
            ],
            "responses": {
              "202": {
                "description": "Asked.",
                "content": {"application/json": {"schema": {"type": "object", "properties": {
                  "message_id": {"type": "integer"},
                  "requested": {"type": "boolean", "description": "False when the channel's plugin takes no signals."}
                }}}}
              },
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"}
            }
          }
        },
        "/api/v1/conversations/{id}/events": {
          "get": {
            "operationId": "listConversationEvents",
            "summary": "List a conversation's events",
            "tags": [
              "Conversations"
            ],
            "description": "Events with an id greater than `after`, oldest first.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Conversation id.",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "after",
                "in": "query",
                "required": false,
                "description": "Only events with an id greater than this.",
                "schema": {
                  "type": "integer",
                  "format": "int64",
                  "minimum": 0,
                  "default": 0
                }
              }
            ],
            "responses": {
              "200": {
                "description": "Events.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "events"
                      ],
                      "properties": {
                        "events": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/Event"
                          }
                        }
                      }
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
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/conversations/{id}/switch": {
          "post": {
            "operationId": "switchConversationChannel",
            "summary": "Move a conversation to another channel",
            "tags": [
              "Conversations"
            ],
            "description": "The conversation keeps its id, history, tags, fields and assignee; later replies, and those waiting in the outbox, go out on the target: a channel instance (`channel_instance_id`) or a channel kind (`channel`). The target must be enabled and running (409 `channel_unavailable` otherwise), except a kind with no plugin installed yet, which records the switch with replies waiting. The target channel's Agent Stack binding applies at once. The answer is the conversation with a `switch` object (target, waiting_for_plugin, identity). 403 when an integrator key names a channel instance outside its scope.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Conversation id.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/SwitchChannelRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The updated conversation.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Conversation"
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
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              },
              "415": {
                "$ref": "#/components/responses/UnsupportedMediaType"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        }
      }
    }
    """##
}
