/// Contacts: list and search, read (following merges), history across channels, edit, identities, merge.
/// Merged into the served document by `OpenAPIDocument`; a test checks it against the route table.
extension OpenAPIDocument {
    static let contactPaths = ##"""
    {
      "paths": {
        "/api/v1/contacts": {
          "get": {
            "operationId": "listContacts",
            "summary": "List and search contacts, most recently updated first",
            "tags": [
              "Contacts"
            ],
            "description": "Admin keys see every contact; agent and integrator keys only contacts with at least one conversation they may see (404 otherwise). Contacts merged into another are not listed. Search with `q`, or look one up by identity with `identity_kind` and `identity_value` together. Page with `before`: pass the `next_before` of the previous page; it is null on the last page.",
            "parameters": [
              {
                "name": "q",
                "in": "query",
                "required": false,
                "description": "Case-insensitive (ASCII) prefix of the display name, of a word in it, or of an identity value. At most 200 characters.",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "identity_kind",
                "in": "query",
                "required": false,
                "description": "With identity_value: only the contact with exactly this identity.",
                "schema": {
                  "type": "string",
                  "pattern": "^[a-z0-9_]{1,32}$"
                }
              },
              {
                "name": "identity_value",
                "in": "query",
                "required": false,
                "description": "With identity_kind. Percent-encode it (a `+` in a phone number is %2B).",
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
                "description": "The `next_before` value of the previous page (an opaque cursor).",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "A page of contacts.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "contacts",
                        "next_before"
                      ],
                      "properties": {
                        "contacts": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/ContactDetail"
                          }
                        },
                        "next_before": {
                          "type": [
                            "string",
                            "null"
                          ],
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
        "/api/v1/contacts/{id}": {
          "get": {
            "operationId": "getContact",
            "summary": "Get a contact",
            "tags": [
              "Contacts"
            ],
            "description": "Admin keys see every contact; agent and integrator keys only contacts with at least one conversation they may see (404 otherwise). The id of a contact that was merged into another answers 200 with the contact it went into, and `merged_from` set to the id asked for (not a redirect: stored ids keep working).",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Contact id (a merged contact's id works too: it stands for the contact it was merged into).",
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
                      "$ref": "#/components/schemas/ContactDetail"
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
          "patch": {
            "operationId": "updateContact",
            "summary": "Edit a contact's name and attributes",
            "tags": [
              "Contacts"
            ],
            "description": "Any key that may see the contact (integrator keys: contacts of their own channel instances). `attributes` is merged key by key: a key with null is deleted, others are set; keys not named stay. Only `display_name` and `attributes` may be given. Records a `contact.updated` event with each change (from, to) when something changed. 400 names the field at fault, e.g. `attributes.tier`.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Contact id (a merged contact's id works too: it stands for the contact it was merged into).",
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
                    "$ref": "#/components/schemas/ContactPatchRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The contact after the change.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ContactDetail"
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
        "/api/v1/contacts/{id}/conversations": {
          "get": {
            "operationId": "listContactConversations",
            "summary": "The contact's conversations on every channel, most recently updated first",
            "tags": [
              "Contacts"
            ],
            "description": "The whole history across channels, including conversations moved here by merges, each with its channel instance. Only conversations the key may see. Page with `before` as for GET /api/v1/conversations.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Contact id (a merged contact's id works too: it stands for the contact it was merged into).",
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
                "description": "A page of the contact's conversations.",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "contact_id",
                        "merged_from",
                        "conversations",
                        "next_before"
                      ],
                      "properties": {
                        "contact_id": {
                          "type": "string",
                          "description": "The live contact (differs from the id asked for when that one was merged)."
                        },
                        "merged_from": {
                          "type": [
                            "string",
                            "null"
                          ]
                        },
                        "conversations": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/ContactConversation"
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
              "404": {
                "$ref": "#/components/responses/NotFound"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/contacts/{id}/identities": {
          "post": {
            "operationId": "addContactIdentity",
            "summary": "Add an identity to a contact",
            "tags": [
              "Contacts"
            ],
            "description": "Messages from this identity on any channel then land on this contact. 409 when the identity belongs to another contact: the message names that contact (when the key may see it) and asks to merge the two instead. Records `contact.updated` with `identity_added`.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Contact id (a merged contact's id works too: it stands for the contact it was merged into).",
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
                    "$ref": "#/components/schemas/IdentityRequest"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "Added; the contact.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ContactDetail"
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
              },
              "200": {
                "description": "The contact already had this identity; nothing changed.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ContactDetail"
                    }
                  }
                }
              }
            }
          }
        },
        "/api/v1/contacts/{id}/identities/{kind}/{value}": {
          "delete": {
            "operationId": "removeContactIdentity",
            "summary": "Remove an identity from a contact",
            "tags": [
              "Contacts"
            ],
            "description": "Percent-encode the value. A contact keeps at least one identity: removing the last one is 409. Later messages from the removed identity start a new contact. Records `contact.updated` with `identity_removed`.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "Contact id (a merged contact's id works too: it stands for the contact it was merged into).",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "kind",
                "in": "path",
                "required": true,
                "description": "Identity kind.",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "value",
                "in": "path",
                "required": true,
                "description": "Identity value, percent-encoded.",
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "The contact after the change.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ContactDetail"
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
              "409": {
                "$ref": "#/components/responses/Conflict"
              },
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/contacts/{id}/merge": {
          "post": {
            "operationId": "mergeContact",
            "summary": "Merge another contact into this one",
            "tags": [
              "Contacts"
            ],
            "description": "Admin and agent keys only (403 for integrator keys); both contacts must be visible to the key. `{id}` is the target that stays, `contact_id` the source. In one transaction every identity and every conversation of the source moves to the target; attributes merge, the target's value winning on a conflict (the source's value is kept in the event and in `attribute_conflicts`); the target keeps its display name unless it has none; the source is marked merged into the target and keeps its own record, so nothing is lost. Events: `contact.merged` (data: contact_id, source_id, identities, conversations, display_name, attributes_added, attribute_conflicts) and `conversation.contact_changed` for each moved conversation. Afterwards GET /api/v1/contacts/{source} answers with the target and `merged_from`, and new messages from the moved identities land on the target. A target that was itself merged is followed to the contact it went into. 400 when the two are the same contact; 409 when the source was already merged.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "description": "The target contact, which stays.",
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
                    "$ref": "#/components/schemas/ContactMergeRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "The merge.",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/ContactMergeResult"
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
        }
      },
      "schemas": {
        "ContactDetail": {
          "allOf": [
            {
              "$ref": "#/components/schemas/Contact"
            },
            {
              "type": "object",
              "required": [
                "conversation_count",
                "merged_from"
              ],
              "properties": {
                "conversation_count": {
                  "type": "integer",
                  "minimum": 0,
                  "description": "How many of the contact's conversations this key may see."
                },
                "merged_from": {
                  "type": [
                    "string",
                    "null"
                  ],
                  "description": "The id asked for, when it was a contact merged into this one; otherwise null."
                }
              }
            }
          ]
        },
        "ContactConversation": {
          "allOf": [
            {
              "$ref": "#/components/schemas/Conversation"
            },
            {
              "type": "object",
              "required": [
                "channel"
              ],
              "properties": {
                "channel": {
                  "oneOf": [
                    {
                      "type": "object",
                      "required": [
                        "id",
                        "name",
                        "plugin_id"
                      ],
                      "properties": {
                        "id": {
                          "type": "string"
                        },
                        "name": {
                          "type": "string"
                        },
                        "plugin_id": {
                          "type": "string"
                        }
                      }
                    },
                    {
                      "type": "null"
                    }
                  ],
                  "description": "The conversation's channel instance; null if it was removed."
                }
              }
            }
          ]
        },
        "ContactPatchRequest": {
          "type": "object",
          "additionalProperties": false,
          "description": "Only the fields given change.",
          "properties": {
            "display_name": {
              "type": [
                "string",
                "null"
              ],
              "maxLength": 200,
              "description": "null or an empty string clears it."
            },
            "attributes": {
              "$ref": "#/components/schemas/ContactAttributesPatch"
            }
          }
        },
        "ContactAttributesPatch": {
          "type": "object",
          "description": "Merged key by key into the contact's attributes; null deletes a key. Keys: 1-64 characters of A-Z, a-z, 0-9, '_' or '-'. Values: strings (at most 1024 bytes), numbers or booleans. At most 100 attributes per contact. Well-known key `tier`: the account tier (e.g. free, pro, enterprise), always a string of 1 to 64 characters; routing rules and Agent Stacks read it. Snippets show attributes as {{contact.attributes.<key>}}.",
          "properties": {
            "tier": {
              "type": [
                "string",
                "null"
              ],
              "minLength": 1,
              "maxLength": 64,
              "description": "The account tier."
            }
          },
          "additionalProperties": {
            "type": [
              "string",
              "number",
              "boolean",
              "null"
            ]
          }
        },
        "IdentityRequest": {
          "type": "object",
          "required": [
            "kind",
            "value"
          ],
          "properties": {
            "kind": {
              "type": "string",
              "pattern": "^[a-z0-9_]{1,32}$",
              "description": "An identity kind as plugins declare them in identity_kinds: phone (Relay), api (the API channel); others use e.g. email, messenger_psid, instagram_id, whatsapp, web_visitor, amazon_buyer."
            },
            "value": {
              "type": "string",
              "minLength": 1,
              "maxLength": 320,
              "description": "The channel's address for the customer, exactly as the channel reports it (no control characters)."
            }
          }
        },
        "ContactMergeRequest": {
          "type": "object",
          "required": [
            "contact_id"
          ],
          "properties": {
            "contact_id": {
              "type": "string",
              "description": "The source contact, merged into the one in the path."
            }
          }
        },
        "ContactMergeResult": {
          "type": "object",
          "required": [
            "contact",
            "source_id",
            "moved_identities",
            "moved_conversations",
            "attributes_added",
            "attribute_conflicts"
          ],
          "properties": {
            "contact": {
              "$ref": "#/components/schemas/ContactDetail"
            },
            "source_id": {
              "type": "string"
            },
            "moved_identities": {
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
                    "pattern": "^[a-z0-9_]{1,32}$",
                    "description": "An identity kind as plugins declare them in identity_kinds: phone (Relay), api (the API channel); others use e.g. email, messenger_psid, instagram_id, whatsapp, web_visitor, amazon_buyer."
                  },
                  "value": {
                    "type": "string",
                    "minLength": 1,
                    "maxLength": 320,
                    "description": "The channel's address for the customer, exactly as the channel reports it (no control characters)."
                  }
                }
              }
            },
            "moved_conversations": {
              "type": "array",
              "items": {
                "type": "string"
              }
            },
            "attributes_added": {
              "type": "array",
              "items": {
                "type": "string"
              },
              "description": "Attribute keys taken from the source."
            },
            "attribute_conflicts": {
              "type": "object",
              "description": "The source's values where the target's value won, by key."
            }
          }
        }
      }
    }
    """##
}
