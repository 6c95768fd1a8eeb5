DROP INDEX measurements_target_year;
DROP TABLE rollup_totals;
