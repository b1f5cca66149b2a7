/// Agent Stacks (definitions and usage), handbook procedures and Sidekick.
/// Merged into the served document by `OpenAPIDocument`; a test checks it against the route table.
extension OpenAPIDocument {
    static let stackPaths = ##"""
    {
      "tags": [
        {
          "name": "Agent Stacks",
          "description": "AI agents bound to channels, with handover rules of their own (admin)."
        },
        {
          "name": "Procedures",
          "description": "Handbook procedures: named step lists attached to topics."
        },
        {
          "name": "Sidekick",
          "description": "AI help for the person working a conversation."
        }
      ],
      "paths": {
        "/api/v1/stacks": {
          "get": {
            "operationId": "listStacks",
            "summary": "List Agent Stacks",
            "tags": [
              "Agent Stacks"
            ],
            "description": "Every stack's definition, in the canonical form with defaults filled in (admin).",
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "stacks"
                      ],
                      "properties": {
                        "stacks": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/AgentStack"
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
          },
          "post": {
            "operationId": "createStack",
            "summary": "Create an Agent Stack",
            "tags": [
              "Agent Stacks"
            ],
            "description": "The definition is checked whole before anything is stored: unknown fields, wrong types and everything it names must exist — its `collections`, its `handover_team`, the credentials of its engine and tools — else 400 with `field` naming the culprit (`collections[1]`, `handover_team`, `engine.api_key_credential`, `tools[0].credential`). An existing id → 409 (PUT replaces).",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/AgentStackDefinition"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/AgentStack"
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
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/stacks/{id}": {
          "get": {
            "operationId": "getStack",
            "summary": "One Agent Stack",
            "tags": [
              "Agent Stacks"
            ],
            "description": "",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/AgentStack"
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
          "put": {
            "operationId": "putStack",
            "summary": "Create or replace an Agent Stack",
            "tags": [
              "Agent Stacks"
            ],
            "description": "What `switchboard stacks put <file.json>` uses. Validated like POST; an `id` in the body must match the path. 201 when created, 200 when replaced; the next turn of every conversation on the stack uses the new definition.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
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
                    "$ref": "#/components/schemas/AgentStackDefinition"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/AgentStack"
                    }
                  }
                }
              },
              "201": {
                "description": "Created",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/AgentStack"
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
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          },
          "delete": {
            "operationId": "deleteStack",
            "summary": "Delete an Agent Stack",
            "tags": [
              "Agent Stacks"
            ],
            "description": "Refused with 409 while channel instances are bound to it. Conversations it was handling hand over to people on their next turn.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "204": {
                "description": "Deleted."
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
        "/api/v1/stacks/{id}/usage": {
          "get": {
            "operationId": "getStackUsage",
            "summary": "A stack's usage per day",
            "tags": [
              "Agent Stacks"
            ],
            "description": "Turns, replies, handovers, tool calls, LLM tokens and credits per UTC day, with turn latency percentiles. Credits: 1 per turn, +1 per tool call, +1 per started 1,000 LLM tokens. `drafts`: how people decided on the stack's drafts in draft mode (written, approved unchanged, edited, discarded, pending), by the day each was written.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "from",
                "in": "query",
                "required": false,
                "description": "First UTC day, YYYY-MM-DD (inclusive).",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "to",
                "in": "query",
                "required": false,
                "description": "Last UTC day, YYYY-MM-DD (inclusive).",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/StackUsage"
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
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/procedures": {
          "get": {
            "operationId": "listProcedures",
            "summary": "List handbook procedures",
            "tags": [
              "Procedures"
            ],
            "description": "Admin and agent keys may read them; integrator keys get 403.",
            "parameters": [
              {
                "name": "topic",
                "in": "query",
                "required": false,
                "description": "Only procedures for this topic.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "procedures"
                      ],
                      "properties": {
                        "procedures": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/Procedure"
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
          },
          "post": {
            "operationId": "createProcedure",
            "summary": "Add a handbook procedure",
            "tags": [
              "Procedures"
            ],
            "description": "An existing id → 409 (PUT replaces).",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/ProcedureRequest"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Procedure"
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
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/procedures/{id}": {
          "get": {
            "operationId": "getProcedure",
            "summary": "One handbook procedure",
            "tags": [
              "Procedures"
            ],
            "description": "Admin and agent keys.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Procedure"
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
          "put": {
            "operationId": "putProcedure",
            "summary": "Create or replace a handbook procedure",
            "tags": [
              "Procedures"
            ],
            "description": "201 when created, 200 when replaced.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
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
                    "$ref": "#/components/schemas/ProcedureRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Procedure"
                    }
                  }
                }
              },
              "201": {
                "description": "Created",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Procedure"
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
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          },
          "delete": {
            "operationId": "deleteProcedure",
            "summary": "Delete a handbook procedure",
            "tags": [
              "Procedures"
            ],
            "description": "",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "204": {
                "description": "Deleted."
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
        "/api/v1/conversations/{id}/sidekick": {
          "get": {
            "operationId": "askSidekick",
            "summary": "Sidekick for a conversation",
            "tags": [
              "Sidekick"
            ],
            "description": "For the person working the conversation, the same on every channel: the best knowledge passages for the customer's latest messages (or `q`), the handbook procedure of the detected topic, and a suggested reply. It uses the conversation's Agent Stack (the one handling it, else the last one that took a turn in it, else the channel's bound stack) for topics and collections; with none, every collection. It records nothing. Admin and agent keys that may see the conversation (integrator keys get 403: it shows the team's handbook).",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "q",
                "in": "query",
                "required": false,
                "description": "A question instead of the customer's latest messages.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/SidekickAnswer"
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
        }
      },
      "schemas": {
        "StackTopic": {
          "type": "object",
          "required": [
            "name",
            "examples"
          ],
          "properties": {
            "name": {
              "type": "string"
            },
            "examples": {
              "type": "array",
              "items": {
                "type": "string"
              },
              "description": "Phrases customers use for it: the classifier is trained on them."
            },
            "off_policy": {
              "type": "boolean",
              "description": "The stack must not answer it: it hands over."
            },
            "tools": {
              "type": "array",
              "items": {
                "type": "string"
              },
              "description": "Tools the built-in engine calls for this topic."
            }
          }
        },
        "StackTool": {
          "type": "object",
          "required": [
            "name",
            "kind"
          ],
          "properties": {
            "name": {
              "type": "string",
              "description": "a-z, 0-9, '_': the function name an LLM calls."
            },
            "kind": {
              "type": "string",
              "enum": [
                "order_lookup"
              ]
            },
            "url": {
              "type": [
                "string",
                "null"
              ],
              "description": "GET with {order_id} filled in; without a URL, the order the channel attached to the conversation: a customer message's rich content of type \"order\", or the conversation's fields `order_id` and `order_<fact>` (read as `<fact>`); the message's order wins when both name the same order, unless it was pending and the fields carry the order fetched since."
            },
            "credential": {
              "type": [
                "string",
                "null"
              ],
              "description": "Credential ID sent as `Authorization: Bearer`; never copied into prompts, notes or logs."
            },
            "timeout_ms": {
              "type": "integer",
              "minimum": 100,
              "maximum": 30000,
              "default": 5000
            }
          }
        },
        "StackHandover": {
          "type": "object",
          "properties": {
            "min_confidence": {
              "type": "number",
              "minimum": 0,
              "maximum": 1,
              "default": 0.5,
              "description": "Hand over when the topic classifier's calibrated confidence is below this."
            },
            "human_tiers": {
              "type": "array",
              "items": {
                "type": "string"
              },
              "description": "Contact tiers (contact attribute `tier`, case-insensitive) served by people."
            },
            "on_customer_request": {
              "type": "boolean",
              "default": true,
              "description": "Hand over when the customer asks for a person."
            },
            "request_phrases": {
              "type": "array",
              "items": {
                "type": "string"
              },
              "description": "More phrases that mean \"a person, please\"."
            },
            "max_turns": {
              "type": [
                "integer",
                "null"
              ],
              "minimum": 1,
              "maximum": 1000,
              "description": "Replied AI turns per conversation, at most."
            },
            "message": {
              "type": "string",
              "description": "What the customer is told on handover."
            }
          }
        },
        "StackEngine": {
          "type": "object",
          "required": [
            "kind"
          ],
          "properties": {
            "kind": {
              "type": "string",
              "enum": [
                "builtin",
                "openai"
              ],
              "default": "builtin"
            },
            "base_url": {
              "type": "string",
              "description": "openai: up to the version, e.g. https://api.openai.com/v1 (the host POSTs {base_url}/chat/completions)."
            },
            "model": {
              "type": "string"
            },
            "api_key_credential": {
              "type": "string",
              "description": "openai: credential ID of the API key."
            },
            "timeout_ms": {
              "type": "integer",
              "minimum": 500,
              "maximum": 25000,
              "default": 15000,
              "description": "The whole turn's deadline; overrun → handover."
            },
            "temperature": {
              "type": "number",
              "minimum": 0,
              "maximum": 2
            },
            "max_tokens": {
              "type": "integer",
              "minimum": 1,
              "maximum": 32000
            }
          }
        },
        "AgentStackDefinition": {
          "type": "object",
          "description": "An Agent Stack. `id` comes from the path on PUT; required on POST.",
          "required": [
            "name",
            "collections"
          ],
          "properties": {
            "id": {
              "type": "string"
            },
            "name": {
              "type": "string"
            },
            "greeting": {
              "type": [
                "string",
                "null"
              ],
              "description": "Said at the start of the stack's first reply in a conversation."
            },
            "collections": {
              "type": "array",
              "items": {
                "type": "string"
              },
              "minItems": 1,
              "description": "Knowledge collections it answers from."
            },
            "topics": {
              "type": "array",
              "items": {
                "$ref": "#/components/schemas/StackTopic"
              }
            },
            "tools": {
              "type": "array",
              "items": {
                "$ref": "#/components/schemas/StackTool"
              }
            },
            "handover": {
              "$ref": "#/components/schemas/StackHandover"
            },
            "handover_team": {
              "type": [
                "string",
                "null"
              ],
              "description": "The team it hands over to; without one, routing decides (rules, the channel's team, the default team)."
            },
            "engine": {
              "$ref": "#/components/schemas/StackEngine"
            }
          },
          "additionalProperties": false
        },
        "AgentStack": {
          "type": "object",
          "required": [
            "id",
            "name",
            "greeting",
            "collections",
            "topics",
            "tools",
            "handover",
            "handover_team",
            "engine",
            "created_at",
            "updated_at"
          ],
          "properties": {
            "id": {
              "type": "string"
            },
            "name": {
              "type": "string"
            },
            "greeting": {
              "type": [
                "string",
                "null"
              ],
              "description": "Said at the start of the stack's first reply in a conversation."
            },
            "collections": {
              "type": "array",
              "items": {
                "type": "string"
              },
              "minItems": 1,
              "description": "Knowledge collections it answers from."
            },
            "topics": {
              "type": "array",
              "items": {
                "$ref": "#/components/schemas/StackTopic"
              }
            },
            "tools": {
              "type": "array",
              "items": {
                "$ref": "#/components/schemas/StackTool"
              }
            },
            "handover": {
              "$ref": "#/components/schemas/StackHandover"
            },
            "handover_team": {
              "type": [
                "string",
                "null"
              ],
              "description": "The team it hands over to; without one, routing decides (rules, the channel's team, the default team)."
            },
            "engine": {
              "$ref": "#/components/schemas/StackEngine"
            },
            "created_at": {
              "type": "string",
              "format": "date-time"
            },
            "updated_at": {
              "type": "string",
              "format": "date-time"
            },
            "actions": {
              "type": "object",
              "description": "Which of the delivering channel's actions (its plugin manifest's `actions`) the stack may take: only those in `allow` when given, never those in `forbid`. Actions a channel does not offer are never shown to the model.",
              "properties": {
                "allow": {
                  "type": [
                    "array",
                    "null"
                  ],
                  "items": {
                    "type": "string"
                  }
                },
                "forbid": {
                  "type": "array",
                  "items": {
                    "type": "string"
                  }
                }
              }
            }
          }
        },
        "StackUsageDay": {
          "type": "object",
          "required": [
            "day",
            "turns",
            "replies",
            "handovers",
            "tool_calls",
            "tokens",
            "credits",
            "latency_ms"
          ],
          "properties": {
            "day": {
              "type": "string"
            },
            "turns": {
              "type": "integer"
            },
            "replies": {
              "type": "integer"
            },
            "handovers": {
              "type": "integer"
            },
            "tool_calls": {
              "type": "integer"
            },
            "tokens": {
              "type": "integer"
            },
            "credits": {
              "type": "integer"
            },
            "latency_ms": {
              "type": "object",
              "description": "Turn duration from its start until its record was ready to commit.",
              "required": [
                "p50",
                "p99"
              ],
              "properties": {
                "p50": {
                  "type": "number"
                },
                "p99": {
                  "type": "number"
                }
              }
            }
          }
        },
        "StackUsage": {
          "type": "object",
          "required": [
            "stack_id",
            "days",
            "total"
          ],
          "properties": {
            "stack_id": {
              "type": "string"
            },
            "days": {
              "type": "array",
              "items": {
                "$ref": "#/components/schemas/StackUsageDay"
              }
            },
            "total": {
              "type": "object",
              "required": [
                "turns",
                "credits"
              ],
              "properties": {
                "turns": {
                  "type": "integer"
                },
                "credits": {
                  "type": "integer"
                }
              }
            },
            "drafts": {
              "$ref": "#/components/schemas/DraftCounts"
            }
          }
        },
        "Procedure": {
          "type": "object",
          "required": [
            "id",
            "name",
            "topics",
            "steps",
            "created_at",
            "updated_at"
          ],
          "properties": {
            "id": {
              "type": "string"
            },
            "name": {
              "type": "string"
            },
            "topics": {
              "type": "array",
              "items": {
                "type": "string"
              },
              "description": "The topics it is the procedure for."
            },
            "steps": {
              "type": "array",
              "items": {
                "type": "string"
              }
            },
            "created_at": {
              "type": "string",
              "format": "date-time"
            },
            "updated_at": {
              "type": "string",
              "format": "date-time"
            }
          }
        },
        "ProcedureRequest": {
          "type": "object",
          "required": [
            "name",
            "steps"
          ],
          "properties": {
            "id": {
              "type": "string",
              "description": "Required on POST; on PUT it comes from the path."
            },
            "name": {
              "type": "string"
            },
            "topics": {
              "type": "array",
              "items": {
                "type": "string"
              }
            },
            "steps": {
              "type": "array",
              "items": {
                "type": "string"
              },
              "minItems": 1
            }
          }
        },
        "SidekickAnswer": {
          "type": "object",
          "required": [
            "conversation_id",
            "stack_id",
            "query",
            "topic",
            "matches",
            "procedure",
            "suggested_reply"
          ],
          "properties": {
            "conversation_id": {
              "type": "string"
            },
            "stack_id": {
              "type": [
                "string",
                "null"
              ]
            },
            "query": {
              "type": "string",
              "description": "The text it searched for."
            },
            "topic": {
              "type": [
                "object",
                "null"
              ],
              "properties": {
                "name": {
                  "type": "string"
                },
                "confidence": {
                  "type": [
                    "number",
                    "null"
                  ]
                }
              }
            },
            "matches": {
              "type": "array",
              "items": {
                "$ref": "#/components/schemas/Passage"
              }
            },
            "procedure": {
              "oneOf": [
                {
                  "$ref": "#/components/schemas/Procedure"
                },
                {
                  "type": "null"
                }
              ]
            },
            "suggested_reply": {
              "type": [
                "object",
                "null"
              ],
              "properties": {
                "text": {
                  "type": "string"
                },
                "format": {
                  "type": "string",
                  "enum": [
                    "markdown"
                  ]
                },
                "article_id": {
                  "type": [
                    "string",
                    "null"
                  ]
                }
              }
            }
          }
        }
      }
    }
    """##
}
