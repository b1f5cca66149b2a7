/// The OpenAPI 3.1 description of /api/v1, served at /api/v1/openapi.json.
/// A test checks that it names exactly the routes in the route table.
/// (A ##-delimited raw string, because the JSON's "$ref": "#/..." values contain `"#`.)
enum OpenAPIDocument {
    static let json = ##"""
    {
      "openapi": "3.1.0",
      "info": {
        "title": "Switchboard REST API",
        "version": "1.0.0",
        "description": "The REST API of the Switchboard customer-support host, under /api/v1. Authenticate with an API key: `Authorization: Bearer <key>`; health and this document need none. Errors are JSON: {\"error\": code, \"message\": text, \"field\": name (when one field is at fault)}. Any method a path does not support gets 405 `method_not_allowed` with an Allow header.\n\nPlugin webhooks live under /hooks/<instance-id>/ and are documented by each plugin's README, not here."
      },
      "tags": [
        {
          "name": "Conversations"
        },
        {
          "name": "Contacts"
        },
        {
          "name": "Plugins"
        },
        {
          "name": "Channels"
        },
        {
          "name": "Credentials"
        },
        {
          "name": "API keys"
        },
        {
          "name": "Outbox"
        },
        {
          "name": "System"
        }
      ],
      "security": [
        {
          "bearerAuth": []
        }
      ],
      "paths": {
        "/api/v1/conversations": {
          "get": {
            "operationId": "listConversations",
            "summary": "List conversations, most recently updated first",
            "tags": [
              "Conversations"
            ],
            "description": "Integrator keys see only the conversations of their own channel instances. Page with `before`: pass the `next_before` of the previous page; it is null on the last page.",
            "parameters": [
              {
                "name": "status",
                "in": "query",
                "required": false,
                "description": "Only conversations with this status.",
                "schema": {
                  "type": "string",
                  "enum": [
                    "active",
                    "snoozed",
                    "done",
                    "archived"
                  ]
                }
              },
              {
                "name": "engagement",
                "in": "query",
                "required": false,
                "description": "Only pending (the customer waits on us) or engaged (we replied) conversations.",
                "schema": {
                  "type": "string",
                  "enum": [
                    "pending",
                    "engaged"
                  ]
                }
              },
              {
                "name": "channel_instance_id",
                "in": "query",
                "required": false,
                "description": "Only conversations on this channel instance.",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "contact_id",
                "in": "query",
                "required": false,
                "description": "Only conversations with this contact.",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "assignee",
                "in": "query",
                "required": false,
                "description": "Only conversations assigned to this assignee.",
                "schema": {
                  "type": "string"
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
                  "default": 50
                }
              },
              {
                "name": "before",
                "in": "query",
                "required": false,
                "description": "The `next_before` value of the previous page (an update time in milliseconds since the epoch).",
                "schema": {
                  "type": "integer",
                  "format": "int64"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "A page of conversations.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "conversations",
                        "next_before"
                      ],
                      "properties": {
                        "conversations": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/Conversation"
                          }
                        },
                        "next_before": {
                          "type": [
                            "integer",
                            "null"
                          ],
                          "format": "int64",
                          "description": "Pass as `before` to get the next page; null when this page is the last."
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
        "/api/v1/conversations/{id}": {
          "get": {
            "operationId": "getConversation",
            "summary": "Get a conversation with its messages and contact",
            "tags": [
              "Conversations"
            ],
            "description": "404 also when the conversation exists but an integrator key may not see it.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Conversation id.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The conversation, its messages (oldest first) and its contact.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ConversationDetail"
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
          }
        },
        "/api/v1/conversations/{id}/messages": {
          "get": {
            "operationId": "listConversationMessages",
            "summary": "List a conversation's messages",
            "tags": [
              "Conversations"
            ],
            "description": "Messages with an id greater than `after`, oldest first.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Conversation id.",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "after",
                "in": "query",
                "required": false,
                "description": "Only messages with an id greater than this.",
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
              }
            ],
            "responses": {
              "200": {
                "description": "Messages.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "messages"
                      ],
                      "properties": {
                        "messages": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/Message"
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
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          },
          "post": {
            "operationId": "replyToConversation",
            "summary": "Queue a reply to the customer",
            "tags": [
              "Conversations"
            ],
            "description": "Stores the reply and queues it for delivery on the conversation's channel instance; delivery happens asynchronously (watch the message's `delivery_status`, or the events feed). At least one of `text`, `rich` or `attachments` is required. 409 when the conversation is archived.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Conversation id.",
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
                    "$ref": "#/components/schemas/ReplyRequest"
                  }
                }
              }
            },
            "responses": {
              "202": {
                "description": "The reply was stored and queued; `delivery_status` is `queued`.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Message"
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
        "/api/v1/conversations/{id}/events": {
          "get": {
            "operationId": "listConversationEvents",
            "summary": "List a conversation's events",
            "tags": [
              "Conversations"
            ],
            "description": "Events with an id greater than `after`, oldest first.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Conversation id.",
                "schema": {
                  "type": "string"
                }
              },
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
                        "events"
                      ],
                      "properties": {
                        "events": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/Event"
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
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/conversations/{id}/switch": {
          "post": {
            "operationId": "switchConversationChannel",
            "summary": "Move a conversation to another channel instance",
            "tags": [
              "Conversations"
            ],
            "description": "Later replies go out on the target channel instance, which must be enabled and running (409 `channel_unavailable` otherwise). Give `identity_kind` and `identity_value` together to add the contact identity to reach them on the new channel. 403 when an integrator key names a channel instance outside its scope.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Conversation id.",
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
                    "$ref": "#/components/schemas/SwitchChannelRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The updated conversation.",
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
        "/api/v1/contacts/{id}": {
          "get": {
            "operationId": "getContact",
            "summary": "Get a contact",
            "tags": [
              "Contacts"
            ],
            "description": "Integrator keys see only contacts that have a conversation on one of their channel instances (404 otherwise).",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Contact id.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The contact.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Contact"
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
          }
        },
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
            "description": "Admin keys only. The key itself is in the answer, once; only its SHA-256 is stored.",
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
        },
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
              "System"
            ],
            "description": "Admin keys only. All events with an id greater than `after`, oldest first. Poll with `after` set to the previous answer's `next_after`.",
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
                          "description": "The id of the last event returned (or `after` when none were); pass as `after` next time."
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
      },
      "components": {
        "securitySchemes": {
          "bearerAuth": {
            "type": "http",
            "scheme": "bearer",
            "description": "An API key created with POST /api/v1/api-keys (or the CLI)."
          }
        },
        "schemas": {
          "Error": {
            "type": "object",
            "description": "The one error shape of the API.",
            "required": [
              "error",
              "message"
            ],
            "properties": {
              "error": {
                "type": "string",
                "description": "Machine-readable code: invalid_field, invalid_json, unauthorized, forbidden, not_found, method_not_allowed, conflict, channel_unavailable, payload_too_large, unsupported_media_type, operation_failed, unavailable."
              },
              "message": {
                "type": "string",
                "description": "Human-readable explanation."
              },
              "field": {
                "type": "string",
                "description": "The request field (or query or path parameter) the error concerns, when there is one; nested fields are dotted, e.g. binding.kind or config.api_token."
              }
            }
          },
          "Conversation": {
            "type": "object",
            "required": [
              "id",
              "contact_id",
              "channel_instance_id",
              "status",
              "engagement",
              "assignee",
              "agent_stack",
              "priority",
              "created_at",
              "updated_at",
              "last_message_at"
            ],
            "properties": {
              "id": {
                "type": "string"
              },
              "contact_id": {
                "type": "string"
              },
              "channel_instance_id": {
                "type": "string",
                "description": "The channel instance replies go out on."
              },
              "status": {
                "type": "string",
                "enum": [
                  "active",
                  "snoozed",
                  "done",
                  "archived"
                ]
              },
              "engagement": {
                "type": "string",
                "enum": [
                  "pending",
                  "engaged"
                ],
                "description": "pending: the customer waits on us; engaged: we replied last."
              },
              "assignee": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "agent_stack": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "The Agent Stack handling the conversation, if any."
              },
              "priority": {
                "type": "string"
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
              },
              "last_message_at": {
                "type": [
                  "string",
                  "null"
                ],
                "format": "date-time",
                "description": "When the latest message was stored; null before the first."
              }
            }
          },
          "ConversationDetail": {
            "allOf": [
              {
                "$ref": "#/components/schemas/Conversation"
              },
              {
                "type": "object",
                "required": [
                  "messages",
                  "contact"
                ],
                "properties": {
                  "messages": {
                    "type": "array",
                    "items": {
                      "$ref": "#/components/schemas/Message"
                    },
                    "description": "Oldest first."
                  },
                  "contact": {
                    "oneOf": [
                      {
                        "$ref": "#/components/schemas/Contact"
                      },
                      {
                        "type": "null"
                      }
                    ]
                  }
                }
              }
            ]
          },
          "Attachment": {
            "type": "object",
            "required": [
              "name",
              "url"
            ],
            "properties": {
              "name": {
                "type": "string"
              },
              "url": {
                "type": "string",
                "format": "uri"
              },
              "content_type": {
                "type": "string"
              },
              "size": {
                "type": "integer",
                "minimum": 0,
                "description": "In bytes."
              }
            }
          },
          "Message": {
            "type": "object",
            "required": [
              "id",
              "conversation_id",
              "direction",
              "author_kind",
              "author_id",
              "channel_instance_id",
              "text",
              "format",
              "rich",
              "attachments",
              "provider_message_id",
              "delivery_status",
              "delivery_detail",
              "created_at"
            ],
            "properties": {
              "id": {
                "type": "integer",
                "format": "int64"
              },
              "conversation_id": {
                "type": "string"
              },
              "direction": {
                "type": "string",
                "enum": [
                  "inbound",
                  "outbound"
                ]
              },
              "author_kind": {
                "type": "string",
                "enum": [
                  "customer",
                  "agent",
                  "stack",
                  "system"
                ]
              },
              "author_id": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "channel_instance_id": {
                "type": "string",
                "description": "The channel instance the message came in or went out on."
              },
              "text": {
                "type": "string"
              },
              "format": {
                "type": "string",
                "enum": [
                  "plain",
                  "html",
                  "markdown"
                ]
              },
              "rich": {
                "type": [
                  "object",
                  "array",
                  "null"
                ],
                "description": "Channel-specific rich content, as sent."
              },
              "attachments": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/Attachment"
                }
              },
              "provider_message_id": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "The channel provider's id for the message, once known."
              },
              "delivery_status": {
                "type": "string",
                "enum": [
                  "received",
                  "queued",
                  "sent",
                  "delivered",
                  "read",
                  "failed"
                ],
                "description": "Inbound messages are `received`."
              },
              "delivery_detail": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "Why delivery failed, or other provider detail."
              },
              "created_at": {
                "type": "string",
                "format": "date-time",
                "description": "UTC, ISO 8601 with milliseconds, e.g. 2026-11-21T19:40:00.123Z"
              }
            }
          },
          "Contact": {
            "type": "object",
            "required": [
              "id",
              "display_name",
              "identities",
              "attributes",
              "created_at"
            ],
            "properties": {
              "id": {
                "type": "string"
              },
              "display_name": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "identities": {
                "type": "array",
                "items": {
                  "type": "object",
                  "required": [
                    "kind",
                    "value"
                  ],
                  "properties": {
                    "kind": {
                      "type": "string",
                      "description": "Identity kind declared by a plugin, e.g. phone or email."
                    },
                    "value": {
                      "type": "string"
                    }
                  }
                }
              },
              "attributes": {
                "type": "object"
              },
              "created_at": {
                "type": "string",
                "format": "date-time",
                "description": "UTC, ISO 8601 with milliseconds, e.g. 2026-11-21T19:40:00.123Z"
              }
            }
          },
          "Event": {
            "type": "object",
            "required": [
              "id",
              "conversation_id",
              "type",
              "actor",
              "data",
              "created_at"
            ],
            "properties": {
              "id": {
                "type": "integer",
                "format": "int64"
              },
              "conversation_id": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "type": {
                "type": "string",
                "description": "e.g. conversation.created, conversation.reopened, conversation.channel_switched, message.received, message.queued, message.sent, message.failed."
              },
              "actor": {
                "type": "string",
                "description": "Who caused it: customer, system, or an API key's name."
              },
              "data": {
                "type": "object"
              },
              "created_at": {
                "type": "string",
                "format": "date-time",
                "description": "UTC, ISO 8601 with milliseconds, e.g. 2026-11-21T19:40:00.123Z"
              }
            }
          },
          "OutboxEntry": {
            "type": "object",
            "required": [
              "message_id",
              "conversation_id",
              "state",
              "attempts",
              "last_error",
              "idempotency_key",
              "next_attempt_at"
            ],
            "properties": {
              "message_id": {
                "type": "integer",
                "format": "int64"
              },
              "conversation_id": {
                "type": "string"
              },
              "state": {
                "type": "string",
                "enum": [
                  "pending",
                  "sent",
                  "failed"
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
              "idempotency_key": {
                "type": "string"
              },
              "next_attempt_at": {
                "type": "string",
                "format": "date-time",
                "description": "UTC, ISO 8601 with milliseconds, e.g. 2026-11-21T19:40:00.123Z"
              }
            }
          },
          "Plugin": {
            "type": "object",
            "required": [
              "id",
              "enabled",
              "version",
              "sha256",
              "directory",
              "error"
            ],
            "description": "`name`, `capabilities`, `identity_kinds` and `config_schema` are present when a build is loaded.",
            "properties": {
              "id": {
                "type": "string"
              },
              "enabled": {
                "type": "boolean"
              },
              "version": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "Version of the active build; null when none loaded."
              },
              "sha256": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "SHA-256 of the active build's library."
              },
              "directory": {
                "type": "string"
              },
              "error": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "Why no build is loaded."
              },
              "name": {
                "type": "string"
              },
              "capabilities": {
                "type": "object",
                "required": [
                  "content",
                  "format",
                  "max_text_length"
                ],
                "properties": {
                  "content": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "enum": [
                        "text",
                        "images",
                        "files",
                        "rich"
                      ]
                    }
                  },
                  "format": {
                    "type": "string",
                    "enum": [
                      "plain",
                      "html",
                      "markdown"
                    ]
                  },
                  "max_text_length": {
                    "type": "integer",
                    "minimum": 0,
                    "description": "In Unicode scalars; 0 means unlimited."
                  }
                }
              },
              "identity_kinds": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              },
              "config_schema": {
                "type": "object",
                "description": "The JSON Schema a channel instance's `config` must satisfy."
              }
            }
          },
          "Binding": {
            "type": "object",
            "required": [
              "kind"
            ],
            "description": "Who handles new conversations on a channel instance.",
            "properties": {
              "kind": {
                "type": "string",
                "enum": [
                  "team",
                  "stack"
                ]
              },
              "ref": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "The Agent Stack; required when kind is stack."
              }
            }
          },
          "ChannelInstance": {
            "type": "object",
            "required": [
              "id",
              "plugin_id",
              "name",
              "enabled",
              "config",
              "binding",
              "state",
              "reason",
              "webhook_path",
              "created_at",
              "updated_at"
            ],
            "properties": {
              "id": {
                "type": "string"
              },
              "plugin_id": {
                "type": "string"
              },
              "name": {
                "type": "string"
              },
              "enabled": {
                "type": "boolean"
              },
              "config": {
                "type": "object"
              },
              "binding": {
                "$ref": "#/components/schemas/Binding"
              },
              "state": {
                "type": "string",
                "enum": [
                  "running",
                  "disabled",
                  "plugin_disabled",
                  "failed",
                  "quarantined"
                ]
              },
              "reason": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "Why the instance is failed or quarantined."
              },
              "webhook_path": {
                "type": "string",
                "description": "Where the provider sends webhooks: /hooks/<instance-id>/."
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
          "Credential": {
            "type": "object",
            "required": [
              "id",
              "description",
              "created_at"
            ],
            "properties": {
              "id": {
                "type": "string"
              },
              "description": {
                "type": "string"
              },
              "created_at": {
                "type": "string",
                "format": "date-time",
                "description": "UTC, ISO 8601 with milliseconds, e.g. 2026-11-21T19:40:00.123Z"
              }
            }
          },
          "APIKey": {
            "type": "object",
            "required": [
              "id",
              "name",
              "role",
              "channel_instance_ids",
              "created_at"
            ],
            "properties": {
              "id": {
                "type": "string"
              },
              "name": {
                "type": "string"
              },
              "role": {
                "type": "string",
                "enum": [
                  "admin",
                  "agent",
                  "integrator"
                ],
                "description": "admin: everything; agent: conversations; integrator: the conversations of its own channel instances."
              },
              "channel_instance_ids": {
                "type": "array",
                "items": {
                  "type": "string"
                },
                "description": "An integrator key's scope."
              },
              "created_at": {
                "type": "string",
                "format": "date-time",
                "description": "UTC, ISO 8601 with milliseconds, e.g. 2026-11-21T19:40:00.123Z"
              }
            }
          },
          "APIKeyCreated": {
            "allOf": [
              {
                "$ref": "#/components/schemas/APIKey"
              },
              {
                "type": "object",
                "required": [
                  "key"
                ],
                "properties": {
                  "key": {
                    "type": "string",
                    "description": "The key to send as `Authorization: Bearer <key>`. Shown only this once."
                  }
                }
              }
            ]
          },
          "Health": {
            "type": "object",
            "required": [
              "status",
              "store",
              "uptime_seconds",
              "channels_running",
              "channels_total"
            ],
            "properties": {
              "status": {
                "type": "string",
                "enum": [
                  "ok",
                  "degraded"
                ]
              },
              "store": {
                "type": "string",
                "enum": [
                  "ok",
                  "unavailable"
                ]
              },
              "uptime_seconds": {
                "type": "integer",
                "minimum": 0
              },
              "channels_running": {
                "type": "integer",
                "minimum": 0
              },
              "channels_total": {
                "type": "integer",
                "minimum": 0
              }
            }
          },
          "ReplyRequest": {
            "type": "object",
            "description": "At least one of text, rich or attachments is required.",
            "properties": {
              "text": {
                "type": "string"
              },
              "format": {
                "type": "string",
                "enum": [
                  "plain",
                  "html",
                  "markdown"
                ],
                "default": "plain"
              },
              "rich": {
                "type": [
                  "object",
                  "array",
                  "null"
                ],
                "description": "Channel-specific rich content."
              },
              "attachments": {
                "type": [
                  "array",
                  "null"
                ],
                "items": {
                  "$ref": "#/components/schemas/Attachment"
                }
              },
              "author_kind": {
                "type": "string",
                "enum": [
                  "agent",
                  "stack",
                  "system"
                ],
                "default": "agent"
              },
              "author_name": {
                "type": "string",
                "description": "Stored as the message's author_id; defaults to the API key's name."
              }
            }
          },
          "SwitchChannelRequest": {
            "type": "object",
            "required": [
              "channel_instance_id"
            ],
            "properties": {
              "channel_instance_id": {
                "type": "string",
                "description": "The target channel instance; must be enabled and running."
              },
              "identity_kind": {
                "type": "string",
                "description": "With identity_value: the contact's identity on the target channel."
              },
              "identity_value": {
                "type": "string"
              }
            }
          },
          "UpgradePluginRequest": {
            "type": "object",
            "properties": {
              "path": {
                "type": "string",
                "description": "Folder holding the new build (plugin.json and library); default: the plugin's folder in the plugins directory."
              }
            }
          },
          "ChannelCreateRequest": {
            "type": "object",
            "required": [
              "id",
              "plugin_id"
            ],
            "properties": {
              "id": {
                "type": "string",
                "pattern": "^[a-z0-9_-]{1,64}$"
              },
              "plugin_id": {
                "type": "string"
              },
              "name": {
                "type": "string",
                "description": "Defaults to the id."
              },
              "config": {
                "type": "object",
                "description": "Must satisfy the plugin's config_schema.",
                "default": {}
              },
              "binding": {
                "oneOf": [
                  {
                    "$ref": "#/components/schemas/Binding"
                  },
                  {
                    "type": "null"
                  }
                ],
                "description": "Defaults to kind team."
              },
              "enabled": {
                "type": "boolean",
                "default": true
              }
            }
          },
          "ChannelUpdateRequest": {
            "type": "object",
            "description": "Only the fields given change.",
            "properties": {
              "name": {
                "type": "string"
              },
              "config": {
                "type": "object",
                "description": "Replaces the whole configuration; must satisfy the plugin's config_schema."
              },
              "binding": {
                "oneOf": [
                  {
                    "$ref": "#/components/schemas/Binding"
                  },
                  {
                    "type": "null"
                  }
                ],
                "description": "null resets to kind team."
              },
              "enabled": {
                "type": "boolean"
              }
            }
          },
          "CredentialPutRequest": {
            "type": "object",
            "required": [
              "secret"
            ],
            "properties": {
              "secret": {
                "type": "string",
                "minLength": 1
              },
              "description": {
                "type": "string",
                "default": ""
              }
            }
          },
          "APIKeyCreateRequest": {
            "type": "object",
            "required": [
              "name",
              "role"
            ],
            "properties": {
              "name": {
                "type": "string",
                "minLength": 1
              },
              "role": {
                "type": "string",
                "enum": [
                  "admin",
                  "agent",
                  "integrator"
                ]
              },
              "channel_instance_ids": {
                "type": "array",
                "items": {
                  "type": "string"
                },
                "description": "Existing channel instances; at least one for an integrator key."
              }
            }
          }
        },
        "responses": {
          "BadRequest": {
            "description": "The request is invalid: `invalid_field` (see `field`) or `invalid_json`.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                },
                "example": {
                  "error": "invalid_field",
                  "message": "limit: must be a whole number from 1 to 500",
                  "field": "limit"
                }
              }
            }
          },
          "Unauthorized": {
            "description": "No valid API key; send `Authorization: Bearer <key>`.",
            "headers": {
              "WWW-Authenticate": {
                "description": "Always `Bearer`.",
                "schema": {
                  "type": "string",
                  "const": "Bearer"
                }
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                },
                "example": {
                  "error": "unauthorized",
                  "message": "send a valid API key as \"Authorization: Bearer <key>\""
                }
              }
            }
          },
          "Forbidden": {
            "description": "This API key's role may not do that (`forbidden`).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                },
                "example": {
                  "error": "forbidden",
                  "message": "this API key's role may not do that"
                }
              }
            }
          },
          "NotFound": {
            "description": "No such resource, or not visible to this API key (`not_found`).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                },
                "example": {
                  "error": "not_found",
                  "message": "no conversation cnv_123"
                }
              }
            }
          },
          "Conflict": {
            "description": "The request conflicts with the current state (`conflict`, or `channel_unavailable`).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                },
                "example": {
                  "error": "conflict",
                  "message": "a channel instance sms-main already exists"
                }
              }
            }
          },
          "PayloadTooLarge": {
            "description": "The request body exceeds the server's size limit (`payload_too_large`, 1 MiB by default).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                },
                "example": {
                  "error": "payload_too_large",
                  "message": "request body exceeds the size limit"
                }
              }
            }
          },
          "UnsupportedMediaType": {
            "description": "The body was sent with a Content-Type other than application/json (`unsupported_media_type`).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                },
                "example": {
                  "error": "unsupported_media_type",
                  "message": "send the body as application/json"
                }
              }
            }
          },
          "OperationFailed": {
            "description": "The operation was attempted and failed; nothing changed (`operation_failed`).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                },
                "example": {
                  "error": "operation_failed",
                  "message": "upgrade refused: library checksum mismatch"
                }
              }
            }
          },
          "Unavailable": {
            "description": "The store could not be reached; retry later, nothing was half-written (`unavailable`).",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Error"
                },
                "example": {
                  "error": "unavailable",
                  "message": "store: database is locked"
                }
              }
            }
          }
        }
      }
    }
    """##
}
