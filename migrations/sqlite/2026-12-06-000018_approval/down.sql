ALTER TABLE resolutions DROP COLUMN counting;
DROP TABLE target_assessment_history;
DROP TABLE target_assessments;
ALTER TABLE measurement_history DROP COLUMN reason;
ALTER TABLE measurements DROP COLUMN approval_note;
ALTER TABLE measurements DROP COLUMN approval;
