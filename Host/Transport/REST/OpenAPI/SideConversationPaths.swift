/// Side conversations: private threads attached to a customer conversation.
/// Merged into the served document by `OpenAPIDocument`; a test checks it against the route table.
extension OpenAPIDocument {
    static let sideConversationPaths = ##"""
    {
      "tags": [
        {
          "name": "Side conversations",
          "description": "Private threads attached to a customer conversation, with people outside it (a vendor, another team), carried by a channel instance whose plugin can (the email channel). Each has its own participants and messages; the customer never sees them unless copied (`cc_customer`); they never change the customer conversation's engagement, status or messages. Neither an internal comment (for the team only, never sent) nor a reply (to the customer). Visible to whoever may see the customer conversation; for the team only: integrator keys get 403, and their feeds and webhooks never carry `side_conversation.*` events."
        }
      ],
      "paths": {
        "/api/v1/conversations/{id}/side-conversations": {
          "get": {
            "operationId": "listSideConversations",
            "summary": "List a conversation's side conversations",
            "tags": [
              "Side conversations"
            ],
            "description": "Oldest first, without their messages (open one for those).",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string"
                },
                "description": "Conversation id."
              }
            ],
            "responses": {
              "200": {
                "description": "The side conversations.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "side_conversations"
                      ],
                      "properties": {
                        "side_conversations": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/SideConversation"
                          }
                        }
                      }
                    }
                  }
                }
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
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          },
          "post": {
            "operationId": "startSideConversation",
            "summary": "Start a side conversation",
            "tags": [
              "Side conversations"
            ],
            "description": "Creates the side conversation and queues its first message for the carrying channel, which sends it with a reply address of its own: answers land in this side conversation, not in the customer conversation. The carrying instance is `channel_instance_id`, else the conversation's own channel when its plugin carries side conversations (400 otherwise; 409 `channel_unavailable` when the named instance is not running such a plugin). Events `side_conversation.started` and `side_conversation.message` on the customer conversation.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string"
                },
                "description": "Conversation id."
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "type": "object",
                    "required": [
                      "subject"
                    ],
                    "properties": {
                      "subject": {
                        "type": "string",
                        "description": "1 to 500 characters, one line."
                      },
                      "to": {
                        "type": "array",
                        "items": {
                          "type": "object",
                          "required": [
                            "address"
                          ],
                          "properties": {
                            "address": {
                              "type": "string",
                              "description": "What the carrying channel sends to: an email address for email; slack:user:<id> or slack:channel:<id> for Slack."
                            },
                            "name": {
                              "type": "string"
                            }
                          }
                        },
                        "description": "At least one recipient (or a `slack` target instead)."
                      },
                      "slack": {
                        "type": "object",
                        "description": "For a Slack channel instance, instead of to/cc: `{\"users\": [\"U123\", \"bo@acme.example\", …]}` (a DM, or a group DM of up to 8 people; an email is looked up in Slack when the message goes) or `{\"channel\": \"C123\"}` (a public channel, or a private one with the app invited). Each id may be `{\"id\", \"name\"}`. Stored as participants with addresses `slack:user:<id>`, `slack:email:<address>` or `slack:channel:<id>`.",
                        "properties": {
                          "users": {
                            "type": "array",
                            "maxItems": 8,
                            "items": {"oneOf": [{"type": "string"}, {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}]}
                          },
                          "channel": {
                            "oneOf": [{"type": "string"}, {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}]
                          }
                        }
                      },
                      "cc": {
                        "type": "array",
                        "items": {
                          "type": "object",
                          "required": [
                            "address"
                          ],
                          "properties": {
                            "address": {
                              "type": "string",
                              "description": "What the carrying channel sends to: an email address for email."
                            },
                            "name": {
                              "type": "string"
                            }
                          }
                        }
                      },
                      "cc_customer": {
                        "type": "boolean",
                        "default": false,
                        "description": "Copy the customer (their address on the carrying channel's identity kinds, e.g. email); off by default. 400 when the customer has no such address."
                      },
                      "channel_instance_id": {
                        "type": "string",
                        "description": "The instance that carries it; default: the conversation's own channel."
                      },
                      "text": {
                        "type": "string",
                        "description": "Required unless attachments are given; at most 100000 bytes."
                      },
                      "format": {
                        "type": "string",
                        "enum": [
                          "plain",
                          "markdown",
                          "html"
                        ],
                        "default": "plain",
                        "description": "Fitted to the carrying channel as replies are (email renders Markdown as HTML)."
                      },
                      "attachments": {
                        "type": "array",
                        "items": {
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
                              "type": "string"
                            },
                            "content_type": {
                              "type": "string"
                            },
                            "size": {
                              "type": "integer"
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "The side conversation with its first (queued) message.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/SideConversation"
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
              "415": {
                "$ref": "#/components/responses/UnsupportedMediaType"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/side-conversations/{id}": {
          "get": {
            "operationId": "getSideConversation",
            "summary": "Open a side conversation",
            "tags": [
              "Side conversations"
            ],
            "description": "The side conversation with every message, both ways, oldest first. 404 when the caller may not see its customer conversation.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string"
                },
                "description": "Side conversation id."
              }
            ],
            "responses": {
              "200": {
                "description": "The side conversation and its messages.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/SideConversation"
                    }
                  }
                }
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
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/channels/{id}/side-directory": {
          "get": {
            "operationId": "getSideDirectory",
            "summary": "Who a side-conversation channel can reach",
            "tags": [
              "Side conversations"
            ],
            "description": "For the picker when starting a side conversation: the people and channels the carrying instance's plugin published (`plugin_status.side_directory`; Slack: the workspace's users and channels, read with users.list and conversations.list and refreshed on the plugin's status check). `available` false for a channel that publishes none (email: addresses are typed). 404 for an instance that is not running or carries no side conversations.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string"
                },
                "description": "Channel instance id."
              }
            ],
            "responses": {
              "200": {
                "description": "The directory.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "properties": {
                        "channel_instance_id": {"type": "string"},
                        "available": {"type": "boolean"},
                        "users": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "real_name": {"type": ["string", "null"]}, "email": {"type": ["string", "null"]}}}},
                        "channels": {"type": "array", "items": {"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}, "private": {"type": "boolean"}, "member": {"type": "boolean", "description": "Whether the app is in it (it must be, to post)."}}}},
                        "refreshed_at": {"type": ["string", "null"], "format": "date-time"},
                        "truncated": {"type": "boolean"},
                        "message_link_template": {"type": ["string", "null"], "description": "A side message's place in the provider: replace {provider_message_id} with the message's (Slack: its permalink, \"Open in Slack\")."}
                      }
                    }
                  }
                }
              },
              "404": {
                "description": "No running instance that carries side conversations."
              }
            }
          }
        },
        "/api/v1/channels/{id}/side-directory/refresh": {
          "post": {
            "operationId": "refreshSideDirectory",
            "summary": "Ask a side-conversation channel to read its directory again now",
            "tags": [
              "Side conversations"
            ],
            "description": "Someone joined the workspace, or a channel was made, since the plugin last read its directory: the plugin reads it again at once (off this request, within the provider's rate limits; Slack: at most once in 30 s). GET side-directory shows the new one when refreshed_at moves.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string"
                },
                "description": "Channel instance id."
              }
            ],
            "responses": {
              "202": {
                "description": "Asked.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "properties": {
                        "channel_instance_id": {"type": "string"},
                        "requested": {"type": "boolean", "description": "False when the plugin takes no such request."}
                      }
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "404": {
                "description": "No running instance that carries side conversations."
              }
            }
          }
        },
        "/api/v1/side-conversations/{id}/messages": {
          "post": {
            "operationId": "replyInSideConversation",
            "summary": "Write in a side conversation",
            "tags": [
              "Side conversations"
            ],
            "description": "Queues a message to the side conversation's participants through its carrying channel. 409 when the customer conversation is archived (read-only). Event `side_conversation.message`; a message the channel finally cannot deliver gets `delivery_status` `failed` and event `side_conversation.message_failed`.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string"
                },
                "description": "Side conversation id."
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "type": "object",
                    "properties": {
                      "text": {
                        "type": "string",
                        "description": "Required unless attachments are given; at most 100000 bytes."
                      },
                      "format": {
                        "type": "string",
                        "enum": [
                          "plain",
                          "markdown",
                          "html"
                        ],
                        "default": "plain",
                        "description": "Fitted to the carrying channel as replies are (email renders Markdown as HTML)."
                      },
                      "attachments": {
                        "type": "array",
                        "items": {
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
                              "type": "string"
                            },
                            "content_type": {
                              "type": "string"
                            },
                            "size": {
                              "type": "integer"
                            }
                          }
                        }
                      }
                    }
                  }
                }
              }
            },
            "responses": {
              "202": {
                "description": "The queued message.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/SideMessage"
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
              "415": {
                "$ref": "#/components/responses/UnsupportedMediaType"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        }
      },
      "schemas": {
        "SideParticipant": {
          "type": "object",
          "required": [
            "address",
            "name",
            "role",
            "customer"
          ],
          "properties": {
            "address": {
              "type": "string"
            },
            "name": {
              "type": [
                "string",
                "null"
              ]
            },
            "role": {
              "type": "string",
              "enum": [
                "to",
                "cc"
              ]
            },
            "customer": {
              "type": "boolean",
              "description": "The customer, copied with cc_customer."
            }
          }
        },
        "SideConversation": {
          "type": "object",
          "required": [
            "id",
            "conversation_id",
            "channel_instance_id",
            "subject",
            "participants",
            "created_by",
            "created_at",
            "updated_at",
            "last_message_at"
          ],
          "properties": {
            "id": {
              "type": "string"
            },
            "conversation_id": {
              "type": "string",
              "description": "The customer conversation it belongs to."
            },
            "channel_instance_id": {
              "type": "string",
              "description": "The instance that carries it."
            },
            "subject": {
              "type": "string"
            },
            "participants": {
              "type": "array",
              "items": {
                "$ref": "#/components/schemas/SideParticipant"
              }
            },
            "created_by": {
              "type": "string",
              "description": "The actor who started it (agent:<id>, key:<id>)."
            },
            "created_at": {
              "type": "string",
              "format": "date-time"
            },
            "updated_at": {
              "type": "string",
              "format": "date-time"
            },
            "last_message_at": {
              "type": [
                "string",
                "null"
              ],
              "format": "date-time"
            },
            "messages": {
              "type": "array",
              "items": {
                "$ref": "#/components/schemas/SideMessage"
              },
              "description": "When opened (and the first message when started)."
            }
          }
        },
        "SideMessage": {
          "type": "object",
          "required": [
            "id",
            "side_conversation_id",
            "direction",
            "author_kind",
            "author_id",
            "author_name",
            "channel_instance_id",
            "text",
            "format",
            "attachments",
            "provider_message_id",
            "delivery_status",
            "delivery_detail",
            "created_at"
          ],
          "properties": {
            "id": {
              "type": "integer"
            },
            "side_conversation_id": {
              "type": "string"
            },
            "direction": {
              "type": "string",
              "enum": [
                "outbound",
                "inbound"
              ],
              "description": "outbound: the team wrote it; inbound: a participant answered."
            },
            "author_kind": {
              "type": "string",
              "enum": [
                "agent",
                "participant"
              ]
            },
            "author_id": {
              "type": [
                "string",
                "null"
              ],
              "description": "The actor, or the participant's address."
            },
            "author_name": {
              "type": [
                "string",
                "null"
              ]
            },
            "channel_instance_id": {
              "type": "string"
            },
            "text": {
              "type": "string"
            },
            "format": {
              "type": "string",
              "enum": [
                "plain",
                "markdown",
                "html"
              ]
            },
            "attachments": {
              "type": [
                "array",
                "null"
              ]
            },
            "provider_message_id": {
              "type": [
                "string",
                "null"
              ]
            },
            "delivery_status": {
              "type": "string",
              "enum": [
                "queued",
                "sent",
                "delivered",
                "failed",
                "received"
              ]
            },
            "delivery_detail": {
              "type": [
                "string",
                "null"
              ]
            },
            "created_at": {
              "type": "string",
              "format": "date-time"
            },
            "edited_at": {
              "type": [
                "string",
                "null"
              ],
              "format": "date-time",
              "description": "When a participant edited their reply where they wrote it (Slack)."
            },
            "deleted_at": {
              "type": [
                "string",
                "null"
              ],
              "format": "date-time",
              "description": "When a participant deleted their reply there: its text and files are gone here too."
            }
          }
        }
      }
    }
    """##
}
