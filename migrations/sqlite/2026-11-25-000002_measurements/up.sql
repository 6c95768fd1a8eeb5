-- One figure per (target, year, quality); `revision` grows on every change (optimistic concurrency).
CREATE TABLE measurements (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    target_id INTEGER NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    quality TEXT NOT NULL CHECK (quality IN ('estimate', 'official')),
    value DOUBLE,
    state TEXT CHECK (state IN ('not_started', 'in_progress', 'done')),
    source TEXT,
    note TEXT,
    revision INTEGER NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    UNIQUE (target_id, year, quality),
    CHECK ((value IS NULL) <> (state IS NULL))
);

-- Append-only: every creation, change and deletion with the figure before and after.
CREATE TABLE measurement_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    target_id INTEGER NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    quality TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('create', 'update', 'delete')),
    channel TEXT NOT NULL,
    revision INTEGER NOT NULL,
    old_value DOUBLE,
    old_state TEXT,
    old_source TEXT,
    old_note TEXT,
    new_value DOUBLE,
    new_state TEXT,
    new_source TEXT,
    new_note TEXT,
    changed_by TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL
);

CREATE INDEX measurement_history_target ON measurement_history (target_id, id);
