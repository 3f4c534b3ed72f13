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
