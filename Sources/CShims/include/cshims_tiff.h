// libtiff opened over memory, with per-handle error capture.
//
// libtiff reports errors through handler callbacks and, by default, prints them to stderr. The handle
// below installs a per-file handler (libtiff >= 4.5 TIFFOpenOptions) that keeps the first error and the
// first warning that signals damage as text, so Swift can turn them into typed errors (warnings about how
// a writer spelled its tags, such as an unknown private tag, are not kept). The handle also caps libtiff's
// single allocations, so a hostile file cannot make it allocate gigabytes from a forged tag count.
#ifndef CSHIMS_TIFF_H
#define CSHIMS_TIFF_H

#include <stddef.h>
#include <stdint.h>
#include <tiffio.h>

typedef struct cshim_tiff cshim_tiff;

/// Opens a TIFF held in memory (not copied: `data` must outlive the handle) for reading.
/// Returns NULL on failure, with the reason in `error` (always NUL-terminated when errlen > 0).
cshim_tiff *cshim_tiff_open_memory(const void *data, size_t size, int64_t max_single_alloc,
                                   char *error, size_t errlen);

/// Opens a file for writing ("w", or "w8" for BigTIFF). Returns NULL with the reason in `error`.
cshim_tiff *cshim_tiff_open_file_write(const char *path, const char *mode, char *error, size_t errlen);

/// Opens a TIFF that is written into a growing memory buffer ("w", or "w8" for BigTIFF). Returns NULL with
/// the reason in `error`. Finish it with cshim_tiff_close_memory_write (cshim_tiff_close discards it).
cshim_tiff *cshim_tiff_open_memory_write(const char *mode, char *error, size_t errlen);

/// Closes a memory writer, flushing the directory, and frees the handle. On success returns 1 with the file
/// in a malloc'd buffer through `out` (free it with cshim_tiff_free); on failure 0, the reason in `error`,
/// and nothing to free.
int cshim_tiff_close_memory_write(cshim_tiff *handle, uint8_t **out, size_t *out_length,
                                  char *error, size_t errlen);

void cshim_tiff_free(void *buffer);

/// The libtiff handle, for calls through libtiff's own API.
TIFF *cshim_tiff_get(cshim_tiff *handle);

/// The first error libtiff reported since the last clear, or "" when none.
const char *cshim_tiff_error(const cshim_tiff *handle);
/// The first warning libtiff reported since the last clear that signals missing or damaged data, or "".
const char *cshim_tiff_warning(const cshim_tiff *handle);
/// Clears the error and the warning (not the notes).
void cshim_tiff_clear_messages(cshim_tiff *handle);
/// Every warning that leaves the pixel data whole but is worth recording (a describing tag ignored, a
/// strip byte count recomputed), one a line, since the file was opened; or "".
const char *cshim_tiff_notes(const cshim_tiff *handle);

/// Closes the TIFF (flushing a file being written) and frees the handle. Returns 0 when closing
/// reported an error (the handle is freed all the same).
int cshim_tiff_close(cshim_tiff *handle);

// Non-variadic accessors: Swift cannot call TIFFGetField/TIFFSetField (C varargs).
// Each returns 1 when the tag is present / was set, 0 otherwise.
int cshim_tiff_get_u16(TIFF *tif, uint32_t tag, uint16_t *value);
int cshim_tiff_get_u32(TIFF *tif, uint32_t tag, uint32_t *value);
int cshim_tiff_get_u64(TIFF *tif, uint32_t tag, uint64_t *value);
int cshim_tiff_get_double(TIFF *tif, uint32_t tag, double *value);
int cshim_tiff_get_float(TIFF *tif, uint32_t tag, float *value);
int cshim_tiff_get_string(TIFF *tif, uint32_t tag, const char **value);
/// Tags whose value is a counted array (count then pointer): ICCProfile, XMLPacket, ExtraSamples, ...
int cshim_tiff_get_u32_count_ptr(TIFF *tif, uint32_t tag, uint32_t *count, const void **data);
int cshim_tiff_get_u16_count_ptr(TIFF *tif, uint32_t tag, uint16_t *count, const void **data);
/// The three colormap arrays (each 2^BitsPerSample uint16 entries) of a palette image.
int cshim_tiff_get_colormap(TIFF *tif, const uint16_t **red, const uint16_t **green, const uint16_t **blue);
/// Sub-IFD offsets such as TIFFTAG_EXIFIFD and TIFFTAG_GPSIFD.
int cshim_tiff_get_ifd8(TIFF *tif, uint32_t tag, uint64_t *offset);

int cshim_tiff_set_u16(TIFF *tif, uint32_t tag, uint16_t value);
int cshim_tiff_set_u32(TIFF *tif, uint32_t tag, uint32_t value);
int cshim_tiff_set_double(TIFF *tif, uint32_t tag, double value);
int cshim_tiff_set_string(TIFF *tif, uint32_t tag, const char *value);
int cshim_tiff_set_u32_count_ptr(TIFF *tif, uint32_t tag, uint32_t count, const void *data);
int cshim_tiff_set_u16_count_ptr(TIFF *tif, uint32_t tag, uint16_t count, const void *data);
int cshim_tiff_set_colormap(TIFF *tif, const uint16_t *red, const uint16_t *green, const uint16_t *blue);

#endif
