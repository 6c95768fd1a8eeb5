-- A (target, year, quality) keeps one revision sequence for its whole life, deletions and re-creations included,
-- and the history holds each revision once. Histories written before this (where concurrent writers on
-- PostgreSQL could store a revision twice, and a re-created figure started again at 1) are renumbered in the
-- order they were written, and each figure takes its history's last revision.
UPDATE measurement_history AS h SET revision = n.rn
FROM (
    SELECT id, ROW_NUMBER() OVER (PARTITION BY target_id, year, quality ORDER BY id) AS rn
    FROM measurement_history
    WHERE (target_id, year, quality) IN (
        SELECT target_id, year, quality FROM measurement_history
        GROUP BY target_id, year, quality, revision HAVING COUNT(*) > 1
    )
) AS n
WHERE h.id = n.id;

UPDATE measurements AS m SET revision = h.top
FROM (
    SELECT target_id, year, quality, MAX(revision) AS top FROM measurement_history
    GROUP BY target_id, year, quality
) AS h
WHERE m.target_id = h.target_id AND m.year = h.year AND m.quality = h.quality AND m.revision <> h.top;

CREATE UNIQUE INDEX measurement_history_revision ON measurement_history (target_id, year, quality, revision);

-- The same guarantee for breakthrough assessments (they are never deleted, so only duplicates are renumbered).
UPDATE assessment_history AS h SET revision = n.rn
FROM (
    SELECT id, ROW_NUMBER() OVER (PARTITION BY breakthrough_id, year ORDER BY id) AS rn
    FROM assessment_history
    WHERE (breakthrough_id, year) IN (
        SELECT breakthrough_id, year FROM assessment_history
        GROUP BY breakthrough_id, year, revision HAVING COUNT(*) > 1
    )
) AS n
WHERE h.id = n.id;

UPDATE assessments AS a SET revision = h.top
FROM (
    SELECT breakthrough_id, year, MAX(revision) AS top FROM assessment_history GROUP BY breakthrough_id, year
) AS h
WHERE a.breakthrough_id = h.breakthrough_id AND a.year = h.year AND a.revision <> h.top;

CREATE UNIQUE INDEX assessment_history_revision ON assessment_history (breakthrough_id, year, revision);
