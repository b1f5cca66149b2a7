/// Conversation actions (the same on every channel) and internal comments.
/// Merged into the served document by `OpenAPIDocument`; a test checks it against the route table.
extension OpenAPIDocument {
    static let conversationActionPaths = ##"""
    {
      "tags": [
        {
          "name": "Conversation actions",
          "description": "Assign, tag, snooze, close, reopen, archive, escalate, set priority and fields, comment. Each accepted change is an event with its actor and time."
        }
      ],
      "paths": {
        "/api/v1/conversations/{id}/assign": {
          "post": {
            "operationId": "assignConversation",
            "summary": "Assign to an agent, a team or an Agent Stack",
            "tags": [
              "Conversation actions"
            ],
            "description": "Give exactly one of `agent_id` (manual assignment, regardless of capacity; ends an Agent Stack's part), `team_id` (the team's strategy picks an available agent under capacity, else the conversation waits in the team's queue and is assigned as soon as capacity frees) or `agent_stack` (the stack answers the customer's next message). Unknown agent, team or Agent Stack → 404. Event `conversation.assigned` (or `conversation.queued`).",
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
                    "properties": {
                      "agent_id": {
                        "type": "string"
                      },
                      "team_id": {
                        "type": "string"
                      },
                      "agent_stack": {
                        "type": "string"
                      }
                    }
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The conversation after the action; `changed` is false when it was already in that state (no event recorded).",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ConversationChange"
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
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/conversations/{id}/unassign": {
          "post": {
            "operationId": "unassignConversation",
            "summary": "Remove the assignee",
            "tags": [
              "Conversation actions"
            ],
            "description": "Removes the human assignee and any Agent Stack; a conversation with a team goes back to that team's queue. Event `conversation.unassigned`.",
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
                "description": "The conversation after the action; `changed` is false when it was already in that state (no event recorded).",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ConversationChange"
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
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/conversations/{id}/tags": {
          "post": {
            "operationId": "tagConversation",
            "summary": "Add tags",
            "tags": [
              "Conversation actions"
            ],
            "description": "Tags are lowercased and trimmed; 1-64 characters, no spaces or commas. Adding a tag already there changes nothing. Event `conversation.tagged`.",
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
                      "tags"
                    ],
                    "properties": {
                      "tags": {
                        "type": "array",
                        "items": {
                          "type": "string"
                        },
                        "minItems": 1,
                        "maxItems": 50
                      }
                    }
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The conversation after the action; `changed` is false when it was already in that state (no event recorded).",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ConversationChange"
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
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/conversations/{id}/tags/{tag}": {
          "delete": {
            "operationId": "untagConversation",
            "summary": "Remove a tag",
            "tags": [
              "Conversation actions"
            ],
            "description": "Event `conversation.untagged`; removing a tag that is not there changes nothing.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string"
                },
                "description": "Conversation id."
              },
              {
                "name": "tag",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The conversation after the action; `changed` is false when it was already in that state (no event recorded).",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ConversationChange"
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
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/conversations/{id}/snooze": {
          "post": {
            "operationId": "snoozeConversation",
            "summary": "Snooze until a time or until the customer writes",
            "tags": [
              "Conversation actions"
            ],
            "description": "Whichever comes first wakes it: the time (event `conversation.woken`) or a customer message (event `conversation.reopened`). Allowed on active and snoozed conversations; a done one must be reopened first and an archived one is read-only (409). Give `until` (ISO 8601, in the future) or `seconds`.",
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
                    "properties": {
                      "until": {
                        "type": "string",
                        "format": "date-time"
                      },
                      "seconds": {
                        "type": "number",
                        "minimum": 1
                      }
                    }
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The conversation after the action; `changed` is false when it was already in that state (no event recorded).",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ConversationChange"
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
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/conversations/{id}/close": {
          "post": {
            "operationId": "closeConversation",
            "summary": "Mark done",
            "tags": [
              "Conversation actions"
            ],
            "description": "active or snoozed → done. A customer message reopens a done conversation. Event `conversation.closed`.",
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
                "description": "The conversation after the action; `changed` is false when it was already in that state (no event recorded).",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ConversationChange"
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
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/conversations/{id}/reopen": {
          "post": {
            "operationId": "reopenConversation",
            "summary": "Reopen",
            "tags": [
              "Conversation actions"
            ],
            "description": "done or snoozed → active. Event `conversation.reopened`.",
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
                "description": "The conversation after the action; `changed` is false when it was already in that state (no event recorded).",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ConversationChange"
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
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/conversations/{id}/archive": {
          "post": {
            "operationId": "archiveConversation",
            "summary": "Archive",
            "tags": [
              "Conversation actions"
            ],
            "description": "Any status → archived. Archived is final and read-only: every other action answers 409, and a new customer message on the same channel starts a new conversation. Event `conversation.archived`.",
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
                "description": "The conversation after the action; `changed` is false when it was already in that state (no event recorded).",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ConversationChange"
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
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/conversations/{id}/escalate": {
          "post": {
            "operationId": "escalateConversation",
            "summary": "Escalate",
            "tags": [
              "Conversation actions"
            ],
            "description": "Raises the priority one step (low → normal → high → urgent) and hands the conversation to the escalation team (its strategy assigns it or it waits in that team's queue); a snoozed or done conversation becomes active. 409 when no team is marked as the escalation team. Event `conversation.escalated`.",
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
              "required": false,
              "content": {
                "application/json": {
                  "schema": {
                    "type": "object",
                    "properties": {
                      "reason": {
                        "type": "string",
                        "maxLength": 2000
                      }
                    }
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The conversation after the action; `changed` is false when it was already in that state (no event recorded).",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ConversationChange"
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
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/conversations/{id}/priority": {
          "post": {
            "operationId": "setConversationPriority",
            "summary": "Set the priority",
            "tags": [
              "Conversation actions"
            ],
            "description": "Event `conversation.priority_changed`.",
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
                      "priority"
                    ],
                    "properties": {
                      "priority": {
                        "type": "string",
                        "enum": [
                          "low",
                          "normal",
                          "high",
                          "urgent"
                        ]
                      }
                    }
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The conversation after the action; `changed` is false when it was already in that state (no event recorded).",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ConversationChange"
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
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/conversations/{id}/fields": {
          "patch": {
            "operationId": "setConversationFields",
            "summary": "Set custom fields",
            "tags": [
              "Conversation actions"
            ],
            "description": "Merges `fields` into the conversation's custom fields; a null value removes a field. Names: 1-64 letters, digits, `_`, `-`, `.`; values: strings (≤ 2000 bytes), numbers, booleans; at most 100 fields. Event `conversation.fields_changed`.",
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
                      "fields"
                    ],
                    "properties": {
                      "fields": {
                        "type": "object",
                        "additionalProperties": {
                          "type": [
                            "string",
                            "number",
                            "boolean",
                            "null"
                          ]
                        }
                      }
                    }
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The conversation after the action; `changed` is false when it was already in that state (no event recorded).",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ConversationChange"
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
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/conversations/{id}/comments": {
          "post": {
            "operationId": "commentOnConversation",
            "summary": "Add an internal comment",
            "tags": [
              "Conversation actions"
            ],
            "description": "An internal comment: stored with the conversation's messages (direction `internal`), never delivered to the customer, never changes engagement. Every agent mentioned, by `@handle` in the text or by id in `mentions` (unknown id → 404), gets an `agent.mentioned` event addressed to them alone. Event `comment.created`.",
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
                      "text"
                    ],
                    "properties": {
                      "text": {
                        "type": "string",
                        "maxLength": 20000
                      },
                      "mentions": {
                        "type": "array",
                        "items": {
                          "type": "string"
                        },
                        "description": "Agent ids to notify, besides the @handles in the text."
                      }
                    }
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "Created.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Comment"
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
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        }
      },
      "schemas": {
        "ConversationChange": {
          "allOf": [
            {
              "$ref": "#/components/schemas/Conversation"
            },
            {
              "type": "object",
              "required": [
                "changed"
              ],
              "properties": {
                "changed": {
                  "type": "boolean",
                  "description": "False when the conversation already was in the requested state."
                }
              }
            }
          ]
        },
        "Comment": {
          "allOf": [
            {
              "$ref": "#/components/schemas/Message"
            },
            {
              "type": "object",
              "required": [
                "mentions"
              ],
              "properties": {
                "mentions": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  },
                  "description": "Agents notified."
                }
              }
            }
          ]
        }
      }
    }
    """##
}
