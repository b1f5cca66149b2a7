/// Rotation of API keys, personal tokens and webhook signing secrets (RotationEndpoints).
/// Merged into the served document by `OpenAPIDocument`; a test checks it against the route table.
extension OpenAPIDocument {
    static let securityHardeningPaths = ##"""
    {
      "tags": [{"name": "Rotation", "description": "New values for keys, tokens and webhook secrets, with an overlap in which the old value still works."}],
      "paths": {
        "/api/v1/api-keys/{id}/rotate": {
          "post": {
            "operationId": "rotateAPIKey",
            "summary": "Rotate an API key (or a personal token)",
            "tags": ["API keys", "Rotation"],
            "description": "Admins only. The key keeps its id, name, role and scope; the answer holds its new value, shown this once. The old value keeps authenticating until `previous_expires_at`, so clients switch over without a refused request. Rotating again ends the previous overlap at once. The body is optional.",
            "parameters": [{"name": "id", "in": "path", "required": true, "description": "API key id.", "schema": {"type": "string"}}],
            "requestBody": {"required": false, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RotationRequest"}}}},
            "responses": {
              "200": {"description": "The new value.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RotatedAPIKey"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "413": {"$ref": "#/components/responses/PayloadTooLarge"},
              "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/api/v1/agents/{id}/tokens/{token_id}/rotate": {
          "post": {
            "operationId": "rotatePersonalToken",
            "summary": "Rotate a personal token",
            "tags": ["Agents", "Rotation"],
            "description": "Admins, or the agent for themself (integrator keys get 403). As rotating an API key: a new value shown once, the old one valid until `previous_expires_at`. The body is optional.",
            "parameters": [
              {"name": "id", "in": "path", "required": true, "description": "Agent id.", "schema": {"type": "string"}},
              {"name": "token_id", "in": "path", "required": true, "description": "Token id.", "schema": {"type": "string"}}
            ],
            "requestBody": {"required": false, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RotationRequest"}}}},
            "responses": {
              "200": {"description": "The new value.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RotatedAPIKey"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "413": {"$ref": "#/components/responses/PayloadTooLarge"},
              "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        },
        "/api/v1/webhooks/{id}/rotate-secret": {
          "post": {
            "operationId": "rotateWebhookSecret",
            "summary": "Rotate a webhook subscription's signing secret",
            "tags": ["Webhooks", "Rotation"],
            "description": "Admin and integrator keys (agent keys get 403); an integrator sees only the subscriptions its own key created, any other id answers 404. The answer holds the new secret, shown this once. Until `previous_secret_expires_at` every delivery carries two signatures, newest first: `X-Switchboard-Signature: v1=<HMAC with the new secret>,v1=<HMAC with the old one>`; a receiver accepts a delivery when any one of them matches the secret it holds, so it may switch to the new secret at any moment of the overlap. The body is optional.",
            "parameters": [{"name": "id", "in": "path", "required": true, "description": "Webhook subscription id.", "schema": {"type": "string"}}],
            "requestBody": {"required": false, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/RotationRequest"}}}},
            "responses": {
              "200": {"description": "The new secret.", "content": {"application/json": {"schema": {
                "type": "object", "required": ["id", "secret", "previous_secret_expires_at"],
                "properties": {
                  "id": {"type": "string"},
                  "secret": {"type": "string", "pattern": "^whsec_[0-9a-f]{48}$"},
                  "previous_secret_expires_at": {"type": "string", "format": "date-time"}
                }}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "413": {"$ref": "#/components/responses/PayloadTooLarge"},
              "415": {"$ref": "#/components/responses/UnsupportedMediaType"},
              "503": {"$ref": "#/components/responses/Unavailable"}
            }
          }
        }
      },
      "schemas": {
        "RotationRequest": {
          "type": "object",
          "properties": {
            "previous_valid_for_seconds": {"type": "integer", "minimum": 0, "maximum": 604800, "default": 3600,
                                           "description": "How long the old value keeps working: 0 ends it now, at most a week."}
          }
        },
        "RotatedAPIKey": {
          "allOf": [
            {"$ref": "#/components/schemas/APIKey"},
            {"type": "object", "required": ["key", "previous_expires_at"],
             "properties": {
               "key": {"type": "string", "pattern": "^sbk_[0-9a-f]{48}$", "description": "The new value, shown this once."},
               "previous_expires_at": {"type": "string", "format": "date-time", "description": "The old value works until then."}
             }}
          ]
        }
      }
    }
    """##
}
