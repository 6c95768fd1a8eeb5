DROP TABLE units;
ALTER TABLE targets DROP COLUMN counted_kinds;
ALTER TABLE targets DROP COLUMN rollup;
ALTER TABLE resolutions DROP COLUMN unit_changes;
ALTER TABLE resolutions DROP COLUMN area_ends;
ALTER TABLE resolutions DROP COLUMN area_name_en;
ALTER TABLE resolutions DROP COLUMN area_name_vi;
ALTER TABLE resolutions DROP COLUMN area_code;
