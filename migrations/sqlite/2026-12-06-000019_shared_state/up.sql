-- The same table as PostgreSQL's (one schema for both); one SQLite process keeps its sign-in counts in memory, so
-- it stays empty here. PostgreSQL's change notices have no SQLite counterpart: one process has no one to tell.
CREATE TABLE signin_failures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    key TEXT NOT NULL,
    failed_at TIMESTAMP NOT NULL DEFAULT CURRENT_TIMESTAMP
);
CREATE INDEX signin_failures_by_key ON signin_failures (key, failed_at);
