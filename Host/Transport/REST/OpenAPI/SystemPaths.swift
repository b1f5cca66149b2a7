/// Health, metrics, the event feed and this document.
/// Merged into the served document by `OpenAPIDocument`; a test checks it against the route table.
extension OpenAPIDocument {
    static let systemPaths = ##"""
    {
      "paths": {
        "/api/v1/health": {
          "get": {
            "operationId": "getHealth",
            "summary": "Health check",
            "tags": [
              "System"
            ],
            "description": "No API key needed.",
            "parameters": [],
            "responses": {
              "200": {
                "description": "Healthy.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Health"
                    }
                  }
                }
              },
              "503": {
                "description": "The store is unavailable (`status` is `degraded`).",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Health"
                    }
                  }
                }
              }
            },
            "security": []
          }
        },
        "/api/v1/metrics": {
          "get": {
            "operationId": "getMetrics",
            "summary": "Prometheus metrics",
            "tags": [
              "System"
            ],
            "description": "Admin keys only. Prometheus text exposition format 0.0.4 (Content-Type `text/plain; version=0.0.4`).",
            "parameters": [],
            "responses": {
              "200": {
                "description": "Metrics.",
                "content": {
                  "text/plain": {
                    "schema": {
                      "type": "string"
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
        "/api/v1/events": {
          "get": {
            "operationId": "listEvents",
            "summary": "The event feed",
            "tags": [
              "Events"
            ],
            "description": "Any API key. The events the caller may see (see the Events tag; the same as `GET /api/v1/stream`) with an id greater than `after`, oldest first. Poll with `after` set to the previous answer's `next_after`. For pushed events, use `GET /api/v1/stream`.",
            "parameters": [
              {
                "name": "after",
                "in": "query",
                "required": false,
                "description": "Only events with an id greater than this.",
                "schema": {
                  "type": "integer",
                  "format": "int64",
                  "minimum": 0,
                  "default": 0
                }
              },
              {
                "name": "limit",
                "in": "query",
                "required": false,
                "description": "Page size, 1 to 1000.",
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 1000,
                  "default": 200
                }
              },
              {
                "name": "types",
                "in": "query",
                "required": false,
                "description": "Only these event types: a comma-separated list of names, each optionally ending in `*` as a prefix match, e.g. `conversation.*,message.received` (at most 32).",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "Events.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "events",
                        "next_after"
                      ],
                      "properties": {
                        "events": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/Event"
                          }
                        },
                        "next_after": {
                          "type": "integer",
                          "format": "int64",
                          "description": "Pass as `after` next time. Every event visible to the caller up to this id has been returned: it is the last event's id when the page is full, else the newest event id stored (events the caller may not see are skipped once, not rescanned)."
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
        "/api/v1/openapi.json": {
          "get": {
            "operationId": "getOpenAPIDocument",
            "summary": "This OpenAPI document",
            "tags": [
              "System"
            ],
            "description": "No API key needed.",
            "parameters": [],
            "responses": {
              "200": {
                "description": "The OpenAPI 3.1 description of /api/v1.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object"
                    }
                  }
                }
              }
            },
            "security": []
          }
        }
      }
    }
    """##
}
