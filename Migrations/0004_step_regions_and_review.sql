-- Safeguards (issue 16): what each step marked or filled, and whether a run awaits a curator's review.
-- Columns are added (NULL in rows recorded before this migration: nothing was measured then).

-- The regions (8-connected) a step marked (detect-damage) or filled (inpaint): how many, how many pixels,
-- and as JSON ({count, area, boxes: the largest 20 [{x, y, width, height, area, method}], filledBy:
-- {method: regions}, dropped: {reason: regions}}, as the sidecar's steps[].regions). Boxes are bounded so that
-- a scan with thousands of specks stays a small row; the mask object holds every pixel.
ALTER TABLE steps ADD COLUMN region_count INTEGER CHECK (region_count >= 0);
ALTER TABLE steps ADD COLUMN region_area  INTEGER CHECK (region_area >= 0);
ALTER TABLE steps ADD COLUMN regions      TEXT;

-- The fraction of pixels the run filled or invented (steps whose disclosure class is a composite: inpainting,
-- colorization; summed, at most 1), the pipeline's review-above threshold (NULL when it sets none), and the
-- review state the run was recorded with: 'proposed' (it fills or invents more than review-above: a curator
-- must look before it counts as published) or 'not-required'. Runs are append-only: a curator's later decision
-- ('approved', 'rejected', allowed here so the states form one vocabulary) is to be recorded as its own row
-- elsewhere, not by changing this one.
ALTER TABLE runs ADD COLUMN invented_fraction REAL CHECK (invented_fraction BETWEEN 0 AND 1);
ALTER TABLE runs ADD COLUMN review_above      REAL CHECK (review_above BETWEEN 0 AND 1);
ALTER TABLE runs ADD COLUMN review_state      TEXT CHECK (review_state IN ('not-required', 'proposed', 'approved', 'rejected'));
ALTER TABLE runs ADD COLUMN review_reason     TEXT;
CREATE INDEX runs_by_review_state ON runs(review_state, ended_at);
