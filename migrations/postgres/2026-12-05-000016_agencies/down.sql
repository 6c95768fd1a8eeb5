ALTER TABLE targets DROP COLUMN co_agencies;
ALTER TABLE targets DROP COLUMN agency;
ALTER TABLE resolutions DROP COLUMN agencies;
