/// Notifications: rules by scope, the notification centre, quiet hours, Web Push subscriptions and the delivery log.
/// Merged into the served document by `OpenAPIDocument`; a test checks it against the route table.
extension OpenAPIDocument {
    static let notificationPaths = ##"""
    {
      "tags": [
        {
          "name": "Notifications",
          "description": "Notification rules, the notification centre, quiet hours and Web Push."
        }
      ],
      "paths": {
        "/api/v1/notifications": {
          "get": {
            "operationId": "listNotifications",
            "summary": "The caller's notification centre",
            "tags": [
              "Notifications"
            ],
            "description": "Without `after`: the newest `limit` entries, newest first. With `after` (the last id the client holds, e.g. after a reconnect): the entries after it, oldest first. `unread` counts every unread entry. New entries also arrive live on GET /api/v1/stream as `notification.created` events addressed to the agent. Sessions and personal tokens only (403 for an API key without a person).",
            "parameters": [
              {
                "name": "after",
                "in": "query",
                "required": false,
                "schema": {
                  "type": "integer",
                  "minimum": 0,
                  "maximum": 9223372036854775806
                }
              },
              {
                "name": "limit",
                "in": "query",
                "required": false,
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 200,
                  "default": 50
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
                        "notifications",
                        "unread"
                      ],
                      "properties": {
                        "notifications": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/Notification"
                          }
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
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              }
            }
          }
        },
        "/api/v1/notifications/read-all": {
          "post": {
            "operationId": "readAllNotifications",
            "summary": "Mark every notification read",
            "tags": [
              "Notifications"
            ],
            "description": "Answers the unread count (0).",
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/UnreadCount"
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
        "/api/v1/notifications/{id}/read": {
          "post": {
            "operationId": "readNotification",
            "summary": "Mark one notification read",
            "tags": [
              "Notifications"
            ],
            "description": "Another agent's or an unknown id → 404. Answers the unread count left.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string",
                  "pattern": "^[1-9][0-9]{0,17}$"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/UnreadCount"
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
        "/api/v1/notifications/settings": {
          "get": {
            "operationId": "getNotificationSettings",
            "summary": "The caller's time zone and quiet hours",
            "tags": [
              "Notifications"
            ],
            "description": "During quiet hours (in the agent's time zone) only the notification centre hears of events: no push.",
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/NotificationSettings"
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
            "operationId": "putNotificationSettings",
            "summary": "Set the caller's time zone and quiet hours",
            "tags": [
              "Notifications"
            ],
            "description": "`time_zone` is an IANA name (tzdata); unknown → 400 naming `time_zone`. `quiet_hours` null: none; the window may wrap midnight.",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/NotificationSettings"
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
                      "$ref": "#/components/schemas/NotificationSettings"
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
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "415": {
                "$ref": "#/components/responses/UnsupportedMediaType"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              }
            }
          }
        },
        "/api/v1/notifications/vapid-public-key": {
          "get": {
            "operationId": "getVapidPublicKey",
            "summary": "The host's VAPID public key",
            "tags": [
              "Notifications"
            ],
            "description": "The P-256 public key (65-byte uncompressed point, base64url) browsers pass as `applicationServerKey` to PushManager.subscribe. Generated by the host on first use and kept.",
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "public_key"
                      ],
                      "properties": {
                        "public_key": {
                          "type": "string",
                          "pattern": "^[A-Za-z0-9_-]{87}$"
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
          }
        },
        "/api/v1/notifications/push-subscriptions": {
          "get": {
            "operationId": "listPushSubscriptions",
            "summary": "The caller's Web Push subscriptions",
            "tags": [
              "Notifications"
            ],
            "description": "One per browser.",
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "push_subscriptions"
                      ],
                      "properties": {
                        "push_subscriptions": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/PushSubscription"
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
            "operationId": "createPushSubscription",
            "summary": "Subscribe a browser to Web Push",
            "tags": [
              "Notifications"
            ],
            "description": "The body is what PushSubscription.toJSON() gives. `keys.p256dh` must be a P-256 point and `keys.auth` 16 bytes (base64url), else 400 naming the field. The same endpoint again replaces the earlier subscription. A push service answering 404 or 410 ends the subscription.",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/PushSubscriptionRequest"
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
                      "$ref": "#/components/schemas/PushSubscription"
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
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "415": {
                "$ref": "#/components/responses/UnsupportedMediaType"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              }
            }
          }
        },
        "/api/v1/notifications/push-subscriptions/{id}": {
          "delete": {
            "operationId": "deletePushSubscription",
            "summary": "Unsubscribe a browser",
            "tags": [
              "Notifications"
            ],
            "description": "Another agent's or an unknown id → 404.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string",
                  "minLength": 1,
                  "maxLength": 100
                }
              }
            ],
            "responses": {
              "204": {
                "description": "Removed"
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
        "/api/v1/notifications/deliveries": {
          "get": {
            "operationId": "listNotificationDeliveries",
            "summary": "The Web Push and e-mail delivery log (admin)",
            "tags": [
              "Notifications"
            ],
            "description": "Newest first. `pending` waits for its next attempt (backoff), `sent`, `failed` (attempts ran out, or the subscription expired: see `last_error`), `dropped` (the conversation was answered or closed first).",
            "parameters": [
              {
                "name": "status",
                "in": "query",
                "required": false,
                "schema": {
                  "type": "string",
                  "enum": [
                    "pending",
                    "sent",
                    "failed",
                    "dropped"
                  ]
                }
              },
              {
                "name": "limit",
                "in": "query",
                "required": false,
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
                "description": "OK",
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
                            "$ref": "#/components/schemas/NotificationDelivery"
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
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              }
            }
          }
        },
        "/api/v1/notifications/email-settings": {
          "get": {
            "operationId": "getNotificationEmailSettings",
            "summary": "How notification mail is sent (admin)",
            "tags": [
              "Notifications"
            ],
            "description": "404 until an admin set it.",
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/NotificationEmailSettings"
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
          },
          "put": {
            "operationId": "putNotificationEmailSettings",
            "summary": "Set the SMTP server for notification mail (admin)",
            "tags": [
              "Notifications"
            ],
            "description": "libcurl's SMTP: `smtp://host:port` (with `starttls` true, STARTTLS is required) or `smtps://host:port`. The password is a credential by id (PUT /api/v1/credentials/{id}); an unknown one → 400 naming `password_credential`. When the server fails, mail is retried with backoff and visible in GET /notifications/deliveries: never lost.",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/NotificationEmailSettings"
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
                      "$ref": "#/components/schemas/NotificationEmailSettings"
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
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "415": {
                "$ref": "#/components/responses/UnsupportedMediaType"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              }
            }
          }
        },
        "/api/v1/notifications/unsubscribe": {
          "get": {
            "operationId": "unsubscribeNotificationMail",
            "summary": "One-click unsubscribe (the mail's link)",
            "tags": [
              "Notifications"
            ],
            "security": [],
            "description": "No sign-in: the signed token names the agent and the event. Their own rule for that event keeps its other channels but no e-mail. A token this host did not sign → 400 naming `token`.",
            "parameters": [
              {
                "name": "token",
                "in": "query",
                "required": true,
                "schema": {
                  "type": "string",
                  "minLength": 1,
                  "maxLength": 1000
                }
              }
            ],
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Unsubscribed"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          },
          "post": {
            "operationId": "unsubscribeNotificationMailOneClick",
            "summary": "One-click unsubscribe (RFC 8058, from the List-Unsubscribe header)",
            "tags": [
              "Notifications"
            ],
            "security": [],
            "description": "What mail clients POST for List-Unsubscribe-Post; the same as GET.",
            "parameters": [
              {
                "name": "token",
                "in": "query",
                "required": true,
                "schema": {
                  "type": "string",
                  "minLength": 1,
                  "maxLength": 1000
                }
              }
            ],
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Unsubscribed"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/notification-rules": {
          "get": {
            "operationId": "getNotificationRules",
            "summary": "The rules one scope sets",
            "tags": [
              "Notifications"
            ],
            "description": "`scope` defaults to `agent` (the caller, or `agent_id` for an admin); `team` needs `team_id`. For an agent, `effective` is what applies after falling back: the agent's own rule for an event, else their teams' (channels combined), else the workspace's, else the notification centre only. Unknown team or agent → 400 naming the field; another agent's rules → 403.",
            "parameters": [
              {
                "name": "scope",
                "in": "query",
                "required": false,
                "schema": {
                  "type": "string",
                  "enum": [
                    "workspace",
                    "team",
                    "agent"
                  ]
                }
              },
              {
                "name": "team_id",
                "in": "query",
                "required": false,
                "schema": {
                  "type": "string",
                  "minLength": 1,
                  "maxLength": 100
                }
              },
              {
                "name": "agent_id",
                "in": "query",
                "required": false,
                "schema": {
                  "type": "string",
                  "minLength": 1,
                  "maxLength": 100
                }
              }
            ],
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/NotificationRuleSet"
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
              "400": {
                "$ref": "#/components/responses/BadRequest"
              }
            }
          },
          "put": {
            "operationId": "putNotificationRules",
            "summary": "Replace the rules of one scope",
            "tags": [
              "Notifications"
            ],
            "description": "Workspace and team scopes: admins only. An agent sets their own. Events left out fall back to the next scope. Unknown event, channel, team or agent → 400 naming the field (`rules[0].event`, `team_id`).",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/NotificationRuleSetRequest"
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
                      "$ref": "#/components/schemas/NotificationRuleSet"
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
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "415": {
                "$ref": "#/components/responses/UnsupportedMediaType"
              },
              "413": {
                "$ref": "#/components/responses/PayloadTooLarge"
              }
            }
          }
        }
      },
      "schemas": {
        "Notification": {
          "type": "object",
          "required": [
            "id",
            "kind",
            "conversation_id",
            "title",
            "body",
            "created_at",
            "read_at"
          ],
          "properties": {
            "id": {
              "type": "integer"
            },
            "kind": {
              "type": "string",
              "enum": [
                "assigned",
                "mentioned",
                "queued",
                "customer_replied",
                "handover",
                "sla_at_risk",
                "side_reply"
              ]
            },
            "conversation_id": {
              "type": [
                "string",
                "null"
              ]
            },
            "title": {
              "type": "string"
            },
            "body": {
              "type": "string",
              "maxLength": 200
            },
            "created_at": {
              "type": "string",
              "format": "date-time"
            },
            "read_at": {
              "type": [
                "string",
                "null"
              ],
              "format": "date-time"
            }
          }
        },
        "UnreadCount": {
          "type": "object",
          "required": [
            "unread"
          ],
          "properties": {
            "unread": {
              "type": "integer",
              "minimum": 0
            }
          }
        },
        "NotificationSettings": {
          "type": "object",
          "required": [
            "time_zone"
          ],
          "properties": {
            "time_zone": {
              "type": "string",
              "minLength": 1,
              "maxLength": 64,
              "examples": [
                "Europe/Berlin"
              ]
            },
            "quiet_hours": {
              "oneOf": [
                {
                  "type": "null"
                },
                {
                  "type": "object",
                  "required": [
                    "start",
                    "end"
                  ],
                  "properties": {
                    "start": {
                      "type": "string",
                      "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"
                    },
                    "end": {
                      "type": "string",
                      "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$"
                    }
                  }
                }
              ]
            }
          }
        },
        "PushSubscription": {
          "type": "object",
          "required": [
            "id",
            "endpoint",
            "created_at"
          ],
          "properties": {
            "id": {
              "type": "string"
            },
            "endpoint": {
              "type": "string",
              "format": "uri"
            },
            "created_at": {
              "type": "string",
              "format": "date-time"
            }
          }
        },
        "PushSubscriptionRequest": {
          "type": "object",
          "required": [
            "endpoint",
            "keys"
          ],
          "properties": {
            "endpoint": {
              "type": "string",
              "format": "uri",
              "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^/?#@]+",
              "maxLength": 2048
            },
            "expirationTime": {
              "type": [
                "number",
                "null"
              ]
            },
            "keys": {
              "type": "object",
              "required": [
                "p256dh",
                "auth"
              ],
              "properties": {
                "p256dh": {
                  "type": "string",
                  "pattern": "^[A-Za-z0-9_-]{86,87}={0,2}$",
                  "description": "A P-256 point (65 bytes), base64url."
                },
                "auth": {
                  "type": "string",
                  "pattern": "^[A-Za-z0-9_-]{21,22}={0,2}$",
                  "description": "16 bytes, base64url."
                }
              }
            }
          }
        },
        "NotificationDelivery": {
          "type": "object",
          "required": [
            "id",
            "notification_id",
            "agent_id",
            "channel",
            "target",
            "status",
            "attempts",
            "last_error",
            "created_at",
            "updated_at"
          ],
          "properties": {
            "id": {
              "type": "integer"
            },
            "notification_id": {
              "type": "integer"
            },
            "agent_id": {
              "type": "string"
            },
            "channel": {
              "type": "string",
              "enum": [
                "push",
                "email"
              ]
            },
            "target": {
              "type": "string"
            },
            "status": {
              "type": "string",
              "enum": [
                "pending",
                "sent",
                "failed",
                "dropped"
              ]
            },
            "attempts": {
              "type": "integer",
              "minimum": 0
            },
            "last_error": {
              "type": [
                "string",
                "null"
              ]
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
        "NotificationRule": {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "event",
            "via"
          ],
          "properties": {
            "event": {
              "type": "string",
              "enum": [
                "assigned",
                "mentioned",
                "queued",
                "customer_replied",
                "handover",
                "sla_at_risk",
                "side_reply"
              ]
            },
            "via": {
              "type": "array",
              "items": {
                "type": "string",
                "enum": [
                  "app",
                  "push",
                  "email"
                ]
              },
              "description": "Empty: the event does not notify."
            },
            "while_offline": {
              "type": "boolean",
              "default": false,
              "description": "Push and e-mail also while the agent is away or offline (and outside quiet hours' rule: never in quiet hours)."
            },
            "digest": {
              "type": "string",
              "enum": [
                "none",
                "hourly",
                "daily"
              ],
              "default": "none",
              "description": "E-mail at once (a burst within the batch window becomes one mail), or in an hourly digest (on the hour) or a daily one (08:00 in the agent's time zone)."
            }
          }
        },
        "NotificationEmailSettings": {
          "type": "object",
          "required": [
            "smtp_url",
            "from"
          ],
          "properties": {
            "smtp_url": {
              "type": "string",
              "pattern": "^[Ss][Mm][Tt][Pp][Ss]?://[^ ]+$",
              "maxLength": 500
            },
            "starttls": {
              "type": "boolean",
              "default": true
            },
            "username": {
              "type": [
                "string",
                "null"
              ],
              "maxLength": 500
            },
            "password_credential": {
              "type": [
                "string",
                "null"
              ],
              "minLength": 1,
              "maxLength": 100
            },
            "from": {
              "type": "string",
              "format": "email",
              "maxLength": 254
            }
          }
        },
        "Unsubscribed": {
          "type": "object",
          "required": [
            "unsubscribed",
            "agent_id",
            "event"
          ],
          "properties": {
            "unsubscribed": {
              "type": "boolean"
            },
            "agent_id": {
              "type": "string"
            },
            "event": {
              "type": "string",
              "enum": [
                "assigned",
                "mentioned",
                "queued",
                "customer_replied",
                "handover",
                "sla_at_risk",
                "side_reply"
              ]
            }
          }
        },
        "NotificationRuleSet": {
          "type": "object",
          "required": [
            "scope",
            "rules"
          ],
          "properties": {
            "scope": {
              "type": "string",
              "enum": [
                "workspace",
                "team",
                "agent"
              ]
            },
            "team_id": {
              "type": "string"
            },
            "agent_id": {
              "type": "string"
            },
            "rules": {
              "type": "array",
              "items": {
                "$ref": "#/components/schemas/NotificationRule"
              }
            },
            "effective": {
              "type": "array",
              "items": {
                "$ref": "#/components/schemas/NotificationRule"
              }
            }
          }
        },
        "NotificationRuleSetRequest": {
          "type": "object",
          "required": [
            "rules"
          ],
          "properties": {
            "scope": {
              "type": "string",
              "enum": [
                "workspace",
                "team",
                "agent"
              ],
              "default": "agent"
            },
            "team_id": {
              "type": [
                "string",
                "null"
              ],
              "minLength": 1,
              "maxLength": 100
            },
            "agent_id": {
              "type": [
                "string",
                "null"
              ],
              "minLength": 1,
              "maxLength": 100
            },
            "rules": {
              "type": "array",
              "maxItems": 7,
              "items": {
                "$ref": "#/components/schemas/NotificationRule"
              },
              "description": "At most one rule per event."
            }
          }
        }
      }
    }
    """##
}
