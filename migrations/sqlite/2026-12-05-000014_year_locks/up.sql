-- A year of a resolution locked once its report is adopted, and unlocked again with a reason: every event kept.
-- A year is locked while its latest event is a lock; every write of a figure or an assessment into it is refused.
CREATE TABLE year_locks (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    resolution_id INTEGER NOT NULL REFERENCES resolutions (id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    action TEXT NOT NULL,
    reason TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
CREATE INDEX year_locks_year ON year_locks (resolution_id, year, id);
