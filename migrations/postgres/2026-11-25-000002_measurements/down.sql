DROP INDEX measurement_history_target;
DROP TABLE measurement_history;
DROP TABLE measurements;
