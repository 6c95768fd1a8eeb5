-- The area a resolution covers, its units (communes, towns) with their validity, how they changed, and how each
-- target's area figure is built from its units' figures.
ALTER TABLE resolutions ADD COLUMN area_code TEXT;
ALTER TABLE resolutions ADD COLUMN area_name_vi TEXT;
ALTER TABLE resolutions ADD COLUMN area_name_en TEXT;
ALTER TABLE resolutions ADD COLUMN area_ends DATE;

ALTER TABLE targets ADD COLUMN rollup TEXT NOT NULL DEFAULT 'none'
    CHECK (rollup IN ('none', 'sum', 'ratio', 'share_of_units', 'count_of_units'));
-- The unit kinds a yes/no roll-up counts, comma-separated (codes hold no comma).
ALTER TABLE targets ADD COLUMN counted_kinds TEXT NOT NULL DEFAULT '';

CREATE TABLE units (
    id SERIAL PRIMARY KEY,
    resolution_id INTEGER NOT NULL REFERENCES resolutions (id) ON DELETE CASCADE,
    code TEXT NOT NULL,
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL,
    kind TEXT NOT NULL,
    starts DATE,
    ends DATE,
    position INTEGER NOT NULL,
    UNIQUE (resolution_id, code)
);

CREATE TABLE unit_changes (
    id SERIAL PRIMARY KEY,
    resolution_id INTEGER NOT NULL REFERENCES resolutions (id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    changed_on DATE NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('merge_into_new', 'merge_into_existing', 'rename', 'split')),
    -- The unit codes before and after, comma-separated.
    before_units TEXT NOT NULL,
    after_units TEXT NOT NULL,
    basis TEXT NOT NULL,
    date_is_reading BOOLEAN NOT NULL DEFAULT FALSE,
    UNIQUE (resolution_id, position)
);
