-- Core schema of the learning platform. Portable SQL: it runs unchanged on PostgreSQL and SQLite.
-- Ids are application-generated TEXT (UUIDs, or readable slugs for seeded content) so that no
-- engine-specific sequence type is needed; timestamps are BIGINT milliseconds since the epoch.

CREATE TABLE users (
    id TEXT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL DEFAULT 'learner' CHECK (role IN ('learner', 'admin')),
    created_at BIGINT NOT NULL
);

CREATE TABLE subjects (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT ''
);

CREATE TABLE skills (
    id TEXT PRIMARY KEY,
    subject_id TEXT NOT NULL REFERENCES subjects(id),
    name TEXT NOT NULL
);

CREATE TABLE lessons (
    id TEXT PRIMARY KEY,
    subject_id TEXT NOT NULL REFERENCES subjects(id),
    title TEXT NOT NULL,
    content TEXT NOT NULL,
    estimated_minutes INTEGER NOT NULL,
    difficulty TEXT NOT NULL DEFAULT 'beginner',
    version INTEGER NOT NULL DEFAULT 1,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX lessons_subject ON lessons (subject_id, id);
CREATE INDEX lessons_difficulty ON lessons (difficulty, id);

CREATE TABLE lesson_skills (
    lesson_id TEXT NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
    skill_id TEXT NOT NULL REFERENCES skills(id),
    PRIMARY KEY (lesson_id, skill_id)
);
CREATE INDEX lesson_skills_skill ON lesson_skills (skill_id, lesson_id);

CREATE TABLE lesson_prerequisites (
    lesson_id TEXT NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
    prerequisite_id TEXT NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
    PRIMARY KEY (lesson_id, prerequisite_id),
    CHECK (lesson_id <> prerequisite_id)
);
CREATE INDEX lesson_prerequisites_reverse ON lesson_prerequisites (prerequisite_id);

CREATE TABLE quiz_items (
    id TEXT PRIMARY KEY,
    lesson_id TEXT NOT NULL REFERENCES lessons(id) ON DELETE CASCADE,
    skill_id TEXT REFERENCES skills(id),
    prompt TEXT NOT NULL,
    choices TEXT NOT NULL,
    answer_index INTEGER NOT NULL,
    difficulty DOUBLE PRECISION NOT NULL DEFAULT 0
);
CREATE INDEX quiz_items_lesson ON quiz_items (lesson_id);

-- One row per (learner, Idempotency-Key): the request's fingerprint and the answer given, so a
-- replay gets the same answer and a different body under the same key is refused.
CREATE TABLE idempotency_keys (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status INTEGER NOT NULL,
    response TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
);

-- The append-only history. (user_id, idempotency_key, seq) is unique: a request's events are
-- stored once whatever happens to the response. client_event_id lets offline clients dedupe the
-- same event sent under two keys.
CREATE TABLE progress_events (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    idempotency_key TEXT NOT NULL,
    seq INTEGER NOT NULL,
    client_event_id TEXT,
    type TEXT NOT NULL,
    lesson_id TEXT NOT NULL,
    item_id TEXT,
    skill_id TEXT,
    correct INTEGER,
    score DOUBLE PRECISION,
    duration_ms BIGINT,
    occurred_at BIGINT NOT NULL,
    recorded_at BIGINT NOT NULL,
    UNIQUE (user_id, idempotency_key, seq),
    UNIQUE (user_id, client_event_id)
);
CREATE INDEX progress_events_user_time ON progress_events (user_id, occurred_at);
CREATE INDEX progress_events_lesson ON progress_events (lesson_id);

-- Per learner and lesson: the folded state the progress endpoint reads.
CREATE TABLE lesson_progress (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    lesson_id TEXT NOT NULL,
    status TEXT NOT NULL,
    score DOUBLE PRECISION,
    time_spent_ms BIGINT NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    correct INTEGER NOT NULL DEFAULT 0,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, lesson_id)
);

-- The source of truth for XP; leaderboards are rebuilt from it.
CREATE TABLE xp_ledger (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    amount INTEGER NOT NULL,
    reason TEXT NOT NULL,
    event_id TEXT REFERENCES progress_events(id),
    subject_id TEXT,
    -- Set for one-time awards (first completion of a lesson): the unique index makes a concurrent
    -- or replayed award impossible to count twice.
    award_key TEXT,
    created_at BIGINT NOT NULL,
    UNIQUE (user_id, award_key)
);
CREATE INDEX xp_ledger_user ON xp_ledger (user_id, created_at);
CREATE INDEX xp_ledger_time ON xp_ledger (created_at);
