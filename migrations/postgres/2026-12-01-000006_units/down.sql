DROP TABLE units;
ALTER TABLE targets DROP COLUMN counted_kinds, DROP COLUMN rollup;
ALTER TABLE resolutions
    DROP COLUMN unit_changes, DROP COLUMN area_ends, DROP COLUMN area_name_en, DROP COLUMN area_name_vi,
    DROP COLUMN area_code;
