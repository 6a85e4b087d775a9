-- What each step made up that the photograph never recorded, as the stage declares it (issue 18):
-- 'image-content' (pixels painted into damaged or missing areas: inpainting) or 'colors' (the colors of a
-- black-and-white photograph: colorization); NULL for a step that only analyses or enhances. Reports
-- disclose invented colors by this column, so a renamed or new colorizing stage is disclosed without any
-- reader knowing its name.
ALTER TABLE steps ADD COLUMN invents TEXT CHECK (invents IN ('image-content', 'colors'));

-- Steps recorded before this migration carry what their stage declared then. Until now only two stages
-- invented anything: `inpaint` (image content) and `colorize` (colors); no other stage name was ever
-- recorded with either meaning, so the name is a reliable key for this one backfill. Steps are append-only
-- for the application; the trigger is lifted only for this one-time fill, inside the migration's transaction.
DROP TRIGGER steps_are_append_only_update;
UPDATE steps SET invents = 'image-content' WHERE stage = 'inpaint';
UPDATE steps SET invents = 'colors' WHERE stage = 'colorize';
CREATE TRIGGER steps_are_append_only_update BEFORE UPDATE ON steps
BEGIN
    SELECT RAISE(ABORT, 'steps are append-only');
END;
