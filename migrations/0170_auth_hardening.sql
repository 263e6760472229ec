-- Hardening of the API (docs/security.md): the learner's answer kept with each graded quiz
-- attempt, refresh tokens, and the failed-login throttle. Portable SQL (PostgreSQL and SQLite).

-- The choice the learner sent; `correct` is the server's grade of it.
ALTER TABLE progress_events ADD COLUMN answer INTEGER;

-- Refresh tokens are stored as SHA-256 hashes only. A family is one login's chain of rotations:
-- presenting a token that was already rotated (`replaced_by` set) revokes the whole family.
CREATE TABLE refresh_tokens (
    token_hash TEXT PRIMARY KEY,
    family_id TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    replaced_by TEXT,
    revoked_at BIGINT
);
CREATE INDEX refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON refresh_tokens (user_id);

-- Failed logins per key ('account:<email>' or 'ip:<address>'): shared by all replicas so the
-- back-off holds behind a balancer.
CREATE TABLE login_failures (
    throttle_key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failure_at BIGINT NOT NULL,
    blocked_until BIGINT NOT NULL
);
