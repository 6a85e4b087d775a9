-- Conservator catalog, first schema: originals (derivatives and masks later), the metadata read from them,
-- PREMIS events with their agents, and the job queue.
-- Times are UTC ISO 8601 text with milliseconds ("2026-11-25T08:27:00.123Z"), which sorts as time.
-- Once this file has landed on main it is never edited: later changes come as new numbered files.

-- Every file Conservator keeps account of. Originals are immutable: the triggers below refuse any change
-- to what identifies them, and any deletion.
CREATE TABLE objects (
    id                INTEGER PRIMARY KEY,
    kind              TEXT    NOT NULL CHECK (kind IN ('original', 'derivative', 'mask')),
    status            TEXT    NOT NULL CHECK (status IN ('accepted', 'quarantined')),
    sha256            TEXT             CHECK (sha256 IS NULL OR (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*')),
    size              INTEGER          CHECK (size IS NULL OR size >= 0),
    format            TEXT,            -- 'tiff' | 'png' | 'jpeg'; NULL when the bytes are no image we read
    media_type        TEXT,
    width             INTEGER,
    height            INTEGER,
    channels          INTEGER,
    bit_depth         INTEGER,
    color_model       TEXT,
    compression       TEXT,
    page_count        INTEGER,
    icc_sha256        TEXT,
    icc_description   TEXT,
    xmp_packet        TEXT,
    quarantine_reason TEXT             CHECK ((status = 'quarantined') = (quarantine_reason IS NOT NULL)),
    source_object_id  INTEGER REFERENCES objects(id),
    created_at        TEXT    NOT NULL
);
-- The same bytes are one object, however many paths they arrive under.
CREATE UNIQUE INDEX objects_by_sha256 ON objects(kind, sha256) WHERE sha256 IS NOT NULL;
CREATE INDEX objects_by_created ON objects(created_at);
CREATE INDEX objects_by_format ON objects(format);

CREATE TRIGGER objects_identity_is_immutable
BEFORE UPDATE OF kind, sha256, size, format, width, height, channels, bit_depth, created_at ON objects
BEGIN
    SELECT RAISE(ABORT, 'objects are immutable: their identity, size and format never change');
END;
CREATE TRIGGER objects_are_never_deleted
BEFORE DELETE ON objects
BEGIN
    SELECT RAISE(ABORT, 'objects are never deleted from the catalog');
END;

-- Every path an object was seen at (a re-ingest of the same bytes under a new name adds a row here).
-- released_at is set when Conservator itself moved the file away from the path (to an archive or a
-- quarantine folder, the new path being another row); until then the file is expected at the path, and
-- fixity audits check it there.
CREATE TABLE object_paths (
    id           INTEGER PRIMARY KEY,
    object_id    INTEGER NOT NULL REFERENCES objects(id),
    path         TEXT    NOT NULL,
    first_seen   TEXT    NOT NULL,
    released_at  TEXT,
    UNIQUE (object_id, path)
);
CREATE INDEX object_paths_by_path ON object_paths(path);

-- Metadata as read from the file: one row per tag, in file order, group-qualified as ExifTool does.
CREATE TABLE metadata (
    object_id  INTEGER NOT NULL REFERENCES objects(id),
    position   INTEGER NOT NULL,
    tag_group  TEXT    NOT NULL,
    tag_id     INTEGER,
    name       TEXT    NOT NULL,
    value      TEXT    NOT NULL,
    PRIMARY KEY (object_id, position)
) WITHOUT ROWID;
CREATE INDEX metadata_by_tag ON metadata(tag_group, name, value);

-- PREMIS agents: software (name, version), models and pipelines (by SHA-256), people and institutions.
CREATE TABLE agents (
    id          INTEGER PRIMARY KEY,
    type        TEXT NOT NULL CHECK (type IN ('software', 'model', 'pipeline', 'person', 'organization')),
    name        TEXT NOT NULL,
    version     TEXT NOT NULL DEFAULT '',
    identifier  TEXT NOT NULL DEFAULT '',
    UNIQUE (type, name, version, identifier)
);

-- PREMIS events, with eventType codes from id.loc.gov/vocabulary/preservation/eventType and outcomes
-- from .../eventOutcome. Events are a log: never updated, never deleted.
CREATE TABLE events (
    id           INTEGER PRIMARY KEY,
    object_id    INTEGER NOT NULL REFERENCES objects(id),
    type         TEXT    NOT NULL CHECK (type IN ('ing', 'mes', 'mee', 'val', 'fix', 'qua', 'cre', 'mod', 'nor')),
    outcome      TEXT    NOT NULL CHECK (outcome IN ('suc', 'fai', 'war')),
    detail       TEXT    NOT NULL DEFAULT '',
    occurred_at  TEXT    NOT NULL
);
CREATE INDEX events_by_object ON events(object_id, occurred_at);
CREATE INDEX events_by_type ON events(type, outcome);

CREATE TRIGGER events_are_append_only_update BEFORE UPDATE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;
CREATE TRIGGER events_are_append_only_delete BEFORE DELETE ON events
BEGIN
    SELECT RAISE(ABORT, 'events are append-only');
END;

-- Which agents took part in an event, and how (PREMIS eventRelatedAgentRole codes: 'exe' executing program, ...).
CREATE TABLE event_agents (
    event_id  INTEGER NOT NULL REFERENCES events(id),
    agent_id  INTEGER NOT NULL REFERENCES agents(id),
    role      TEXT    NOT NULL,
    PRIMARY KEY (event_id, agent_id, role)
) WITHOUT ROWID;

-- Work to do on an object (a pipeline run). Claimed transactionally by workers.
CREATE TABLE jobs (
    id          INTEGER PRIMARY KEY,
    object_id   INTEGER NOT NULL REFERENCES objects(id),
    pipeline    TEXT    NOT NULL,
    state       TEXT    NOT NULL CHECK (state IN ('queued', 'running', 'done', 'failed')) DEFAULT 'queued',
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
CREATE INDEX jobs_by_state ON jobs(state, created_at);
