/// Triage: the host's topics, the classifier's threshold, and agents' corrections.
/// Merged into the served document by `OpenAPIDocument`; a test checks it against the route table.
extension OpenAPIDocument {
    static let triagePaths = ##"""
    {
      "tags": [
        {
          "name": "Triage",
          "description": "Topics every conversation people handle is classified into (defined once for the host), and corrections by agents."
        }
      ],
      "paths": {
        "/api/v1/triage": {
          "get": {
            "operationId": "getTriageSettings",
            "summary": "The triage topics and threshold",
            "tags": [
              "Triage"
            ],
            "description": "Every customer message of a conversation no Agent Stack handles is classified by the built-in topic classifier, trained on these example phrases; at or above `threshold` the conversation takes the topic (event `conversation.topic_detected`), unless a person set one. Routing rules (`conditions.topics`), skills (an agent skill named like the topic) and the inbox filter (`topic`) use it. With no topics, nothing is classified.",
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/TriageSettings"
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
          "put": {
            "operationId": "putTriageSettings",
            "summary": "Replace the triage topics and threshold (admin)",
            "tags": [
              "Triage"
            ],
            "description": "Conversations keep the topics they have; the next messages are classified with the new topics.",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/TriageSettingsRequest"
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
                      "$ref": "#/components/schemas/TriageSettings"
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
          }
        },
        "/api/v1/conversations/{id}/topic": {
          "post": {
            "operationId": "correctConversationTopic",
            "summary": "Correct a conversation's topic",
            "tags": [
              "Triage"
            ],
            "description": "Sets the topic (triage no longer changes it; `topic_confidence` becomes null) and adds the customer's latest message as an example phrase of that topic, so the classifier learns from the correction (event `conversation.topic_corrected`, naming the phrase added). A topic that is not one of the triage topics: 400.",
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
                    "type": "object",
                    "required": [
                      "topic"
                    ],
                    "additionalProperties": false,
                    "properties": {
                      "topic": {
                        "type": "string",
                        "minLength": 1,
                        "description": "One of the triage topics' names."
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
                      "$ref": "#/components/schemas/Conversation"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
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
        "TriageTopic": {
          "type": "object",
          "required": [
            "name",
            "examples"
          ],
          "additionalProperties": false,
          "properties": {
            "name": {
              "type": "string",
              "pattern": "^[a-z0-9][a-z0-9_-]{0,63}$"
            },
            "examples": {
              "type": "array",
              "minItems": 1,
              "maxItems": 500,
              "items": {
                "type": "string",
                "minLength": 1,
                "maxLength": 500,
                "pattern": "\\S"
              }
            }
          }
        },
        "TriageSettingsRequest": {
          "type": "object",
          "required": [
            "topics"
          ],
          "additionalProperties": false,
          "properties": {
            "topics": {
              "type": "array",
              "maxItems": 100,
              "items": {
                "$ref": "#/components/schemas/TriageTopic"
              },
              "description": "Names are unique (a repeated one: 400)."
            },
            "threshold": {
              "type": [
                "number",
                "null"
              ],
              "minimum": 0,
              "maximum": 1,
              "description": "Below this confidence nothing is set (default 0.5)."
            }
          }
        },
        "TriageSettings": {
          "type": "object",
          "required": [
            "topics",
            "threshold"
          ],
          "properties": {
            "topics": {
              "type": "array",
              "items": {
                "$ref": "#/components/schemas/TriageTopic"
              }
            },
            "threshold": {
              "type": "number",
              "minimum": 0,
              "maximum": 1
            }
          }
        }
      }
    }
    """##
}
