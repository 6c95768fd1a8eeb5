ALTER TABLE resolutions DROP COLUMN counting;
DROP TABLE target_assessment_history;
DROP TABLE target_assessments;
ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('viewer', 'statistician', 'admin'));
ALTER TABLE measurement_history DROP COLUMN reason;
ALTER TABLE measurement_history DROP CONSTRAINT measurement_history_action_check;
ALTER TABLE measurement_history ADD CONSTRAINT measurement_history_action_check
    CHECK (action IN ('create', 'update', 'delete'));
ALTER TABLE measurements DROP COLUMN approval_note;
ALTER TABLE measurements DROP COLUMN approval;
