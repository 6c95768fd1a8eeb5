DROP TABLE targets;
DROP TABLE breakthroughs;
DROP TABLE target_groups;
DROP TABLE resolutions;
