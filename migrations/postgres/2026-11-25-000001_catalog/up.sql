CREATE TABLE resolutions (
    id SERIAL PRIMARY KEY,
    code TEXT NOT NULL UNIQUE,
    title_vi TEXT NOT NULL,
    title_en TEXT NOT NULL,
    baseline_year INTEGER NOT NULL,
    goal_year INTEGER NOT NULL,
    loaded_at TIMESTAMP NOT NULL
);

CREATE TABLE target_groups (
    id SERIAL PRIMARY KEY,
    resolution_id INTEGER NOT NULL REFERENCES resolutions (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    title_vi TEXT NOT NULL,
    title_en TEXT NOT NULL,
    position INTEGER NOT NULL,
    UNIQUE (resolution_id, code)
);

CREATE TABLE breakthroughs (
    id SERIAL PRIMARY KEY,
    resolution_id INTEGER NOT NULL REFERENCES resolutions (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    title_vi TEXT NOT NULL,
    title_en TEXT NOT NULL,
    source_text_vi TEXT,
    position INTEGER NOT NULL,
    UNIQUE (resolution_id, code)
);

CREATE TABLE targets (
    id SERIAL PRIMARY KEY,
    resolution_id INTEGER NOT NULL REFERENCES resolutions (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    group_code TEXT NOT NULL,
    title_vi TEXT NOT NULL,
    title_en TEXT NOT NULL,
    source_text_vi TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('reach_by_deadline', 'every_year', 'average_growth', 'milestone')),
    comparator TEXT CHECK (comparator IN ('>', '>=', '<', '<=')),
    goal DOUBLE PRECISION,
    goal_year INTEGER NOT NULL,
    unit_vi TEXT NOT NULL,
    unit_en TEXT NOT NULL,
    breakthrough_code TEXT,
    min_value DOUBLE PRECISION,
    max_value DOUBLE PRECISION,
    whole BOOLEAN NOT NULL DEFAULT FALSE,
    position INTEGER NOT NULL,
    UNIQUE (resolution_id, code)
);
