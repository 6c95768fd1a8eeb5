ALTER TABLE targets DROP COLUMN denominator_en;
ALTER TABLE targets DROP COLUMN denominator_vi;
ALTER TABLE targets DROP COLUMN numerator_en;
ALTER TABLE targets DROP COLUMN numerator_vi;
