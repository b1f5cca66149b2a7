/// Read state: each agent's unread conversations, the sidebar's counts, marking read and unread.
/// Merged into the served document by `OpenAPIDocument`; a test checks it against the route table.
extension OpenAPIDocument {
    static let readStatePaths = ##"""
    {
      "tags": [
        {
          "name": "Read state",
          "description": "Which conversations each agent has not seen, and the sidebar's counts."
        }
      ],
      "paths": {
        "/api/v1/read-state": {
          "get": {
            "operationId": "getReadState",
            "summary": "The caller's unread conversations and sidebar counts",
            "tags": [
              "Read state"
            ],
            "description": "A conversation is unread for an agent while it has a message (not their own) newer than the newest they have seen. Active conversations they may see only; at most 500 ids, newest activity first. `views`: mine (assigned to them), unassigned (waiting in their teams' queues), mentioned; `teams`: each team they are in. Sessions and personal tokens only (403 for an API key without a person). Stored: the same in every browser and after a restart.",
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ReadState"
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
        },
        "/api/v1/conversations/{id}/read": {
          "post": {
            "operationId": "markConversationRead",
            "summary": "Mark a conversation read",
            "tags": [
              "Read state"
            ],
            "description": "Up to its newest message; the web app does this when the agent opens it. A conversation the caller may not see → 404.",
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
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ConversationReadMark"
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
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              }
            }
          }
        },
        "/api/v1/conversations/{id}/unread": {
          "post": {
            "operationId": "markConversationUnread",
            "summary": "Mark a conversation unread by hand",
            "tags": [
              "Read state"
            ],
            "description": "It stays unread until opened again. A conversation the caller may not see → 404.",
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
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ConversationReadMark"
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
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              }
            }
          }
        }
      },
      "schemas": {
        "ReadState": {
          "type": "object",
          "required": [
            "unread_conversation_ids",
            "views",
            "teams"
          ],
          "properties": {
            "unread_conversation_ids": {
              "type": "array",
              "maxItems": 500,
              "items": {
                "type": "string"
              }
            },
            "views": {
              "type": "object",
              "required": [
                "mine",
                "unassigned",
                "mentioned"
              ],
              "properties": {
                "mine": {
                  "type": "integer",
                  "minimum": 0
                },
                "unassigned": {
                  "type": "integer",
                  "minimum": 0
                },
                "mentioned": {
                  "type": "integer",
                  "minimum": 0
                }
              }
            },
            "teams": {
              "type": "array",
              "items": {
                "type": "object",
                "required": [
                  "team_id",
                  "name",
                  "unread"
                ],
                "properties": {
                  "team_id": {
                    "type": "string"
                  },
                  "name": {
                    "type": "string"
                  },
                  "unread": {
                    "type": "integer",
                    "minimum": 0
                  }
                }
              }
            }
          }
        },
        "ConversationReadMark": {
          "type": "object",
          "required": [
            "conversation_id",
            "unread"
          ],
          "properties": {
            "conversation_id": {
              "type": "string"
            },
            "unread": {
              "type": "boolean"
            }
          }
        }
      }
    }
    """##
}
