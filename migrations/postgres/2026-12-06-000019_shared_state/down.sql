DROP TRIGGER target_assessment_history_notify ON target_assessment_history;
DROP TRIGGER assessment_history_notify ON assessment_history;
DROP TRIGGER catalog_history_notify ON catalog_history;
DROP TRIGGER resolutions_notify ON resolutions;
DROP TRIGGER measurement_history_notify ON measurement_history;
DROP FUNCTION rt_notify_data();
DROP TABLE signin_failures;
