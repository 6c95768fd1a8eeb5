DROP TABLE assessment_history;
DROP TABLE assessments;
