-- The area a resolution covers, its units (communes, towns) with their validity, how they changed, and how each
-- target's area figure is built from its units' figures.
ALTER TABLE resolutions
    ADD COLUMN area_code TEXT,
    ADD COLUMN area_name_vi TEXT,
    ADD COLUMN area_name_en TEXT,
    ADD COLUMN area_ends DATE,
    -- How the units changed (merges, renames, splits), as the catalog lists them: JSON, read whole with it.
    ADD COLUMN unit_changes TEXT NOT NULL DEFAULT '[]';

-- counted_kinds: the unit kinds a yes/no roll-up counts, comma-separated (codes hold no comma).
ALTER TABLE targets
    ADD COLUMN rollup TEXT NOT NULL DEFAULT 'none'
        CHECK (rollup IN ('none', 'sum', 'ratio', 'share_of_units', 'count_of_units')),
    ADD COLUMN counted_kinds TEXT NOT NULL DEFAULT '';

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

