DROP INDEX measurements_area;
DROP TABLE rollup_totals;
