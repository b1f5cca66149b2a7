/// Routing rules: which team a conversation that needs humans goes to.
/// Merged into the served document by `OpenAPIDocument`; a test checks it against the route table.
extension OpenAPIDocument {
    static let routingPaths = ##"""
    {
      "tags": [
        {
          "name": "Routing",
          "description": "Routing rules and team queues (admin)."
        }
      ],
      "paths": {
        "/api/v1/routing-rules": {
          "get": {
            "operationId": "listRoutingRules",
            "summary": "List routing rules, in evaluation order",
            "tags": [
              "Routing"
            ],
            "description": "When a conversation needs humans (new without an Agent Stack, or handed over), the first enabled rule whose conditions match names its team; with no match the channel instance's bound team, else the default team. The team's assignment strategy then assigns it or it waits in the team's queue.",
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "routing_rules"
                      ],
                      "properties": {
                        "routing_rules": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/RoutingRule"
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
            "operationId": "createRoutingRule",
            "summary": "Add a routing rule",
            "tags": [
              "Routing"
            ],
            "description": "`name` and `team_id` are required; unknown team → 404.",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/RoutingRuleRequest"
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
                      "$ref": "#/components/schemas/RoutingRule"
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
        },
        "/api/v1/routing-rules/{id}": {
          "get": {
            "operationId": "getRoutingRule",
            "summary": "One routing rule",
            "tags": [
              "Routing"
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
                      "$ref": "#/components/schemas/RoutingRule"
                    }
                  }
                }
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
          },
          "patch": {
            "operationId": "updateRoutingRule",
            "summary": "Change a routing rule",
            "tags": [
              "Routing"
            ],
            "description": "Fields not given stay as they are. Conversations that could not be placed are tried again.",
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
                    "$ref": "#/components/schemas/RoutingRuleRequest"
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
                      "$ref": "#/components/schemas/RoutingRule"
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
          },
          "delete": {
            "operationId": "deleteRoutingRule",
            "summary": "Delete a routing rule",
            "tags": [
              "Routing"
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
        "RoutingConditions": {
          "type": "object",
          "description": "Every condition given must hold; within one, any listed value will do. An empty object matches every conversation.",
          "properties": {
            "channel_instance_ids": {
              "type": "array",
              "items": {
                "type": "string"
              }
            },
            "plugin_ids": {
              "type": "array",
              "items": {
                "type": "string"
              },
              "description": "The channel kind, e.g. `api`, `relay`."
            },
            "tags_any": {
              "type": "array",
              "items": {
                "type": "string"
              }
            },
            "topics": {
              "type": "array",
              "items": {
                "type": "string"
              },
              "description": "The topic an Agent Stack classifier detected."
            },
            "minimum_priority": {
              "type": "string",
              "enum": [
                "low",
                "normal",
                "high",
                "urgent"
              ]
            },
            "contact_attributes": {
              "type": "object",
              "additionalProperties": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              },
              "description": "Contact attribute → accepted values, e.g. {\"tier\": [\"gold\"]}."
            }
          },
          "additionalProperties": false
        },
        "RoutingRule": {
          "type": "object",
          "required": [
            "id",
            "name",
            "position",
            "conditions",
            "team_id",
            "enabled",
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
            "position": {
              "type": "integer"
            },
            "conditions": {
              "$ref": "#/components/schemas/RoutingConditions"
            },
            "team_id": {
              "type": "string"
            },
            "enabled": {
              "type": "boolean"
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
        "RoutingRuleRequest": {
          "type": "object",
          "properties": {
            "name": {
              "type": "string"
            },
            "position": {
              "type": "integer",
              "description": "Rules are tried in ascending position; new rules go last."
            },
            "conditions": {
              "$ref": "#/components/schemas/RoutingConditions"
            },
            "team_id": {
              "type": "string"
            },
            "enabled": {
              "type": "boolean"
            }
          }
        }
      }
    }
    """##
}
