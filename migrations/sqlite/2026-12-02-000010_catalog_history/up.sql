-- Every correction of a catalog entry made on the pages: which entry and field, its old and new text, who, when.
CREATE TABLE catalog_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    resolution_id INTEGER NOT NULL REFERENCES resolutions (id) ON DELETE CASCADE,
    entry TEXT NOT NULL,
    field TEXT NOT NULL,
    old_value TEXT NOT NULL,
    new_value TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
CREATE INDEX catalog_history_entry ON catalog_history (resolution_id, entry, id);
