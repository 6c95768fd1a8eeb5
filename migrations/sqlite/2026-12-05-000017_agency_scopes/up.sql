-- A statistician scoped to an agency of one resolution writes only the targets that agency answers for.
ALTER TABLE users ADD COLUMN agency TEXT;
ALTER TABLE users ADD COLUMN agency_resolution TEXT;
