/// Drafts: replies written for people to review (Agent Stacks in draft mode, or an integrator's own).
/// Merged into the served document by `OpenAPIDocument`; a test checks it against the route table.
extension OpenAPIDocument {
    static let draftPaths = ##"""
    {
      "tags": [
        {
          "name": "Drafts",
          "description": "Replies written for people to review: an Agent Stack's, on a channel instance bound to it in draft mode (`binding.mode`: `draft`), or an integrator's own. The conversation's detail carries the pending one as `draft`; a reply sent from a draft carries `ai_draft` ({draft_id, stack_id, approved_by, edited}). Events (and so webhooks): `draft.created`, `draft.approved`, `draft.discarded`."
        }
      ],
      "paths": {
        "/api/v1/conversations/{id}/drafts": {
          "get": {
            "operationId": "listDrafts",
            "summary": "A conversation's drafts",
            "tags": [
              "Drafts"
            ],
            "description": "Every draft of the conversation, oldest first, with its state: pending, approved, edited, discarded or superseded (a newer draft replaced it).",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string"
                },
                "description": "The conversation."
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
                        "drafts"
                      ],
                      "properties": {
                        "drafts": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/Draft"
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
            "operationId": "createDraft",
            "summary": "Write a draft for people to review",
            "tags": [
              "Drafts"
            ],
            "description": "An integrator's own draft (from its own review flow or model): it becomes the conversation's pending draft (a pending one is superseded). Nothing reaches the customer until a person approves it.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string"
                },
                "description": "The conversation."
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
                        "minLength": 1
                      },
                      "format": {
                        "type": "string",
                        "enum": [
                          "plain",
                          "html",
                          "markdown"
                        ],
                        "default": "plain"
                      }
                    }
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "Created",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Draft"
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
        "/api/v1/conversations/{id}/drafts/{draft}/approve": {
          "post": {
            "operationId": "approveDraft",
            "summary": "Send a draft to the customer",
            "tags": [
              "Drafts"
            ],
            "description": "Sends the pending draft as the caller's reply: as written (state `approved`), or with `text` (and `format`) changed (state `edited`). The message records that it was AI-drafted and who approved it. If the customer wrote after the draft was written, the answer is 409 `stale_draft` naming the message, unless `confirm` is true. 409 `conflict` when the draft was decided already.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string"
                },
                "description": "The conversation."
              },
              {
                "name": "draft",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "integer"
                },
                "description": "The draft's id."
              }
            ],
            "requestBody": {
              "required": false,
              "content": {
                "application/json": {
                  "schema": {
                    "type": "object",
                    "properties": {
                      "text": {
                        "type": "string",
                        "minLength": 1,
                        "description": "The edited reply; absent: as written."
                      },
                      "format": {
                        "type": "string",
                        "enum": [
                          "plain",
                          "html",
                          "markdown"
                        ]
                      },
                      "confirm": {
                        "type": "boolean",
                        "default": false,
                        "description": "Send even though the customer wrote after the draft."
                      }
                    }
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
                      "type": "object",
                      "required": [
                        "draft",
                        "message"
                      ],
                      "properties": {
                        "draft": {
                          "$ref": "#/components/schemas/Draft"
                        },
                        "message": {
                          "$ref": "#/components/schemas/Message"
                        }
                      }
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "409": {
                "$ref": "#/components/responses/Conflict"
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
        "/api/v1/conversations/{id}/drafts/{draft}/discard": {
          "post": {
            "operationId": "discardDraft",
            "summary": "Discard a draft",
            "tags": [
              "Drafts"
            ],
            "description": "Nothing is sent; the draft is kept as `discarded` (the stack's usage counts it). 409 when it was decided already.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string"
                },
                "description": "The conversation."
              },
              {
                "name": "draft",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "integer"
                },
                "description": "The draft's id."
              }
            ],
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Draft"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "409": {
                "$ref": "#/components/responses/Conflict"
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
        "Draft": {
          "type": "object",
          "required": [
            "id",
            "conversation_id",
            "stack_id",
            "author",
            "text",
            "format",
            "state",
            "created_at"
          ],
          "properties": {
            "id": {
              "type": "integer"
            },
            "conversation_id": {
              "type": "string"
            },
            "stack_id": {
              "type": [
                "string",
                "null"
              ],
              "description": "null: written through REST."
            },
            "author": {
              "type": "string",
              "description": "stack:<id>, or the actor that created it."
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
            "confidence": {
              "type": [
                "number",
                "null"
              ]
            },
            "topic": {
              "type": [
                "string",
                "null"
              ]
            },
            "passages": {
              "type": "array",
              "items": {
                "type": "object"
              },
              "description": "What the stack's knowledge retrieval found."
            },
            "tools": {
              "type": "array",
              "items": {
                "type": "object"
              },
              "description": "The tools it called."
            },
            "based_on_message_id": {
              "type": [
                "integer",
                "null"
              ],
              "description": "The newest customer message when it was written."
            },
            "state": {
              "type": "string",
              "enum": [
                "pending",
                "approved",
                "edited",
                "discarded",
                "superseded"
              ]
            },
            "decided_by": {
              "type": [
                "string",
                "null"
              ]
            },
            "decided_at": {
              "type": [
                "string",
                "null"
              ]
            },
            "sent_message_id": {
              "type": [
                "integer",
                "null"
              ]
            },
            "created_at": {
              "type": "string"
            }
          }
        },
        "DraftCounts": {
          "type": "object",
          "required": [
            "written",
            "approved_unchanged",
            "edited",
            "discarded",
            "pending"
          ],
          "properties": {
            "written": {
              "type": "integer"
            },
            "approved_unchanged": {
              "type": "integer"
            },
            "edited": {
              "type": "integer"
            },
            "discarded": {
              "type": "integer"
            },
            "pending": {
              "type": "integer"
            }
          }
        }
      }
    }
    """##
}
