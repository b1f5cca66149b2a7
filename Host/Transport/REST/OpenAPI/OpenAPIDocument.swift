import SwitchboardSupport

/// The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json.
///
/// Each area of the API documents itself in a fragment of its own (`*Paths.swift`:
/// `{"tags": [...], "paths": {...}, "schemas": {...}}`); this file holds what they share
/// (info, security, common schemas and responses) and merges them. A test checks the
/// result names exactly the routes in the route table.
/// (##-delimited raw strings, because "$ref": "#/..." values contain `"#`.)
enum OpenAPIDocument {
    /// Every fragment, in the order its paths appear in the document.
    static let fragments = [conversationPaths, conversationActionPaths, contactPaths, snippetPaths, peoplePaths, routingPaths,
                            adminPaths, webhookPaths, systemPaths, streamPaths, knowledgePaths, stackPaths, sideConversationPaths,
                            inboxPaths, liveChannelPaths, adminOperationPaths, draftPaths,
                            securityPaths, dataRequestPaths, securityHardeningPaths, voicePaths, voiceQueuePaths, voiceBuilderPaths, notificationPaths, readStatePaths, slaPaths, triagePaths]

    /// The served document, assembled once.
    static let json: String = assemble(base: base, fragments: fragments)

    static func assemble(base: String, fragments: [String]) -> String {
        guard case .object(var document) = try? JSON.parse(base) else { preconditionFailure("OpenAPI base is not a JSON object") }
        var tags = document["tags"]?.arrayValue ?? []
        var paths = JSONObject()
        var components = document["components"]?.objectValue ?? JSONObject()
        var schemas = components["schemas"]?.objectValue ?? JSONObject()
        for fragment in fragments {
            guard case .object(let part) = try? JSON.parse(fragment) else { preconditionFailure("an OpenAPI fragment is not a JSON object") }
            tags += part["tags"]?.arrayValue ?? []
            for (path, item) in part["paths"]?.objectValue ?? JSONObject() {
                precondition(paths[path] == nil, "OpenAPI path \(path) is documented twice")
                paths[path] = item
            }
            for (name, schema) in part["schemas"]?.objectValue ?? JSONObject() {
                precondition(schemas[name] == nil, "OpenAPI schema \(name) is documented twice")
                schemas[name] = schema
            }
        }
        components["schemas"] = .object(schemas)
        document["tags"] = .array(tags)
        document["paths"] = .object(paths)
        document["components"] = .object(components)
        return JSON.object(document).serialized
    }

