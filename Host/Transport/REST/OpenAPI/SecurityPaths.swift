/// Two-factor sign-in (TOTP, recovery codes, the admins' requirement and reset) and the audit trail.
/// Merged into the served document by `OpenAPIDocument`; a test checks it against the route table.
extension OpenAPIDocument {
    static let securityPaths = ##"""
    {
      "tags": [{"name": "Security", "description": "Two-factor sign-in and the audit trail."}],
      "paths": {
        "/api/v1/session/second-factor": {
          "post": {
            "operationId": "signInSecondFactor",
            "summary": "Sign in: the second factor",
            "tags": ["Sessions", "Security"],
            "description": "No API key needed. After POST /api/v1/session answered 202 with a `challenge`, send it back with the 6-digit TOTP `code` (RFC 6238: SHA-1, 30 s steps, one step of drift either way) or one unused `recovery_code`. A wrong code, a code already used (any code of a step not newer than the last accepted one) or a used recovery code is 401 and counts toward the same sign-in throttle as a wrong password (429 with Retry-After past it). A challenge lives 5 minutes and dies after 5 wrong codes (401 `challenge_expired`: enter the password again).",
            "parameters": [],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SecondFactorRequest"}}}},
            "responses": {
              "201": {"description": "Signed in: the `sb_session` cookie is set, as by POST /api/v1/session.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Session"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"description": "Wrong or used code (`unauthorized`, `field` code or recovery_code), or the challenge ended (`challenge_expired`).", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}},
              "429": {"description": "Too many failed sign-ins for this email or address (`too_many_attempts`); see Retry-After.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            }
          }
        },
        "/api/v1/me/two-factor": {
          "get": {
            "operationId": "getMyTwoFactor",
            "summary": "My second factor",
            "tags": ["Security"],
            "description": "People only (session or personal token). Whether two-factor sign-in is on, whether the admins' policy requires it for the caller's role, and how many recovery codes are left.",
            "parameters": [],
            "responses": {
              "200": {"description": "The status.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TwoFactorStatus"}}}},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"}
            }
          }
        },
        "/api/v1/me/two-factor/totp": {
          "post": {
            "operationId": "beginTOTPEnrolment",
            "summary": "Start enrolling an authenticator app",
            "tags": ["Security"],
            "description": "People only. A new TOTP secret (replacing one not yet confirmed): the `otpauth://` URI, a QR code of it drawn by the host (SVG, libqrencode) and the base32 secret for typing in by hand. Nothing changes at sign-in until POST /api/v1/me/two-factor/totp/confirm. 409 when two-factor sign-in is already on (an admin resets it first). Allowed to a session that must enrol.",
            "parameters": [],
            "responses": {
              "201": {"description": "The enrolment to scan.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TOTPEnrolment"}}}},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "409": {"$ref": "#/components/responses/Conflict"}
            }
          }
        },
        "/api/v1/me/two-factor/totp/confirm": {
          "post": {
            "operationId": "confirmTOTPEnrolment",
            "summary": "Confirm the enrolment with a first code",
            "tags": ["Security"],
            "description": "People only. The 6-digit `code` the app shows turns two-factor sign-in on; a wrong one is 400 naming `code`. The answer holds ten single-use recovery codes, shown this once (the host keeps only their SHA-256). The confirming code counts as used.",
            "parameters": [],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"type": "object", "required": ["code"], "properties": {"code": {"type": "string", "pattern": "^[0-9]{6}$"}}}}}},
            "responses": {
              "200": {"description": "On; the recovery codes.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RecoveryCodes"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "409": {"$ref": "#/components/responses/Conflict"}
            }
          }
        },
        "/api/v1/me/two-factor/recovery-codes": {
          "post": {
            "operationId": "regenerateRecoveryCodes",
            "summary": "New recovery codes",
            "tags": ["Security"],
            "description": "People only, with two-factor sign-in on (else 409). Ten new recovery codes replace all the old ones, used or not; shown this once.",
            "parameters": [],
            "responses": {
              "200": {"description": "The new codes.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RecoveryCodes"}}}},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "409": {"$ref": "#/components/responses/Conflict"}
            }
          }
        },
        "/api/v1/agents/{id}/two-factor": {
          "delete": {
            "operationId": "resetTwoFactor",
            "summary": "Reset an agent's second factor",
            "tags": ["Agents", "Security"],
            "description": "Admins only. For an agent who lost their authenticator: the enrolment and recovery codes go, the agent's sessions end, and the audit trail records who did it (`two_factor.reset`). When the policy requires two factors, the agent's next sign-in leads to enrolment.",
            "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
            "responses": {
              "200": {"description": "Reset.", "content": {"application/json": {"schema": {"type": "object", "required": ["agent_id", "had_second_factor"], "properties": {"agent_id": {"type": "string"}, "had_second_factor": {"type": "boolean"}}}}}},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/NotFound"}
            }
          }
        },
        "/api/v1/settings/two-factor": {
          "get": {
            "operationId": "getTwoFactorPolicy",
            "summary": "Who must use two factors",
            "tags": ["Security"],
            "description": "Admins only. The roles whose people must sign in with a second factor; empty (the default) requires nobody.",
            "parameters": [],
            "responses": {
              "200": {"description": "The policy.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TwoFactorPolicy"}}}},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"}
            }
          },
          "put": {
            "operationId": "setTwoFactorPolicy",
            "summary": "Require two factors for everyone or per role",
            "tags": ["Security"],
            "description": "Admins only. `required_roles`: [\"admin\", \"agent\"] is everyone, [] nobody. A person the policy covers who has not enrolled signs in with the password and may then only enrol (every other request is 403 `two_factor_enrolment_required`). API keys and personal tokens are never asked. Recorded in the audit trail (`two_factor.policy`).",
            "parameters": [],
            "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TwoFactorPolicy"}}}},
            "responses": {
              "200": {"description": "The policy now.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TwoFactorPolicy"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"}
            }
          }
        },
        "/api/v1/audit": {
          "get": {
            "operationId": "listAuditTrail",
            "summary": "The audit trail",
            "tags": ["Security"],
            "description": "Admins only. What was done to accounts and customer data, newest first: who (`actor`), what (`action`), to what (`subject`). The host never edits or deletes an entry.",
            "parameters": [
              {"name": "subject", "in": "query", "required": false, "description": "Only entries about this subject (agent:<id>, contact:<id>, channels/<id>, credentials/<id>, …).", "schema": {"type": "string"}},
              {"name": "actor", "in": "query", "required": false, "description": "Only entries by this actor (agent:<id>, key:<id>).", "schema": {"type": "string"}},
              {"name": "action", "in": "query", "required": false, "description": "Only this action (credentials.put), or a family ending in .* (channels.*). Admin changes made through the API are recorded as <path words>.<method>, with the request's fields (secret-bearing ones redacted) in detail.", "schema": {"type": "string", "maxLength": 100, "pattern": "^[a-z0-9_-]+(\\.[a-z0-9_-]+)*(\\.\\*)?$"}},
              {"name": "before", "in": "query", "required": false, "description": "Only entries older than this id (paging).", "schema": {"type": "integer"}},
              {"name": "limit", "in": "query", "required": false, "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 100}}
            ],
            "responses": {
              "200": {"description": "Entries.", "content": {"application/json": {"schema": {"type": "object", "required": ["entries", "next_before"], "properties": {"entries": {"type": "array", "items": {"$ref": "#/components/schemas/AuditEntry"}}, "next_before": {"type": ["integer", "null"], "description": "With a full page: pass as before for the next one; null when this page was the last."}}}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"}
            }
          }
        }
      },
      "schemas": {
        "SecondFactorRequest": {
          "type": "object",
          "description": "The challenge and exactly one of code or recovery_code.",
          "required": ["challenge"],
          "properties": {
            "challenge": {"type": "string", "description": "From the 202 answer of POST /api/v1/session."},
            "code": {"type": "string", "pattern": "^[0-9]{6}$"},
            "recovery_code": {"type": "string", "description": "xxxxx-xxxxx; case, spaces and dashes do not matter."}
          }
        },
        "SecondFactorChallenge": {
          "type": "object",
          "description": "The password matched an agent with two-factor sign-in on: no session yet.",
          "required": ["second_factor_required", "challenge", "methods", "expires_at"],
          "properties": {
            "second_factor_required": {"type": "boolean", "const": true},
            "challenge": {"type": "string"},
            "methods": {"type": "array", "items": {"type": "string", "enum": ["totp", "recovery_code"]}},
            "expires_at": {"type": "string", "format": "date-time"}
          }
        },
        "TwoFactorStatus": {
          "type": "object",
          "required": ["enabled", "required", "must_enrol", "recovery_codes_left"],
          "properties": {
            "enabled": {"type": "boolean", "description": "Sign-in asks for a code after the password."},
            "required": {"type": "boolean", "description": "The admins' policy covers this person's role."},
            "must_enrol": {"type": "boolean", "description": "Required but not enrolled: the session may only enrol."},
            "recovery_codes_left": {"type": "integer"}
          }
        },
        "TOTPEnrolment": {
          "type": "object",
          "required": ["secret", "otpauth_uri", "qr_svg", "digits", "period"],
          "properties": {
            "secret": {"type": "string", "description": "Base32, for typing in by hand."},
            "otpauth_uri": {"type": "string", "description": "otpauth://totp/Switchboard:<email>?secret=…&issuer=Switchboard&algorithm=SHA1&digits=6&period=30"},
            "qr_svg": {"type": "string", "description": "The URI as a QR code (SVG)."},
            "digits": {"type": "integer", "const": 6},
            "period": {"type": "integer", "const": 30}
          }
        },
        "RecoveryCodes": {
          "type": "object",
          "required": ["recovery_codes", "two_factor"],
          "properties": {
            "recovery_codes": {"type": "array", "items": {"type": "string"}, "minItems": 10, "maxItems": 10},
            "two_factor": {"$ref": "#/components/schemas/TwoFactorStatus"}
          }
        },
        "TwoFactorPolicy": {
          "type": "object",
          "required": ["required_roles"],
          "properties": {"required_roles": {"type": "array", "items": {"type": "string", "enum": ["admin", "agent"]}}}
        },
        "AuditEntry": {
          "type": "object",
          "required": ["id", "actor", "action", "subject", "detail", "created_at"],
          "properties": {
            "id": {"type": "integer"},
            "actor": {"type": "string", "description": "agent:<id> or key:<id>."},
            "action": {"type": "string", "description": "two_factor.reset, two_factor.policy, …"},
            "subject": {"type": ["string", "null"]},
            "detail": {"type": "object"},
            "created_at": {"type": "string", "format": "date-time"}
          }
        }
      }
    }
    """##
}
