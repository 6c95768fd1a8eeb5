-- Groups, breakthroughs and targets an administrator retired: kept (their figures and history stay), no longer
-- shown or counted.
ALTER TABLE target_groups ADD COLUMN retired BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE breakthroughs ADD COLUMN retired BOOLEAN NOT NULL DEFAULT 0;
ALTER TABLE targets ADD COLUMN retired BOOLEAN NOT NULL DEFAULT 0;
-- The target of an earlier term a target continues ("resolution/target"), for the two terms' chart.
ALTER TABLE targets ADD COLUMN continues TEXT;
