DELETE FROM measurement_history WHERE unit <> '';
DELETE FROM measurements WHERE unit <> '';
DROP INDEX measurement_history_revision;
ALTER TABLE measurement_history DROP COLUMN new_denominator;
ALTER TABLE measurement_history DROP COLUMN new_numerator;
ALTER TABLE measurement_history DROP COLUMN old_denominator;
ALTER TABLE measurement_history DROP COLUMN old_numerator;
ALTER TABLE measurement_history DROP COLUMN unit;
CREATE UNIQUE INDEX measurement_history_revision ON measurement_history (target_id, year, quality, revision);

ALTER TABLE measurements DROP CONSTRAINT measurements_figure_key;
ALTER TABLE measurements ADD CONSTRAINT measurements_target_id_year_quality_key UNIQUE (target_id, year, quality);
ALTER TABLE measurements DROP CONSTRAINT measurements_ratio_check;
ALTER TABLE measurements DROP CONSTRAINT measurements_state_check;
ALTER TABLE measurements ADD CONSTRAINT measurements_state_check
    CHECK (state IN ('not_started', 'in_progress', 'done'));
ALTER TABLE measurements DROP COLUMN denominator;
ALTER TABLE measurements DROP COLUMN numerator;
ALTER TABLE measurements DROP COLUMN unit;
