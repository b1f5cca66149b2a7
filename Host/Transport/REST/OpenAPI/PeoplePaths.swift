/// Agents, teams, sessions and personal tokens.
/// Merged into the served document by `OpenAPIDocument`; a test checks it against the route table.
extension OpenAPIDocument {
    static let peoplePaths = ##"""
    {
      "paths": {
        "/api/v1/agents": {
          "get": {
            "operationId": "listAgents",
            "summary": "List agents",
            "tags": [
              "Agents"
            ],
            "description": "Admins and agents (signed in, or with a personal token); integrator keys get 403. Active agents by name; `include_deactivated=true` lists deactivated ones too.",
            "parameters": [
              {
                "name": "include_deactivated",
                "in": "query",
                "required": false,
                "description": "Also list deactivated agents.",
                "schema": {
                  "type": "boolean",
                  "default": false
                }
              }
            ],
            "responses": {
              "200": {
                "description": "Agents.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "agents"
                      ],
                      "properties": {
                        "agents": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/Agent"
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
            "operationId": "createAgent",
            "summary": "Create an agent",
            "tags": [
              "Agents"
            ],
            "description": "Admins only. `email` and `handle` are unique regardless of case; `handle` defaults to the email's local part (with a number added when taken). Without `password` the agent cannot sign in until one is set. 409 (`field` email or handle) on a duplicate.",
            "parameters": [],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/AgentCreateRequest"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "The new agent.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Agent"
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
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/agents/{id}": {
          "get": {
            "operationId": "getAgent",
            "summary": "Get an agent",
            "tags": [
              "Agents"
            ],
            "description": "Admins and agents (signed in, or with a personal token); integrator keys get 403.",
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
                "description": "The agent.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Agent"
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
            "operationId": "updateAgent",
            "summary": "Change an agent",
            "tags": [
              "Agents"
            ],
            "description": "Admins only. Only the fields given change. A new password ends the agent's sessions (except the caller's own). `active: false` deactivates (as DELETE does), `active: true` reactivates. Admins cannot demote or deactivate themselves (409).",
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
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/AgentUpdateRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The updated agent.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Agent"
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
          },
          "delete": {
            "operationId": "deactivateAgent",
            "summary": "Deactivate an agent",
            "tags": [
              "Agents"
            ],
            "description": "Admins only. The record stays (conversations and events name it): the agent can no longer sign in, their sessions end, their personal tokens are revoked, they leave their teams and go offline. Conversations assigned to them stay assigned. Email and handle stay taken. Reactivate with PATCH `{\"active\": true}`.",
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
                "description": "The deactivated agent.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Agent"
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
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/agents/{id}/tokens": {
          "get": {
            "operationId": "listAgentTokens",
            "summary": "List an agent's personal tokens",
            "tags": [
              "Agents"
            ],
            "description": "Admins, or the agent for themself (else 403).",
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
                "description": "The agent's live tokens (never the keys themselves).",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "tokens"
                      ],
                      "properties": {
                        "tokens": {
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
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          },
          "post": {
            "operationId": "createAgentToken",
            "summary": "Create a personal API token",
            "tags": [
              "Agents"
            ],
            "description": "Admins, or the agent for themself (else 403). The token (`Authorization: Bearer <key>`) acts as the agent, with the agent's current role, until revoked or the agent is deactivated. The key is in the answer, once. The body is optional.",
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
            "requestBody": {
              "required": false,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/TokenCreateRequest"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "The new token, with `key` shown this once.",
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
        "/api/v1/agents/{id}/tokens/{token_id}": {
          "delete": {
            "operationId": "revokeAgentToken",
            "summary": "Revoke a personal token",
            "tags": [
              "Agents"
            ],
            "description": "Admins, or the agent for themself (else 403).",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Agent id.",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "token_id",
                "in": "path",
                "required": true,
                "description": "Token id (the API key id, not the key).",
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
        "/api/v1/me": {
          "get": {
            "operationId": "getMe",
            "summary": "The signed-in person",
            "tags": [
              "Sessions"
            ],
            "description": "Admins and agents (signed in, or with a personal token); integrator keys get 403. With a session cookie the answer also carries the session's `csrf_token` (a reloaded page gets it here). 404 for an API key that acts for no agent.",
            "parameters": [],
            "responses": {
              "200": {
                "description": "The person.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Session"
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
            "operationId": "updateMe",
            "summary": "Change your availability or password",
            "tags": [
              "Sessions"
            ],
            "description": "Admins and agents (signed in, or with a personal token); integrator keys get 403. People change their own `availability` and `password` here; changing any other agent field is an admin's (403 naming the field). A new password needs `current_password` when one is set (400 naming `current_password` otherwise) and ends the person's other sessions.",
            "parameters": [],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/MeUpdateRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The person, changed.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Session"
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
        "/api/v1/session": {
          "post": {
            "operationId": "signIn",
            "summary": "Sign in (browser session)",
            "tags": [
              "Sessions"
            ],
            "description": "No API key needed. Checks email and password; an unknown email, a wrong password, a deactivated agent and one without a password all get the same 401 `unauthorized` (\"wrong email or password\"). Sets the `sb_session` cookie; the answer carries the `csrf_token` to send as `X-CSRF-Token` on every POST, PUT, PATCH and DELETE made with the cookie. When the agent has two-factor sign-in on, the answer is 202 with a `challenge` instead (no cookie): send it with a code to POST /api/v1/session/second-factor. When the admins' policy requires two factors and the agent has not enrolled, the session is made but `two_factor.must_enrol` is true and it may only enrol (GET /api/v1/me, /api/v1/me/two-factor…, DELETE /api/v1/session).",
            "parameters": [],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/SignInRequest"
                  }
                }
              }
            },
            "responses": {
              "202": {
                "description": "The password matched; the second factor is asked for.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/SecondFactorChallenge"
                    }
                  }
                }
              },
              "201": {
                "description": "Signed in.",
                "headers": {
                  "Set-Cookie": {
                    "description": "`sb_session=<token>; HttpOnly; SameSite=Strict; Path=/`, plus `; Secure` when the host's public URL is https. No Max-Age: the cookie ends with the browser; the server ends the session after 12 hours without a request, or 7 days after sign-in.",
                    "schema": {
                      "type": "string"
                    }
                  }
                },
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Session"
                    }
                  }
                }
              },
              "400": {
                "$ref": "#/components/responses/BadRequest"
              },
              "401": {
                "description": "Wrong email or password (`unauthorized`).",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Error"
                    },
                    "example": {
                      "error": "unauthorized",
                      "message": "wrong email or password"
                    }
                  }
                }
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
            "security": []
          },
          "delete": {
            "operationId": "signOut",
            "summary": "Sign out",
            "tags": [
              "Sessions"
            ],
            "description": "Ends the caller's browser session (the cookie needs X-CSRF-Token, like every unsafe request) and clears the cookie. With an API key there is no session to end; the answer is the same.",
            "parameters": [],
            "responses": {
              "204": {
                "description": "Signed out.",
                "headers": {
                  "Set-Cookie": {
                    "description": "Clears the cookie: `sb_session=; …; Max-Age=0`.",
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
        "/api/v1/teams": {
          "get": {
            "operationId": "listTeams",
            "summary": "List teams",
            "tags": [
              "Teams"
            ],
            "description": "Admins and agents (signed in, or with a personal token); integrator keys get 403. By name.",
            "parameters": [],
            "responses": {
              "200": {
                "description": "Teams.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "teams"
                      ],
                      "properties": {
                        "teams": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/Team"
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
            "operationId": "createTeam",
            "summary": "Create a team",
            "tags": [
              "Teams"
            ],
            "description": "Admins only. 409 on a taken name (any case), or a second default or escalation team (`field` is_default or is_escalation): unset the other first.",
            "parameters": [],
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/TeamCreateRequest"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "The new team.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Team"
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
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/teams/{id}": {
          "get": {
            "operationId": "getTeam",
            "summary": "Get a team",
            "tags": [
              "Teams"
            ],
            "description": "Admins and agents (signed in, or with a personal token); integrator keys get 403.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Team id.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The team.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Team"
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
            "operationId": "updateTeam",
            "summary": "Change a team",
            "tags": [
              "Teams"
            ],
            "description": "Admins only. Only the fields given change; the same 409s as creating.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Team id.",
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
                    "$ref": "#/components/schemas/TeamUpdateRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The updated team.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/Team"
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
          },
          "delete": {
            "operationId": "deleteTeam",
            "summary": "Delete a team",
            "tags": [
              "Teams"
            ],
            "description": "Admins only. Removes the team and its memberships. 409 while it has open (active or snoozed) conversations, routing rules send to it, or channel instances are bound to it.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Team id.",
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
        "/api/v1/teams/{id}/members": {
          "get": {
            "operationId": "listTeamMembers",
            "summary": "List a team's members",
            "tags": [
              "Teams"
            ],
            "description": "Admins and agents (signed in, or with a personal token); integrator keys get 403. By name, each with availability and the active conversations assigned to them now.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Team id.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "Members.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "members"
                      ],
                      "properties": {
                        "members": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/TeamMember"
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
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/teams/{id}/members/{agent_id}": {
          "put": {
            "operationId": "addTeamMember",
            "summary": "Add an agent to a team",
            "tags": [
              "Teams"
            ],
            "description": "Admins only. Idempotent. 404 for an unknown team or agent; 409 for a deactivated agent.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Team id.",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "agent_id",
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
                "description": "The team's members.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "members"
                      ],
                      "properties": {
                        "members": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/TeamMember"
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
          },
          "delete": {
            "operationId": "removeTeamMember",
            "summary": "Remove an agent from a team",
            "tags": [
              "Teams"
            ],
            "description": "Admins only. 404 for an unknown team, or an agent who is not a member.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Team id.",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "agent_id",
                "in": "path",
                "required": true,
                "description": "Agent id.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "204": {
                "description": "Removed."
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
      },
      "schemas": {
        "Agent": {
          "type": "object",
          "required": [
            "id",
            "email",
            "name",
            "handle",
            "role",
            "availability",
            "capacity",
            "skills",
            "channel_instance_ids",
            "team_ids",
            "has_password",
            "active",
            "created_at",
            "updated_at",
            "deactivated_at"
          ],
          "properties": {
            "id": {
              "type": "string"
            },
            "email": {
              "type": "string"
            },
            "name": {
              "type": "string"
            },
            "handle": {
              "type": "string",
              "description": "What @mentions use."
            },
            "role": {
              "type": "string",
              "enum": [
                "admin",
                "agent"
              ],
              "description": "admin: everything; agent: the conversations of their teams and those assigned to them."
            },
            "availability": {
              "type": "string",
              "enum": [
                "online",
                "away",
                "offline"
              ],
              "description": "Routing assigns to online agents."
            },
            "capacity": {
              "type": "integer",
              "minimum": 1,
              "maximum": 1000,
              "description": "Active conversations routing may assign at most."
            },
            "skills": {
              "type": "array",
              "items": {
                "type": "string"
              }
            },
            "channel_instance_ids": {
              "type": "array",
              "items": {
                "type": "string"
              },
              "description": "The channel instances whose conversations the agent takes."
            },
            "team_ids": {
              "type": "array",
              "items": {
                "type": "string"
              },
              "description": "The teams the agent belongs to."
            },
            "two_factor_enabled": {
              "type": "boolean",
              "description": "Signs in with a TOTP code after the password."
            },
            "has_password": {
              "type": "boolean",
              "description": "False: the agent cannot sign in until a password is set (personal tokens still work)."
            },
            "active": {
              "type": "boolean",
              "description": "False once deactivated."
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
            "deactivated_at": {
              "type": [
                "string",
                "null"
              ],
              "format": "date-time"
            }
          }
        },
        "AgentCreateRequest": {
          "type": "object",
          "required": [
            "email",
            "name"
          ],
          "properties": {
            "email": {
              "type": "string",
              "description": "Unique regardless of case; stored lowercased."
            },
            "name": {
              "type": "string",
              "minLength": 1,
              "maxLength": 200
            },
            "handle": {
              "type": "string",
              "pattern": "^[a-z0-9][a-z0-9._-]{0,31}$",
              "description": "Unique regardless of case; what @mentions use. Stored lowercased."
            },
            "role": {
              "type": "string",
              "enum": [
                "admin",
                "agent"
              ],
              "default": "agent"
            },
            "password": {
              "type": "string",
              "minLength": 10,
              "description": "At least 10 characters (400 naming `password` otherwise); stored as a yescrypt hash only."
            },
            "skills": {
              "type": "array",
              "items": {
                "type": "string"
              },
              "description": "Each 1-64 characters; duplicates dropped; listed sorted."
            },
            "capacity": {
              "type": "integer",
              "minimum": 1,
              "maximum": 1000,
              "description": "Active conversations routing may assign at most.",
              "default": 5
            },
            "availability": {
              "type": "string",
              "enum": [
                "online",
                "away",
                "offline"
              ],
              "default": "offline"
            },
            "channel_instance_ids": {
              "type": "array",
              "items": {
                "type": "string"
              },
              "description": "Existing channel instances whose conversations the agent takes (the `channel` strategy)."
            }
          }
        },
        "AgentUpdateRequest": {
          "type": "object",
          "description": "Only the fields given change.",
          "properties": {
            "email": {
              "type": "string",
              "description": "Unique regardless of case; stored lowercased."
            },
            "name": {
              "type": "string",
              "minLength": 1,
              "maxLength": 200
            },
            "handle": {
              "type": "string",
              "pattern": "^[a-z0-9][a-z0-9._-]{0,31}$",
              "description": "Unique regardless of case; what @mentions use. Stored lowercased."
            },
            "role": {
              "type": "string",
              "enum": [
                "admin",
                "agent"
              ]
            },
            "password": {
              "type": "string",
              "minLength": 10,
              "description": "At least 10 characters (400 naming `password` otherwise); stored as a yescrypt hash only."
            },
            "skills": {
              "type": "array",
              "items": {
                "type": "string"
              },
              "description": "Each 1-64 characters; duplicates dropped; listed sorted."
            },
            "capacity": {
              "type": "integer",
              "minimum": 1,
              "maximum": 1000,
              "description": "Active conversations routing may assign at most."
            },
            "availability": {
              "type": "string",
              "enum": [
                "online",
                "away",
                "offline"
              ]
            },
            "channel_instance_ids": {
              "type": "array",
              "items": {
                "type": "string"
              },
              "description": "Existing channel instances whose conversations the agent takes (the `channel` strategy)."
            },
            "active": {
              "type": "boolean",
              "description": "false deactivates the agent (as DELETE does); true reactivates."
            }
          }
        },
        "MeUpdateRequest": {
          "type": "object",
          "properties": {
            "availability": {
              "type": "string",
              "enum": [
                "online",
                "away",
                "offline"
              ]
            },
            "password": {
              "type": "string",
              "minLength": 10,
              "description": "At least 10 characters (400 naming `password` otherwise); stored as a yescrypt hash only."
            },
            "current_password": {
              "type": "string",
              "description": "Required with `password` when the person has one."
            }
          }
        },
        "SignInRequest": {
          "type": "object",
          "required": [
            "email",
            "password"
          ],
          "properties": {
            "email": {
              "type": "string"
            },
            "password": {
              "type": "string"
            }
          }
        },
        "Session": {
          "type": "object",
          "description": "The signed-in person; with a browser session, its CSRF token and when it ends if unused.",
          "required": [
            "agent",
            "csrf_token",
            "expires_at"
          ],
          "properties": {
            "agent": {
              "$ref": "#/components/schemas/Agent"
            },
            "csrf_token": {
              "type": [
                "string",
                "null"
              ],
              "description": "Send as `X-CSRF-Token` on every POST, PUT, PATCH and DELETE made with the session cookie. Null for API keys."
            },
            "expires_at": {
              "type": [
                "string",
                "null"
              ],
              "format": "date-time",
              "description": "When the session ends unless used: 12 hours after the last request, at most 7 days after sign-in. Null for API keys."
            },
            "two_factor": {
              "$ref": "#/components/schemas/TwoFactorStatus"
            }
          }
        },
        "TokenCreateRequest": {
          "type": "object",
          "properties": {
            "name": {
              "type": "string",
              "minLength": 1,
              "maxLength": 200,
              "default": "personal token"
            }
          }
        },
        "Team": {
          "type": "object",
          "required": [
            "id",
            "name",
            "strategy",
            "is_default",
            "is_escalation",
            "member_ids",
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
            "strategy": {
              "type": "string",
              "enum": [
                "round_robin",
                "capacity",
                "skill",
                "channel"
              ],
              "description": "How routing picks a member: in turn, by free capacity, by skills, or by the channel instances they take."
            },
            "is_default": {
              "type": "boolean",
              "description": "Where conversations go when no routing rule matches; at most one team."
            },
            "is_escalation": {
              "type": "boolean",
              "description": "Where escalated conversations go; at most one team."
            },
            "member_ids": {
              "type": "array",
              "items": {
                "type": "string"
              },
              "description": "Agent ids."
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
        "TeamCreateRequest": {
          "type": "object",
          "required": [
            "name"
          ],
          "properties": {
            "name": {
              "type": "string",
              "minLength": 1,
              "maxLength": 100,
              "description": "Unique regardless of case."
            },
            "strategy": {
              "type": "string",
              "enum": [
                "round_robin",
                "capacity",
                "skill",
                "channel"
              ],
              "default": "round_robin"
            },
            "is_default": {
              "type": "boolean",
              "default": false
            },
            "is_escalation": {
              "type": "boolean",
              "default": false
            }
          }
        },
        "TeamUpdateRequest": {
          "type": "object",
          "description": "Only the fields given change.",
          "properties": {
            "name": {
              "type": "string",
              "minLength": 1,
              "maxLength": 100
            },
            "strategy": {
              "type": "string",
              "enum": [
                "round_robin",
                "capacity",
                "skill",
                "channel"
              ]
            },
            "is_default": {
              "type": "boolean"
            },
            "is_escalation": {
              "type": "boolean"
            }
          }
        },
        "TeamMember": {
          "type": "object",
          "required": [
            "agent",
            "active_conversations",
            "free_capacity",
            "joined_at"
          ],
          "properties": {
            "agent": {
              "$ref": "#/components/schemas/Agent"
            },
            "active_conversations": {
              "type": "integer",
              "minimum": 0,
              "description": "Active conversations assigned to the agent now."
            },
            "free_capacity": {
              "type": "integer",
              "minimum": 0,
              "description": "capacity minus active_conversations, never below 0."
            },
            "joined_at": {
              "type": "string",
              "format": "date-time",
              "description": "UTC, ISO 8601 with milliseconds, e.g. 2026-11-21T19:40:00.123Z"
            }
          }
        }
      }
    }
    """##
}
