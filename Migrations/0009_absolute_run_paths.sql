-- Runs recorded before process stored absolute paths (issue 22, defect 1) hold their derivative and sidecar
-- paths relative to the folder process was run from, which no other reader (serve, export, verify run
-- elsewhere) can resolve. `conservator init` finds each such file by its recorded SHA-256 and records its
-- absolute path (RelativePathRepair); the files cannot be read from SQL, so this migration only lets that one
-- kind of update through. Runs stay append-only for everything else: the only change allowed is a relative
-- path made absolute, ending in the same relative path, every other column unchanged.
DROP TRIGGER runs_are_append_only_update;
CREATE TRIGGER runs_are_append_only_update BEFORE UPDATE ON runs
WHEN NOT (
    NEW.id IS OLD.id AND NEW.source_object_id IS OLD.source_object_id
    AND NEW.derivative_object_id IS OLD.derivative_object_id AND NEW.pipeline_agent_id IS OLD.pipeline_agent_id
    AND NEW.software_agent_id IS OLD.software_agent_id AND NEW.pipeline_name IS OLD.pipeline_name
    AND NEW.pipeline_version IS OLD.pipeline_version AND NEW.pipeline_sha256 IS OLD.pipeline_sha256
    AND NEW.sidecar_sha256 IS OLD.sidecar_sha256 AND NEW.digital_source_type IS OLD.digital_source_type
    AND NEW.ai_altered IS OLD.ai_altered AND NEW.started_at IS OLD.started_at AND NEW.ended_at IS OLD.ended_at
    AND NEW.invented_fraction IS OLD.invented_fraction AND NEW.review_above IS OLD.review_above
    AND NEW.review_state IS OLD.review_state AND NEW.review_reason IS OLD.review_reason
    AND (NEW.derivative_path IS OLD.derivative_path
         OR (substr(OLD.derivative_path, 1, 1) <> '/' AND substr(NEW.derivative_path, 1, 1) = '/'
             AND substr(NEW.derivative_path, -length(OLD.derivative_path) - 1) = '/' || OLD.derivative_path))
    AND (NEW.sidecar_path IS OLD.sidecar_path
         OR (substr(OLD.sidecar_path, 1, 1) <> '/' AND substr(NEW.sidecar_path, 1, 1) = '/'
             AND substr(NEW.sidecar_path, -length(OLD.sidecar_path) - 1) = '/' || OLD.sidecar_path))
)
BEGIN
    SELECT RAISE(ABORT, 'runs are append-only');
END;