    static let base = ##"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "Switchboard REST API",
        "version": "1.0.0",
        "description": "The REST API of the Switchboard customer-support host, under /api/v1. Authenticate with an API key: `Authorization: Bearer <key>`, or, in a browser, with the `sb_session` cookie from POST /api/v1/session; with the cookie, every POST, PUT, PATCH and DELETE must also send the session's `csrf_token` as `X-CSRF-Token` (else 403 `csrf_failed`). Health, this document and sign-in need neither. Errors are JSON: {\"error\": code, \"message\": text, \"field\": name (when one field is at fault)}. Any method a path does not support gets 405 `method_not_allowed` with an Allow header.\n\nPlugin webhooks live under /hooks/<instance-id>/ and are documented by each plugin's README, not here."
      },
      "tags": [
        {
          "name": "Conversations"
        },
        {
          "name": "Contacts"
        },
        {
          "name": "Snippets"
        },
        {
          "name": "Plugins"
        },
        {
          "name": "Channels"
        },
        {
          "name": "Agents"
        },
        {
          "name": "Teams"
        },
        {
          "name": "Sessions"
        },
        {
          "name": "Credentials"
        },
        {
          "name": "API keys"
        },
        {
          "name": "Outbox"
        },
        {
          "name": "System"
        }
      ],
      "security": [
        {
          "bearerAuth": []
        },
        {
          "sessionCookie": []
        }
      ],
      "components": {
        "securitySchemes": {
          "bearerAuth": {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key created with POST /api/v1/api-keys (or the CLI), or a personal token from POST /api/v1/agents/{id}/tokens."
          },
          "sessionCookie": {
            "type": "apiKey",
            "in": "cookie",
            "name": "sb_session",
            "description": "A browser session from POST /api/v1/session. Unsafe methods also need the header `X-CSRF-Token: <csrf_token>`."
          }
        },
        "schemas": {
          "Error": {
            "type": "object",
            "description": "The one error shape of the API.",
            "required": [
              "error",
              "message"
            ],
            "properties": {
              "error": {
                "type": "string",
                "description": "Machine-readable code: invalid_field, invalid_json, unauthorized, forbidden, csrf_failed, not_found, method_not_allowed, conflict, channel_unavailable, payload_too_large, unsupported_media_type, operation_failed, unavailable."
              },
              "message": {
                "type": "string",
                "description": "Human-readable explanation."
              },
              "field": {
                "type": "string",
                "description": "The request field (or query or path parameter) the error concerns, when there is one; nested fields are dotted, e.g. binding.kind or config.api_token."
              }
            }
          },
          "Conversation": {
            "type": "object",
            "required": [
              "id",
              "contact_id",
              "channel_instance_id",
              "status",
              "engagement",
              "assignee",
              "team_id",
              "agent_stack",
              "priority",
              "tags",
              "fields",
              "topic",
              "snoozed_until",
              "queued_at",
              "created_at",
              "updated_at",
              "last_message_at",
              "response_due_at",
              "sla",
              "topic_confidence"
            ],
            "properties": {
              "id": {
                "type": "string"
              },
              "contact_id": {
                "type": "string"
              },
              "channel_instance_id": {
                "type": "string",
                "description": "The channel instance replies go out on."
              },
              "status": {
                "type": "string",
                "enum": [
                  "active",
                  "snoozed",
                  "done",
                  "archived"
                ]
              },
              "engagement": {
                "type": "string",
                "enum": [
                  "pending",
                  "engaged"
                ],
                "description": "pending: the customer waits on us; engaged: we replied last."
              },
              "assignee": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "The agent working the conversation (an agent id)."
              },
              "team_id": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "The team responsible. With no assignee and `queued_at` set, the conversation waits in this team's queue."
              },
              "agent_stack": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "The Agent Stack handling the conversation, if any."
              },
              "priority": {
                "type": "string",
                "enum": [
                  "low",
                  "normal",
                  "high",
                  "urgent"
                ]
              },
              "tags": {
                "type": "array",
                "items": {
                  "type": "string"
                },
                "description": "Lowercase labels, sorted."
              },
              "fields": {
                "type": "object",
                "description": "Custom fields: strings, numbers and booleans.",
                "additionalProperties": {
                  "type": [
                    "string",
                    "number",
                    "boolean"
                  ]
                }
              },
              "topic": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "What the conversation is about: set by triage (the classifier of the host's triage topics, on each customer message of a conversation people handle), by an Agent Stack's classifier, or by an agent's correction."
              },
              "topic_confidence": {
                "type": [
                  "number",
                  "null"
                ],
                "minimum": 0,
                "maximum": 1,
                "description": "How sure triage's classifier was of `topic`; null when a person or an Agent Stack set it (or there is none)."
              },
              "snoozed_until": {
                "type": [
                  "string",
                  "null"
                ],
                "format": "date-time",
                "description": "When a snoozed conversation wakes (a customer message wakes it earlier)."
              },
              "queued_at": {
                "type": [
                  "string",
                  "null"
                ],
                "format": "date-time",
                "description": "Waiting in its team's queue since."
              },
              "created_at": {
                "type": "string",
                "format": "date-time",
                "description": "UTC, ISO 8601 with milliseconds, e.g. 2026-11-21T19:40:00.123Z"
              },
              "updated_at": {
                "type": "string",
                "format": "date-time",
                "description": "UTC, ISO 8601 with milliseconds, e.g. 2026-11-21T19:40:00.123Z"
              },
              "last_message_at": {
                "type": [
                  "string",
                  "null"
                ],
                "format": "date-time",
                "description": "When the latest message was stored; null before the first."
              },
              "response_due_at": {
                "type": [
                  "string",
                  "null"
                ],
                "format": "date-time",
                "description": "When the team's answer is due under its service-level policy (see `sla`): the customer's oldest unanswered message plus the policy's target, or the channel's own response time when no policy matches (its manifest's `response_due`, Amazon's 24 hours). Null when nothing is owed, no target applies, or the clock is paused (snoozed); cleared when a reply (or Amazon's \"no response needed\") goes out."
              },
              "sla": {
                "oneOf": [
                  {
                    "$ref": "#/components/schemas/SLAStatus"
                  },
                  {
                    "type": "null"
                  }
                ]
              }
            }
          },
          "ConversationDetail": {
            "allOf": [
              {
                "$ref": "#/components/schemas/Conversation"
              },
              {
                "type": "object",
                "required": [
                  "messages",
                  "contact"
                ],
                "properties": {
                  "messages": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Message"
                    },
                    "description": "Oldest first."
                  },
                  "contact": {
                    "oneOf": [
                      {
                        "$ref": "#/components/schemas/Contact"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  },
                  "reply_window": {
                    "oneOf": [
                      {
                        "$ref": "#/components/schemas/ReplyWindow"
                      },
                      {
                        "type": "null"
                      }
                    ],
                    "description": "Channels whose provider lets replies through only for a while after the customer's last message (Messenger, Instagram: 24 h, a person's reply 7 days). null: the current channel has no window."
                  }
                }
              }
            ]
          },
          "ReplyWindow": {
            "type": "object",
            "required": [
              "state",
              "allows"
            ],
            "properties": {
              "state": {
                "type": "string",
                "enum": [
                  "open",
                  "human_only",
                  "closed"
                ],
                "description": "open: any reply may go; human_only: only a person's reply (an Agent Stack's is refused); closed: nothing until the customer writes again. What may not go fails before the provider is called, with the reason."
              },
              "closes_at": {
                "type": "string",
                "format": "date-time"
              },
              "human_closes_at": {
                "type": [
                  "string",
                  "null"
                ],
                "format": "date-time"
              },
              "closed_at": {
                "type": [
                  "string",
                  "null"
                ],
                "format": "date-time"
              },
              "allows": {
                "type": "string",
                "description": "What may go now, in words."
              }
            }
          },
          "Attachment": {
            "type": "object",
            "required": [
              "name",
              "url"
            ],
            "properties": {
              "name": {
                "type": "string"
              },
              "url": {
                "type": "string",
                "format": "uri"
              },
              "content_type": {
                "type": "string"
              },
              "size": {
                "type": "integer",
                "minimum": 0,
                "description": "In bytes."
              }
            }
          },
          "Message": {
            "type": "object",
            "required": [
              "id",
              "conversation_id",
              "direction",
              "author_kind",
              "author_id",
              "channel_instance_id",
              "text",
              "format",
              "rich",
              "attachments",
              "provider_message_id",
              "delivery_status",
              "delivery_detail",
              "created_at"
            ],
            "properties": {
              "id": {
                "type": "integer",
                "format": "int64"
              },
              "conversation_id": {
                "type": "string"
              },
              "direction": {
                "type": "string",
                "enum": [
                  "inbound",
                  "outbound",
                  "internal"
                ],
                "description": "internal: an internal comment, never delivered to the customer."
              },
              "author_kind": {
                "type": "string",
                "enum": [
                  "customer",
                  "agent",
                  "stack",
                  "system"
                ]
              },
              "author_id": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "channel_instance_id": {
                "type": "string",
                "description": "The channel instance the message came in or went out on."
              },
              "text": {
                "type": "string"
              },
              "format": {
                "type": "string",
                "enum": [
                  "plain",
                  "html",
                  "markdown"
                ]
              },
              "rich": {
                "type": [
                  "object",
                  "array",
                  "null"
                ],
                "description": "Channel-specific rich content, as sent."
              },
              "attachments": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/Attachment"
                }
              },
              "provider_message_id": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "The channel provider's id for the message, once known."
              },
              "delivery_status": {
                "type": "string",
                "enum": [
                  "received",
                  "queued",
                  "sent",
                  "delivered",
                  "read",
                  "failed",
                  "internal"
                ],
                "description": "Inbound messages are `received`."
              },
              "delivery_detail": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "Why delivery failed, or other provider detail."
              },
              "deleted_at": {
                "type": [
                  "string",
                  "null"
                ],
                "format": "date-time",
                "description": "When the customer unsent it (Messenger, Instagram): its content is gone."
              },
              "edited_at": {
                "type": [
                  "string",
                  "null"
                ],
                "format": "date-time",
                "description": "When the customer last edited it (Telegram): text is the edited text."
              },
              "sent_at": {
                "type": [
                  "string",
                  "null"
                ],
                "format": "date-time",
                "description": "The provider's time of the message, where the channel gives one (Meta's timestamp); created_at is when the host stored it."
              },
              "created_at": {
                "type": "string",
                "format": "date-time",
                "description": "UTC, ISO 8601 with milliseconds, e.g. 2026-11-21T19:40:00.123Z"
              }
            }
          },
          "Contact": {
            "type": "object",
            "required": [
              "id",
              "display_name",
              "identities",
              "attributes",
              "created_at",
              "updated_at"
            ],
            "properties": {
              "id": {
                "type": "string"
              },
              "display_name": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "identities": {
                "type": "array",
                "items": {
                  "type": "object",
                  "required": [
                    "kind",
                    "value"
                  ],
                  "properties": {
                    "kind": {
                      "type": "string",
                      "description": "Identity kind declared by a plugin, e.g. phone or email."
                    },
                    "value": {
                      "type": "string"
                    }
                  }
                }
              },
              "attributes": {
                "type": "object",
                "description": "CRM attributes: strings, numbers and booleans by key. Well-known key `tier`: the account tier (a string). See ContactAttributesPatch."
              },
              "created_at": {
                "type": "string",
                "format": "date-time",
                "description": "UTC, ISO 8601 with milliseconds, e.g. 2026-11-21T19:40:00.123Z"
              },
              "erased_at": {
                "type": ["string", "null"],
                "format": "date-time",
                "description": "When the contact's personal data was erased on request (POST /api/v1/contacts/{id}/erase); null otherwise."
              },
              "updated_at": {
                "type": "string",
                "format": "date-time",
                "description": "When the contact was last edited or merged (messages do not change it)."
              }
            }
          },
          "Event": {
            "type": "object",
            "required": [
              "id",
              "conversation_id",
              "type",
              "actor",
              "data",
              "created_at"
            ],
            "properties": {
              "id": {
                "type": "integer",
                "format": "int64"
              },
              "conversation_id": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "type": {
                "type": "string",
                "description": "e.g. conversation.created, conversation.routed, conversation.assigned, conversation.queued, conversation.unassigned, conversation.tagged, conversation.untagged, conversation.snoozed, conversation.woken, conversation.closed, conversation.reopened, conversation.archived, conversation.escalated, conversation.priority_changed, conversation.fields_changed, conversation.channel_switched, conversation.contact_changed, sla.at_risk, sla.missed, conversation.topic_detected, conversation.topic_corrected, comment.created, agent.mentioned, message.received, message.queued, message.sent, message.failed, contact.updated, contact.merged. Contact events have no conversation_id; their data names the contact_id."
              },
              "actor": {
                "type": "string",
                "description": "Who caused it: customer, system, or an API key's name."
              },
              "data": {
                "type": "object"
              },
              "agent_id": {
                "type": "string",
                "description": "Present only on events addressed to one agent (`agent.mentioned`): only that agent and admins see them."
              },
              "created_at": {
                "type": "string",
                "format": "date-time",
                "description": "UTC, ISO 8601 with milliseconds, e.g. 2026-11-21T19:40:00.123Z"
              }
            }
          },
          "OutboxEntry": {
            "type": "object",
            "required": [
              "message_id",
              "conversation_id",
              "state",
              "attempts",
              "last_error",
              "idempotency_key",
              "next_attempt_at"
            ],
            "properties": {
              "message_id": {
                "type": "integer",
                "format": "int64"
              },
              "conversation_id": {
                "type": "string"
              },
              "state": {
                "type": "string",
                "enum": [
                  "pending",
                  "sent",
                  "failed"
                ]
              },
              "attempts": {
                "type": "integer",
                "minimum": 0
              },
              "last_error": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "idempotency_key": {
                "type": "string"
              },
              "next_attempt_at": {
                "type": "string",
                "format": "date-time",
                "description": "UTC, ISO 8601 with milliseconds, e.g. 2026-11-21T19:40:00.123Z"
              }
            }
          },
          "Plugin": {
            "type": "object",
            "required": [
              "id",
              "enabled",
              "version",
              "sha256",
              "directory",
              "error"
            ],
            "description": "`name`, `capabilities`, `identity_kinds`, `config_schema`, `channel_kind` and `admin_operations` (a list of AdminOperation: what POST /api/v1/plugins/{id}/operations/{name} and /api/v1/channels/{id}/operations/{name} can run) are present when a build is loaded.",
            "properties": {
              "id": {
                "type": "string"
              },
              "enabled": {
                "type": "boolean"
              },
              "version": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "Version of the active build; null when none loaded."
              },
              "sha256": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "SHA-256 of the active build's library."
              },
              "directory": {
                "type": "string"
              },
              "error": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "Why no build is loaded."
              },
              "name": {
                "type": "string"
              },
              "capabilities": {
                "type": "object",
                "required": [
                  "content",
                  "format",
                  "max_text_length"
                ],
                "properties": {
                  "content": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "enum": [
                        "text",
                        "images",
                        "files",
                        "rich"
                      ]
                    }
                  },
                  "format": {
                    "type": "string",
                    "enum": [
                      "plain",
                      "html",
                      "markdown"
                    ]
                  },
                  "max_text_length": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "In Unicode scalars; 0 means unlimited."
                  }
                }
              },
              "identity_kinds": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              },
              "config_schema": {
                "type": "object",
                "description": "The JSON Schema a channel instance's `config` must satisfy."
              }
            }
          },
          "Binding": {
            "type": "object",
            "required": [
              "kind"
            ],
            "description": "Who handles new conversations on a channel instance.",
            "properties": {
              "kind": {
                "type": "string",
                "enum": [
                  "team",
                  "stack"
                ]
              },
              "ref": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "The Agent Stack (it must exist; 400 `binding.ref` otherwise); required when kind is stack. New conversations on the instance go to it."
              },
              "mode": {
                "type": "string",
                "enum": [
                  "answer",
                  "draft"
                ],
                "default": "answer",
                "description": "With kind stack: `answer` (the stack replies to the customer) or `draft` (its reply is kept as a draft people approve, edit or discard; the conversation goes to people marked AI draft ready). 400 `binding.mode` for another value, or draft with kind team."
              }
            }
          },
          "ChannelInstance": {
            "type": "object",
            "required": [
              "id",
              "plugin_id",
              "name",
              "enabled",
              "config",
              "binding",
              "state",
              "reason",
              "webhook_path",
              "created_at",
              "updated_at"
            ],
            "properties": {
              "id": {
                "type": "string"
              },
              "plugin_id": {
                "type": "string"
              },
              "name": {
                "type": "string"
              },
              "enabled": {
                "type": "boolean"
              },
              "config": {
                "type": "object"
              },
              "binding": {
                "$ref": "#/components/schemas/Binding"
              },
              "state": {
                "type": "string",
                "enum": [
                  "running",
                  "disabled",
                  "disconnected",
                  "plugin_disabled",
                  "failed",
                  "quarantined"
                ],
                "description": "disconnected: another instance took its exclusive asset over (reason says which); enabling it again takes the asset back only with take_over."
              },
              "reason": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "Why the instance is failed, quarantined or disconnected."
              },
              "webhook_path": {
                "type": "string",
                "description": "Where the provider sends webhooks: /hooks/<instance-id>/. Channels whose provider posts every asset to one URL (Meta) publish that shared URL as plugin_status.webhook_url."
              },
              "plugin_status": {
                "type": [
                  "object",
                  "null"
                ],
                "description": "What the running plugin published about the instance (ABI 1.1 publish_status), e.g. the email channel's domain verification and the DNS records to create; null when it published nothing or is not running. Its shape is the plugin's: see the plugin's README."
              },
              "created_at": {
                "type": "string",
                "format": "date-time",
                "description": "UTC, ISO 8601 with milliseconds, e.g. 2026-11-21T19:40:00.123Z"
              },
              "updated_at": {
                "type": "string",
                "format": "date-time",
                "description": "UTC, ISO 8601 with milliseconds, e.g. 2026-11-21T19:40:00.123Z"
              }
            }
          },
          "Credential": {
            "type": "object",
            "required": [
              "id",
              "description",
              "created_at"
            ],
            "properties": {
              "id": {
                "type": "string"
              },
              "description": {
                "type": "string"
              },
              "created_at": {
                "type": "string",
                "format": "date-time",
                "description": "UTC, ISO 8601 with milliseconds, e.g. 2026-11-21T19:40:00.123Z"
              }
            }
          },
          "APIKey": {
            "type": "object",
            "required": [
              "id",
              "name",
              "role",
              "channel_instance_ids",
              "agent_id",
              "created_at"
            ],
            "properties": {
              "id": {
                "type": "string"
              },
              "name": {
                "type": "string"
              },
              "role": {
                "type": "string",
                "enum": [
                  "admin",
                  "agent",
                  "integrator"
                ],
                "description": "admin: everything; agent: conversations; integrator: the conversations of its own channel instances."
              },
              "channel_instance_ids": {
                "type": "array",
                "items": {
                  "type": "string"
                },
                "description": "An integrator key's scope."
              },
              "data_requests": {
                "type": "boolean",
                "description": "May export and erase contacts: always for admin keys, for integrator keys when an admin granted it."
              },
              "agent_id": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "A personal token's agent: the key acts as that agent, with the agent's current role, while the agent is active."
              },
              "created_at": {
                "type": "string",
                "format": "date-time",
                "description": "UTC, ISO 8601 with milliseconds, e.g. 2026-11-21T19:40:00.123Z"
              }
            }
          },
          "APIKeyCreated": {
            "allOf": [
              {
                "$ref": "#/components/schemas/APIKey"
              },
              {
                "type": "object",
                "required": [
                  "key"
                ],
                "properties": {
                  "key": {
                    "type": "string",
                    "description": "The key to send as `Authorization: Bearer <key>`. Shown only this once."
                  }
                }
              }
            ]
          },
          "Health": {
            "type": "object",
            "required": [
              "status",
              "store",
              "uptime_seconds",
              "channels_running",
              "channels_total"
            ],
            "properties": {
              "status": {
                "type": "string",
                "enum": [
                  "ok",
                  "degraded"
                ]
              },
              "store": {
                "type": "string",
                "enum": [
                  "ok",
                  "unavailable"
                ]
              },
              "uptime_seconds": {
                "type": "integer",
                "minimum": 0
              },
              "channels_running": {
                "type": "integer",
                "minimum": 0
              },
              "channels_total": {
                "type": "integer",
                "minimum": 0
              }
            }
          },
          "ReplyRequest": {
            "type": "object",
            "description": "At least one of text (or snippet_id), rich or attachments is required.",
            "properties": {
              "text": {
                "type": "string"
              },
              "format": {
                "type": "string",
                "enum": [
                  "plain",
                  "html",
                  "markdown"
                ],
                "default": "plain"
              },
              "rich": {
                "type": [
                  "object",
                  "array",
                  "null"
                ],
                "description": "Channel-specific rich content."
              },
              "attachments": {
                "type": [
                  "array",
                  "null"
                ],
                "items": {
                  "$ref": "#/components/schemas/Attachment"
                }
              },
              "author_kind": {
                "type": "string",
                "enum": [
                  "agent",
                  "stack",
                  "system"
                ],
                "default": "agent"
              },
              "author_name": {
                "type": "string",
                "description": "Stored as the message's author_id; defaults to the API key's name."
              },
              "snippet_id": {
                "type": "string",
                "description": "Send this snippet, rendered for the conversation, as the text; `text` may not also be given. {{agent.name}} is the caller's agent, else author_name, else the API key's name."
              }
            }
          },
          "SwitchChannelRequest": {
            "type": "object",
            "description": "Exactly one of channel_instance_id and channel.",
            "properties": {
              "channel_instance_id": {
                "type": "string",
                "description": "The target channel instance; must be enabled and running."
              },
              "channel": {
                "type": "string",
                "description": "A channel kind (email, sms, whatsapp, messenger, instagram, or an installed plugin's id): its running instance. A kind with no plugin installed yet is accepted: the switch is recorded and replies wait in the outbox, visible as waiting on that channel. A kind whose plugin is disabled or has no running instance: 409 channel_unavailable."
              },
              "identity_kind": {
                "type": "string",
                "description": "The kind of identity_value; default: the target channel's first identity kind."
              },
              "identity_value": {
                "type": "string",
                "description": "The customer's address on the target (added to the contact). Omitted: the contact's known address there; 400 when there is none. Emails and phone numbers (E.164) are checked."
              },
              "notice": {
                "type": "string",
                "description": "A message sent to the customer on the target channel ahead of the replies that were waiting."
              },
              "reason": {
                "type": "string",
                "description": "Recorded on the conversation.channel_switched event (default agent)."
              }
            }
          },
          "UpgradePluginRequest": {
            "type": "object",
            "properties": {
              "path": {
                "type": "string",
                "description": "Folder holding the new build (plugin.json and library); default: the plugin's folder in the plugins directory."
              }
            }
          },
          "ChannelCreateRequest": {
            "type": "object",
            "required": [
              "id",
              "plugin_id"
            ],
            "properties": {
              "id": {
                "type": "string",
                "pattern": "^[a-z0-9_-]{1,64}$"
              },
              "plugin_id": {
                "type": "string"
              },
              "name": {
                "type": "string",
                "description": "Defaults to the id."
              },
              "config": {
                "type": "object",
                "description": "Must satisfy the plugin's config_schema.",
                "default": {}
              },
              "binding": {
                "oneOf": [
                  {
                    "$ref": "#/components/schemas/Binding"
                  },
                  {
                    "type": "null"
                  }
                ],
                "description": "Defaults to kind team."
              },
              "enabled": {
                "type": "boolean",
                "default": true
              },
              "take_over": {
                "type": "boolean",
                "default": false,
                "description": "Move an exclusive asset (a Page, an account, a number) that another instance holds to this one; that instance stops as disconnected. Without it such a conflict answers 409 naming the config field."
              },
              "setup": {
                "$ref": "#/components/schemas/ChannelSetup"
              }
            }
          },
          "ChannelUpdateRequest": {
            "type": "object",
            "description": "Only the fields given change.",
            "properties": {
              "name": {
                "type": "string"
              },
              "config": {
                "type": "object",
                "description": "Replaces the whole configuration; must satisfy the plugin's config_schema."
              },
              "binding": {
                "oneOf": [
                  {
                    "$ref": "#/components/schemas/Binding"
                  },
                  {
                    "type": "null"
                  }
                ],
                "description": "null resets to kind team."
              },
              "enabled": {
                "type": "boolean"
              },
              "take_over": {
                "type": "boolean",
                "default": false,
                "description": "As on creation: take an exclusive asset over from the instance that holds it."
              }
            }
          },
          "CredentialPutRequest": {
            "type": "object",
            "required": [
              "secret"
            ],
            "properties": {
              "secret": {
                "type": "string",
                "minLength": 1
              },
              "description": {
                "type": "string",
                "default": ""
              }
            }
          },
          "APIKeyCreateRequest": {
            "type": "object",
            "required": [
              "name",
              "role"
            ],
            "properties": {
              "name": {
                "type": "string",
                "minLength": 1
              },
              "role": {
                "type": "string",
                "enum": [
                  "admin",
                  "agent",
                  "integrator"
                ]
              },
              "channel_instance_ids": {
                "type": "array",
                "items": {
                  "type": "string"
                },
                "description": "Existing channel instances; at least one for an integrator key."
              },
              "data_requests": {
                "type": "boolean",
                "description": "Integrator keys only: may export and erase contacts (POST /api/v1/contacts/{id}/export and /erase). Default false."
              },
              "agent_id": {
                "type": "string",
                "description": "The agent the key acts for: required for role agent; optional for admin (the agent must then be an admin). 404 for an unknown agent."
              }
            }
          }
        },
        "responses": {
          "BadRequest": {
            "description": "The request is invalid: `invalid_field` (see `field`) or `invalid_json`.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                },
                "example": {
                  "error": "invalid_field",
                  "message": "limit: must be a whole number from 1 to 500",
                  "field": "limit"
                }
              }
            }
          },
          "Unauthorized": {
            "description": "No valid API key or session; send `Authorization: Bearer <key>`, or sign in (POST /api/v1/session).",
            "headers": {
              "WWW-Authenticate": {
                "description": "Always `Bearer`.",
                "schema": {
                  "type": "string",
                  "const": "Bearer"
                }
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                },
                "example": {
                  "error": "unauthorized",
                  "message": "send a valid API key as \"Authorization: Bearer <key>\", or sign in"
                }
              }
            }
          },
          "Forbidden": {
            "description": "The caller's role may not do that (`forbidden`), or a request made with the session cookie lacks the session's X-CSRF-Token (`csrf_failed`).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                },
                "example": {
                  "error": "forbidden",
                  "message": "this role may not do that"
                }
              }
            }
          },
          "NotFound": {
            "description": "No such resource, or not visible to this API key (`not_found`).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                },
                "example": {
                  "error": "not_found",
                  "message": "no conversation cnv_123"
                }
              }
            }
          },
          "Conflict": {
            "description": "The request conflicts with the current state (`conflict`, or `channel_unavailable`).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                },
                "example": {
                  "error": "conflict",
                  "message": "a channel instance sms-main already exists"
                }
              }
            }
          },
          "OperationRefused": {
            "description": "A plugin's admin operation was refused by the provider (`operation_refused`): the provider's code and words, such as Twilio's 21422 for a number that is not for sale.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                },
                "example": {
                  "error": "operation_refused",
                  "message": "Twilio 21422 (number not available to buy): +14155550199 is not available"
                }
              }
            }
          },
          "PluginFailed": {
            "description": "A plugin's admin operation failed (`plugin_failed`): the provider could not be reached or failed, or the plugin did not answer properly.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                },
                "example": {
                  "error": "plugin_failed",
                  "message": "plugin sms failed: Twilio could not be reached"
                }
              }
            }
          },
          "PayloadTooLarge": {
            "description": "The request body exceeds the server's size limit (`payload_too_large`, 1 MiB by default).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                },
                "example": {
                  "error": "payload_too_large",
                  "message": "request body exceeds the size limit"
                }
              }
            }
          },
          "UnsupportedMediaType": {
            "description": "The body was sent with a Content-Type other than application/json (`unsupported_media_type`).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                },
                "example": {
                  "error": "unsupported_media_type",
                  "message": "send the body as application/json"
                }
              }
            }
          },
          "OperationFailed": {
            "description": "The operation was attempted and failed; nothing changed (`operation_failed`).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                },
                "example": {
                  "error": "operation_failed",
                  "message": "upgrade refused: library checksum mismatch"
                }
              }
            }
          },
          "Unavailable": {
            "description": "The store could not be reached; retry later, nothing was half-written (`unavailable`).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                },
                "example": {
                  "error": "unavailable",
                  "message": "store: database is locked"
                }
              }
            }
          }
        }
      }
    }
    """##
}
