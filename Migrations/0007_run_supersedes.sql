-- A curator's correction (issue 19): the mask of one step of a run was painted over in the browser and the
-- run's pipeline ran again with it. The new run supersedes the old one and points to it.

-- Runs are append-only (0002's triggers), so the old run is never changed: the supersession is a row of its
-- own, written in the same transaction as the new run. A run's current review state is 'superseded' while a
-- row names it here, else its latest decision's, else the state it was recorded with (see
-- ReviewDecision.currentState). Neither runs.review_state nor review_decisions.state takes 'superseded':
-- the state follows from this table alone, so no two rows can disagree about it.
--
-- `run_id` is the new run (a correction supersedes one run), `superseded_run_id` the old one (a run is
-- superseded at most once: a second submission of the same correction cannot record a second new run).
-- `person` painted the mask and authorized the re-run; `reason` says why, in their words or the form's.
-- `event_id` is the PREMIS event on the old run's derivative (type 'val', outcome 'fai', the person as
-- agent in role 'aut'), so history, PREMIS and PROV carry it.
CREATE TABLE run_supersessions (
    id                 INTEGER PRIMARY KEY,
    run_id             INTEGER NOT NULL UNIQUE REFERENCES runs(id),
    superseded_run_id  INTEGER NOT NULL UNIQUE REFERENCES runs(id) CHECK (superseded_run_id != run_id),
    person             TEXT    NOT NULL CHECK (length(person) > 0),
    reason             TEXT    NOT NULL CHECK (length(trim(reason)) > 0),
    event_id           INTEGER NOT NULL UNIQUE REFERENCES events(id),
    superseded_at      TEXT    NOT NULL
);

CREATE TRIGGER run_supersessions_are_append_only_update BEFORE UPDATE ON run_supersessions
BEGIN
    SELECT RAISE(ABORT, 'run supersessions are append-only');
END;
CREATE TRIGGER run_supersessions_are_append_only_delete BEFORE DELETE ON run_supersessions
BEGIN
    SELECT RAISE(ABORT, 'run supersessions are append-only');
END;
