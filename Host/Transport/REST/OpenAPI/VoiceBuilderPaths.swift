/// Voice flow builder: the simulator, saved flow tests (run on publish) and per-node call counts.
/// Merged into the served document by `OpenAPIDocument`; a test checks it against the route table.
extension OpenAPIDocument {
    static let voiceBuilderPaths = ##"""
    {
      "paths": {
        "/api/v1/voice/flows/{id}/simulate": {
          "post": {
            "operationId": "simulateVoiceFlow",
            "summary": "Walk a flow without a phone",
            "tags": [
              "Voice"
            ],
            "description": "Admin keys only. One input through the host's IVR engine on the posted definition (or the draft), stateless: send back the `state` of the previous answer. Mocks decide queue, dial, recording and AI results; SMS and channel moves come back as events and are never sent; nothing is stored. 400 names the field: a definition that does not read (`definition.…`), an input the waiting node does not take (`input`), an exit that leads nowhere (`definition`), a state not from the simulator (`state`).",
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
                    "$ref": "#/components/schemas/VoiceSimulationRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The step.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/VoiceSimulationStep"
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
        "/api/v1/voice/flows/{id}/tests": {
          "get": {
            "operationId": "listVoiceFlowTests",
            "summary": "List a flow's saved tests",
            "tags": [
              "Voice"
            ],
            "description": "Any key. Oldest first, each run on the current draft (`draft_result`).",
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
                "description": "Tests.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "tests"
                      ],
                      "properties": {
                        "tests": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/VoiceFlowTest"
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
          },
          "post": {
            "operationId": "createVoiceFlowTest",
            "summary": "Save a walk as a test",
            "tags": [
              "Voice"
            ],
            "description": "Admin keys only. Inputs from a start, when, mocks, and where the call must be afterwards. Every saved test runs on publish; one failing blocks it (400 `test_failed` naming it). 409 past 100 tests.",
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
                    "$ref": "#/components/schemas/VoiceFlowTestRequest"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "The saved test.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/VoiceFlowTest"
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
              },
              "409": {
                "$ref": "#/components/responses/Conflict"
              }
            }
          }
        },
        "/api/v1/voice/flows/{id}/tests/{test_id}": {
          "delete": {
            "operationId": "deleteVoiceFlowTest",
            "summary": "Delete a saved test",
            "tags": [
              "Voice"
            ],
            "description": "Admin keys only.",
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
                "name": "test_id",
                "in": "path",
                "required": true,
                "description": "Test id (vft_…).",
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
        "/api/v1/voice/flows/{id}/stats": {
          "get": {
            "operationId": "voiceFlowStats",
            "summary": "Per-node call counts",
            "tags": [
              "Voice"
            ],
            "description": "Any key. From the flow's stored calls, each walked on the revision it was pinned to: calls that entered each node and ended there, and calls per exit.",
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
                "description": "Counts.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/VoiceFlowStats"
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
        }
      },
      "components": {
        "schemas": {
          "VoiceInputStart": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "kind"
            ],
            "properties": {
              "kind": {
                "const": "start"
              },
              "caller": {
                "type": [
                  "string",
                  "null"
                ],
                "pattern": "^\\+[0-9]{6,15}$",
                "description": "The caller's number (E.164); without it send_sms and route_to_channel take their failed exit."
              }
            },
            "description": "Starts a new call (any state sent is ignored)."
          },
          "VoiceInputDigits": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "kind",
              "digits"
            ],
            "properties": {
              "kind": {
                "const": "digits"
              },
              "digits": {
                "type": "string",
                "pattern": "^[0-9*#]{1,32}$"
              }
            },
            "description": "Keys pressed."
          },
          "VoiceInputSpeech": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "kind",
              "speech"
            ],
            "properties": {
              "kind": {
                "const": "speech"
              },
              "speech": {
                "type": "string",
                "minLength": 1,
                "maxLength": 500
              }
            },
            "description": "Words said."
          },
          "VoiceInputTimeout": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "kind"
            ],
            "properties": {
              "kind": {
                "const": "timeout"
              }
            },
            "description": "The caller said and pressed nothing."
          },
          "VoiceInputHangup": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "kind"
            ],
            "properties": {
              "kind": {
                "const": "hangup"
              }
            },
            "description": "The caller hung up."
          },
          "VoiceInputQueue": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "kind",
              "result"
            ],
            "properties": {
              "kind": {
                "const": "queue"
              },
              "result": {
                "type": "string",
                "enum": [
                  "answered",
                  "abandoned",
                  "max_wait",
                  "callback_requested"
                ]
              }
            },
            "description": "How a queue wait ended."
          },
          "VoiceInputDial": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "kind",
              "result"
            ],
            "properties": {
              "kind": {
                "const": "dial"
              },
              "result": {
                "type": "string",
                "enum": [
                  "completed",
                  "busy",
                  "no_answer",
                  "failed"
                ]
              }
            },
            "description": "How a dial ended."
          },
          "VoiceInputRecord": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "kind"
            ],
            "properties": {
              "kind": {
                "const": "record"
              },
              "recording_url": {
                "type": [
                  "string",
                  "null"
                ],
                "minLength": 1
              }
            },
            "description": "A recording ended; without recording_url the caller left no audio."
          },
          "VoiceInputAI": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "kind",
              "outcome"
            ],
            "properties": {
              "kind": {
                "const": "ai"
              },
              "outcome": {
                "type": "string",
                "pattern": "^[a-z0-9_]{1,64}$"
              }
            },
            "description": "The AI agent's outcome: resolved, human, timeout, error or one of the node's outcomes (another is the error exit)."
          },
          "VoiceSimulatedInput": {
            "description": "One input of a simulated call, the same JSON a voice channel passes the host.",
            "oneOf": [
              {
                "$ref": "#/components/schemas/VoiceInputStart"
              },
              {
                "$ref": "#/components/schemas/VoiceSimulatedLaterInput"
              }
            ]
          },
          "VoiceSimulatedLaterInput": {
            "description": "An input after the start of a call.",
            "oneOf": [
              {
                "$ref": "#/components/schemas/VoiceInputDigits"
              },
              {
                "$ref": "#/components/schemas/VoiceInputSpeech"
              },
              {
                "$ref": "#/components/schemas/VoiceInputTimeout"
              },
              {
                "$ref": "#/components/schemas/VoiceInputHangup"
              },
              {
                "$ref": "#/components/schemas/VoiceInputQueue"
              },
              {
                "$ref": "#/components/schemas/VoiceInputDial"
              },
              {
                "$ref": "#/components/schemas/VoiceInputRecord"
              },
              {
                "$ref": "#/components/schemas/VoiceInputAI"
              }
            ]
          },
          "VoiceSimulationMocks": {
            "type": [
              "object",
              "null"
            ],
            "additionalProperties": false,
            "description": "Provider results decided in advance: a simulated call waiting in a queue, on a dial, a recording or an AI agent goes on at once with them; a result not mocked waits for an input of its kind.",
            "properties": {
              "queue": {
                "type": [
                  "string",
                  "null"
                ],
                "enum": [
                  "answered",
                  "abandoned",
                  "max_wait",
                  "callback_requested",
                  null
                ]
              },
              "dial": {
                "type": [
                  "string",
                  "null"
                ],
                "enum": [
                  "completed",
                  "busy",
                  "no_answer",
                  "failed",
                  null
                ]
              },
              "recorded": {
                "type": [
                  "boolean",
                  "null"
                ],
                "description": "true: a recording was left; false: no audio."
              },
              "ai": {
                "type": [
                  "string",
                  "null"
                ],
                "pattern": "^[a-z0-9_]{1,64}$"
              }
            }
          },
          "VoiceSimulationRequest": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "input"
            ],
            "properties": {
              "definition": {
                "type": [
                  "object",
                  "null"
                ],
                "description": "The flow definition to walk (the editor's unsaved state); default: the stored draft. Hours checks read the stored schedules it does not carry itself."
              },
              "state": {
                "type": [
                  "object",
                  "null"
                ],
                "description": "The `state` of the previous answer, as it came: required for every input but start; anything else is refused (400 naming `state`)."
              },
              "input": {
                "$ref": "#/components/schemas/VoiceSimulatedInput"
              },
              "now": {
                "type": [
                  "string",
                  "null"
                ],
                "format": "date-time",
                "description": "The simulated time (hours checks, holidays); default: now."
              },
              "mocks": {
                "$ref": "#/components/schemas/VoiceSimulationMocks"
              }
            }
          },
          "VoiceIVREvent": {
            "type": "object",
            "required": [
              "type"
            ],
            "description": "What happened: exit_taken (node, exit, label), guard_tripped (node, limit), sms_requested and channel_route_requested (instance, to, text: captured, never sent), callback_requested (number, queue_id), call_ended (reason).",
            "properties": {
              "type": {
                "type": "string",
                "enum": [
                  "exit_taken",
                  "guard_tripped",
                  "sms_requested",
                  "channel_route_requested",
                  "callback_requested",
                  "call_ended"
                ]
              },
              "node": {
                "type": "string"
              },
              "exit": {
                "type": "string"
              },
              "label": {
                "type": "string"
              },
              "limit": {
                "type": "string",
                "enum": [
                  "steps",
                  "node_visits",
                  "duration"
                ]
              },
              "instance": {
                "type": "string"
              },
              "to": {
                "type": "string"
              },
              "text": {
                "type": "string"
              },
              "number": {
                "type": "string"
              },
              "queue_id": {
                "type": [
                  "string",
                  "null"
                ]
              },
              "reason": {
                "type": "string"
              }
            }
          },
          "VoiceInstruction": {
            "type": "object",
            "required": [
              "say",
              "action"
            ],
            "description": "What the call does next, provider-neutral: the texts spoken in order, then the action that waits or ends the call.",
            "properties": {
              "say": {
                "type": "array",
                "items": {
                  "type": "string"
                }
              },
              "action": {
                "type": "object",
                "required": [
                  "kind"
                ],
                "description": "gather (prompt, inputs, timeout_seconds, num_digits, finish_on_key), enqueue (queue_id, max_wait_seconds, offers_callback), dial (number, timeout_seconds), record (max_length_seconds), agent (stack_id, max_turns), hangup.",
                "properties": {
                  "kind": {
                    "type": "string",
                    "enum": [
                      "gather",
                      "enqueue",
                      "dial",
                      "record",
                      "agent",
                      "hangup"
                    ]
                  },
                  "prompt": {
                    "type": "string"
                  },
                  "inputs": {
                    "type": "array",
                    "items": {
                      "type": "string",
                      "enum": [
                        "dtmf",
                        "speech"
                      ]
                    }
                  },
                  "timeout_seconds": {
                    "type": "integer"
                  },
                  "num_digits": {
                    "type": [
                      "integer",
                      "null"
                    ]
                  },
                  "finish_on_key": {
                    "type": [
                      "string",
                      "null"
                    ]
                  },
                  "queue_id": {
                    "type": "string"
                  },
                  "max_wait_seconds": {
                    "type": "integer"
                  },
                  "offers_callback": {
                    "type": "boolean"
                  },
                  "number": {
                    "type": "string"
                  },
                  "max_length_seconds": {
                    "type": "integer"
                  },
                  "stack_id": {
                    "type": "string"
                  },
                  "max_turns": {
                    "type": "integer"
                  }
                }
              }
            }
          },
          "VoiceSimulationStep": {
            "type": "object",
            "required": [
              "state",
              "events",
              "instruction",
              "node",
              "path",
              "ended"
            ],
            "properties": {
              "state": {
                "type": "object",
                "description": "Opaque: send it back with the next input."
              },
              "events": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/VoiceIVREvent"
                }
              },
              "instruction": {
                "$ref": "#/components/schemas/VoiceInstruction"
              },
              "node": {
                "type": [
                  "string",
                  "null"
                ],
                "description": "The node the call waits at; null once it ended."
              },
              "path": {
                "type": "array",
                "items": {
                  "type": "string"
                },
                "description": "The walk so far (\"menu: 2\"), as a call's record shows it."
              },
              "ended": {
                "type": "boolean"
              }
            }
          },
          "VoiceFlowTestExpectation": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "ended"
            ],
            "properties": {
              "node": {
                "type": [
                  "string",
                  "null"
                ],
                "minLength": 1,
                "description": "The node the call waits at afterwards; null or absent: none."
              },
              "ended": {
                "type": "boolean"
              },
              "path": {
                "type": [
                  "array",
                  "null"
                ],
                "items": {
                  "type": "string",
                  "minLength": 1
                },
                "description": "The whole path, when the test pins it."
              }
            }
          },
          "VoiceFlowTestRequest": {
            "type": "object",
            "additionalProperties": false,
            "required": [
              "name",
              "inputs",
              "expect"
            ],
            "properties": {
              "name": {
                "type": "string",
                "minLength": 1,
                "maxLength": 120
              },
              "now": {
                "type": [
                  "string",
                  "null"
                ],
                "format": "date-time",
                "description": "The time the test runs at; absent: the time of the run."
              },
              "mocks": {
                "$ref": "#/components/schemas/VoiceSimulationMocks"
              },
              "inputs": {
                "type": "array",
                "minItems": 1,
                "maxItems": 200,
                "prefixItems": [
                  {
                    "$ref": "#/components/schemas/VoiceInputStart"
                  }
                ],
                "items": {
                  "$ref": "#/components/schemas/VoiceSimulatedLaterInput"
                },
                "description": "A start input, then the inputs of the walk."
              },
              "expect": {
                "$ref": "#/components/schemas/VoiceFlowTestExpectation"
              }
            }
          },
          "VoiceFlowTest": {
            "type": "object",
            "required": [
              "id",
              "flow_id",
              "name",
              "now",
              "mocks",
              "inputs",
              "expect",
              "created_at",
              "draft_result"
            ],
            "properties": {
              "id": {
                "type": "string"
              },
              "flow_id": {
                "type": "string"
              },
              "name": {
                "type": "string"
              },
              "now": {
                "type": [
                  "string",
                  "null"
                ],
                "format": "date-time"
              },
              "mocks": {
                "type": "object"
              },
              "inputs": {
                "type": "array",
                "items": {
                  "$ref": "#/components/schemas/VoiceSimulatedInput"
                }
              },
              "expect": {
                "$ref": "#/components/schemas/VoiceFlowTestExpectation"
              },
              "created_at": {
                "type": "string",
                "format": "date-time"
              },
              "draft_result": {
                "type": [
                  "object",
                  "null"
                ],
                "required": [
                  "passed",
                  "message"
                ],
                "description": "The test run on the current draft; null when the draft does not read.",
                "properties": {
                  "passed": {
                    "type": "boolean"
                  },
                  "message": {
                    "type": [
                      "string",
                      "null"
                    ],
                    "description": "What went differently."
                  }
                }
              }
            }
          },
          "VoiceFlowStats": {
            "type": "object",
            "required": [
              "nodes",
              "edges"
            ],
            "properties": {
              "nodes": {
                "type": "object",
                "description": "Node id → calls that entered it and that ended there.",
                "additionalProperties": {
                  "type": "object",
                  "required": [
                    "entered",
                    "ended_here"
                  ],
                  "properties": {
                    "entered": {
                      "type": "integer",
                      "minimum": 0
                    },
                    "ended_here": {
                      "type": "integer",
                      "minimum": 0
                    }
                  }
                }
              },
              "edges": {
                "type": "object",
                "description": "\"node:exit\" → calls that left the node by that exit.",
                "additionalProperties": {
                  "type": "integer",
                  "minimum": 0
                }
              }
            }
          }
        }
      }
    }
    """##
}
