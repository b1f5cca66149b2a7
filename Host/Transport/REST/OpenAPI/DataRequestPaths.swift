/// A customer's data on request (export, erasure) and retention.
/// Merged into the served document by `OpenAPIDocument`; a test checks it against the route table.
extension OpenAPIDocument {
    static let dataRequestPaths = ##"""
    {
      "tags": [
        {
          "name": "Data requests",
          "description": "A customer's data exported or erased on request, and retention."
        }
      ],
      "paths": {
        "/api/v1/contacts/{id}/export": {
          "post": {
            "operationId": "exportContact",
            "summary": "Export a customer's data",
            "tags": [
              "Data requests",
              "Contacts"
            ],
            "description": "Admins, and integrator keys an admin created with `data_requests: true` (others 403; agents never). Queues a background job that writes one zip: README.txt, contact.json (contact, identities, attributes, events about the contact), conversations/<id>.json (messages, events, tags, side conversations with their messages) and files/<id>-<name> (the files the host stores). Poll GET /api/v1/exports/{id} for progress; the answer's `download_url` works without a key for 7 days. A merged contact is exported as the contact it went into. Recorded in the audit trail (`contact.export_requested`).",
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
              "202": {
                "description": "Queued; Location names the export.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ContactExport"
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
              }
            }
          }
        },
        "/api/v1/exports/{id}": {
          "get": {
            "operationId": "getExport",
            "summary": "An export's progress and link",
            "tags": [
              "Data requests"
            ],
            "description": "Admins, or the granted integrator key that asked. `status`: queued, running (with `progress` 0-100), ready (`download_url`, `expires_at`), failed (`error`) or expired (the archive is deleted).",
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
                "description": "The export.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ContactExport"
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
              }
            }
          }
        },
        "/api/v1/exports/{id}/archive": {
          "get": {
            "operationId": "downloadExport",
            "summary": "Download an export (the link handed to the customer)",
            "tags": [
              "Data requests"
            ],
            "description": "No API key: the `token` in the link is the capability. 404 for a wrong token, 410 `expired` once the link has expired (7 days) or the contact was erased since.",
            "security": [],
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
                "name": "token",
                "in": "query",
                "required": true,
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The zip.",
                "content": {
                  "application/zip": {
                    "schema": {
                      "type": "string",
                      "format": "binary"
                    }
                  }
                }
              },
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "410": {
                "description": "The link has expired (`expired`).",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    }
                  }
                }
              }
            }
          }
        },
        "/api/v1/contacts/{id}/erase": {
          "post": {
            "operationId": "eraseContact",
            "summary": "Erase a customer's personal data (irreversible)",
            "tags": [
              "Data requests",
              "Contacts"
            ],
            "description": "Admins, and integrator keys an admin granted `data_requests` (others 403). Removes the contact's identities (a later message from the same person starts a new contact), name and attributes, message and side-message texts and attachments, the files the host stores, custom fields, event details beyond who handled what, webhook dead letters and replays of those events, switch tickets and exports; plugins that carried the conversations are told through the ABI (signal `contact.erased`) and forget their own records (thread records and attachments, consent, cached names, queued replies). What the record needs stays without personal data: the contact row (`erased_at`), its conversations with times, channel, status, assignee and team, messages' direction, authorship kind and times, events' types, actors and times. Recorded in the audit trail (`contact.erased`) with who asked and the optional `reason`. 404 for an unknown contact.",
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
              "required": false,
              "content": {
                "application/json": {
                  "schema": {
                    "type": "object",
                    "properties": {
                      "reason": {
                        "type": "string",
                        "maxLength": 500,
                        "description": "The request's reference, for the audit trail."
                      }
                    }
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Erased; what was removed (counts).",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ErasureReport"
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
              }
            }
          }
        },
        "/api/v1/settings/retention": {
          "get": {
            "operationId": "getRetention",
            "summary": "Retention policy and the last pass",
            "tags": [
              "Data requests"
            ],
            "description": "Admins only. The rules (empty by default: everything is kept) and the last pass's report.",
            "parameters": [],
            "responses": {
              "200": {
                "description": "The policy.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/RetentionPolicy"
                    }
                  }
                }
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              }
            }
          },
          "put": {
            "operationId": "setRetention",
            "summary": "Set the retention policy",
            "tags": [
              "Data requests"
            ],
            "description": "Admins only. One rule may be global (`channel_instance_id` null) and one per channel instance; a channel's rule wins field by field. `closed_conversations`: conversations done or archived with no activity for `after_days` are deleted (`action` delete, the default) or kept without personal data (anonymize). `attachments`: attachments older than `after_days` are removed (their files deleted, name, type and size kept) while the messages stay. Fewer than 1 day, or not a whole number: 400 naming the field (`rules[0].attachments.after_days`). The background worker applies it in small batches, at start, hourly and after each change. Recorded in the audit trail (`retention.policy`; each pass that removed something: `retention.run`).",
            "parameters": [],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/RetentionPolicy"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The policy now.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/RetentionPolicy"
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
              }
            }
          }
        },
        "/api/v1/settings/retention/run": {
          "post": {
            "operationId": "runRetention",
            "summary": "Run retention now",
            "tags": [
              "Data requests"
            ],
            "description": "Admins only. Asks the background worker for a pass now; GET /api/v1/settings/retention shows its report once done.",
            "parameters": [],
            "responses": {
              "202": {
                "description": "Scheduled."
              },
              "401": {
                "$ref": "#/components/responses/Unauthorized"
              },
              "403": {
                "$ref": "#/components/responses/Forbidden"
              }
            }
          }
        }
      },
      "schemas": {
        "ContactExport": {
          "type": "object",
          "required": [
            "id",
            "contact_id",
            "status",
            "progress"
          ],
          "properties": {
            "id": {
              "type": "string"
            },
            "contact_id": {
              "type": "string"
            },
            "status": {
              "type": "string",
              "enum": [
                "queued",
                "running",
                "ready",
                "failed",
                "expired"
              ]
            },
            "progress": {
              "type": "integer",
              "minimum": 0,
              "maximum": 100
            },
            "size": {
              "type": [
                "integer",
                "null"
              ]
            },
            "error": {
              "type": [
                "string",
                "null"
              ]
            },
            "requested_by": {
              "type": "string"
            },
            "created_at": {
              "type": "string",
              "format": "date-time"
            },
            "expires_at": {
              "type": [
                "string",
                "null"
              ],
              "format": "date-time"
            },
            "download_url": {
              "type": [
                "string",
                "null"
              ],
              "description": "While ready: /api/v1/exports/{id}/archive?token=\u2026, usable without a key until expires_at."
            }
          }
        },
        "ErasureReport": {
          "type": "object",
          "properties": {
            "contact_id": {
              "type": "string"
            },
            "identities": {
              "type": "integer"
            },
            "conversations": {
              "type": "integer"
            },
            "messages": {
              "type": "integer"
            },
            "side_messages": {
              "type": "integer"
            },
            "files": {
              "type": "integer"
            },
            "events": {
              "type": "integer"
            },
            "plugins_notified": {
              "type": "array",
              "items": {
                "type": "string"
              }
            }
          }
        },
        "RetentionPolicy": {
          "type": "object",
          "required": [
            "rules"
          ],
          "properties": {
            "rules": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "channel_instance_id": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "closed_conversations": {
                    "type": [
                      "object",
                      "null"
                    ],
                    "properties": {
                      "after_days": {
                        "type": "integer",
                        "minimum": 1
                      },
                      "action": {
                        "type": "string",
                        "enum": [
                          "delete",
                          "anonymize"
                        ],
                        "default": "delete"
                      }
                    }
                  },
                  "attachments": {
                    "type": [
                      "object",
                      "null"
                    ],
                    "properties": {
                      "after_days": {
                        "type": "integer",
                        "minimum": 1
                      }
                    }
                  }
                }
              }
            },
            "last_run": {
              "type": [
                "object",
                "null"
              ],
              "readOnly": true,
              "properties": {
                "started_at": {
                  "type": "string",
                  "format": "date-time"
                },
                "finished_at": {
                  "type": "string",
                  "format": "date-time"
                },
                "conversations_deleted": {
                  "type": "integer"
                },
                "conversations_anonymized": {
                  "type": "integer"
                },
                "attachments_removed": {
                  "type": "integer"
                },
                "files_deleted": {
                  "type": "integer"
                }
              }
            }
          }
        }
      }
    }
    """##
}
