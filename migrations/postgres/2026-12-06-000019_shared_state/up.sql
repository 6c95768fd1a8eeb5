-- What several server processes on one database share: failed sign-ins (so a name throttled by one process is
-- throttled by all), and a notice on every change of the data pages show (LISTEN rt_data), so each process drops
-- its cached pages at once instead of at its next poll.
CREATE TABLE signin_failures (
    id SERIAL PRIMARY KEY,
    key TEXT NOT NULL,
    failed_at TIMESTAMP NOT NULL DEFAULT (now() AT TIME ZONE 'utc')
);
CREATE INDEX signin_failures_by_key ON signin_failures (key, failed_at);
CREATE INDEX signin_failures_by_time ON signin_failures (failed_at);

CREATE FUNCTION rt_notify_data() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('rt_data', '');
    RETURN NULL;
END
$$;
CREATE TRIGGER measurement_history_notify AFTER INSERT OR UPDATE OR DELETE ON measurement_history
    FOR EACH STATEMENT EXECUTE FUNCTION rt_notify_data();
CREATE TRIGGER resolutions_notify AFTER INSERT OR UPDATE OR DELETE ON resolutions
    FOR EACH STATEMENT EXECUTE FUNCTION rt_notify_data();
CREATE TRIGGER catalog_history_notify AFTER INSERT OR UPDATE OR DELETE ON catalog_history
    FOR EACH STATEMENT EXECUTE FUNCTION rt_notify_data();
CREATE TRIGGER assessment_history_notify AFTER INSERT OR UPDATE OR DELETE ON assessment_history
    FOR EACH STATEMENT EXECUTE FUNCTION rt_notify_data();
CREATE TRIGGER target_assessment_history_notify AFTER INSERT OR UPDATE OR DELETE ON target_assessment_history
    FOR EACH STATEMENT EXECUTE FUNCTION rt_notify_data();
