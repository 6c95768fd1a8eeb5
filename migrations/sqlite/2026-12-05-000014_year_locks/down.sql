DROP TABLE year_locks;
