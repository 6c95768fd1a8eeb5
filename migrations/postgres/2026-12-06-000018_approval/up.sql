-- Approval: every figure is a draft, submitted, approved or returned (with the reason). Steps of the workflow are
-- kept in the figure's history beside its changes (actions submit, approve, return, reopen, with their reason),
-- each raising the revision, so an approval and an edit are one compare-and-set apart.
ALTER TABLE measurements ADD COLUMN approval TEXT NOT NULL DEFAULT 'draft'
    CHECK (approval IN ('draft', 'submitted', 'approved', 'returned'));
ALTER TABLE measurements ADD COLUMN approval_note TEXT;
ALTER TABLE measurement_history DROP CONSTRAINT measurement_history_action_check;
ALTER TABLE measurement_history ADD CONSTRAINT measurement_history_action_check
    CHECK (action IN ('create', 'update', 'delete', 'submit', 'approve', 'return', 'reopen'));
ALTER TABLE measurement_history ADD COLUMN reason TEXT;

-- The approver role (the statistics office's head).
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('viewer', 'statistician', 'approver', 'admin'));

-- The committee's assessment of a target for a year (as of breakthrough tasks): an official status and a
-- narrative, beside the computed status; every version kept.
CREATE TABLE target_assessments (
    id SERIAL PRIMARY KEY,
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
    id SERIAL PRIMARY KEY,
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
