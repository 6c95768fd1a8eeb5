-- Figures of units (communes) live beside the area's own, told apart by `unit` ('' for the area's figure): one
-- write path, one history and one compare-and-set for both. A `sum` unit figure is a value; a `ratio` one a
-- numerator and a denominator (and, as `value`, the unit's own percentage); a yes/no one the state 'yes' or 'no'.
-- The figure's key starts with (target, year), so re-adding a year's roll-up totals reads through it.
ALTER TABLE measurements ADD COLUMN unit TEXT NOT NULL DEFAULT '';
ALTER TABLE measurements ADD COLUMN numerator DOUBLE PRECISION;
ALTER TABLE measurements ADD COLUMN denominator DOUBLE PRECISION;
ALTER TABLE measurements DROP CONSTRAINT measurements_state_check;
ALTER TABLE measurements ADD CONSTRAINT measurements_state_check
    CHECK (state IN ('not_started', 'in_progress', 'done', 'yes', 'no'));
ALTER TABLE measurements ADD CONSTRAINT measurements_ratio_check
    CHECK ((numerator IS NULL) = (denominator IS NULL) AND (numerator IS NULL OR value IS NOT NULL));
ALTER TABLE measurements DROP CONSTRAINT measurements_target_id_year_quality_key;
ALTER TABLE measurements ADD CONSTRAINT measurements_figure_key UNIQUE (target_id, year, unit, quality);

ALTER TABLE measurement_history ADD COLUMN unit TEXT NOT NULL DEFAULT '';
ALTER TABLE measurement_history ADD COLUMN old_numerator DOUBLE PRECISION;
ALTER TABLE measurement_history ADD COLUMN old_denominator DOUBLE PRECISION;
ALTER TABLE measurement_history ADD COLUMN new_numerator DOUBLE PRECISION;
ALTER TABLE measurement_history ADD COLUMN new_denominator DOUBLE PRECISION;
DROP INDEX measurement_history_revision;
CREATE UNIQUE INDEX measurement_history_revision ON measurement_history (target_id, unit, year, quality, revision);
