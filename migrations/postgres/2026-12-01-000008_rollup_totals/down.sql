DROP TABLE rollup_totals;
