-- A/B testing (issue 13, docs/experiments.md). Portable SQL: it runs unchanged on PostgreSQL and SQLite.

-- `variants` and `metrics` are the admin's JSON definitions; `status` follows draft → running → stopped.
CREATE TABLE experiments (
    key TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    status TEXT NOT NULL CHECK (status IN ('draft', 'running', 'stopped')),
    variants TEXT NOT NULL,
    metrics TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    started_at BIGINT,
    stopped_at BIGINT
);
CREATE INDEX experiments_status ON experiments (status);

-- One row per learner and experiment: the variant recorded at first exposure (sticky even if the
-- hash's inputs change), or an admin's override (forced = 1: a chosen variant, left out of the
-- statistics since it was not randomised; excluded = 1: no variant, nothing counted).
-- pre_activity is the learner's progress-event count in the 28 days before exposure: CUPED's covariate.
CREATE TABLE experiment_assignments (
    experiment_key TEXT NOT NULL REFERENCES experiments(key) ON DELETE CASCADE,
    learner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    variant TEXT NOT NULL,
    forced INTEGER NOT NULL DEFAULT 0,
    excluded INTEGER NOT NULL DEFAULT 0,
    exposed_at BIGINT,
    pre_activity DOUBLE PRECISION NOT NULL DEFAULT 0,
    PRIMARY KEY (experiment_key, learner_id)
);
CREATE INDEX experiment_assignments_variant ON experiment_assignments (experiment_key, variant);
CREATE INDEX experiment_assignments_learner ON experiment_assignments (learner_id);

-- Values learners reported through POST /experiments/{key}/events, kept whole for audit...
CREATE TABLE experiment_events (
    id TEXT PRIMARY KEY,
    experiment_key TEXT NOT NULL REFERENCES experiments(key) ON DELETE CASCADE,
    learner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    metric TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    recorded_at BIGINT NOT NULL
);
CREATE INDEX experiment_events_learner ON experiment_events (experiment_key, learner_id);

-- ...and folded per learner in the same transaction, so results aggregate one row per learner and
-- metric (100 000 rows, not a million events) with no join: the learner's variant, covariate and
-- whether they count (not forced or excluded) are copied from the assignment, and an override
-- rewrites them.
CREATE TABLE experiment_learner_metrics (
    experiment_key TEXT NOT NULL REFERENCES experiments(key) ON DELETE CASCADE,
    metric TEXT NOT NULL,
    learner_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    variant TEXT NOT NULL,
    pre_activity DOUBLE PRECISION NOT NULL,
    counted INTEGER NOT NULL,
    count INTEGER NOT NULL,
    total DOUBLE PRECISION NOT NULL,
    maximum DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (experiment_key, metric, learner_id)
);
CREATE INDEX experiment_learner_metrics_learner ON experiment_learner_metrics (experiment_key, learner_id);
