-- A breakthrough task's assessment for a year: a status and a narrative text.
CREATE TABLE assessments (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    breakthrough_id INTEGER NOT NULL REFERENCES breakthroughs (id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('achieved', 'on_track', 'needs_acceleration', 'off_track')),
    text TEXT NOT NULL,
    revision INTEGER NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    UNIQUE (breakthrough_id, year)
);

-- Append-only: every version of every assessment.
CREATE TABLE assessment_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    breakthrough_id INTEGER NOT NULL REFERENCES breakthroughs (id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    old_status TEXT,
    old_text TEXT,
    new_status TEXT NOT NULL,
    new_text TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL
);
