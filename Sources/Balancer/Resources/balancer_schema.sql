-- Balancer reputation, anomalies and VIP tiers, adapted from the seed's 051_advanced_features.sql:
-- client keys are text (user:, key:, ip:), timestamps BIGINT epoch ms, ids explicit, no SERIAL,
-- so the same file runs on SQLite and PostgreSQL. The only definition of these tables: embedded in
-- the balancer and applied at its start as migration 0050 (SQLReputationStore.migration).

CREATE TABLE IF NOT EXISTS balancer_reputation (
    client_key TEXT PRIMARY KEY,
    reputation_score DOUBLE PRECISION NOT NULL DEFAULT 50,
    last_violation_ms BIGINT,
    total_violations BIGINT NOT NULL DEFAULT 0,
    total_clean_requests BIGINT NOT NULL DEFAULT 0,
    updated_at_ms BIGINT NOT NULL
);

CREATE TABLE IF NOT EXISTS balancer_reputation_events (
    id TEXT PRIMARY KEY,
    client_key TEXT NOT NULL,
    event_type TEXT NOT NULL,
    score_after DOUBLE PRECISION NOT NULL,
    occurred_at_ms BIGINT NOT NULL
);

CREATE INDEX IF NOT EXISTS idx_balancer_reputation_score ON balancer_reputation(reputation_score);

CREATE INDEX IF NOT EXISTS idx_balancer_reputation_events_client ON balancer_reputation_events(client_key, occurred_at_ms);

CREATE TABLE IF NOT EXISTS balancer_anomalies (
    id BIGINT PRIMARY KEY,
    anomaly_type TEXT NOT NULL,
    confidence DOUBLE PRECISION NOT NULL,
    score DOUBLE PRECISION NOT NULL,
    affected_clients TEXT NOT NULL,
    affected_count INTEGER NOT NULL,
    response_action TEXT NOT NULL,
    observed_rate DOUBLE PRECISION NOT NULL,
    expected_rate DOUBLE PRECISION NOT NULL,
    detected_at_ms BIGINT NOT NULL,
    resolved_at_ms BIGINT
);

CREATE INDEX IF NOT EXISTS idx_balancer_anomalies_type ON balancer_anomalies(anomaly_type, detected_at_ms);

CREATE TABLE IF NOT EXISTS balancer_vip_clients (
    client_key TEXT PRIMARY KEY,
    tier TEXT NOT NULL,
    limit_multiplier DOUBLE PRECISION NOT NULL DEFAULT 1,
    notes TEXT,
    created_at_ms BIGINT NOT NULL
);
