-- Pipeline runs: one row per run of a pipeline on an original, one row per stage applied (a step).
-- Derivatives and masks are rows of objects (kind 'derivative' / 'mask', source_object_id = the original);
-- models, pipeline definitions and the software are agents. Runs and steps are a log: never updated or deleted.
-- "AI-altered" = made by a run with at least one step whose method is 'trained-model' (runs.ai_altered).

CREATE TABLE runs (
    id                    INTEGER PRIMARY KEY,
    source_object_id      INTEGER NOT NULL REFERENCES objects(id),
    derivative_object_id  INTEGER NOT NULL REFERENCES objects(id),
    pipeline_agent_id     INTEGER NOT NULL REFERENCES agents(id),
    software_agent_id     INTEGER NOT NULL REFERENCES agents(id),
    pipeline_name         TEXT    NOT NULL,
    pipeline_version      TEXT    NOT NULL,
    pipeline_sha256       TEXT    NOT NULL CHECK (length(pipeline_sha256) = 64),
    derivative_path       TEXT    NOT NULL,
    sidecar_path          TEXT    NOT NULL,
    sidecar_sha256        TEXT    NOT NULL CHECK (length(sidecar_sha256) = 64),
    digital_source_type   TEXT    NOT NULL,
    ai_altered            INTEGER NOT NULL CHECK (ai_altered IN (0, 1)),
    started_at            TEXT    NOT NULL,
    ended_at              TEXT    NOT NULL
);
CREATE INDEX runs_by_source ON runs(source_object_id);
CREATE INDEX runs_by_derivative ON runs(derivative_object_id);
CREATE INDEX runs_by_ai_altered ON runs(ai_altered, ended_at);
CREATE INDEX runs_by_pipeline ON runs(pipeline_name, pipeline_version);

CREATE TABLE steps (
    id                   INTEGER PRIMARY KEY,
    run_id               INTEGER NOT NULL REFERENCES runs(id),
    position             INTEGER NOT NULL,
    stage                TEXT    NOT NULL,
    stage_version        TEXT    NOT NULL,
    method               TEXT    NOT NULL CHECK (method IN ('trained-model', 'classical')),
    algorithm            TEXT    NOT NULL,  -- the model's name@version, or the classical algorithm's name
    model_agent_id       INTEGER REFERENCES agents(id) CHECK ((method = 'trained-model') = (model_agent_id IS NOT NULL)),
    parameters           TEXT    NOT NULL,  -- JSON object of the effective parameters, defaults included
    fraction_changed     REAL    NOT NULL CHECK (fraction_changed BETWEEN 0 AND 1),
    mask_object_id       INTEGER REFERENCES objects(id),
    duration_seconds     REAL    NOT NULL CHECK (duration_seconds >= 0),
    digital_source_type  TEXT    NOT NULL,
    UNIQUE (run_id, position)
);
CREATE INDEX steps_by_stage ON steps(stage);
CREATE INDEX steps_by_model ON steps(model_agent_id);
CREATE INDEX steps_by_digital_source_type ON steps(digital_source_type);
CREATE INDEX objects_by_source ON objects(source_object_id);

CREATE TRIGGER runs_are_append_only_update BEFORE UPDATE ON runs
BEGIN
    SELECT RAISE(ABORT, 'runs are append-only');
END;
CREATE TRIGGER runs_are_append_only_delete BEFORE DELETE ON runs
BEGIN
    SELECT RAISE(ABORT, 'runs are append-only');
END;
CREATE TRIGGER steps_are_append_only_update BEFORE UPDATE ON steps
BEGIN
    SELECT RAISE(ABORT, 'steps are append-only');
END;
CREATE TRIGGER steps_are_append_only_delete BEFORE DELETE ON steps
BEGIN
    SELECT RAISE(ABORT, 'steps are append-only');
END;
