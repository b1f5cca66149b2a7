/// Event webhooks: subscriptions, dead letters, replays and the attempt log (admin and integrator keys).
/// Merged into the served document by `OpenAPIDocument`; a test checks it against the route table.
extension OpenAPIDocument {
    static let webhookPaths = ##"""
    {
      "tags": [
        {
          "name": "Webhooks"
        }
      ],
      "paths": {
        "/api/v1/webhooks": {
          "get": {
            "operationId": "listWebhooks",
            "summary": "List webhook subscriptions",
            "tags": [
              "Webhooks"
            ],
            "description": "Admin and integrator keys (agent keys get 403). An integrator sees only the subscriptions its own key created; any other id answers 404. Admins see every subscription. Oldest first. Secrets are never listed.",
            "parameters": [],
            "responses": {
              "200": {
                "description": "Subscriptions.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "webhooks"
                      ],
                      "properties": {
                        "webhooks": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/WebhookSubscription"
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
            "operationId": "createWebhook",
            "summary": "Subscribe to events",
            "tags": [
              "Webhooks"
            ],
            "description": "Admin and integrator keys (agent keys get 403). An integrator sees only the subscriptions its own key created; any other id answers 404. Every event the host records whose type matches `event_types` is POSTed to `url`, in event id order, starting with the events recorded after this call (no history). An integrator's subscription receives only events of conversations on the channel instances its key owns, never events without a conversation and never private notifications to one agent; an admin's receives all. Each request carries `X-Switchboard-Delivery` (the same on every attempt of one event), `X-Switchboard-Event`, `X-Switchboard-Timestamp` and `X-Switchboard-Signature: v1=<hex HMAC-SHA256(secret, \"<timestamp>.<raw body>\")>`; the body is a `WebhookDelivery`. Any 2xx answer counts as delivered; anything else, or no answer within the timeout, is retried with exponential backoff and jitter, and after the last attempt the event goes to the dead letters and the next one is sent. The answer contains the signing `secret`, shown only this once.",
            "parameters": [],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/WebhookCreateRequest"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "The new subscription, with its secret.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/WebhookSubscriptionCreated"
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
        "/api/v1/webhooks/{id}": {
          "get": {
            "operationId": "getWebhook",
            "summary": "Get a webhook subscription",
            "tags": [
              "Webhooks"
            ],
            "description": "Admin and integrator keys (agent keys get 403). An integrator sees only the subscriptions its own key created; any other id answers 404. The secret is not shown.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Webhook subscription id.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The subscription.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/WebhookSubscription"
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
          "patch": {
            "operationId": "updateWebhook",
            "summary": "Change a webhook subscription",
            "tags": [
              "Webhooks"
            ],
            "description": "Admin and integrator keys (agent keys get 403). An integrator sees only the subscriptions its own key created; any other id answers 404. Only the fields given change. A disabled subscription pauses: its cursor stays, and when enabled again it continues with the events recorded meanwhile. Any change ends the wait for the next retry, so a fixed `url` is tried at once.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Webhook subscription id.",
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
                    "$ref": "#/components/schemas/WebhookUpdateRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The updated subscription.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/WebhookSubscription"
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
            "operationId": "deleteWebhook",
            "summary": "Delete a webhook subscription",
            "tags": [
              "Webhooks"
            ],
            "description": "Admin and integrator keys (agent keys get 403). An integrator sees only the subscriptions its own key created; any other id answers 404. Its dead letters and attempt log go with it.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Webhook subscription id.",
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
        "/api/v1/webhooks/{id}/deliveries": {
          "get": {
            "operationId": "listWebhookDeliveries",
            "summary": "Recent delivery attempts",
            "tags": [
              "Webhooks"
            ],
            "description": "Admin and integrator keys (agent keys get 403). An integrator sees only the subscriptions its own key created; any other id answers 404. The newest attempts first; the last 100 of each subscription are kept.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Webhook subscription id.",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "limit",
                "in": "query",
                "required": false,
                "description": "How many, 1 to 100.",
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 100,
                  "default": 100
                }
              }
            ],
            "responses": {
              "200": {
                "description": "Attempts.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "deliveries"
                      ],
                      "properties": {
                        "deliveries": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/WebhookAttempt"
                          }
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
        "/api/v1/webhooks/{id}/dead-letters": {
          "get": {
            "operationId": "listWebhookDeadLetters",
            "summary": "Events given up on",
            "tags": [
              "Webhooks"
            ],
            "description": "Admin and integrator keys (agent keys get 403). An integrator sees only the subscriptions its own key created; any other id answers 404. Events whose last attempt failed, oldest first. One stays listed until a replay delivers it. Page with `after` set to the previous answer's `next_after`.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Webhook subscription id.",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "after",
                "in": "query",
                "required": false,
                "description": "Only dead letters of events with an id greater than this.",
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
                "description": "Page size, 1 to 500.",
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 500,
                  "default": 100
                }
              }
            ],
            "responses": {
              "200": {
                "description": "Dead letters.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "dead_letters",
                        "next_after"
                      ],
                      "properties": {
                        "dead_letters": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/WebhookDeadLetter"
                          }
                        },
                        "next_after": {
                          "type": "integer",
                          "format": "int64",
                          "description": "The event id of the last dead letter returned (or `after` when none were)."
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
        "/api/v1/webhooks/{id}/dead-letters/{event_id}/replay": {
          "post": {
            "operationId": "replayWebhookDeadLetter",
            "summary": "Send one dead letter again",
            "tags": [
              "Webhooks"
            ],
            "description": "Admin and integrator keys (agent keys get 403). An integrator sees only the subscriptions its own key created; any other id answers 404. The event is sent again, with the same delivery id, before any newer event still waiting; it gets a fresh set of attempts. No request body.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Webhook subscription id.",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "event_id",
                "in": "path",
                "required": true,
                "description": "Id of the dead-lettered event.",
                "schema": {
                  "type": "integer",
                  "format": "int64"
                }
              }
            ],
            "responses": {
              "202": {
                "description": "Queued.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "replaying"
                      ],
                      "properties": {
                        "replaying": {
                          "type": "integer",
                          "const": 1
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
        "/api/v1/webhooks/{id}/replay": {
          "post": {
            "operationId": "replayWebhook",
            "summary": "Send dead letters (and delivered events) again",
            "tags": [
              "Webhooks"
            ],
            "description": "Admin and integrator keys (agent keys get 403). An integrator sees only the subscriptions its own key created; any other id answers 404. Every dead letter is sent again, in event id order, with its original delivery id. With `from_event_id`, every event from that id on is sent again too, delivered ones included (receivers dedupe on the delivery id); the subscription's visibility and event types still apply. The body is optional.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Webhook subscription id.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "requestBody": {
              "required": false,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/WebhookReplayRequest"
                  }
                }
              }
            },
            "responses": {
              "202": {
                "description": "Queued.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "dead_letters",
                        "from_event_id"
                      ],
                      "properties": {
                        "dead_letters": {
                          "type": "integer",
                          "minimum": 0,
                          "description": "How many dead letters will be sent again."
                        },
                        "from_event_id": {
                          "type": [
                            "integer",
                            "null"
                          ],
                          "format": "int64"
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
              "403": {
                "$ref": "#/components/responses/Forbidden"
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
        "WebhookSubscription": {
          "type": "object",
          "required": [
            "id",
            "url",
            "event_types",
            "description",
            "enabled",
            "owner",
            "cursor",
            "retrying",
            "dead_letters",
            "created_at",
            "updated_at"
          ],
          "properties": {
            "id": {
              "type": "string"
            },
            "url": {
              "type": "string",
              "format": "uri"
            },
            "event_types": {
              "type": "array",
              "items": {
                "type": "string"
              },
              "description": "Event types to receive: exact names (`message.received`), a prefix wildcard (`conversation.*` matches every type starting with `conversation.`), or `*` for all. 1 to 50 entries; names are dot-separated segments of a-z, 0-9 and `_`."
            },
            "description": {
              "type": "string"
            },
            "enabled": {
              "type": "boolean"
            },
            "owner": {
              "type": "object",
              "required": [
                "role",
                "api_key_id",
                "channel_instance_ids"
              ],
              "description": "Who created it: decides which events it may receive.",
              "properties": {
                "role": {
                  "type": "string",
                  "enum": [
                    "admin",
                    "integrator",
                    "agent"
                  ]
                },
                "api_key_id": {
                  "type": [
                    "string",
                    "null"
                  ]
                },
                "channel_instance_ids": {
                  "type": [
                    "array",
                    "null"
                  ],
                  "items": {
                    "type": "string"
                  },
                  "description": "For integrators: the channel instances whose conversations' events it receives."
                }
              }
            },
            "cursor": {
              "type": "integer",
              "format": "int64",
              "description": "The id of the last event handled: delivered, dead-lettered, or not wanted. Starts at the newest event when the subscription is created."
            },
            "retrying": {
              "type": [
                "object",
                "null"
              ],
              "description": "The event waiting for its next attempt, if one is.",
              "required": [
                "event_id",
                "attempts",
                "next_attempt_at"
              ],
              "properties": {
                "event_id": {
                  "type": "integer",
                  "format": "int64"
                },
                "attempts": {
                  "type": "integer",
                  "description": "Failed attempts so far."
                },
                "next_attempt_at": {
                  "type": [
                    "string",
                    "null"
                  ],
                  "format": "date-time"
                }
              }
            },
            "dead_letters": {
              "type": "integer",
              "minimum": 0,
              "description": "How many events are in the dead letters."
            },
            "created_at": {
              "type": "string",
              "format": "date-time",
              "description": "UTC, ISO 8601 with milliseconds, e.g. 2026-11-21T19:40:00.123Z"
            },
            "updated_at": {
              "type": "string",
              "format": "date-time",
              "description": "UTC, ISO 8601 with milliseconds, e.g. 2026-11-21T19:40:00.123Z"
            }
          }
        },
        "WebhookSubscriptionCreated": {
          "allOf": [
            {
              "$ref": "#/components/schemas/WebhookSubscription"
            },
            {
              "type": "object",
              "required": [
                "secret"
              ],
              "properties": {
                "secret": {
                  "type": "string",
                  "description": "`whsec_…`: the key of the HMAC-SHA256 signature on every delivery. Shown only this once."
                }
              }
            }
          ]
        },
        "WebhookCreateRequest": {
          "type": "object",
          "required": [
            "url",
            "event_types"
          ],
          "properties": {
            "url": {
              "type": "string",
              "format": "uri",
              "description": "An absolute http:// or https:// URL, at most 2048 characters. Redirects are not followed."
            },
            "event_types": {
              "type": "array",
              "items": {
                "type": "string"
              },
              "minItems": 1,
              "maxItems": 50,
              "description": "Event types to receive: exact names (`message.received`), a prefix wildcard (`conversation.*` matches every type starting with `conversation.`), or `*` for all. 1 to 50 entries; names are dot-separated segments of a-z, 0-9 and `_`.",
              "examples": [
                [
                  "conversation.*",
                  "message.received"
                ]
              ]
            },
            "description": {
              "type": "string",
              "maxLength": 500
            }
          }
        },
        "WebhookUpdateRequest": {
          "type": "object",
          "properties": {
            "url": {
              "type": "string",
              "format": "uri"
            },
            "event_types": {
              "type": "array",
              "items": {
                "type": "string"
              },
              "minItems": 1,
              "maxItems": 50
            },
            "description": {
              "type": "string",
              "maxLength": 500
            },
            "enabled": {
              "type": "boolean"
            }
          }
        },
        "WebhookReplayRequest": {
          "type": "object",
          "properties": {
            "from_event_id": {
              "type": "integer",
              "format": "int64",
              "minimum": 1,
              "description": "Also send every event from this id on again, delivered ones included."
            }
          }
        },
        "WebhookDelivery": {
          "type": "object",
          "description": "The body of every webhook request (not served by this API: what your endpoint receives).",
          "required": [
            "id",
            "event"
          ],
          "properties": {
            "id": {
              "type": "string",
              "description": "The delivery id, also in `X-Switchboard-Delivery`: `<subscription id>-<event id>`, the same on every attempt and replay of the event. Dedupe on it."
            },
            "event": {
              "$ref": "#/components/schemas/Event"
            }
          }
        },
        "WebhookAttempt": {
          "type": "object",
          "required": [
            "delivery_id",
            "event_id",
            "event_type",
            "attempt",
            "replay",
            "status_code",
            "error",
            "duration_ms",
            "created_at"
          ],
          "properties": {
            "delivery_id": {
              "type": "string"
            },
            "event_id": {
              "type": "integer",
              "format": "int64"
            },
            "event_type": {
              "type": "string"
            },
            "attempt": {
              "type": "integer",
              "minimum": 1,
              "description": "1 for the first try of the event, 2 for the first retry, …; counting starts again on a replay."
            },
            "replay": {
              "type": "boolean",
              "description": "Sent by a replay of a dead letter."
            },
            "status_code": {
              "type": [
                "integer",
                "null"
              ],
              "description": "What the endpoint answered; null when it did not answer (connection error, timeout)."
            },
            "error": {
              "type": [
                "string",
                "null"
              ],
              "description": "Why the attempt failed; null for a 2xx."
            },
            "duration_ms": {
              "type": "integer",
              "minimum": 0
            },
            "created_at": {
              "type": "string",
              "format": "date-time",
              "description": "UTC, ISO 8601 with milliseconds, e.g. 2026-11-21T19:40:00.123Z"
            }
          }
        },
        "WebhookDeadLetter": {
          "type": "object",
          "required": [
            "event_id",
            "delivery_id",
            "event",
            "attempts",
            "status_code",
            "last_error",
            "dead_at",
            "replay_pending"
          ],
          "properties": {
            "event_id": {
              "type": "integer",
              "format": "int64"
            },
            "delivery_id": {
              "type": "string"
            },
            "event": {
              "oneOf": [
                {
                  "$ref": "#/components/schemas/Event"
                },
                {
                  "type": "null"
                }
              ]
            },
            "attempts": {
              "type": "integer",
              "minimum": 1
            },
            "status_code": {
              "type": [
                "integer",
                "null"
              ],
              "description": "The last answer; null when there was none."
            },
            "last_error": {
              "type": "string"
            },
            "dead_at": {
              "type": "string",
              "format": "date-time",
              "description": "UTC, ISO 8601 with milliseconds, e.g. 2026-11-21T19:40:00.123Z"
            },
            "replay_pending": {
              "type": "boolean",
              "description": "A replay will send it again."
            }
          }
        }
      }
    }
    """##
}
