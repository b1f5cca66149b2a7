/// Service-level policies: when answers are due, counted on the wall clock or in business hours.
/// Merged into the served document by `OpenAPIDocument`; a test checks it against the route table.
extension OpenAPIDocument {
    static let slaPaths = ##"""
    {
      "tags": [
        {
          "name": "Service levels",
          "description": "Service-level policies: how soon answers are due, and the `sla.at_risk` / `sla.missed` events (admin)."
        }
      ],
      "paths": {
        "/api/v1/sla/policies": {
          "get": {
            "operationId": "listSLAPolicies",
            "summary": "List service-level policies, in the order they are tried",
            "tags": [
              "Service levels"
            ],
            "description": "A customer message nobody has answered yet starts a clock: the first enabled policy (by `position`, then age) whose conditions and teams match times it; with none, the channel's own response time (a plugin manifest's `response_due`, Amazon's 24 hours) applies, and otherwise nothing is due. The conversation is timed again when routing gives it a team or its priority changes.",
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "policies"
                      ],
                      "properties": {
                        "policies": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/SLAPolicy"
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
            "operationId": "createSLAPolicy",
            "summary": "Add a service-level policy",
            "tags": [
              "Service levels"
            ],
            "description": "Without `position` it goes last. A team in `team_ids` that does not exist, an unknown IANA zone or a malformed schedule: 400 naming the field. Clocks already running keep their due time.",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/SLAPolicyRequest"
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
                      "$ref": "#/components/schemas/SLAPolicy"
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
        "/api/v1/sla/policies/{id}": {
          "get": {
            "operationId": "getSLAPolicy",
            "summary": "One service-level policy",
            "tags": [
              "Service levels"
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
                      "$ref": "#/components/schemas/SLAPolicy"
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
          "put": {
            "operationId": "replaceSLAPolicy",
            "summary": "Replace a service-level policy",
            "tags": [
              "Service levels"
            ],
            "description": "The whole definition, as for POST; without `position` it keeps its place. Clocks already running keep their due time.",
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
                    "$ref": "#/components/schemas/SLAPolicyRequest"
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
                      "$ref": "#/components/schemas/SLAPolicy"
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
            "operationId": "deleteSLAPolicy",
            "summary": "Delete a service-level policy",
            "tags": [
              "Service levels"
            ],
            "description": "Clocks it started run on, counted on the wall clock.",
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
        "BusinessHours": {
          "type": "object",
          "required": [
            "timeZone",
            "weekly"
          ],
          "description": "The IVR schedule's shape: open hours per weekday on the wall clock of an IANA zone (DST followed), a close at or before the open running past midnight, and holidays closed all day. Only open time counts toward a target.",
          "properties": {
            "timeZone": {
              "type": "string",
              "minLength": 1,
              "description": "An IANA zone known to the host, e.g. Europe/Berlin (an unknown one: 400)."
            },
            "weekly": {
              "type": "array",
              "minItems": 1,
              "items": {
                "type": "object",
                "required": [
                  "days",
                  "open",
                  "close"
                ],
                "properties": {
                  "days": {
                    "type": "array",
                    "minItems": 1,
                    "items": {
                      "type": "string",
                      "enum": [
                        "sun",
                        "mon",
                        "tue",
                        "wed",
                        "thu",
                        "fri",
                        "sat"
                      ]
                    }
                  },
                  "open": {
                    "type": "string",
                    "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"
                  },
                  "close": {
                    "type": "string",
                    "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"
                  }
                }
              }
            },
            "holidays": {
              "type": [
                "array",
                "null"
              ],
              "items": {
                "type": "string",
                "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$"
              }
            }
          }
        },
        "SLAPolicyRequest": {
          "type": "object",
          "required": [
            "name"
          ],
          "additionalProperties": false,
          "anyOf": [
            {
              "required": [
                "first_response_minutes"
              ],
              "properties": {
                "first_response_minutes": {
                  "type": "integer"
                }
              }
            },
            {
              "required": [
                "next_response_minutes"
              ],
              "properties": {
                "next_response_minutes": {
                  "type": "integer"
                }
              }
            }
          ],
          "properties": {
            "name": {
              "type": "string",
              "minLength": 1,
              "maxLength": 200
            },
            "position": {
              "type": [
                "integer",
                "null"
              ],
              "minimum": 0,
              "maximum": 1000000,
              "description": "Policies are tried in ascending position; the first match times the conversation."
            },
            "enabled": {
              "type": [
                "boolean",
                "null"
              ],
              "description": "Default true."
            },
            "conditions": {
              "oneOf": [
                {
                  "$ref": "#/components/schemas/RoutingConditions"
                },
                {
                  "type": "null"
                }
              ],
              "description": "The conditions routing rules use (channel instance, channel kind, priority at least, tags, topic, contact attributes such as the tier)."
            },
            "team_ids": {
              "type": [
                "array",
                "null"
              ],
              "maxItems": 100,
              "items": {
                "type": "string",
                "minLength": 1
              },
              "description": "The responsible team must be one of these; empty or absent: any."
            },
            "first_response_minutes": {
              "type": [
                "integer",
                "null"
              ],
              "minimum": 1,
              "maximum": 525600,
              "description": "The first reply is due this long after the customer's first message."
            },
            "next_response_minutes": {
              "type": [
                "integer",
                "null"
              ],
              "minimum": 1,
              "maximum": 525600,
              "description": "Once answered, a reply is due this long after the customer writes again."
            },
            "business_hours": {
              "oneOf": [
                {
                  "$ref": "#/components/schemas/BusinessHours"
                },
                {
                  "type": "null"
                }
              ],
              "description": "Count only while open; null or absent: the wall clock."
            },
            "at_risk_minutes": {
              "type": [
                "integer",
                "null"
              ],
              "minimum": 0,
              "maximum": 525600,
              "description": "`sla.at_risk` fires when this much counted time is left (default 15)."
            }
          }
        },
        "SLAPolicy": {
          "type": "object",
          "required": [
            "id",
            "name",
            "position",
            "enabled",
            "conditions",
            "team_ids",
            "first_response_minutes",
            "next_response_minutes",
            "business_hours",
            "at_risk_minutes",
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
            "enabled": {
              "type": "boolean"
            },
            "conditions": {
              "$ref": "#/components/schemas/RoutingConditions"
            },
            "team_ids": {
              "type": "array",
              "items": {
                "type": "string"
              }
            },
            "first_response_minutes": {
              "type": [
                "integer",
                "null"
              ]
            },
            "next_response_minutes": {
              "type": [
                "integer",
                "null"
              ]
            },
            "business_hours": {
              "oneOf": [
                {
                  "$ref": "#/components/schemas/BusinessHours"
                },
                {
                  "type": "null"
                }
              ]
            },
            "at_risk_minutes": {
              "type": "integer"
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
        "SLAStatus": {
          "type": "object",
          "required": [
            "policy_id",
            "target",
            "due_at",
            "state",
            "paused",
            "remaining_seconds"
          ],
          "description": "The answer the conversation owes under its service-level policy. The sweep announces `sla.at_risk` (at the policy's `at_risk_minutes`) and `sla.missed` once each on the event feed (and so to webhooks); an answer sent, or closing the conversation, ends it.",
          "properties": {
            "policy_id": {
              "type": "string",
              "description": "The policy's id, or `channel:<plugin>` for a channel's own response time."
            },
            "target": {
              "type": "string",
              "enum": [
                "first_response",
                "next_response"
              ]
            },
            "due_at": {
              "type": [
                "string",
                "null"
              ],
              "format": "date-time",
              "description": "Null while paused."
            },
            "state": {
              "type": "string",
              "enum": [
                "ok",
                "at_risk",
                "missed"
              ]
            },
            "paused": {
              "type": "boolean",
              "description": "Snoozed: the clock stands still until it wakes."
            },
            "remaining_seconds": {
              "type": [
                "integer",
                "null"
              ],
              "description": "While paused: counted time left (negative once missed)."
            }
          }
        }
      }
    }
    """##
}
