-- Drift alerts: one row per detected change of an annotator on a field (docs/drift.md).
-- A re-run updates the row of the same change (project, annotator, field, kind, episode) instead of adding one;
-- the people's part (status, acknowledgement, comment) is never touched by a re-run.
CREATE SEQUENCE drift_alert_id_seq START 1;
CREATE TABLE drift_alerts (
    alert_id         BIGINT PRIMARY KEY DEFAULT nextval('drift_alert_id_seq'),
    project_id       INTEGER NOT NULL,
    annotator        VARCHAR NOT NULL,        -- annotators.external_key
    field            VARCHAR NOT NULL,        -- fields.name
    kind             VARCHAR NOT NULL,        -- gold_accuracy | agreement | label_distribution
    episode          TIMESTAMP NOT NULL,      -- identity of the change: first answer of the CUSUM excursion, or the change week's Monday
    detected_at      TIMESTAMP NOT NULL,      -- UTC time of the answer that triggered the alert (the earliest seen)
    changepoint      TIMESTAMP NOT NULL,      -- estimated: the first answer after the change
    before_level     DOUBLE NOT NULL,         -- accuracy, agreement or label share before the change
    before_lower     DOUBLE NOT NULL,         -- Wilson 95% interval
    before_upper     DOUBLE NOT NULL,
    before_n         BIGINT NOT NULL,
    after_level      DOUBLE NOT NULL,
    after_lower      DOUBLE NOT NULL,
    after_upper      DOUBLE NOT NULL,
    after_n          BIGINT NOT NULL,
    level_change     DOUBLE NOT NULL,         -- after − before (negative: a drop)
    evidence         JSON NOT NULL,
    status           VARCHAR NOT NULL,        -- open | acknowledged
    acknowledged_by  VARCHAR,
    acknowledged_at  TIMESTAMP,
    comment          VARCHAR,
    first_seen_at    TIMESTAMP NOT NULL,      -- when a check first stored it
    last_seen_at     TIMESTAMP NOT NULL,      -- the last check that still found it
    still_detected   BOOLEAN NOT NULL,        -- false once a later check of the project no longer finds it
    notified_at      TIMESTAMP,               -- when the webhook accepted it
    UNIQUE (project_id, annotator, field, kind, episode)
);
