-- The review state each run is in now, kept in step by triggers (issue 19's load target).
--
-- A run's current state follows from three append-only tables (see 0007): 'superseded' while a supersession
-- names it, else its latest decision's, else the state it was recorded with. Working that out for every run
-- made the web dashboard's counts and review queue, and any search by review state, read every run of the
-- catalog (about 50 ms each at 100 000 originals). This table holds the answer, one row per run, indexed by
-- state. Only the triggers below write it, in the transaction of the row that changes the state, so it
-- cannot fall behind; the rule itself is unchanged and the three tables stay the record.
-- `state` is NULL for runs recorded before review states existed.
CREATE TABLE run_current_states (
    run_id  INTEGER PRIMARY KEY REFERENCES runs(id),
    state   TEXT CHECK (state IS NULL OR state IN ('not-required', 'proposed', 'approved', 'rejected', 'superseded'))
);
CREATE INDEX run_current_states_by_state ON run_current_states(state);

INSERT INTO run_current_states (run_id, state)
SELECT r.id,
       CASE WHEN EXISTS (SELECT 1 FROM run_supersessions x WHERE x.superseded_run_id = r.id) THEN 'superseded'
       ELSE coalesce((SELECT d.state FROM review_decisions d WHERE d.run_id = r.id ORDER BY d.id DESC LIMIT 1),
                     r.review_state) END
FROM runs r;

CREATE TRIGGER run_current_state_of_new_run AFTER INSERT ON runs
BEGIN
    INSERT INTO run_current_states (run_id, state) VALUES (NEW.id, NEW.review_state);
END;
CREATE TRIGGER run_current_state_after_decision AFTER INSERT ON review_decisions
BEGIN
    UPDATE run_current_states SET state = NEW.state WHERE run_id = NEW.run_id AND state IS NOT 'superseded';
END;
CREATE TRIGGER run_current_state_after_supersession AFTER INSERT ON run_supersessions
BEGIN
    UPDATE run_current_states SET state = 'superseded' WHERE run_id = NEW.superseded_run_id;
END;

-- Counting accepted or quarantined originals (the dashboard, every search's total) read the whole objects
-- table; with this index it reads only the index. Within one kind and status the index is in id order, so a
-- page of a search still comes in order without sorting (an index that added created_at lost that, and a
-- model search had to find and sort every match).
CREATE INDEX objects_by_kind_status ON objects(kind, status);

-- "AI-altered" searches test each original for an AI-altered run: half of all runs at 100 000 originals. This
-- index holds only those runs, by original, so each test reads one small index (the count takes 25 ms, not 44).
CREATE INDEX runs_ai_altered_by_source ON runs(source_object_id) WHERE ai_altered = 1;
