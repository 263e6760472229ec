-- Notifications, the transactional outbox and what the worker keeps (issue 12; docs/notifications.md).

CREATE TABLE notifications (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    priority INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    read_at BIGINT
);
CREATE INDEX notifications_user ON notifications (user_id, created_at, id);
CREATE INDEX notifications_unread ON notifications (user_id, read_at);

-- Written in the same transaction as the change that caused a message; the relay publishes the
-- pending rows with publisher confirms and stamps sent_at. kind: push (to sockets), task
-- (async_tasks), analytics (analytics_events). claimed_by/claimed_until let several relays share
-- the table; attempts/available_at/status carry the embedded twin's task retries.
CREATE TABLE outbox (
    id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    exchange TEXT NOT NULL,
    routing_key TEXT NOT NULL,
    body TEXT NOT NULL,
    priority INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL,
    available_at BIGINT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    claimed_by TEXT,
    claimed_until BIGINT,
    sent_at BIGINT,
    status TEXT NOT NULL DEFAULT 'pending',
    last_error TEXT
);
CREATE INDEX outbox_pending ON outbox (sent_at, available_at);
CREATE INDEX outbox_created ON outbox (created_at, id);

-- A consumer records each message id it applied in the transaction of its effects: a redelivered
-- message finds its id and changes nothing.
CREATE TABLE processed_messages (
    consumer TEXT NOT NULL,
    message_id TEXT NOT NULL,
    processed_at BIGINT NOT NULL,
    PRIMARY KEY (consumer, message_id)
);

CREATE TABLE badges (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    badge TEXT NOT NULL,
    awarded_at BIGINT NOT NULL,
    PRIMARY KEY (user_id, badge)
);

-- Tasks that failed their last try (the embedded twin's dead-letter queue; with RabbitMQ the
-- dead letters are in the async_tasks.dead queue).
CREATE TABLE dead_tasks (
    id TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    error TEXT NOT NULL,
    failed_at BIGINT NOT NULL
);

CREATE TABLE analytics_daily_active (
    day TEXT NOT NULL,
    user_id TEXT NOT NULL,
    PRIMARY KEY (day, user_id)
);

CREATE TABLE analytics_daily_completions (
    day TEXT NOT NULL,
    subject_id TEXT NOT NULL,
    completions INTEGER NOT NULL,
    PRIMARY KEY (day, subject_id)
);

-- The last top 10 of the all-time XP board seen by the worker, to tell rank changes.
CREATE TABLE leaderboard_top (
    rank INTEGER PRIMARY KEY,
    user_id TEXT NOT NULL,
    xp BIGINT NOT NULL
);

-- The top recommendation last announced to each learner: a new one after training notifies.
CREATE TABLE recommendation_heads (
    user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    lesson_id TEXT NOT NULL,
    updated_at BIGINT NOT NULL
);
