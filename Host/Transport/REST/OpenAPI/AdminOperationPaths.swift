/// Plugins' admin operations (ABI 1.3 admin_call): plugin code operators run, such as the SMS
/// plugin's phone-number search, purchase and release. Merged by `OpenAPIDocument`.
extension OpenAPIDocument {
    static let adminOperationPaths = ##"""
    {
      "paths": {
        "/api/v1/plugins/{id}/operations/{name}": {
          "post": {
            "operationId": "runPluginOperation",
            "summary": "Run a plugin's admin operation",
            "tags": ["Plugins"],
            "description": "Admin keys only. Runs an operation the plugin's manifest declares with scope `plugin` (GET /api/v1/plugins/{id} lists them in `admin_operations`): no channel instance is involved. The body is the operation's arguments; the answer is the plugin's result. The SMS plugin (`sms`) offers `numbers.search` (the numbers Twilio has for sale; arguments: the Twilio account as in an instance's configuration — `account_sid`, `auth_token_credential`, optional `api_key_sid` and `api_key_secret_credential`, `api_base_url` — and `country` (default US), `type` (Local, Mobile, TollFree), `area_code`, `contains`, `sms`, `mms`, `voice` (true: must have it), `limit` (1-50)) and `numbers.list` (the account's numbers, each with `instance_id`: the instance of this host its SmsUrl points at).",
            "parameters": [
              {"name": "id", "in": "path", "required": true, "description": "Plugin id.", "schema": {"type": "string"}},
              {"name": "name", "in": "path", "required": true, "description": "The operation (\"numbers.search\").", "schema": {"type": "string"}}
            ],
            "requestBody": {
              "required": false,
              "content": {"application/json": {"schema": {"type": "object", "description": "The operation's arguments."}}}
            },
            "responses": {
              "200": {"description": "The plugin's result.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AdminOperationResult"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "422": {"$ref": "#/components/responses/OperationRefused"},
              "502": {"$ref": "#/components/responses/PluginFailed"}
            }
          }
        },
        "/api/v1/channels/{id}/operations/{name}": {
          "post": {
            "operationId": "runChannelOperation",
            "summary": "Run a plugin's admin operation on a channel instance",
            "tags": ["Channels"],
            "description": "Admin keys only. Runs an operation the instance's plugin declares with scope `instance` on the running instance (409 when it is not running). An operation declared with `\"after\": \"remove_instance\"` removes the instance once the plugin reports success (its conversations stay). The SMS plugin offers `number.buy` (buy the instance's `phone_number`, its SmsUrl pointed at the instance), `number.adopt` (point the SmsUrl of a number the account owns at the instance) and `number.release` (give the number back to Twilio, then the instance is removed). Buy and adopt are usually run as the `setup` of POST /api/v1/channels.",
            "parameters": [
              {"name": "id", "in": "path", "required": true, "description": "Channel instance id.", "schema": {"type": "string"}},
              {"name": "name", "in": "path", "required": true, "description": "The operation (\"number.release\").", "schema": {"type": "string"}}
            ],
            "requestBody": {
              "required": false,
              "content": {"application/json": {"schema": {"type": "object", "description": "The operation's arguments."}}}
            },
            "responses": {
              "200": {"description": "The plugin's result.", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AdminOperationResult"}}}},
              "400": {"$ref": "#/components/responses/BadRequest"},
              "401": {"$ref": "#/components/responses/Unauthorized"},
              "403": {"$ref": "#/components/responses/Forbidden"},
              "404": {"$ref": "#/components/responses/NotFound"},
              "409": {"$ref": "#/components/responses/Conflict"},
              "422": {"$ref": "#/components/responses/OperationRefused"},
              "502": {"$ref": "#/components/responses/PluginFailed"}
            }
          }
        }
      },
      "schemas": {
        "AdminOperationResult": {
          "type": "object",
          "description": "What the plugin answered: the SMS plugin's numbers.search and numbers.list give {\"numbers\": [{\"phone_number\", \"friendly_name\", \"region\", \"iso_country\", \"capabilities\": {\"sms\", \"mms\", \"voice\"}, and for owned numbers \"sid\", \"sms_url\", \"instance_id\"}]}; number.buy and number.adopt {\"number\": {…}}; number.release {\"released\", \"sid\", \"already_released\"}."
        },
        "AdminOperation": {
          "type": "object",
          "required": ["name", "scope", "summary", "after"],
          "properties": {
            "name": {"type": "string"},
            "scope": {"type": "string", "enum": ["plugin", "instance"]},
            "summary": {"type": "string"},
            "after": {"type": "string", "enum": ["none", "remove_instance"]}
          }
        },
        "ChannelSetup": {
          "type": "object",
          "required": ["operation"],
          "description": "An admin operation of scope `instance` run in the step that creates the instance (the SMS plugin's `number.buy` or `number.adopt`). If the instance does not start (a configuration the plugin refuses answers 400 naming the config field) or the operation fails (its status and reason), the instance is removed again. The 201 answer carries `setup`: {\"operation\", \"result\"}.",
          "properties": {
            "operation": {"type": "string"},
            "args": {"type": "object", "default": {}}
          }
        }
      }
    }
    """##
}
