-- A resolution's reporting calendar: each year's estimate is due by estimate_due of the year, its official figure
-- by official_due of the next (MM-DD).
ALTER TABLE resolutions ADD COLUMN estimate_due TEXT NOT NULL DEFAULT '11-30';
ALTER TABLE resolutions ADD COLUMN official_due TEXT NOT NULL DEFAULT '03-31';
