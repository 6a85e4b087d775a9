-- The PRONOM format identifier (PUID) of each original, derivative and mask (issue 22): the exact format and
-- version as The National Archives' registry names it ('fmt/353' TIFF, 'fmt/13' PNG 1.2, 'fmt/645' EXIF 2.21
-- JPEG ...), which preservation systems identify files by. NULL when the bytes are no image we read, for
-- BigTIFF (no PRONOM signature), and for rows recorded before this migration until `conservator init` fills
-- them in from the files (SQL cannot read the files). Set once: a PUID, like the format, never changes.
ALTER TABLE objects ADD COLUMN pronom_puid TEXT CHECK (pronom_puid IS NULL OR pronom_puid GLOB '*fmt/[0-9]*');

CREATE TRIGGER objects_pronom_puid_is_set_once
BEFORE UPDATE OF pronom_puid ON objects
WHEN OLD.pronom_puid IS NOT NULL
BEGIN
    SELECT RAISE(ABORT, 'objects.pronom_puid is set once and never changed');
END;
