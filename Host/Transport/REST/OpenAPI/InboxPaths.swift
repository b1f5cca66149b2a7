/// The inbox: the conversation list as the agents' web app shows it.
/// Merged into the served document by `OpenAPIDocument`; a test checks it against the route table.
extension OpenAPIDocument {
    static let inboxPaths = ##"""
    {
      "tags": [
        {
          "name": "Inbox",
          "description": "The conversation list as an agent works it (the web app at /app uses these): every conversation with its customer, channel, latest message and waiting time in one request per page, filtered and searched on the server. The same visibility as /api/v1/conversations: admins see every conversation, agents those of their teams, assigned to them or that they were mentioned in, integrator keys those on their channel instances."
        }
      ],
      "paths": {
        "/api/v1/inbox": {
          "get": {
            "operationId": "listInbox",
            "summary": "List conversations for the inbox",
            "tags": [
              "Inbox"
            ],
            "description": "Most recently updated first; page with `before` (the previous page's `next_before`). Filters combine (AND). `ids` asks for given conversations only, still filtered: a client told by the event stream that conversations changed asks for them with its current filters, and a conversation missing from the answer has left its view. Search (`q`) matches the conversation id, the customer's name or any identity value (substring), a tag (exact), or the text of any message among the newest 50,000 (substring; a bound that keeps a search's cost independent of the store's size); ASCII letters match regardless of case.",
            "parameters": [
              {
                "name": "status",
                "in": "query",
                "schema": {
                  "type": "string",
                  "enum": [
                    "active",
                    "snoozed",
                    "done",
                    "archived",
                    "all"
                  ]
                },
                "description": "Default: all."
              },
              {
                "name": "assignee",
                "in": "query",
                "schema": {
                  "type": "string"
                },
                "description": "An agent id, `me` (the signed-in person or the personal token's agent) or `none` (no agent and no Agent Stack handles it)."
              },
              {
                "name": "mentioned",
                "in": "query",
                "schema": {
                  "type": "string",
                  "enum": [
                    "me"
                  ]
                },
                "description": "Only conversations the caller (a person) was mentioned in."
              },
              {
                "name": "team_id",
                "in": "query",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "channel_instance_id",
                "in": "query",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "tag",
                "in": "query",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "topic",
                "in": "query",
                "schema": {
                  "type": "string"
                },
                "description": "Only conversations of this topic (set by triage, an Agent Stack, or an agent's correction)."
              },
              {
                "name": "engagement",
                "in": "query",
                "schema": {
                  "type": "string",
                  "enum": [
                    "pending",
                    "engaged"
                  ]
                }
              },
              {
                "name": "priority",
                "in": "query",
                "schema": {
                  "type": "string",
                  "enum": [
                    "low",
                    "normal",
                    "high",
                    "urgent"
                  ]
                }
              },
              {
                "name": "due",
                "in": "query",
                "schema": {
                  "type": "string",
                  "enum": [
                    "any",
                    "overdue",
                    "at_risk"
                  ]
                },
                "description": "Only conversations whose answer is due (`response_due_at` set), only those past it, or (`at_risk`) only those the service-level sweep announced as about to be missed or missed (`sla.state`)."
              },
              {
                "name": "sort",
                "in": "query",
                "schema": {
                  "type": "string",
                  "enum": [
                    "updated",
                    "response_due"
                  ]
                },
                "description": "`updated` (default): most recently updated first. `response_due`: the soonest due answer first, only conversations with a due time; `before` then takes this order's `next_before`."
              },
              {
                "name": "q",
                "in": "query",
                "schema": {
                  "type": "string",
                  "maxLength": 200
                },
                "description": "Search text."
              },
              {
                "name": "ids",
                "in": "query",
                "schema": {
                  "type": "string"
                },
                "description": "1 to 200 conversation ids, comma-separated: only these (no paging)."
              },
              {
                "name": "limit",
                "in": "query",
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 200,
                  "default": 50
                }
              },
              {
                "name": "before",
                "in": "query",
                "schema": {
                  "type": "string"
                },
                "description": "The `next_before` of the previous page."
              },
              {
                "name": "draft",
                "in": "query",
                "description": "`ready`: only conversations with an Agent Stack's draft waiting for review (AI draft ready). 400 for another value.",
                "schema": {
                  "type": "string",
                  "enum": [
                    "ready"
                  ]
                }
              }
            ],
            "responses": {
              "200": {
                "description": "A page of the inbox.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "items",
                        "next_before"
                      ],
                      "properties": {
                        "items": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/InboxItem"
                          }
                        },
                        "next_before": {
                          "type": [
                            "string",
                            "null"
                          ],
                          "description": "The cursor of the next page; null on the last page and with `ids`."
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
        "/api/v1/inbox/summary": {
          "get": {
            "operationId": "inboxSummary",
            "summary": "Counts, channels and tags beside the inbox",
            "tags": [
              "Inbox"
            ],
            "description": "For people (admins and agents; integrator keys get 403). Counts are of active conversations, each read on an index: assigned to the caller, handled by nobody (no agent, no Agent Stack; among those the caller may see), and those the caller was mentioned in. `channels` lists every channel instance with its plugin (for names and icons; agents may not read /api/v1/channels) and whether it carries side conversations. `tags` are the tags in use, alphabetically, at most 200.",
            "responses": {
              "200": {
                "description": "The summary.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "counts",
                        "channels",
                        "tags"
                      ],
                      "properties": {
                        "counts": {
                          "type": "object",
                          "required": [
                            "mine",
                            "unassigned",
                            "mentioned"
                          ],
                          "properties": {
                            "mine": {
                              "type": "integer"
                            },
                            "unassigned": {
                              "type": "integer"
                            },
                            "mentioned": {
                              "type": "integer"
                            }
                          }
                        },
                        "channels": {
                          "type": "array",
                          "items": {
                            "type": "object",
                            "required": [
                              "id",
                              "name",
                              "plugin_id",
                              "state",
                              "side_conversations"
                            ],
                            "properties": {
                              "id": {
                                "type": "string"
                              },
                              "name": {
                                "type": "string"
                              },
                              "plugin_id": {
                                "type": "string"
                              },
                              "state": {
                                "type": "string",
                                "description": "running, disabled, disconnected, plugin_disabled, failed or quarantined."
                              },
                              "side_conversations": {
                                "type": "boolean",
                                "description": "Running a plugin that carries side conversations."
                              }
                            }
                          }
                        },
                        "tags": {
                          "type": "array",
                          "items": {
                            "type": "string"
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
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        }
      },
      "schemas": {
        "InboxItem": {
          "description": "A conversation (every field of Conversation) with what an inbox row shows.",
          "allOf": [
            {
              "$ref": "#/components/schemas/Conversation"
            },
            {
              "type": "object",
              "required": [
                "contact",
                "channel",
                "last_message",
                "waiting_since"
              ],
              "properties": {
                "contact": {
                  "type": "object",
                  "required": [
                    "id",
                    "display_name",
                    "identity"
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
                    "identity": {
                      "description": "The contact's first identity, or null.",
                      "type": [
                        "object",
                        "null"
                      ],
                      "properties": {
                        "kind": {
                          "type": "string"
                        },
                        "value": {
                          "type": "string"
                        }
                      }
                    }
                  }
                },
                "channel": {
                  "type": "object",
                  "required": [
                    "id",
                    "name",
                    "plugin_id"
                  ],
                  "properties": {
                    "id": {
                      "type": "string"
                    },
                    "name": {
                      "type": [
                        "string",
                        "null"
                      ],
                      "description": "null when the instance was removed."
                    },
                    "plugin_id": {
                      "type": [
                        "string",
                        "null"
                      ]
                    }
                  }
                },
                "last_message": {
                  "description": "The latest message to or from the customer (internal notes are not shown), its text cut at 280 characters; null when there is none.",
                  "type": [
                    "object",
                    "null"
                  ],
                  "properties": {
                    "id": {
                      "type": "integer"
                    },
                    "direction": {
                      "type": "string",
                      "enum": [
                        "inbound",
                        "outbound"
                      ]
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
                    "created_at": {
                      "type": "string",
                      "format": "date-time"
                    }
                  }
                },
                "waiting_since": {
                  "type": [
                    "string",
                    "null"
                  ],
                  "format": "date-time",
                  "description": "While the customer waits on us (engagement pending): their first message after our latest reply."
                },
                "draft_ready": {
                  "type": "boolean",
                  "description": "An Agent Stack's draft waits for review."
                },
                "draft_id": {
                  "type": [
                    "integer",
                    "null"
                  ]
                }
              }
            }
          ]
        }
      }
    }
    """##
}
