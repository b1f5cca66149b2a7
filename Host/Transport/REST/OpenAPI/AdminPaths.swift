/// Plugins, channel instances, credentials, API keys and the outbox (admin keys).
/// Merged into the served document by `OpenAPIDocument`; a test checks it against the route table.
extension OpenAPIDocument {
    static let adminPaths = ##"""
    {
      "paths": {
        "/api/v1/plugins": {
          "get": {
            "operationId": "listPlugins",
            "summary": "List plugins",
            "tags": [
              "Plugins"
            ],
            "description": "Admin keys only.",
            "parameters": [],
            "responses": {
              "200": {
                "description": "Every plugin found in the plugins directory.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "plugins"
                      ],
                      "properties": {
                        "plugins": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/Plugin"
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
              }
            }
          }
        },
        "/api/v1/plugins/{id}": {
          "get": {
            "operationId": "getPlugin",
            "summary": "Get a plugin",
            "tags": [
              "Plugins"
            ],
            "description": "Admin keys only.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Plugin id.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The plugin.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Plugin"
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
        "/api/v1/plugins/{id}/enable": {
          "post": {
            "operationId": "enablePlugin",
            "summary": "Enable a plugin",
            "tags": [
              "Plugins"
            ],
            "description": "Admin keys only. Starts the plugin's enabled channel instances. No request body.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Plugin id.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The plugin, now enabled.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Plugin"
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
              "422": {
                "$ref": "#/components/responses/OperationFailed"
              }
            }
          }
        },
        "/api/v1/plugins/{id}/disable": {
          "post": {
            "operationId": "disablePlugin",
            "summary": "Disable a plugin",
            "tags": [
              "Plugins"
            ],
            "description": "Admin keys only. Stops all of the plugin's channel instances. No request body.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Plugin id.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The plugin, now disabled.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Plugin"
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
              "422": {
                "$ref": "#/components/responses/OperationFailed"
              }
            }
          }
        },
        "/api/v1/plugins/{id}/upgrade": {
          "post": {
            "operationId": "upgradePlugin",
            "summary": "Load a new build of a plugin",
            "tags": [
              "Plugins"
            ],
            "description": "Admin keys only. Loads the build from `path` (default: the plugin's own folder in the plugins directory), starts every enabled instance on it, then swaps traffic over and drains the old build. If the build is refused or an instance fails to start on it, nothing changes and the answer is 422 `operation_failed`. The body is optional.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Plugin id.",
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
                    "$ref": "#/components/schemas/UpgradePluginRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The plugin, now on the new build.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Plugin"
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
              "422": {
                "$ref": "#/components/responses/OperationFailed"
              }
            }
          }
        },
        "/api/v1/channels": {
          "get": {
            "operationId": "listChannels",
            "summary": "List channel instances",
            "tags": [
              "Channels"
            ],
            "description": "Admin keys only.",
            "parameters": [],
            "responses": {
              "200": {
                "description": "Every channel instance.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "channels"
                      ],
                      "properties": {
                        "channels": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/ChannelInstance"
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
              }
            }
          },
          "post": {
            "operationId": "createChannel",
            "summary": "Create a channel instance",
            "tags": [
              "Channels"
            ],
            "description": "Admin keys only. The configuration is validated against the plugin's config schema; config fields that name credentials must name existing credentials. Started at once when `enabled` (the default).",
            "parameters": [],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/ChannelCreateRequest"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "The new channel instance.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ChannelInstance"
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
              "422": {
                "$ref": "#/components/responses/OperationFailed"
              }
            }
          }
        },
        "/api/v1/channels/{id}": {
          "get": {
            "operationId": "getChannel",
            "summary": "Get a channel instance",
            "tags": [
              "Channels"
            ],
            "description": "Admin keys only.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Channel instance id.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The channel instance.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ChannelInstance"
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
          },
          "patch": {
            "operationId": "updateChannel",
            "summary": "Change a channel instance",
            "tags": [
              "Channels"
            ],
            "description": "Admin keys only. Only the fields given change. A running instance is reconfigured in place; 400 on `config` when the plugin refuses the new configuration.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Channel instance id.",
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
                    "$ref": "#/components/schemas/ChannelUpdateRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The updated channel instance.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ChannelInstance"
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
              "422": {
                "$ref": "#/components/responses/OperationFailed"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          },
          "delete": {
            "operationId": "deleteChannel",
            "summary": "Delete a channel instance",
            "tags": [
              "Channels"
            ],
            "description": "Admin keys only. Stops the instance first.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Channel instance id.",
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
              "422": {
                "$ref": "#/components/responses/OperationFailed"
              }
            }
          }
        },
        "/api/v1/channels/{id}/enable": {
          "post": {
            "operationId": "enableChannel",
            "summary": "Enable a channel instance",
            "tags": [
              "Channels"
            ],
            "description": "Admin keys only. Starts the instance (if its plugin is enabled). No request body.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Channel instance id.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The channel instance; see `state` and `reason` for whether it started.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ChannelInstance"
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
              "422": {
                "$ref": "#/components/responses/OperationFailed"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/channels/{id}/disable": {
          "post": {
            "operationId": "disableChannel",
            "summary": "Disable a channel instance",
            "tags": [
              "Channels"
            ],
            "description": "Admin keys only. Stops the instance. No request body.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Channel instance id.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The channel instance, now disabled.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ChannelInstance"
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
              "422": {
                "$ref": "#/components/responses/OperationFailed"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/channels/{id}/templates": {
          "get": {
            "operationId": "getChannelTemplates",
            "summary": "The message templates a channel instance can send",
            "tags": [
              "Channels"
            ],
            "description": "For the agents' composer (agents and admins; integrators get 403): the templates the running instance's plugin published (`plugin_status.templates`; WhatsApp: the number's templates, synced from the WhatsApp Business Account at start, on each status check, by the template status webhook and on an admin's POST …/templates/sync). Each with what a send must give: `parameters` are the body's placeholders in order (\"1\", \"2\"… give them as an array; names give an object), `header` the header's format and `header_parameter` whether a text header takes a value (an IMAGE, VIDEO or DOCUMENT header needs `header` {\"type\": \"image\", \"link\": \"https://…\"} in the send), `url_buttons` how many URL buttons need one; `body` and `header_text` are the wording for a preview. Only APPROVED templates can be sent: POST /api/v1/conversations/{id}/messages with `rich` {\"type\": \"whatsapp_template\", \"name\", \"language\", \"parameters\", \"header\", \"buttons\"} — also after the reply window closed. 404 for an instance that is not running or publishes no templates.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Channel instance id.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The templates.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "properties": {
                        "channel_instance_id": {"type": "string"},
                        "plugin_id": {"type": "string"},
                        "synced_at": {"type": ["string", "null"], "format": "date-time"},
                        "templates": {"type": "array", "items": {"type": "object", "properties": {"name": {"type": "string"}, "language": {"type": "string", "description": "Like en_US."}, "category": {"type": ["string", "null"], "description": "MARKETING, UTILITY or AUTHENTICATION."}, "status": {"type": "string", "description": "APPROVED, PENDING, REJECTED, PAUSED, DISABLED…"}, "parameters": {"type": "array", "items": {"type": "string"}}, "header": {"type": ["string", "null"], "description": "TEXT, IMAGE, VIDEO, DOCUMENT or LOCATION."}, "header_parameter": {"type": "boolean"}, "url_buttons": {"type": "integer"}, "body": {"type": ["string", "null"], "description": "The body's wording with its placeholders ({{1}}), for a preview."}, "header_text": {"type": ["string", "null"], "description": "A TEXT header's wording with its placeholder."}}}}
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
                "description": "No running instance that publishes templates."
              }
            }
          }
        },
        "/api/v1/channels/{id}/templates/sync": {
          "post": {
            "operationId": "syncChannelTemplates",
            "summary": "Read a channel instance's message templates from the provider again now",
            "tags": [
              "Channels"
            ],
            "description": "Admins only. A template was created or edited in WhatsApp Manager since the last sync (templates are synced at start, every 10 minutes and by Meta's template status webhook): the plugin reads every page of the account's templates again at once, off this request (requests within 10 s of the last share one sync). GET /api/v1/channels/{id}/templates shows the result when `synced_at` moves; a failure shows as `plugin_status.template_sync_error`.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Channel instance id.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "202": {
                "description": "Asked.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "properties": {
                        "channel_instance_id": {"type": "string"},
                        "requested": {"type": "boolean", "description": "False when the plugin takes no such request."}
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
                "description": "No running instance that publishes templates."
              }
            }
          }
        },
        "/api/v1/credentials": {
          "get": {
            "operationId": "listCredentials",
            "summary": "List credentials (never their secrets)",
            "tags": [
              "Credentials"
            ],
            "description": "Admin keys only.",
            "parameters": [],
            "responses": {
              "200": {
                "description": "Credentials.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "credentials"
                      ],
                      "properties": {
                        "credentials": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/Credential"
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
          }
        },
        "/api/v1/credentials/{id}": {
          "put": {
            "operationId": "putCredential",
            "summary": "Create or replace a credential",
            "tags": [
              "Credentials"
            ],
            "description": "Admin keys only. Channel configurations refer to credentials by id; the secret is never returned.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Credential id: 1-64 characters of a-z, 0-9, '-' or '_'.",
                "schema": {
                  "type": "string",
                  "pattern": "^[a-z0-9_-]{1,64}$"
                }
              }
            ],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/CredentialPutRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "Stored.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "id"
                      ],
                      "properties": {
                        "id": {
                          "type": "string"
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
            "operationId": "deleteCredential",
            "summary": "Delete a credential",
            "tags": [
              "Credentials"
            ],
            "description": "Admin keys only.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Credential id.",
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
        "/api/v1/api-keys": {
          "get": {
            "operationId": "listAPIKeys",
            "summary": "List API keys (never the keys themselves)",
            "tags": [
              "API keys"
            ],
            "description": "Admin keys only.",
            "parameters": [],
            "responses": {
              "200": {
                "description": "API keys.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "api_keys"
                      ],
                      "properties": {
                        "api_keys": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/APIKey"
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
            "operationId": "createAPIKey",
            "summary": "Create an API key",
            "tags": [
              "API keys"
            ],
            "description": "Admin keys only. The key itself is in the answer, once; only its SHA-256 is stored. An agent key must name its agent (`agent_id`) and acts as that agent, with the agent's current role; agents may also make their own with POST /api/v1/agents/{id}/tokens.",
            "parameters": [],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/APIKeyCreateRequest"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "The new key, with `key` shown this once.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/APIKeyCreated"
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
          }
        },
        "/api/v1/api-keys/{id}": {
          "delete": {
            "operationId": "revokeAPIKey",
            "summary": "Revoke an API key",
            "tags": [
              "API keys"
            ],
            "description": "Admin keys only.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "API key id (not the key itself).",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "204": {
                "description": "Revoked."
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
        "/api/v1/outbox": {
          "get": {
            "operationId": "listOutbox",
            "summary": "List outbox entries",
            "tags": [
              "Outbox"
            ],
            "description": "Admin keys only. Replies and their delivery state.",
            "parameters": [
              {
                "name": "state",
                "in": "query",
                "required": false,
                "description": "Which entries.",
                "schema": {
                  "type": "string",
                  "enum": [
                    "pending",
                    "sent",
                    "failed"
                  ],
                  "default": "failed"
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
                  "default": 100
                }
              }
            ],
            "responses": {
              "200": {
                "description": "Outbox entries.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "entries"
                      ],
                      "properties": {
                        "entries": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/OutboxEntry"
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
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/outbox/{message_id}/retry": {
          "post": {
            "operationId": "retryOutboxEntry",
            "summary": "Retry a failed delivery",
            "tags": [
              "Outbox"
            ],
            "description": "Admin keys only. Puts a failed outbox entry back to pending. No request body.",
            "parameters": [
              {
                "name": "message_id",
                "in": "path",
                "required": true,
                "description": "Id of the message whose delivery failed.",
                "schema": {
                  "type": "integer",
                  "format": "int64"
                }
              }
            ],
            "responses": {
              "202": {
                "description": "Queued again.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "message_id",
                        "state"
                      ],
                      "properties": {
                        "message_id": {
                          "type": "integer",
                          "format": "int64"
                        },
                        "state": {
                          "type": "string",
                          "const": "pending"
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
        }
      }
    }
    """##
}
