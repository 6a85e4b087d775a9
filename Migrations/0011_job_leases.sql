-- Jobs with leases (issue 21): several worker processes, on one machine or (with a shared catalog) many, take
-- jobs from one queue. A claim names its worker (`owner`) and holds the job until `lease_expires_at`; a live
-- worker renews its leases well before then. A job still `running` after its lease lapsed belongs to a worker
-- that died (killed, machine gone): any worker may claim it again, which counts as another attempt. Only the
-- owner may mark a job done or failed, so a worker that lost its lease cannot overwrite the new owner's outcome.
-- Rows from before this migration have no owner; a starting daemon re-queues those as it always did.
ALTER TABLE jobs ADD COLUMN owner TEXT CHECK (owner IS NULL OR length(owner) > 0);
ALTER TABLE jobs ADD COLUMN lease_expires_at TEXT CHECK ((owner IS NULL) = (lease_expires_at IS NULL));
CREATE INDEX jobs_by_lease ON jobs(state, lease_expires_at);
