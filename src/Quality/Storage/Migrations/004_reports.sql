-- Generated audit reports (docs/reports.md). A row is written once and never updated: a report is a record of
-- what was sent, so a new generation is a new row. The PDF itself is kept in the row, with the canonical model
-- JSON its fingerprint was computed from, so anyone can re-derive the fingerprint later.
CREATE SEQUENCE report_id_seq START 1;
CREATE TABLE reports (
    report_id        BIGINT PRIMARY KEY DEFAULT nextval('report_id_seq'),
    project_id       INTEGER NOT NULL,
    project          VARCHAR NOT NULL,        -- projects.name when generated
    client           VARCHAR,
    period_from      DATE NOT NULL,           -- inclusive (UTC)
    period_to        DATE NOT NULL,           -- exclusive (UTC)
    generated_at     TIMESTAMP NOT NULL,      -- UTC, whole seconds: the PDF's creation date
    fingerprint      VARCHAR NOT NULL,        -- SHA-256 of the canonical model JSON (hex)
    quality_version  VARCHAR NOT NULL,
    file_name        VARCHAR NOT NULL,        -- suggested download name
    pdf              BLOB NOT NULL,
    size_bytes       BIGINT NOT NULL,
    pdf_sha256       VARCHAR NOT NULL,        -- SHA-256 of the PDF bytes
    pages            INTEGER NOT NULL,
    trigger          VARCHAR NOT NULL,        -- manual | schedule
    schedule_id      VARCHAR,                 -- report_schedules.schedule_id when trigger = schedule
    model_json       VARCHAR NOT NULL
);

-- Recurring report generation per project and client (run by Hangfire; this table is what the web page lists).
CREATE TABLE report_schedules (
    schedule_id  VARCHAR PRIMARY KEY,         -- also the Hangfire recurring job id
    project_id   INTEGER NOT NULL,
    client       VARCHAR,
    frequency    VARCHAR NOT NULL,            -- weekly | monthly
    created_at   TIMESTAMP NOT NULL
);

-- Report generations asked for on the web page, and where their background job is (the job takes the id only).
CREATE TABLE report_jobs (
    job_key      VARCHAR PRIMARY KEY,
    project_id   INTEGER NOT NULL,
    client       VARCHAR,
    period_from  DATE,                        -- null: the project's first answer
    period_to    DATE,                        -- exclusive; null: the day after the last answer
    trigger      VARCHAR NOT NULL,            -- manual | schedule
    schedule_id  VARCHAR,
    status       VARCHAR NOT NULL,            -- queued | running | succeeded | failed
    step         VARCHAR,                     -- what the running job is doing
    percent      DOUBLE NOT NULL,
    report_id    BIGINT,                      -- reports.report_id once succeeded
    error        VARCHAR,
    hangfire_id  VARCHAR,
    created_at   TIMESTAMP NOT NULL,
    updated_at   TIMESTAMP NOT NULL
);
