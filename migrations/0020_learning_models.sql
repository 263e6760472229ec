-- Learning intelligence (issue 3): the online BKT state per learner and skill, and versioned model
-- parameters. Portable SQL: it runs unchanged on PostgreSQL and SQLite.

-- Posterior P(known) before the learner's next attempt on the skill, updated in the same
-- transaction as the progress event that moved it, so a read never recomputes it from history.
CREATE TABLE skill_knowledge (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    skill_id TEXT NOT NULL,
    p_known DOUBLE PRECISION NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    correct INTEGER NOT NULL DEFAULT 0,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, skill_id)
);
CREATE INDEX skill_knowledge_skill ON skill_knowledge (skill_id);

-- One row per `wave3 train` run. `parameters` holds every fitted model of the run as one JSON
-- document (BKT per skill, mastery model, difficulty classifier, Rasch calibration), so that an
-- activation or a rollback switches all of them together; `metrics` holds the held-out quality.
-- At most one row per kind is active; replicas poll for the active id and reload when it moves.
CREATE TABLE model_versions (
    id BIGINT PRIMARY KEY,
    kind TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    parameters TEXT NOT NULL,
    metrics TEXT NOT NULL,
    active INTEGER NOT NULL DEFAULT 0,
    activated_at BIGINT
);
CREATE INDEX model_versions_active ON model_versions (kind, active, id);
