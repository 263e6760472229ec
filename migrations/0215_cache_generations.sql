-- The embedded twin of the shared caches (docs/redis.md, "Shared caches"): without Redis, each
-- cache scope's generation lives here, so replicas sharing the database drop a scope together.
-- Entries stay in each process's memory, keyed by generation.
CREATE TABLE cache_generations (
    cache TEXT NOT NULL,
    scope TEXT NOT NULL,
    generation BIGINT NOT NULL,
    PRIMARY KEY (cache, scope)
);
