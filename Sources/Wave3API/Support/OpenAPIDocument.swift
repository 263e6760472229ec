/// The OpenAPI 3.1 description of every route, served at `/openapi.json`. A test checks that each
/// route the router knows is described here, so the two cannot drift apart silently.
enum OpenAPIDocument {
    static let json = #"""
{
  "openapi": "3.1.0",
  "info": {
    "title": "Wave 3 learning platform API",
    "version": "1.0.0",
    "description": "Lessons, progress, mastery and recommendations. Errors are {\"error\": {\"code\", \"message\"}}."
  },
  "servers": [
    {
      "url": "/"
    }
  ],
  "paths": {
    "/api/v1/auth/register": {
      "post": {
        "operationId": "register",
        "tags": [
          "auth"
        ],
        "summary": "Create a learner account",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/RegisterRequest"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Registered",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TokenResponse"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "422": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/api/v1/auth/login": {
      "post": {
        "operationId": "login",
        "tags": [
          "auth"
        ],
        "summary": "Exchange credentials for a token",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/LoginRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Logged in",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/TokenResponse"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/api/v1/me": {
      "get": {
        "operationId": "me",
        "tags": [
          "auth"
        ],
        "security": [
          {
            "bearerAuth": []
          }
        ],
        "responses": {
          "200": {
            "description": "The caller",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/User"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/api/v1/lessons": {
      "get": {
        "operationId": "listLessons",
        "tags": [
          "lessons"
        ],
        "parameters": [
          {
            "name": "subject",
            "in": "query",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "skill",
            "in": "query",
            "schema": {
              "type": "string"
            }
          },
          {
            "name": "difficulty",
            "in": "query",
            "schema": {
              "type": "string",
              "enum": [
                "beginner",
                "intermediate",
                "advanced",
                "expert"
              ]
            }
          },
          {
            "name": "limit",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 100,
              "default": 20
            }
          },
          {
            "name": "cursor",
            "in": "query",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "A page of lessons, with an ETag",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/LessonPage"
                }
              }
            }
          },
          "304": {
            "description": "Not modified (If-None-Match matched the page's ETag)"
          },
          "400": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "post": {
        "operationId": "createLesson",
        "tags": [
          "lessons"
        ],
        "security": [
          {
            "bearerAuth": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/LessonInput"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Created",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Lesson"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "422": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/api/v1/lessons/{id}": {
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
      "get": {
        "operationId": "getLesson",
        "tags": [
          "lessons"
        ],
        "parameters": [
          {
            "name": "If-None-Match",
            "in": "header",
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The lesson",
            "headers": {
              "ETag": {
                "schema": {
                  "type": "string"
                }
              }
            },
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Lesson"
                }
              }
            }
          },
          "304": {
            "description": "Not modified"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "put": {
        "operationId": "updateLesson",
        "tags": [
          "lessons"
        ],
        "security": [
          {
            "bearerAuth": []
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/LessonInput"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Updated",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Lesson"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "422": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "delete": {
        "operationId": "deleteLesson",
        "tags": [
          "lessons"
        ],
        "security": [
          {
            "bearerAuth": []
          }
        ],
        "responses": {
          "204": {
            "description": "Deleted"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/api/v1/progress": {
      "post": {
        "operationId": "recordProgress",
        "tags": [
          "progress"
        ],
        "security": [
          {
            "bearerAuth": []
          }
        ],
        "parameters": [
          {
            "name": "Idempotency-Key",
            "in": "header",
            "required": true,
            "schema": {
              "type": "string",
              "minLength": 1,
              "maxLength": 255
            }
          }
        ],
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ProgressSubmission"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Recorded, or the first answer replayed (header Idempotent-Replayed: true)",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ProgressAck"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "422": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/api/v1/learners/{id}/progress": {
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
      "get": {
        "operationId": "learnerProgress",
        "tags": [
          "progress"
        ],
        "security": [
          {
            "bearerAuth": []
          }
        ],
        "responses": {
          "200": {
            "description": "Per-lesson progress and XP",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/LearnerProgress"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/health/live": {
      "get": {
        "operationId": "live",
        "tags": [
          "operations"
        ],
        "responses": {
          "200": {
            "description": "The process is up",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Health"
                }
              }
            }
          }
        }
      }
    },
    "/health/ready": {
      "get": {
        "operationId": "ready",
        "tags": [
          "operations"
        ],
        "responses": {
          "200": {
            "description": "Dependencies reachable",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Health"
                }
              }
            }
          },
          "503": {
            "description": "A dependency is down",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Health"
                }
              }
            }
          }
        }
      }
    },
    "/metrics": {
      "get": {
        "operationId": "metrics",
        "tags": [
          "operations"
        ],
        "responses": {
          "200": {
            "description": "Prometheus text exposition",
            "content": {
              "text/plain": {
                "schema": {
                  "type": "string"
                }
              }
            }
          }
        }
      }
    },
    "/openapi.json": {
      "get": {
        "operationId": "openapi",
        "tags": [
          "operations"
        ],
        "responses": {
          "200": {
            "description": "This document",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object"
                }
              }
            }
          }
        }
      }
    },
    "/api/v1/learners/{id}/mastery": {
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
      "get": {
        "operationId": "learnerMastery",
        "tags": [
          "learning"
        ],
        "security": [
          {
            "bearerAuth": []
          }
        ],
        "summary": "Mastery per skill: the stored BKT posterior combined with behaviour by the active mastery model",
        "responses": {
          "200": {
            "description": "Mastery per practised skill",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MasteryReport"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/api/v1/mastery/predict": {
      "post": {
        "operationId": "predictMastery",
        "tags": [
          "learning"
        ],
        "security": [
          {
            "bearerAuth": []
          }
        ],
        "summary": "Mastery score (0-100) for behavioural features; without pKnown, the caller's stored posterior for `skill`, else the skill's prior",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/MasteryPredictRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Predicted mastery",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/MasteryPrediction"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "422": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/api/v1/difficulty/classify": {
      "post": {
        "operationId": "classifyDifficulty",
        "tags": [
          "learning"
        ],
        "security": [
          {
            "bearerAuth": []
          }
        ],
        "summary": "Content difficulty level with class probabilities and the features used",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/ClassifyRequest"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Classification",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Classification"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "413": {
            "$ref": "#/components/responses/Error"
          },
          "422": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/api/v1/learners/{id}/recommendations": {
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "schema": {
            "type": "string"
          }
        },
        {
          "name": "limit",
          "in": "query",
          "schema": {
            "type": "integer",
            "minimum": 1,
            "maximum": 50,
            "default": 10
          }
        },
        {
          "name": "algorithm",
          "in": "query",
          "schema": {
            "type": "string",
            "enum": [
              "prerequisite",
              "collaborative",
              "hybrid",
              "popularity"
            ],
            "default": "hybrid"
          }
        }
      ],
      "get": {
        "operationId": "recommendations",
        "tags": [
          "learning"
        ],
        "security": [
          {
            "bearerAuth": []
          }
        ],
        "summary": "Next lessons for the learner, each with a human-readable reason",
        "responses": {
          "200": {
            "description": "Recommendations",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/Recommendations"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/api/v1/admin/models": {
      "get": {
        "operationId": "listModelVersions",
        "tags": [
          "learning",
          "admin"
        ],
        "security": [
          {
            "bearerAuth": []
          }
        ],
        "parameters": [
          {
            "name": "limit",
            "in": "query",
            "schema": {
              "type": "integer",
              "minimum": 1,
              "maximum": 100,
              "default": 20
            }
          }
        ],
        "summary": "Stored learning-model versions, newest first, with their held-out metrics",
        "responses": {
          "200": {
            "description": "Versions",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ModelVersionList"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/api/v1/admin/models/{id}/activate": {
      "parameters": [
        {
          "name": "id",
          "in": "path",
          "required": true,
          "schema": {
            "type": "integer",
            "minimum": 1
          }
        }
      ],
      "post": {
        "operationId": "activateModelVersion",
        "tags": [
          "learning",
          "admin"
        ],
        "security": [
          {
            "bearerAuth": []
          }
        ],
        "summary": "Make this version the active one (every replica follows within seconds)",
        "responses": {
          "200": {
            "description": "The activated version",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ModelVersion"
                }
              }
            }
          },
          "400": {
            "$ref": "#/components/responses/Error"
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "404": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/api/v1/admin/models/rollback": {
      "post": {
        "operationId": "rollbackModelVersion",
        "tags": [
          "learning",
          "admin"
        ],
        "security": [
          {
            "bearerAuth": []
          }
        ],
        "summary": "Activate the newest version older than the active one",
        "responses": {
          "200": {
            "description": "The activated version",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/ModelVersion"
                }
              }
            }
          },
          "401": {
            "$ref": "#/components/responses/Error"
          },
          "403": {
            "$ref": "#/components/responses/Error"
          },
          "409": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    }
  },
  "components": {
    "schemas": {
      "Error": {
        "type": "object",
        "required": [
          "error"
        ],
        "properties": {
          "error": {
            "type": "object",
            "required": [
              "code",
              "message"
            ],
            "properties": {
              "code": {
                "type": "string"
              },
              "message": {
                "type": "string"
              }
            }
          }
        }
      },
      "User": {
        "type": "object",
        "required": [
          "id",
          "email",
          "displayName",
          "role"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "email": {
            "type": "string",
            "format": "email"
          },
          "displayName": {
            "type": "string"
          },
          "role": {
            "type": "string",
            "enum": [
              "learner",
              "admin"
            ]
          }
        }
      },
      "TokenResponse": {
        "type": "object",
        "required": [
          "token",
          "user"
        ],
        "properties": {
          "token": {
            "type": "string"
          },
          "user": {
            "$ref": "#/components/schemas/User"
          }
        }
      },
      "RegisterRequest": {
        "type": "object",
        "required": [
          "email",
          "password",
          "displayName"
        ],
        "properties": {
          "email": {
            "type": "string",
            "format": "email",
            "maxLength": 254
          },
          "password": {
            "type": "string",
            "minLength": 8,
            "maxLength": 128
          },
          "displayName": {
            "type": "string",
            "minLength": 1,
            "maxLength": 80
          }
        }
      },
      "LoginRequest": {
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
      "Lesson": {
        "type": "object",
        "required": [
          "id",
          "title",
          "subject",
          "skills",
          "prerequisites",
          "content",
          "estimatedMinutes",
          "difficulty",
          "version",
          "createdAt",
          "updatedAt"
        ],
        "properties": {
          "id": {
            "type": "string"
          },
          "title": {
            "type": "string"
          },
          "subject": {
            "type": "string"
          },
          "skills": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "prerequisites": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "content": {
            "type": "string",
            "description": "Markdown"
          },
          "estimatedMinutes": {
            "type": "integer"
          },
          "difficulty": {
            "type": "string",
            "enum": [
              "beginner",
              "intermediate",
              "advanced",
              "expert"
            ]
          },
          "version": {
            "type": "integer"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "updatedAt": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "LessonInput": {
        "type": "object",
        "required": [
          "title",
          "subject",
          "content",
          "estimatedMinutes"
        ],
        "properties": {
          "title": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200
          },
          "subject": {
            "type": "string",
            "minLength": 1,
            "description": "id of an existing subject"
          },
          "skills": {
            "type": [
              "array",
              "null"
            ],
            "maxItems": 20,
            "items": {
              "type": "string",
              "pattern": "^[a-z0-9][a-z0-9._-]{0,63}$"
            }
          },
          "prerequisites": {
            "type": [
              "array",
              "null"
            ],
            "maxItems": 50,
            "description": "ids of existing lessons; null or absent means none",
            "items": {
              "type": "string",
              "minLength": 1,
              "maxLength": 64
            }
          },
          "content": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200000
          },
          "estimatedMinutes": {
            "type": "integer",
            "minimum": 1,
            "maximum": 600
          }
        }
      },
      "LessonPage": {
        "type": "object",
        "required": [
          "items"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/Lesson"
            }
          },
          "nextCursor": {
            "type": [
              "string",
              "null"
            ]
          }
        }
      },
      "ProgressEvent": {
        "type": "object",
        "required": [
          "type",
          "lessonId"
        ],
        "allOf": [
          {
            "if": { "properties": { "type": { "enum": ["quiz_attempt", "practice_problem"] } }, "required": ["type"] },
            "then": { "required": ["correct"] }
          },
          {
            "if": { "properties": { "type": { "const": "time_spent" } }, "required": ["type"] },
            "then": { "required": ["durationMs"] }
          }
        ],
        "properties": {
          "id": {
            "type": "string",
            "minLength": 1,
            "maxLength": 128,
            "description": "optional client event id; the same id is stored once per learner"
          },
          "type": {
            "type": "string",
            "enum": [
              "lesson_started",
              "lesson_completed",
              "quiz_attempt",
              "time_spent",
              "video_view",
              "help_request",
              "practice_problem"
            ]
          },
          "lessonId": {
            "type": "string",
            "minLength": 1,
            "maxLength": 128,
            "description": "id of an existing lesson"
          },
          "itemId": {
            "type": "string",
            "minLength": 1,
            "maxLength": 128
          },
          "skill": {
            "type": "string",
            "minLength": 1,
            "maxLength": 64
          },
          "correct": {
            "type": "boolean"
          },
          "score": {
            "type": "number",
            "minimum": 0,
            "maximum": 100
          },
          "durationMs": {
            "type": "integer",
            "minimum": 0,
            "maximum": 86400000
          },
          "occurredAt": {
            "type": "string",
            "format": "date-time"
          }
        }
      },
      "ProgressSubmission": {
        "oneOf": [
          {
            "type": "object",
            "required": [
              "events"
            ],
            "properties": {
              "events": {
                "type": "array",
                "minItems": 1,
                "maxItems": 500,
                "items": {
                  "$ref": "#/components/schemas/ProgressEvent"
                }
              }
            }
          },
          {
            "$ref": "#/components/schemas/ProgressEvent"
          }
        ]
      },
      "ProgressAck": {
        "type": "object",
        "required": [
          "accepted",
          "duplicates"
        ],
        "properties": {
          "accepted": {
            "type": "integer"
          },
          "duplicates": {
            "type": "integer"
          }
        }
      },
      "LearnerProgress": {
        "type": "object",
        "required": [
          "lessons",
          "xp"
        ],
        "properties": {
          "xp": {
            "type": "integer"
          },
          "lessons": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "lessonId",
                "status",
                "timeSpentMs",
                "updatedAt"
              ],
              "properties": {
                "lessonId": {
                  "type": "string"
                },
                "status": {
                  "type": "string",
                  "enum": [
                    "in_progress",
                    "completed"
                  ]
                },
                "score": {
                  "type": [
                    "number",
                    "null"
                  ]
                },
                "timeSpentMs": {
                  "type": "integer"
                },
                "updatedAt": {
                  "type": "string",
                  "format": "date-time"
                }
              }
            }
          }
        }
      },
      "Health": {
        "type": "object",
        "required": [
          "status"
        ],
        "properties": {
          "status": {
            "type": "string"
          },
          "checks": {
            "type": "object",
            "additionalProperties": {
              "type": "string"
            }
          }
        }
      },
      "MasteryReport": {
        "type": "object",
        "required": [
          "skills",
          "overall",
          "modelVersion"
        ],
        "properties": {
          "skills": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "skill",
                "pKnown",
                "mastery",
                "attempts"
              ],
              "properties": {
                "skill": {
                  "type": "string"
                },
                "pKnown": {
                  "type": "number",
                  "minimum": 0,
                  "maximum": 1,
                  "description": "BKT P(known) before the next attempt"
                },
                "mastery": {
                  "type": "number",
                  "minimum": 0,
                  "maximum": 100
                },
                "attempts": {
                  "type": "integer"
                },
                "correct": {
                  "type": "integer"
                }
              }
            }
          },
          "overall": {
            "type": "number",
            "minimum": 0,
            "maximum": 100,
            "description": "mean mastery over practised skills"
          },
          "modelVersion": {
            "type": "integer",
            "description": "active model version; 0 = untrained defaults"
          }
        }
      },
      "MasteryPredictRequest": {
        "type": "object",
        "properties": {
          "skill": {
            "type": [
              "string",
              "null"
            ],
            "description": "without pKnown: the caller's stored P(known) for this skill, else the skill's prior"
          },
          "pKnown": {
            "type": "number",
            "minimum": 0,
            "maximum": 1
          },
          "quizAttempts": {
            "type": "integer",
            "minimum": 0,
            "maximum": 1000000
          },
          "accuracy": {
            "type": "number",
            "minimum": 0,
            "maximum": 1
          },
          "averageScore": {
            "type": "number",
            "minimum": 0,
            "maximum": 100
          },
          "timeSpentMinutes": {
            "type": "number",
            "minimum": 0,
            "maximum": 10000000
          },
          "practiceProblems": {
            "type": "integer",
            "minimum": 0,
            "maximum": 1000000
          },
          "videoViews": {
            "type": "integer",
            "minimum": 0,
            "maximum": 1000000
          },
          "consecutiveDays": {
            "type": "integer",
            "minimum": 0,
            "maximum": 1000000
          },
          "helpRequests": {
            "type": "integer",
            "minimum": 0,
            "maximum": 1000000
          }
        }
      },
      "MasteryPrediction": {
        "type": "object",
        "required": [
          "mastery",
          "pKnown",
          "modelVersion"
        ],
        "properties": {
          "mastery": {
            "type": "number",
            "minimum": 0,
            "maximum": 100
          },
          "pKnown": {
            "type": "number"
          },
          "modelVersion": {
            "type": "integer"
          }
        }
      },
      "ClassifyRequest": {
        "type": "object",
        "required": [
          "content"
        ],
        "properties": {
          "content": {
            "type": "string",
            "minLength": 1,
            "maxLength": 200000
          },
          "prerequisites": {
            "type": "array",
            "items": {
              "type": "string"
            },
            "maxItems": 50
          },
          "prerequisiteDepth": {
            "type": [
              "integer",
              "null"
            ],
            "minimum": 0,
            "maximum": 100
          }
        }
      },
      "Classification": {
        "type": "object",
        "required": [
          "level",
          "probabilities",
          "features",
          "modelVersion"
        ],
        "properties": {
          "level": {
            "type": "string",
            "enum": [
              "beginner",
              "intermediate",
              "advanced",
              "expert"
            ]
          },
          "probabilities": {
            "type": "object",
            "additionalProperties": {
              "type": "number"
            }
          },
          "features": {
            "type": "object",
            "properties": {
              "characterCount": {
                "type": "integer"
              },
              "wordCount": {
                "type": "integer"
              },
              "sentenceCount": {
                "type": "integer"
              },
              "meanSentenceLength": {
                "type": "number"
              },
              "meanWordLength": {
                "type": "number"
              },
              "syllablesPerWord": {
                "type": "number"
              },
              "rareWordFraction": {
                "type": "number"
              },
              "formulaCount": {
                "type": "integer"
              },
              "imageCount": {
                "type": "integer"
              },
              "codeBlockCount": {
                "type": "integer"
              },
              "prerequisiteDepth": {
                "type": "integer"
              },
              "fleschKincaidGrade": {
                "type": "number"
              },
              "fleschReadingEase": {
                "type": "number"
              }
            }
          },
          "difficultyLogit": {
            "type": "number"
          },
          "modelVersion": {
            "type": "integer"
          }
        }
      },
      "Recommendations": {
        "type": "object",
        "required": [
          "algorithm",
          "items"
        ],
        "properties": {
          "algorithm": {
            "type": "string"
          },
          "items": {
            "type": "array",
            "items": {
              "type": "object",
              "required": [
                "lessonId",
                "title",
                "score",
                "reason"
              ],
              "properties": {
                "lessonId": {
                  "type": "string"
                },
                "title": {
                  "type": "string"
                },
                "score": {
                  "type": "number"
                },
                "reason": {
                  "type": "string"
                }
              }
            }
          },
          "modelVersion": {
            "type": "integer"
          }
        }
      },
      "ModelVersion": {
        "type": "object",
        "required": [
          "id",
          "kind",
          "createdAt",
          "active"
        ],
        "properties": {
          "id": {
            "type": "integer"
          },
          "kind": {
            "type": "string"
          },
          "createdAt": {
            "type": "string",
            "format": "date-time"
          },
          "active": {
            "type": "boolean"
          },
          "activatedAt": {
            "type": [
              "string",
              "null"
            ],
            "format": "date-time"
          },
          "metrics": {
            "type": [
              "object",
              "null"
            ],
            "description": "held-out quality of the training run"
          }
        }
      },
      "ModelVersionList": {
        "type": "object",
        "required": [
          "items",
          "servingVersion"
        ],
        "properties": {
          "items": {
            "type": "array",
            "items": {
              "$ref": "#/components/schemas/ModelVersion"
            }
          },
          "servingVersion": {
            "type": "integer"
          }
        }
      }
    },
    "responses": {
      "Error": {
        "description": "An error",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      }
    },
    "securitySchemes": {
      "bearerAuth": {
        "type": "http",
        "scheme": "bearer",
        "bearerFormat": "JWT"
      }
    }
  }
}
"""#
}
