ALTER TABLE users DROP COLUMN agency_resolution;
ALTER TABLE users DROP COLUMN agency;
