-- Curators' web interface (issue 19): the people who sign in to `conservator serve`.
-- (0005 is taken by another branch.)

-- A person who may sign in. `role`: viewer (reads), curator (also reviews runs), admin (also manages users).
-- `password_hash` is `pbkdf2-sha256$ITERATIONS$SALT$HASH` (salt and hash in base64): verification always
-- uses the iterations stored with the hash, so raising the cost later leaves existing passwords valid.
CREATE TABLE users (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 64 AND name NOT GLOB '*[^A-Za-z0-9._@-]*'),
    role          TEXT    NOT NULL CHECK (role IN ('viewer', 'curator', 'admin')),
    password_hash TEXT    NOT NULL CHECK (password_hash LIKE 'pbkdf2-sha256$%'),
    created_at    TEXT    NOT NULL
);

-- A curator's decision on a run that awaits review. Runs are append-only, so a decision is its own row: a
-- run's current review state is its latest decision's, else the state it was recorded with
-- (runs.review_state). Each decision is also a PREMIS event on the run's derivative — type 'val'
-- (validation: the derivative compared with the institution's standard for publication; outcome 'suc'
-- approved, 'fai' rejected), the person as agent in role 'aut' (authorizer) — so history, sidecar-side
-- exports, PREMIS and PROV carry it; `event_id` links the two. `person` keeps the name even after the
-- user is removed.
CREATE TABLE review_decisions (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER NOT NULL REFERENCES runs(id),
    state       TEXT    NOT NULL CHECK (state IN ('approved', 'rejected')),
    reason      TEXT    CHECK (state != 'rejected' OR length(trim(reason)) > 0),
    person      TEXT    NOT NULL,
    event_id    INTEGER NOT NULL UNIQUE REFERENCES events(id),
    decided_at  TEXT    NOT NULL
);
CREATE INDEX review_decisions_by_run ON review_decisions(run_id, id);

CREATE TRIGGER review_decisions_are_append_only_update BEFORE UPDATE ON review_decisions
BEGIN
    SELECT RAISE(ABORT, 'review decisions are append-only');
END;
CREATE TRIGGER review_decisions_are_append_only_delete BEFORE DELETE ON review_decisions
BEGIN
    SELECT RAISE(ABORT, 'review decisions are append-only');
END;
