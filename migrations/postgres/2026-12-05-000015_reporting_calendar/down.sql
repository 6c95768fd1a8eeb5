ALTER TABLE resolutions DROP COLUMN official_due;
ALTER TABLE resolutions DROP COLUMN estimate_due;
