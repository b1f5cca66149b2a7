/// The knowledge base: collections, articles, import and passage search.
/// Merged into the served document by `OpenAPIDocument`; a test checks it against the route table.
extension OpenAPIDocument {
    static let knowledgePaths = ##"""
    {
      "tags": [
        {
          "name": "Knowledge",
          "description": "The knowledge base Agent Stacks and Sidekick answer from: collections of Markdown articles, searched by passage."
        }
      ],
      "paths": {
        "/api/v1/knowledge/collections": {
          "get": {
            "operationId": "listKnowledgeCollections",
            "summary": "List knowledge collections",
            "tags": [
              "Knowledge"
            ],
            "description": "Every collection with its article count (admin).",
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "collections"
                      ],
                      "properties": {
                        "collections": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/KnowledgeCollection"
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
            "operationId": "createKnowledgeCollection",
            "summary": "Create a knowledge collection",
            "tags": [
              "Knowledge"
            ],
            "description": "`id` is 1-64 characters of a-z, 0-9, '-' or '_'. An existing id → 409. (Importing into a missing collection creates it.)",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/KnowledgeCollectionRequest"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/KnowledgeCollection"
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
              "503": {
                "$ref": "#/components/responses/Unavailable"
              }
            }
          }
        },
        "/api/v1/knowledge/collections/{id}": {
          "delete": {
            "operationId": "deleteKnowledgeCollection",
            "summary": "Delete a collection and its articles",
            "tags": [
              "Knowledge"
            ],
            "description": "Refused with 409 while an Agent Stack answers from it.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
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
        "/api/v1/knowledge/articles": {
          "get": {
            "operationId": "listKnowledgeArticles",
            "summary": "List articles",
            "tags": [
              "Knowledge"
            ],
            "description": "In id order, without their bodies; page with `after` = the previous page's `next_after`.",
            "parameters": [
              {
                "name": "collection",
                "in": "query",
                "required": false,
                "description": "Only this collection.",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "after",
                "in": "query",
                "required": false,
                "description": "The `next_after` of the previous page.",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "limit",
                "in": "query",
                "required": false,
                "description": "1-1000 (default 100).",
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 1000
                }
              }
            ],
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "articles",
                        "next_after"
                      ],
                      "properties": {
                        "articles": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/KnowledgeArticle"
                          }
                        },
                        "next_after": {
                          "type": [
                            "string",
                            "null"
                          ]
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
          },
          "post": {
            "operationId": "createKnowledgeArticle",
            "summary": "Add an article",
            "tags": [
              "Knowledge"
            ],
            "description": "Into an existing collection (a missing one → 400 naming `collection`). The body is Markdown; it is split into passages (one per heading section, long sections into runs of paragraphs) and indexed for full-text search.",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/KnowledgeArticleRequest"
                  }
                }
              }
            },
            "responses": {
              "201": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/KnowledgeArticle"
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
        "/api/v1/knowledge/articles/{id}": {
          "get": {
            "operationId": "getKnowledgeArticle",
            "summary": "One article, with its body",
            "tags": [
              "Knowledge"
            ],
            "description": "",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
                "schema": {
                  "type": "string"
                }
              }
            ],
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/KnowledgeArticle"
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
            "operationId": "updateKnowledgeArticle",
            "summary": "Change an article",
            "tags": [
              "Knowledge"
            ],
            "description": "Fields not given stay as they are; its passages are indexed again.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
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
                    "$ref": "#/components/schemas/KnowledgeArticleUpdateRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/KnowledgeArticle"
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
          },
          "delete": {
            "operationId": "deleteKnowledgeArticle",
            "summary": "Delete an article",
            "tags": [
              "Knowledge"
            ],
            "description": "It leaves the search index at once.",
            "parameters": [
              {
                "name": "id",
                "in": "path",
                "required": true,
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
        "/api/v1/knowledge/import": {
          "post": {
            "operationId": "importKnowledge",
            "summary": "Import articles in bulk",
            "tags": [
              "Knowledge"
            ],
            "description": "Up to 5,000 articles in one transaction, into `collection` (created when missing). Each is either {title, body} or a Markdown file {source, markdown}: the title comes from front matter (`title:`), else the first `# heading`, else the file name; tags from front matter (`tags: [a, b]`). An article whose `source` was imported into the collection before is updated, so importing the same folder again does not duplicate it. `switchboard knowledge import <folder> --collection X` uses this.",
            "requestBody": {
              "required": true,
              "content": {
                "application/json": {
                  "schema": {
                    "$ref": "#/components/schemas/KnowledgeImportRequest"
                  }
                }
              }
            },
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "$ref": "#/components/schemas/KnowledgeImportResult"
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
        "/api/v1/knowledge/search": {
          "get": {
            "operationId": "searchKnowledge",
            "summary": "Search passages",
            "tags": [
              "Knowledge"
            ],
            "description": "Full-text search (SQLite FTS5, Porter stemming) of the passages, ranked by BM25: a match in the title weighs more than one in a heading, and a heading more than the text. The query is free text: its words are searched (any of them), never read as query syntax. Any API key may search.",
            "parameters": [
              {
                "name": "q",
                "in": "query",
                "required": true,
                "description": "Free text.",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "collection",
                "in": "query",
                "required": false,
                "description": "Comma-separated collection ids (default: all).",
                "schema": {
                  "type": "string"
                }
              },
              {
                "name": "limit",
                "in": "query",
                "required": false,
                "description": "1-50 (default 5).",
                "schema": {
                  "type": "integer",
                  "minimum": 1,
                  "maximum": 50
                }
              }
            ],
            "responses": {
              "200": {
                "description": "OK",
                "content": {
                  "application/json": {
                    "schema": {
                      "type": "object",
                      "required": [
                        "query",
                        "passages"
                      ],
                      "properties": {
                        "query": {
                          "type": "string"
                        },
                        "passages": {
                          "type": "array",
                          "items": {
                            "$ref": "#/components/schemas/Passage"
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
          }
        }
      },
      "schemas": {
        "KnowledgeCollection": {
          "type": "object",
          "required": [
            "id",
            "name",
            "description",
            "article_count",
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
            "description": {
              "type": "string"
            },
            "article_count": {
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
        "KnowledgeCollectionRequest": {
          "type": "object",
          "required": [
            "id"
          ],
          "properties": {
            "id": {
              "type": "string"
            },
            "name": {
              "type": "string"
            },
            "description": {
              "type": "string"
            }
          }
        },
        "KnowledgeArticle": {
          "type": "object",
          "required": [
            "id",
            "collection",
            "title",
            "tags",
            "source",
            "created_at",
            "updated_at"
          ],
          "properties": {
            "id": {
              "type": "string"
            },
            "collection": {
              "type": "string"
            },
            "title": {
              "type": "string"
            },
            "body": {
              "type": "string",
              "description": "Markdown; only on single-article answers."
            },
            "tags": {
              "type": "array",
              "items": {
                "type": "string"
              }
            },
            "source": {
              "type": [
                "string",
                "null"
              ],
              "description": "Where an import found it (a relative path)."
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
        "KnowledgeArticleRequest": {
          "type": "object",
          "required": [
            "collection",
            "title",
            "body"
          ],
          "properties": {
            "collection": {
              "type": "string"
            },
            "title": {
              "type": "string"
            },
            "body": {
              "type": "string",
              "description": "Markdown, up to 1 MB."
            },
            "tags": {
              "type": "array",
              "items": {
                "type": "string"
              }
            },
            "source": {
              "type": "string"
            }
          }
        },
        "KnowledgeArticleUpdateRequest": {
          "type": "object",
          "properties": {
            "title": {
              "type": "string"
            },
            "body": {
              "type": "string"
            },
            "tags": {
              "type": "array",
              "items": {
                "type": "string"
              }
            }
          }
        },
        "KnowledgeImportRequest": {
          "type": "object",
          "required": [
            "collection",
            "articles"
          ],
          "properties": {
            "collection": {
              "type": "string"
            },
            "collection_name": {
              "type": "string",
              "description": "The name of a collection the import creates."
            },
            "articles": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": {
                  "title": {
                    "type": "string"
                  },
                  "body": {
                    "type": "string"
                  },
                  "tags": {
                    "type": "array",
                    "items": {
                      "type": "string"
                    }
                  },
                  "source": {
                    "type": "string"
                  },
                  "markdown": {
                    "type": "string",
                    "description": "A Markdown file's content; needs `source`."
                  }
                }
              },
              "minItems": 1,
              "maxItems": 5000
            }
          }
        },
        "KnowledgeImportResult": {
          "type": "object",
          "required": [
            "collection",
            "collection_created",
            "created",
            "updated",
            "passages"
          ],
          "properties": {
            "collection": {
              "type": "string"
            },
            "collection_created": {
              "type": "boolean"
            },
            "created": {
              "type": "integer"
            },
            "updated": {
              "type": "integer"
            },
            "passages": {
              "type": "integer",
              "description": "Passages indexed by this import."
            }
          }
        },
        "Passage": {
          "type": "object",
          "required": [
            "article_id",
            "collection_id",
            "title",
            "heading",
            "text",
            "score"
          ],
          "properties": {
            "article_id": {
              "type": "string"
            },
            "collection_id": {
              "type": "string"
            },
            "title": {
              "type": "string",
              "description": "The article's title."
            },
            "heading": {
              "type": "string",
              "description": "The nearest heading above the passage (empty before the first)."
            },
            "text": {
              "type": "string",
              "description": "Markdown."
            },
            "score": {
              "type": "number",
              "description": "BM25 relevance; higher is better."
            }
          }
        }
      }
    }
    """##
}
