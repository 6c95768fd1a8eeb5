ALTER TABLE targets DROP COLUMN continues;
ALTER TABLE targets DROP COLUMN retired;
ALTER TABLE breakthroughs DROP COLUMN retired;
ALTER TABLE target_groups DROP COLUMN retired;
