/// Voice queues: agents' phone numbers and SIP addresses, who waits in a queue, callbacks.
/// Merged into the served document by `OpenAPIDocument`; a test checks it against the route table.
extension OpenAPIDocument {
    static let voiceQueuePaths = ##"""
    {
      "tags": [
        {
          "name": "Voice queues",
          "description": "Agents' phone numbers, who waits in a voice queue, and callbacks."
        }
      ],
      "paths": {
        "/api/v1/agents/{id}/phone": {
          "get": {
            "operationId": "getAgentPhone",
            "summary": "Where an agent answers calls",
            "tags": [
              "Voice queues"
            ],
            "description": "Admins and agents (not integrator keys). The phone number and SIP address the host dials to bridge a queued caller to this agent.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Agent id.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "Where the agent answers calls.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/AgentPhone"
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
          "put": {
            "operationId": "setAgentPhone",
            "summary": "Set where an agent answers calls",
            "tags": [
              "Voice queues"
            ],
            "description": "An admin sets anyone's; an agent sets their own (else 403). Both fields are replaced: an absent or null field clears it. Values are taken exactly as sent (no trimming). When both are set the host dials the SIP address.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Agent id.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "Where the agent answers calls.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/AgentPhone"
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
            },
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/AgentPhoneRequest"
                  }
                }
              }
            }
          }
        },
        "/api/v1/voice/queues/{id}/waiting": {
          "get": {
            "operationId": "listVoiceQueueWaiting",
            "summary": "Who holds a place in a voice queue",
            "tags": [
              "Voice queues"
            ],
            "description": "Any key. Live callers on hold and callbacks, in the order agents get them: earliest (virtual) enqueue time first. A callback keeps the place its caller had on hold. 404 for an unknown queue.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Voice queue id.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The places, first in line first.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "queue_id",
                        "waiting"
                      ],
                      "properties": {
                        "queue_id": {
                          "type": "string"
                        },
                        "waiting": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/VoiceQueueEntry"
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
        "/api/v1/voice/callbacks": {
          "get": {
            "operationId": "listVoiceCallbacks",
            "summary": "List callbacks still to place",
            "tags": [
              "Voice queues"
            ],
            "description": "Any key. Callbacks waiting for an agent (or being dialled), earliest place first.",
            "parameters": [
              {
                "name": "queue_id",
                "in": "query",
                "required": false,
                "description": "Only this queue's callbacks.",
                "schema": {
                  "type": "string",
                  "pattern": "^[A-Za-z0-9_-]{1,64}$"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "Callbacks.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "callbacks"
                      ],
                      "properties": {
                        "callbacks": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/VoiceQueueEntry"
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
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          },
          "post": {
            "operationId": "bookVoiceCallback",
            "summary": "Book a callback",
            "tags": [
              "Voice queues"
            ],
            "description": "Admins and agents (not integrator keys). The customer joins the queue now and is called back when an agent is free, within the queue's schedule, agent first. When the number already holds a callback in this queue, that one is answered (no duplicate). A call from the number into the queue cancels the callback and keeps its place.",
            "parameters": [],
            "responses": {
              "201": {
                "description": "The callback.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/VoiceQueueEntry"
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
            },
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/VoiceCallbackRequest"
                  }
                }
              }
            }
          }
        },
        "/api/v1/voice/callbacks/{id}": {
          "delete": {
            "operationId": "cancelVoiceCallback",
            "summary": "Cancel a callback",
            "tags": [
              "Voice queues"
            ],
            "description": "Admins and agents (not integrator keys). Only a callback still waiting can be cancelled (409 while it is dialled or once it ended).",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Callback (queue entry) id.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "204": {
                "description": "Cancelled."
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
        "AgentPhone": {
          "type": "object",
          "required": [
            "agent_id",
            "phone",
            "sip"
          ],
          "properties": {
            "agent_id": {
              "type": "string"
            },
            "phone": {
              "type": [
                "string",
                "null"
              ],
              "description": "E.164."
            },
            "sip": {
              "type": [
                "string",
                "null"
              ],
              "description": "sip:user@host[:port]."
            }
          }
        },
        "AgentPhoneRequest": {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "phone": {
              "type": [
                "string",
                "null"
              ],
              "pattern": "^\\+[1-9][0-9]{6,14}$",
              "description": "E.164, such as +15551234567; null or absent clears it."
            },
            "sip": {
              "type": [
                "string",
                "null"
              ],
              "pattern": "^sip:[A-Za-z0-9._~%!$&'()*+,;=-]+@[A-Za-z0-9.-]+(:[0-9]{1,5})?$",
              "maxLength": 256,
              "description": "A SIP address such as sip:sam@pbx.example.com; null or absent clears it."
            }
          }
        },
        "VoiceCallbackRequest": {
          "type": "object",
          "additionalProperties": false,
          "required": [
            "queue_id",
            "number"
          ],
          "properties": {
            "queue_id": {
              "type": "string",
              "pattern": "^[A-Za-z0-9_-]{1,64}$",
              "description": "An existing voice queue (400 otherwise)."
            },
            "schedule_id": {
              "type": [
                "string",
                "null"
              ],
              "description": "Call back only while this voice schedule is open; 400 when there is none with this id. Null: any time."
            },
            "number": {
              "type": "string",
              "pattern": "^\\+[1-9][0-9]{6,14}$",
              "description": "Whom to call back (E.164)."
            },
            "called_number": {
              "type": [
                "string",
                "null"
              ],
              "pattern": "^\\+[1-9][0-9]{6,14}$",
              "description": "The number to call from (one of the voice channel's numbers)."
            },
            "conversation_id": {
              "type": [
                "string",
                "null"
              ],
              "description": "The customer's conversation; 400 when there is none with this id."
            },
            "max_attempts": {
              "type": [
                "integer",
                "null"
              ],
              "minimum": 1,
              "maximum": 10,
              "description": "Default 3."
            },
            "retry_delay_seconds": {
              "type": [
                "integer",
                "null"
              ],
              "minimum": 30,
              "maximum": 86400,
              "description": "Between attempts; default 300."
            }
          }
        },
        "VoiceQueueEntry": {
          "type": "object",
          "required": [
            "id",
            "queue_id",
            "status",
            "call_sid",
            "number",
            "called_number",
            "conversation_id",
            "virtual_enqueued_at",
            "attempts",
            "max_attempts",
            "retry_delay_seconds",
            "next_attempt_at",
            "agent_id",
            "schedule_id",
            "created_at"
          ],
          "properties": {
            "id": {
              "type": "string"
            },
            "queue_id": {
              "type": "string"
            },
            "status": {
              "type": "string",
              "enum": [
                "waiting",
                "callback_waiting",
                "dialing",
                "answered",
                "abandoned",
                "max_wait",
                "completed",
                "failed",
                "cancelled"
              ],
              "description": "waiting: a live caller on hold; callback_waiting: to be called back; dialing: the callback is being placed."
            },
            "call_sid": {
              "type": [
                "string",
                "null"
              ],
              "description": "The live call that joined the queue."
            },
            "number": {
              "type": "string"
            },
            "called_number": {
              "type": [
                "string",
                "null"
              ]
            },
            "conversation_id": {
              "type": [
                "string",
                "null"
              ]
            },
            "virtual_enqueued_at": {
              "type": "string",
              "format": "date-time",
              "description": "When the caller first joined; callbacks and re-calls keep it, and agents get callers in this order."
            },
            "attempts": {
              "type": "integer",
              "minimum": 0
            },
            "max_attempts": {
              "type": "integer",
              "minimum": 1,
              "maximum": 10
            },
            "retry_delay_seconds": {
              "type": "integer",
              "minimum": 30,
              "maximum": 86400
            },
            "next_attempt_at": {
              "type": [
                "string",
                "null"
              ],
              "format": "date-time",
              "description": "A retried callback is not placed before then."
            },
            "agent_id": {
              "type": [
                "string",
                "null"
              ],
              "description": "Who answered, or is placing the callback."
            },
            "schedule_id": {
              "type": [
                "string",
                "null"
              ],
              "description": "A callback is placed only while this schedule is open."
            },
            "created_at": {
              "type": "string",
              "format": "date-time"
            },
            "position": {
              "type": "integer",
              "minimum": 1,
              "description": "1-based place in line (in the waiting list only)."
            }
          }
        }
      }
    }
    """##
}
