ALTER TABLE users DROP COLUMN unit_resolution;
