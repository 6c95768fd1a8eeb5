-- Figures of units (communes) live beside the area's own, told apart by `unit` ('' for the area's figure): one
-- write path, one history and one compare-and-set for both. A `sum` unit figure is a value; a `ratio` one a
-- numerator and a denominator (and, as `value`, the unit's own percentage); a yes/no one the state 'yes' or 'no'.
-- The figure's key starts with (target, year), so re-adding a year's roll-up totals reads through it.
-- SQLite cannot change a table's constraints, so the table is rebuilt.
CREATE TABLE measurements_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    target_id INTEGER NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
    unit TEXT NOT NULL DEFAULT '',
    year INTEGER NOT NULL,
    quality TEXT NOT NULL CHECK (quality IN ('estimate', 'official')),
    value DOUBLE,
    state TEXT CHECK (state IN ('not_started', 'in_progress', 'done', 'yes', 'no')),
    numerator DOUBLE,
    denominator DOUBLE,
    source TEXT,
    note TEXT,
    revision INTEGER NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    UNIQUE (target_id, year, unit, quality),
    CHECK ((value IS NULL) <> (state IS NULL)),
    CHECK ((numerator IS NULL) = (denominator IS NULL)),
    CHECK (numerator IS NULL OR value IS NOT NULL)
);
INSERT INTO measurements_new (id, target_id, unit, year, quality, value, state, source, note, revision, changed_by,
    changed_at)
SELECT id, target_id, '', year, quality, value, state, source, note, revision, changed_by, changed_at
FROM measurements;
DROP TABLE measurements;
ALTER TABLE measurements_new RENAME TO measurements;

ALTER TABLE measurement_history ADD COLUMN unit TEXT NOT NULL DEFAULT '';
ALTER TABLE measurement_history ADD COLUMN old_numerator DOUBLE;
ALTER TABLE measurement_history ADD COLUMN old_denominator DOUBLE;
ALTER TABLE measurement_history ADD COLUMN new_numerator DOUBLE;
ALTER TABLE measurement_history ADD COLUMN new_denominator DOUBLE;
DROP INDEX measurement_history_revision;
CREATE UNIQUE INDEX measurement_history_revision ON measurement_history (target_id, unit, year, quality, revision);
