-- Issued API keys (docs/balancer.md, "API keys"): the id is public, the secret is stored only as a
-- hex SHA-256. Revocation stamps revoked_at_ms instead of deleting, so every balancer replica's
-- periodic refresh sees the key gone. Applied by the balancer at start as migration 0200
-- (SQLReputationStore.migrations), after 0050.

CREATE TABLE IF NOT EXISTS balancer_api_keys (
    key_id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    tier TEXT NOT NULL,
    limit_multiplier DOUBLE PRECISION NOT NULL DEFAULT 1,
    secret_hash TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    revoked_at_ms BIGINT
);

CREATE INDEX IF NOT EXISTS idx_balancer_api_keys_revoked ON balancer_api_keys(revoked_at_ms);
