-- Approval: every figure is a draft, submitted, approved or returned (with the reason). Steps of the workflow are
-- kept in the figure's history beside its changes (actions submit, approve, return, reopen, with their reason),
-- each raising the revision, so an approval and an edit are one compare-and-set apart.
ALTER TABLE measurements ADD COLUMN approval TEXT NOT NULL DEFAULT 'draft'
    CHECK (approval IN ('draft', 'submitted', 'approved', 'returned'));
ALTER TABLE measurements ADD COLUMN approval_note TEXT;

-- SQLite cannot change a table's constraints: the history is rebuilt with the new actions and a reason.
CREATE TABLE measurement_history_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    target_id INTEGER NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    quality TEXT NOT NULL,
    action TEXT NOT NULL
        CHECK (action IN ('create', 'update', 'delete', 'submit', 'approve', 'return', 'reopen')),
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
    changed_at TIMESTAMP NOT NULL,
    unit TEXT NOT NULL DEFAULT '',
    old_numerator DOUBLE,
    old_denominator DOUBLE,
    new_numerator DOUBLE,
    new_denominator DOUBLE,
    reason TEXT
);
INSERT INTO measurement_history_new (id, target_id, year, quality, action, channel, revision, old_value, old_state,
    old_source, old_note, new_value, new_state, new_source, new_note, changed_by, changed_at, unit, old_numerator,
    old_denominator, new_numerator, new_denominator)
SELECT id, target_id, year, quality, action, channel, revision, old_value, old_state, old_source, old_note,
    new_value, new_state, new_source, new_note, changed_by, changed_at, unit, old_numerator, old_denominator,
    new_numerator, new_denominator
FROM measurement_history;
DROP TABLE measurement_history;
ALTER TABLE measurement_history_new RENAME TO measurement_history;
CREATE INDEX measurement_history_target ON measurement_history (target_id, id);
CREATE UNIQUE INDEX measurement_history_revision ON measurement_history (target_id, unit, year, quality, revision);

-- The approver role (the statistics office's head). The accounts' tables are rebuilt together: the new children
-- refer to the new users (renaming it renames their references), so dropping the old users cascades to nothing.
CREATE TABLE users_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    name TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('viewer', 'statistician', 'approver', 'admin')),
    disabled BOOLEAN NOT NULL DEFAULT 0,
    created_at TIMESTAMP NOT NULL,
    unit TEXT,
    unit_resolution TEXT,
    agency TEXT,
    agency_resolution TEXT
);
INSERT INTO users_new (id, name, password_hash, role, disabled, created_at, unit, unit_resolution, agency,
    agency_resolution)
SELECT id, name, password_hash, role, disabled, created_at, unit, unit_resolution, agency, agency_resolution
FROM users;
CREATE TABLE sessions_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users_new (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL
);
INSERT INTO sessions_new SELECT id, token_hash, user_id, csrf_token, created_at, expires_at FROM sessions;
CREATE TABLE api_tokens_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    user_id INTEGER NOT NULL REFERENCES users_new (id) ON DELETE CASCADE,
    label TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP
);
INSERT INTO api_tokens_new SELECT id, token_hash, user_id, label, created_at, revoked_at FROM api_tokens;
DROP TABLE sessions;
DROP TABLE api_tokens;
DROP TABLE users;
ALTER TABLE users_new RENAME TO users;
ALTER TABLE sessions_new RENAME TO sessions;
ALTER TABLE api_tokens_new RENAME TO api_tokens;

-- The committee's assessment of a target for a year (as of breakthrough tasks): an official status and a
-- narrative, beside the computed status; every version kept.
CREATE TABLE target_assessments (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    target_id INTEGER NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    status TEXT NOT NULL,
    text TEXT NOT NULL,
    revision INTEGER NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    UNIQUE (target_id, year)
);
CREATE TABLE target_assessment_history (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    target_id INTEGER NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    old_status TEXT,
    old_text TEXT,
    new_status TEXT NOT NULL,
    new_text TEXT NOT NULL,
    changed_by TEXT NOT NULL,
    changed_at TIMESTAMP NOT NULL,
    UNIQUE (target_id, year, revision)
);

-- Whether a resolution's dashboard counts every figure (unapproved ones marked) or approved figures alone.
ALTER TABLE resolutions ADD COLUMN counting TEXT NOT NULL DEFAULT 'all';
