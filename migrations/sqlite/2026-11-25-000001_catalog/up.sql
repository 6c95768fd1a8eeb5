CREATE TABLE resolutions (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    code TEXT NOT NULL UNIQUE,
    title_vi TEXT NOT NULL,
    title_en TEXT NOT NULL,
    baseline_year INTEGER NOT NULL,
    goal_year INTEGER NOT NULL,
    loaded_at TIMESTAMP NOT NULL
);

CREATE TABLE target_groups (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    resolution_id INTEGER NOT NULL REFERENCES resolutions (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    title_vi TEXT NOT NULL,
    title_en TEXT NOT NULL,
    position INTEGER NOT NULL,
    UNIQUE (resolution_id, code)
);

CREATE TABLE breakthroughs (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    resolution_id INTEGER NOT NULL REFERENCES resolutions (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    title_vi TEXT NOT NULL,
    title_en TEXT NOT NULL,
    source_text_vi TEXT,
    position INTEGER NOT NULL,
    UNIQUE (resolution_id, code)
);

CREATE TABLE targets (
    id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL,
    resolution_id INTEGER NOT NULL REFERENCES resolutions (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    group_code TEXT NOT NULL,
    title_vi TEXT NOT NULL,
    title_en TEXT NOT NULL,
    source_text_vi TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('reach_by_deadline', 'every_year', 'average_growth', 'milestone')),
    comparator TEXT CHECK (comparator IN ('>', '>=', '<', '<=')),
    goal DOUBLE,
    goal_year INTEGER NOT NULL,
    unit_vi TEXT NOT NULL,
    unit_en TEXT NOT NULL,
    breakthrough_code TEXT,
    min_value DOUBLE,
    max_value DOUBLE,
    whole BOOLEAN NOT NULL DEFAULT 0,
    position INTEGER NOT NULL,
    UNIQUE (resolution_id, code)
);
