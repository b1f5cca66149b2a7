/// Snippets (canned responses): CRUD and previews. Replies use them through `snippet_id`.
/// Merged into the served document by `OpenAPIDocument`; a test checks it against the route table.
extension OpenAPIDocument {
    static let snippetPaths = ##"""
    {
      "paths": {
        "/api/v1/snippets": {
          "get": {
            "operationId": "listSnippets",
            "summary": "List snippets by name",
            "tags": [
              "Snippets"
            ],
            "description": "Any key.",
            "parameters": [
              {
                "name": "q",
                "in": "query",
                "required": false,
                "description": "Only snippets whose name starts with this (ASCII case ignored).",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "Snippets.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "snippets"
                      ],
                      "properties": {
                        "snippets": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/Snippet"
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
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          },
          "post": {
            "operationId": "createSnippet",
            "summary": "Create a snippet",
            "tags": [
              "Snippets"
            ],
            "description": "Admin keys only. 409 when another snippet has the name (ignoring ASCII case).",
            "parameters": [],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/SnippetCreateRequest"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "The new snippet.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Snippet"
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
        "/api/v1/snippets/{id}": {
          "get": {
            "operationId": "getSnippet",
            "summary": "Get a snippet",
            "tags": [
              "Snippets"
            ],
            "description": "Any key.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Snippet id.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The snippet.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Snippet"
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
          },
          "patch": {
            "operationId": "updateSnippet",
            "summary": "Edit a snippet",
            "tags": [
              "Snippets"
            ],
            "description": "Admin keys only. Only the fields given change.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Snippet id.",
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
                    "$ref": "#/components/schemas/SnippetUpdateRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The snippet after the change.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Snippet"
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
          },
          "delete": {
            "operationId": "deleteSnippet",
            "summary": "Delete a snippet",
            "tags": [
              "Snippets"
            ],
            "description": "Admin keys only. Replies already sent with it keep their text.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Snippet id.",
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
        "/api/v1/snippets/{id}/render": {
          "post": {
            "operationId": "renderSnippet",
            "summary": "Preview a snippet for a conversation",
            "tags": [
              "Snippets"
            ],
            "description": "Any key that may see the conversation (404 otherwise). The text a reply with `snippet_id` would carry now, with the caller as the agent.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Snippet id.",
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
                    "$ref": "#/components/schemas/SnippetRenderRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The rendered text.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/SnippetRendering"
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
      },
      "schemas": {
        "Snippet": {
          "type": "object",
          "required": [
            "id",
            "name",
            "body",
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
            "body": {
              "type": "string",
              "description": "The text, with placeholders: {{contact.name}}, {{contact.attributes.<key>}}, {{agent.name}} (the replying agent; for an API key without an agent, the reply's author_name or the key's name), {{conversation.id}}, {{conversation.fields.<key>}}, {{conversation.priority}}. A fallback follows a bar: {{contact.name | there}}. A placeholder without a value renders its fallback, or nothing. Any other placeholder, or a {{ never closed, is refused with 400 naming `body` and the placeholder."
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
        "SnippetCreateRequest": {
          "type": "object",
          "required": [
            "name",
            "body"
          ],
          "properties": {
            "name": {
              "type": "string",
              "minLength": 1,
              "maxLength": 100,
              "description": "Unique, ignoring ASCII case; no leading or trailing spaces."
            },
            "body": {
              "type": "string",
              "minLength": 1,
              "maxLength": 10000,
              "description": "The text, with placeholders: {{contact.name}}, {{contact.attributes.<key>}}, {{agent.name}} (the replying agent; for an API key without an agent, the reply's author_name or the key's name), {{conversation.id}}, {{conversation.fields.<key>}}, {{conversation.priority}}. A fallback follows a bar: {{contact.name | there}}. A placeholder without a value renders its fallback, or nothing. Any other placeholder, or a {{ never closed, is refused with 400 naming `body` and the placeholder."
            }
          }
        },
        "SnippetUpdateRequest": {
          "type": "object",
          "properties": {
            "name": {
              "type": "string",
              "minLength": 1,
              "maxLength": 100
            },
            "body": {
              "type": "string",
              "minLength": 1,
              "maxLength": 10000
            }
          }
        },
        "SnippetRenderRequest": {
          "type": "object",
          "required": [
            "conversation_id"
          ],
          "properties": {
            "conversation_id": {
              "type": "string"
            }
          }
        },
        "SnippetRendering": {
          "type": "object",
          "required": [
            "snippet_id",
            "conversation_id",
            "text",
            "missing"
          ],
          "properties": {
            "snippet_id": {
              "type": "string"
            },
            "conversation_id": {
              "type": "string"
            },
            "text": {
              "type": "string"
            },
            "missing": {
              "type": "array",
              "items": {
                "type": "string"
              },
              "description": "Placeholders that had no value (rendered as their fallback, or empty), e.g. contact.attributes.tier."
            }
          }
        }
      }
    }
    """##
}
