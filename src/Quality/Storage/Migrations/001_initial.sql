-- Quality's storage model. All timestamps are UTC, stored as TIMESTAMP (no zone).
-- Big tables (annotations, items) carry no indexes or constraints: DuckDB scans columns fast,
-- and constraints would slow bulk loads of tens of millions of rows. Uniqueness there is kept by
-- the import merge (see Ingestion/ImportMerge.sql).

CREATE SEQUENCE project_id_seq START 1;
CREATE TABLE projects (
    project_id   INTEGER PRIMARY KEY DEFAULT nextval('project_id_seq'),
    name         VARCHAR NOT NULL UNIQUE,
    client       VARCHAR,
    created_at   TIMESTAMP NOT NULL,
    settings     JSON
);

CREATE SEQUENCE import_id_seq START 1;
CREATE TABLE imports (
    import_id          INTEGER PRIMARY KEY DEFAULT nextval('import_id_seq'),
    project_id         INTEGER NOT NULL,
    file_name          VARCHAR NOT NULL,
    format             VARCHAR NOT NULL,
    sha256             VARCHAR NOT NULL,
    file_bytes         BIGINT NOT NULL,
    status             VARCHAR NOT NULL,          -- succeeded (failed imports leave no trace in the data)
    rows_read          BIGINT NOT NULL,
    items_added        BIGINT NOT NULL,
    annotators_added   BIGINT NOT NULL,
    annotations_added  BIGINT NOT NULL,
    annotations_replaced BIGINT NOT NULL,
    gold_added         BIGINT NOT NULL,
    skipped            BIGINT NOT NULL,
    skipped_reasons    JSON,
    items              BIGINT NOT NULL,           -- what the file held (distinct items, answers, annotators, gold items)
    annotations        BIGINT NOT NULL,
    annotators         BIGINT NOT NULL,
    gold_items         BIGINT NOT NULL,
    fields             JSON,
    started_at         TIMESTAMP NOT NULL,
    finished_at        TIMESTAMP NOT NULL,
    imported_by        VARCHAR
);

-- The questions of a labeling project. kind: nominal | multi_label | ordinal | numeric | span | box |
-- polygon | keypoint | text. categories: JSON array of the labels, in order for ordinal fields.
CREATE SEQUENCE field_id_seq START 1;
CREATE TABLE fields (
    field_id    INTEGER PRIMARY KEY DEFAULT nextval('field_id_seq'),
    project_id  INTEGER NOT NULL,
    name        VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,
    categories  JSON,
    UNIQUE (project_id, name)
);

CREATE SEQUENCE item_id_seq START 1;
CREATE TABLE items (
    item_id       BIGINT NOT NULL DEFAULT nextval('item_id_seq'),
    project_id    INTEGER NOT NULL,
    external_key  VARCHAR NOT NULL,
    text          VARCHAR,
    media_ref     VARCHAR
);

-- Annotators belong to a project: rates and pools are negotiated per project.
CREATE SEQUENCE annotator_id_seq START 1;
CREATE TABLE annotators (
    annotator_id    INTEGER PRIMARY KEY DEFAULT nextval('annotator_id_seq'),
    project_id      INTEGER NOT NULL,
    external_key    VARCHAR NOT NULL,
    display_name    VARCHAR,
    pool            VARCHAR,          -- in-house | vendor | crowd | ...
    hourly_rate     DOUBLE,
    cost_per_label  DOUBLE,
    currency        VARCHAR,
    UNIQUE (project_id, external_key)
);

-- One annotator's answer to one field of one item.
-- value: the label (nominal, ordinal), a JSON array of labels (multi_label), the number as text
-- (numeric), the text (free text), or the sorted labels of the regions (span, box, polygon).
-- value_num: the number (numeric) or the position in the field's order (ordinal).
-- geometry: JSON array of regions for span/box/polygon/keypoint fields.
CREATE TABLE annotations (
    project_id    INTEGER NOT NULL,
    item_id       BIGINT NOT NULL,
    field_id      INTEGER NOT NULL,
    annotator_id  INTEGER NOT NULL,
    value         VARCHAR,
    value_num     DOUBLE,
    geometry      VARCHAR,
    created_at    TIMESTAMP,
    lead_time_s   DOUBLE,
    source_id     VARCHAR NOT NULL,   -- the tool's id for this answer; updated exports replace by it
    review        VARCHAR,            -- accepted | rejected | NULL
    import_id     INTEGER NOT NULL
);

-- The known answer of a gold item for a field.
CREATE TABLE gold (
    project_id  INTEGER NOT NULL,
    item_id     BIGINT NOT NULL,
    field_id    INTEGER NOT NULL,
    value       VARCHAR,
    value_num   DOUBLE,
    geometry    VARCHAR,
    import_id   INTEGER NOT NULL
);
