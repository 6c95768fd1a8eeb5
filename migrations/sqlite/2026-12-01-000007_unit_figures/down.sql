DELETE FROM measurement_history WHERE unit <> '';
DROP INDEX measurement_history_revision;
ALTER TABLE measurement_history DROP COLUMN new_denominator;
ALTER TABLE measurement_history DROP COLUMN new_numerator;
ALTER TABLE measurement_history DROP COLUMN old_denominator;
ALTER TABLE measurement_history DROP COLUMN old_numerator;
ALTER TABLE measurement_history DROP COLUMN unit;
CREATE UNIQUE INDEX measurement_history_revision ON measurement_history (target_id, year, quality, revision);

CREATE TABLE measurements_old (
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
INSERT INTO measurements_old (id, target_id, year, quality, value, state, source, note, revision, changed_by,
    changed_at)
SELECT id, target_id, year, quality, value, state, source, note, revision, changed_by, changed_at
FROM measurements WHERE unit = '';
DROP TABLE measurements;
ALTER TABLE measurements_old RENAME TO measurements;
