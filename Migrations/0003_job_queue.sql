-- The daemon's job queue: one job per original and pipeline, so that enqueueing is idempotent (after a
-- crash the daemon enqueues again whatever may be missing, and nothing is run twice).
CREATE UNIQUE INDEX jobs_by_object_and_pipeline ON jobs(object_id, pipeline);
