/// Voice: IVR flows, their revisions and validation, schedules and queues.
/// Merged into the served document by `OpenAPIDocument`; a test checks it against the route table.
extension OpenAPIDocument {
    static let voicePaths = ##"""
    {
      "tags": [
        {
          "name": "Voice",
          "description": "IVR flows (draft, validation, revisions, publish, rollback), hours schedules and call queues for the voice channel."
        }
      ],
      "paths": {
        "/api/v1/voice/flows": {
          "get": {
            "operationId": "listVoiceFlows",
            "summary": "List IVR flows",
            "tags": [
              "Voice"
            ],
            "description": "Any key. By name.",
            "parameters": [],
            "responses": {
              "200": {
                "description": "Flows.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "flows"
                      ],
                      "properties": {
                        "flows": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/VoiceFlow"
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
            "operationId": "createVoiceFlow",
            "summary": "Create an IVR flow",
            "tags": [
              "Voice"
            ],
            "description": "Admin keys only. Without `definition` the draft is a flow that says goodbye and hangs up. The draft may be invalid; only publishing requires a valid one.",
            "parameters": [],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/VoiceFlowCreateRequest"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "The new flow.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/VoiceFlow"
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
        "/api/v1/voice/flows/{id}": {
          "get": {
            "operationId": "getVoiceFlow",
            "summary": "Get an IVR flow",
            "tags": [
              "Voice"
            ],
            "description": "Any key.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Flow id (flw_…).",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The flow.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/VoiceFlow"
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
          "delete": {
            "operationId": "deleteVoiceFlow",
            "summary": "Delete an IVR flow and its revisions",
            "tags": [
              "Voice"
            ],
            "description": "Admin keys only. 409 while a channel instance's config names the flow as its `flow_id`.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Flow id (flw_…).",
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
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/voice/flows/{id}/draft": {
          "put": {
            "operationId": "saveVoiceFlowDraft",
            "summary": "Save the draft (autosave)",
            "tags": [
              "Voice"
            ],
            "description": "Admin keys only. Replaces the draft, valid or not, and answers its validation report.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Flow id (flw_…).",
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
                      "definition"
                    ],
                    "properties": {
                      "definition": {
                        "$ref": "#/components/schemas/VoiceFlowDefinition"
                      }
                    }
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The flow and the draft's validation.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "flow",
                        "validation"
                      ],
                      "properties": {
                        "flow": {
                          "$ref": "#/components/schemas/VoiceFlow"
                        },
                        "validation": {
                          "$ref": "#/components/schemas/VoiceValidationReport"
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
        },
        "/api/v1/voice/flows/{id}/validate": {
          "post": {
            "operationId": "validateVoiceFlow",
            "summary": "Validate a definition",
            "tags": [
              "Voice"
            ],
            "description": "Admin keys only. Checks `definition` (default: the stored draft) with the rules publishing enforces: every exit wired, an ending reachable from every node, every loop bounded by a menu, collect or AI agent whose exhaustion exit leaves it, schedules (IANA zones) and references (schedules, queues, SMS and channel instances, stacks) existing. Errors block publishing; warnings (unreachable nodes, a schedule that never opens) do not. Nothing is stored.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Flow id (flw_…).",
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
                      "definition": {
                        "$ref": "#/components/schemas/VoiceFlowDefinition"
                      }
                    }
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The report.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/VoiceValidationReport"
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
        },
        "/api/v1/voice/flows/{id}/publish": {
          "post": {
            "operationId": "publishVoiceFlow",
            "summary": "Publish the draft as a new revision",
            "tags": [
              "Voice"
            ],
            "description": "Admin keys only. Validates the draft and appends it as an immutable revision that new calls start on (calls in progress stay on theirs). 400 `invalid_flow` with `problems` listing every error when the draft is invalid; nothing is published then; 400 `test_failed` (field `tests`, with `test_id`) when a saved test of the flow fails on the draft.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Flow id (flw_…).",
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
                      "message": {
                        "type": [
                          "string",
                          "null"
                        ],
                        "maxLength": 500,
                        "description": "What changed, kept with the revision."
                      }
                    }
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "The new revision.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/VoiceRevision"
                    }
                  }
                }
              },
              "400": {
                "description": "Invalid request (`invalid_field`, `invalid_json`), an invalid draft (`invalid_flow`, with `problems`) or a saved test failing (`test_failed`).",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/VoiceInvalidFlowError"
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
        "/api/v1/voice/flows/{id}/revisions": {
          "get": {
            "operationId": "listVoiceFlowRevisions",
            "summary": "List a flow's revisions",
            "tags": [
              "Voice"
            ],
            "description": "Any key. Newest first.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Flow id (flw_…).",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "Revisions.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "revisions"
                      ],
                      "properties": {
                        "revisions": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/VoiceRevision"
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
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/voice/flows/{id}/revisions/{number}": {
          "get": {
            "operationId": "getVoiceFlowRevision",
            "summary": "Get one revision",
            "tags": [
              "Voice"
            ],
            "description": "Any key.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Flow id (flw_…).",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "number",
                "in": "path",
                "required": true,
                "description": "Revision number.",
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 2147483647
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The revision.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/VoiceRevision"
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
        "/api/v1/voice/flows/{id}/rollback": {
          "post": {
            "operationId": "rollBackVoiceFlow",
            "summary": "Point the flow at an earlier revision",
            "tags": [
              "Voice"
            ],
            "description": "Admin keys only. New calls start on that revision; nothing is edited and the draft stays. 400 naming `revision` when the flow has no such revision.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Flow id (flw_…).",
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
                      "revision"
                    ],
                    "properties": {
                      "revision": {
                        "type": "integer",
                        "minimum": 1,
                        "maximum": 2147483647
                      }
                    }
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The flow.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/VoiceFlow"
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
        },
        "/api/v1/voice/schedules": {
          "get": {
            "operationId": "listVoiceSchedules",
            "summary": "List schedules",
            "tags": [
              "Voice"
            ],
            "description": "Any key. By name.",
            "parameters": [],
            "responses": {
              "200": {
                "description": "Schedules.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "schedules"
                      ],
                      "properties": {
                        "schedules": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/VoiceSchedule"
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
            "operationId": "createVoiceSchedule",
            "summary": "Create a schedule",
            "tags": [
              "Voice"
            ],
            "description": "Admin keys only.",
            "parameters": [],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/VoiceScheduleRequest"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "The new schedule.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/VoiceSchedule"
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
        "/api/v1/voice/schedules/{id}": {
          "get": {
            "operationId": "getVoiceSchedule",
            "summary": "Get a schedule",
            "tags": [
              "Voice"
            ],
            "description": "Any key.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Schedule id.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The schedule.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/VoiceSchedule"
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
          "put": {
            "operationId": "replaceVoiceSchedule",
            "summary": "Replace a schedule",
            "tags": [
              "Voice"
            ],
            "description": "Admin keys only. Every field is replaced; optional fields left out are cleared.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Schedule id.",
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
                    "$ref": "#/components/schemas/VoiceScheduleRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The schedule.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/VoiceSchedule"
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
            "operationId": "deleteVoiceSchedule",
            "summary": "Delete a schedule",
            "tags": [
              "Voice"
            ],
            "description": "Admin keys only. 409 while a published flow's hours check names it.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Schedule id.",
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
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/voice/queues": {
          "get": {
            "operationId": "listVoiceQueues",
            "summary": "List queues",
            "tags": [
              "Voice"
            ],
            "description": "Any key. By name.",
            "parameters": [],
            "responses": {
              "200": {
                "description": "Queues.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "queues"
                      ],
                      "properties": {
                        "queues": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/VoiceQueue"
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
            "operationId": "createVoiceQueue",
            "summary": "Create a queue",
            "tags": [
              "Voice"
            ],
            "description": "Admin keys only.",
            "parameters": [],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/VoiceQueueRequest"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "The new queue.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/VoiceQueue"
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
        "/api/v1/voice/queues/{id}": {
          "get": {
            "operationId": "getVoiceQueue",
            "summary": "Get a queue",
            "tags": [
              "Voice"
            ],
            "description": "Any key.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Queue id.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The queue.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/VoiceQueue"
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
          "put": {
            "operationId": "replaceVoiceQueue",
            "summary": "Replace a queue",
            "tags": [
              "Voice"
            ],
            "description": "Admin keys only. Every field is replaced; optional fields left out are cleared.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Queue id.",
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
                    "$ref": "#/components/schemas/VoiceQueueRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The queue.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/VoiceQueue"
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
            "operationId": "deleteVoiceQueue",
            "summary": "Delete a queue",
            "tags": [
              "Voice"
            ],
            "description": "Admin keys only. 409 while a published flow's queue or callback node names it.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Queue id.",
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
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        }
      },
      "schemas": {
        "VoiceFlowDefinition": {
          "type": "object",
          "description": "A flow definition (`switchboard.ivr/1`): `entry` (a node id), `settings` (`guardExit` required; `maxSteps` 10–1000, `maxNodeVisits` 2–50, `maxIvrSeconds` 30–7200, `language`, `voice`), `nodes` (id → `{type, params, exits}`; types say, menu, collect, branch, hours_check, queue, callback, dial, record, send_sms, route_to_channel, ai_agent, hangup; exits name node ids), optional `onHangup`, `schedules` (inline, besides stored ones by id) and `layout` (the editor's; never read by the engine). Stored as given, at most 256,000 bytes of JSON; drafts may be invalid.",
          "additionalProperties": true
        },
        "VoiceFlow": {
          "type": "object",
          "required": [
            "id",
            "name",
            "draft",
            "published_revision",
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
            "draft": {
              "$ref": "#/components/schemas/VoiceFlowDefinition"
            },
            "published_revision": {
              "type": [
                "integer",
                "null"
              ],
              "minimum": 1,
              "description": "The revision new calls start on; null until published."
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
        "VoiceFlowCreateRequest": {
          "type": "object",
          "required": [
            "name"
          ],
          "properties": {
            "name": {
              "type": "string",
              "minLength": 1,
              "maxLength": 120,
              "pattern": "^[^ \\t\\r\\n]([\\s\\S]*[^ \\t\\r\\n])?$",
              "description": "1 to 120 characters, without leading or trailing spaces."
            },
            "definition": {
              "$ref": "#/components/schemas/VoiceFlowDefinition"
            }
          }
        },
        "VoiceRevision": {
          "type": "object",
          "required": [
            "number",
            "definition",
            "sha256",
            "author",
            "message",
            "created_at"
          ],
          "properties": {
            "number": {
              "type": "integer",
              "minimum": 1
            },
            "definition": {
              "$ref": "#/components/schemas/VoiceFlowDefinition"
            },
            "sha256": {
              "type": "string",
              "pattern": "^[0-9a-f]{64}$",
              "description": "Of the definition's stored JSON text."
            },
            "author": {
              "type": "string",
              "description": "Who published: agent:<id> or key:<id>."
            },
            "message": {
              "type": [
                "string",
                "null"
              ]
            },
            "created_at": {
              "type": "string",
              "format": "date-time"
            }
          }
        },
        "VoiceProblem": {
          "type": "object",
          "required": [
            "code",
            "severity",
            "node",
            "exit",
            "message"
          ],
          "properties": {
            "code": {
              "type": "string",
              "description": "invalid_definition, entry_missing, guard_missing, exit_unwired, exit_target_missing, no_ending, unbounded_loop, unreachable, reference_missing, time_zone_unknown, schedule_never_open."
            },
            "severity": {
              "type": "string",
              "enum": [
                "error",
                "warning"
              ]
            },
            "node": {
              "type": [
                "string",
                "null"
              ]
            },
            "exit": {
              "type": [
                "string",
                "null"
              ]
            },
            "message": {
              "type": "string"
            }
          }
        },
        "VoiceValidationReport": {
          "type": "object",
          "required": [
            "valid",
            "problems"
          ],
          "properties": {
            "valid": {
              "type": "boolean",
              "description": "No errors (warnings allowed)."
            },
            "problems": {
              "type": "array",
              "items": {
                "$ref": "#/components/schemas/VoiceProblem"
              }
            }
          }
        },
        "VoiceInvalidFlowError": {
          "type": "object",
          "required": [
            "error",
            "message"
          ],
          "properties": {
            "error": {
              "type": "string",
              "description": "invalid_flow, or invalid_field / invalid_json for a bad request."
            },
            "message": {
              "type": "string"
            },
            "field": {
              "type": "string"
            },
            "problems": {
              "type": "array",
              "items": {
                "$ref": "#/components/schemas/VoiceProblem"
              },
              "description": "With invalid_flow: every error."
            }
          }
        },
        "VoiceWeeklyHours": {
          "type": "object",
          "required": [
            "day",
            "open",
            "close"
          ],
          "properties": {
            "day": {
              "type": "string",
              "enum": [
                "mon",
                "tue",
                "wed",
                "thu",
                "fri",
                "sat",
                "sun"
              ]
            },
            "open": {
              "type": "string",
              "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$",
              "description": "HH:MM in the schedule's zone."
            },
            "close": {
              "type": "string",
              "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$",
              "description": "HH:MM; at or before `open` the hours run past midnight into the next day."
            }
          }
        },
        "VoiceHoliday": {
          "type": "object",
          "required": [
            "date",
            "name"
          ],
          "dependentRequired": {
            "open": [
              "close"
            ],
            "close": [
              "open"
            ]
          },
          "properties": {
            "date": {
              "type": "string",
              "pattern": "^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$",
              "description": "YYYY-MM-DD in the schedule's zone; each date at most once."
            },
            "name": {
              "type": "string",
              "minLength": 1,
              "maxLength": 120,
              "pattern": "^[^ \\t\\r\\n]([\\s\\S]*[^ \\t\\r\\n])?$",
              "description": "1 to 120 characters, without leading or trailing spaces."
            },
            "open": {
              "type": "string",
              "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$",
              "description": "With `close`: special hours that day (closed outside them). Without: closed all day."
            },
            "close": {
              "type": "string",
              "pattern": "^([01][0-9]|2[0-3]):[0-5][0-9]$",
              "description": "After `open`, the same day."
            }
          }
        },
        "VoiceSchedule": {
          "type": "object",
          "required": [
            "id",
            "name",
            "time_zone",
            "weekly",
            "holidays",
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
            "time_zone": {
              "type": "string"
            },
            "weekly": {
              "type": "array",
              "items": {
                "$ref": "#/components/schemas/VoiceWeeklyHours"
              }
            },
            "holidays": {
              "type": "array",
              "items": {
                "$ref": "#/components/schemas/VoiceHoliday"
              }
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
        "VoiceScheduleRequest": {
          "type": "object",
          "required": [
            "name",
            "time_zone"
          ],
          "properties": {
            "name": {
              "type": "string",
              "minLength": 1,
              "maxLength": 120,
              "pattern": "^[^ \\t\\r\\n]([\\s\\S]*[^ \\t\\r\\n])?$",
              "description": "1 to 120 characters, without leading or trailing spaces."
            },
            "time_zone": {
              "type": "string",
              "minLength": 1,
              "maxLength": 64,
              "description": "An IANA zone of the system's zone data (Europe/Berlin, America/New_York, UTC); fixed offsets are refused (they break at DST). 400 naming time_zone when unknown."
            },
            "weekly": {
              "type": [
                "array",
                "null"
              ],
              "maxItems": 50,
              "items": {
                "$ref": "#/components/schemas/VoiceWeeklyHours"
              }
            },
            "holidays": {
              "type": [
                "array",
                "null"
              ],
              "maxItems": 400,
              "items": {
                "$ref": "#/components/schemas/VoiceHoliday"
              }
            }
          }
        },
        "VoiceQueue": {
          "type": "object",
          "required": [
            "id",
            "name",
            "team_id",
            "hold_prompt",
            "hold_music_url",
            "announce_position",
            "max_wait_seconds",
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
            "team_id": {
              "type": "string"
            },
            "hold_prompt": {
              "type": [
                "string",
                "null"
              ]
            },
            "hold_music_url": {
              "type": [
                "string",
                "null"
              ]
            },
            "announce_position": {
              "type": "boolean"
            },
            "max_wait_seconds": {
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
        "VoiceQueueRequest": {
          "type": "object",
          "required": [
            "name",
            "team_id"
          ],
          "properties": {
            "name": {
              "type": "string",
              "minLength": 1,
              "maxLength": 120,
              "pattern": "^[^ \\t\\r\\n]([\\s\\S]*[^ \\t\\r\\n])?$",
              "description": "1 to 120 characters, without leading or trailing spaces."
            },
            "team_id": {
              "type": "string",
              "minLength": 1,
              "maxLength": 64,
              "description": "The team whose agents answer; 400 naming team_id when unknown."
            },
            "hold_prompt": {
              "type": [
                "string",
                "null"
              ],
              "minLength": 1,
              "maxLength": 1000,
              "pattern": "^[^ \\t\\r\\n]([\\s\\S]*[^ \\t\\r\\n])?$"
            },
            "hold_music_url": {
              "type": [
                "string",
                "null"
              ],
              "maxLength": 2048,
              "pattern": "^[hH][tT][tT][pP][sS]?://\\S+$"
            },
            "announce_position": {
              "type": [
                "boolean",
                "null"
              ],
              "description": "Default false."
            },
            "max_wait_seconds": {
              "type": [
                "integer",
                "null"
              ],
              "minimum": 10,
              "maximum": 7200,
              "description": "Default 600."
            }
          }
        }
      }
    }
    """##
}
