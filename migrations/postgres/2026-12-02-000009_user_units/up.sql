-- A statistician may be scoped to one unit of the area (a commune's statistician): they write only its figures.
ALTER TABLE users ADD COLUMN unit TEXT;
