-- Files uploaded through the web and the state of their import jobs; outlives restarts like the jobs do.
CREATE TABLE uploads (
    upload_id    VARCHAR PRIMARY KEY,
    project      VARCHAR NOT NULL,
    file_name    VARCHAR NOT NULL,
    stored_path  VARCHAR NOT NULL,
    bytes        BIGINT NOT NULL,
    format       VARCHAR,
    annotator    VARCHAR,
    as_gold      BOOLEAN NOT NULL,
    status       VARCHAR NOT NULL,       -- queued | running | succeeded | failed
    job_id       VARCHAR,
    summary      JSON,
    error        VARCHAR,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
