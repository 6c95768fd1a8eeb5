-- What the roll-up needs from the units that never changed (no start, no end: counted every year their kind is),
-- added up per (target, year, kind), and from each unit that started or ended on its own row over their effective figures (official over estimate): the dashboard reads
-- these few rows instead of every unit's figure. Kept by every write of unit figures and every catalog load, in
-- the same transaction (src/storage/rollup_totals.rs); filled here from the figures already stored.
CREATE TABLE rollup_totals (
    target_id INTEGER NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    kind TEXT NOT NULL,
    -- '' for the units of the kind that never changed, else the one unit that started or ended.
    unit TEXT NOT NULL,
    reported INTEGER NOT NULL,
    estimates INTEGER NOT NULL,
    value_sum DOUBLE PRECISION NOT NULL,
    numerator_sum DOUBLE PRECISION NOT NULL,
    denominator_sum DOUBLE PRECISION NOT NULL,
    yes_count INTEGER NOT NULL,
    PRIMARY KEY (target_id, year, kind, unit)
);

-- The area's own figures, read without scanning its units' figures.
CREATE INDEX measurements_area ON measurements (target_id, year, quality) WHERE unit = '';

INSERT INTO rollup_totals (target_id, year, kind, unit, reported, estimates, value_sum, numerator_sum, denominator_sum,
    yes_count)
SELECT f.target_id, f.year, u.kind,
    CASE WHEN u.starts IS NULL AND u.ends IS NULL THEN '' ELSE u.code END AS one_unit, COUNT(*), SUM(1 - f.official),
    COALESCE(SUM(CASE WHEN f.official = 1 THEN f.official_value ELSE f.estimate_value END), 0),
    COALESCE(SUM(CASE WHEN f.official = 1 THEN f.official_numerator ELSE f.estimate_numerator END), 0),
    COALESCE(SUM(CASE WHEN f.official = 1 THEN f.official_denominator ELSE f.estimate_denominator END), 0),
    SUM(CASE WHEN f.official = 1 THEN f.official_yes ELSE f.estimate_yes END)
FROM (
    SELECT t.resolution_id, m.target_id, m.year, m.unit,
        MAX(CASE WHEN m.quality = 'official' THEN 1 ELSE 0 END) AS official,
        SUM(CASE WHEN m.quality = 'official' AND m.numerator IS NULL THEN m.value END) AS official_value,
        SUM(CASE WHEN m.quality = 'estimate' AND m.numerator IS NULL THEN m.value END) AS estimate_value,
        SUM(CASE WHEN m.quality = 'official' THEN m.numerator END) AS official_numerator,
        SUM(CASE WHEN m.quality = 'estimate' THEN m.numerator END) AS estimate_numerator,
        SUM(CASE WHEN m.quality = 'official' THEN m.denominator END) AS official_denominator,
        SUM(CASE WHEN m.quality = 'estimate' THEN m.denominator END) AS estimate_denominator,
        SUM(CASE WHEN m.quality = 'official' AND m.state = 'yes' THEN 1 ELSE 0 END) AS official_yes,
        SUM(CASE WHEN m.quality = 'estimate' AND m.state = 'yes' THEN 1 ELSE 0 END) AS estimate_yes
    FROM measurements m JOIN targets t ON t.id = m.target_id
    WHERE m.unit <> ''
    GROUP BY t.resolution_id, m.target_id, m.year, m.unit
) f
JOIN units u ON u.resolution_id = f.resolution_id AND u.code = f.unit
GROUP BY f.target_id, f.year, u.kind, one_unit;
