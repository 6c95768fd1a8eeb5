-- Who answers for each target: the resolution's agencies (JSON, in the file's order) and each target's lead agency
-- and co-operating ones (codes, comma-separated).
ALTER TABLE resolutions ADD COLUMN agencies TEXT NOT NULL DEFAULT '[]';
ALTER TABLE targets ADD COLUMN agency TEXT;
ALTER TABLE targets ADD COLUMN co_agencies TEXT NOT NULL DEFAULT '';
