-- A commune statistician's scope is a unit of one resolution: two resolutions may each have a unit of the same
-- code. Existing scopes take the first resolution that has their unit (the only one, until a second was loaded).
ALTER TABLE users ADD COLUMN unit_resolution TEXT;
UPDATE users SET unit_resolution = (
    SELECT r.code FROM units u JOIN resolutions r ON r.id = u.resolution_id
    WHERE u.code = users.unit ORDER BY r.id LIMIT 1
) WHERE unit IS NOT NULL;
