-- A ratio roll-up's words for a unit's two counts ("số hộ đạt gia đình văn hóa" out of "tổng số hộ"), shown beside
-- the commune form's boxes; empty when the catalog gives none.
ALTER TABLE targets ADD COLUMN numerator_vi TEXT NOT NULL DEFAULT '';
ALTER TABLE targets ADD COLUMN numerator_en TEXT NOT NULL DEFAULT '';
ALTER TABLE targets ADD COLUMN denominator_vi TEXT NOT NULL DEFAULT '';
ALTER TABLE targets ADD COLUMN denominator_en TEXT NOT NULL DEFAULT '';
