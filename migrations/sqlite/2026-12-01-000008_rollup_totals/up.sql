-- What the roll-up needs from the units that never changed (no start, no end: counted every year their kind is),
-- added up per (target, year, kind) over their effective figures (official over estimate): the dashboard reads
-- these few rows instead of every unit's figure. Kept by every write of unit figures and every catalog load, in
-- the same transaction (src/storage/rollup_totals.rs); filled here from the figures already stored.
CREATE TABLE rollup_totals (
    target_id INTEGER NOT NULL REFERENCES targets (id) ON DELETE CASCADE,
    year INTEGER NOT NULL,
    kind TEXT NOT NULL,
    reported INTEGER NOT NULL,
    estimates INTEGER NOT NULL,
    value_sum DOUBLE NOT NULL,
    numerator_sum DOUBLE NOT NULL,
    denominator_sum DOUBLE NOT NULL,
    yes_count INTEGER NOT NULL,
    PRIMARY KEY (target_id, year, kind)
);

INSERT INTO rollup_totals (target_id, year, kind, reported, estimates, value_sum, numerator_sum, denominator_sum,
    yes_count)
SELECT m.target_id, m.year, u.kind, COUNT(*),
    SUM(CASE WHEN m.quality = 'estimate' THEN 1 ELSE 0 END),
    COALESCE(SUM(CASE WHEN m.numerator IS NULL THEN m.value END), 0),
    COALESCE(SUM(m.numerator), 0),
    COALESCE(SUM(m.denominator), 0),
    SUM(CASE WHEN m.state = 'yes' THEN 1 ELSE 0 END)
FROM measurements m
JOIN targets t ON t.id = m.target_id
JOIN units u ON u.resolution_id = t.resolution_id AND u.code = m.unit
WHERE m.unit <> '' AND u.starts IS NULL AND u.ends IS NULL
    AND (m.quality = 'official' OR NOT EXISTS (
        SELECT 1 FROM measurements o
        WHERE o.target_id = m.target_id AND o.unit = m.unit AND o.year = m.year AND o.quality = 'official'))
GROUP BY m.target_id, m.year, u.kind;
