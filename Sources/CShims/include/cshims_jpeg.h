// libjpeg (libjpeg-turbo) over memory, with every error returned as a status and a message.
//
// libjpeg's error_exit must not return; the only way back is longjmp, which Swift cannot use, so every
// call into libjpeg that can fail is made here. Messages are captured as text, never printed.
// libjpeg treats damaged entropy data and a truncated file as warnings (it pads the image with gray and
// carries on); the reader below makes those warnings fatal, because an archive must not accept a
// damaged file as whole. After a failed call the reader is unusable except for cshim_jpeg_close.
#ifndef CSHIMS_JPEG_H
#define CSHIMS_JPEG_H

#include <stddef.h>
#include <stdint.h>

/// JPEG color spaces (the values of libjpeg's J_COLOR_SPACE that a file can declare).
enum {
    CSHIM_JPEG_UNKNOWN = 0,
    CSHIM_JPEG_GRAYSCALE = 1,
    CSHIM_JPEG_RGB = 2,
    CSHIM_JPEG_YCBCR = 3,
    CSHIM_JPEG_CMYK = 4,
    CSHIM_JPEG_YCCK = 5,
};

typedef struct cshim_jpeg_reader cshim_jpeg_reader;

/// What the markers before the first scan declare.
typedef struct {
    uint32_t width;
    uint32_t height;
    int components;      ///< components in the file
    int color_space;     ///< CSHIM_JPEG_* as libjpeg infers it (JFIF, Adobe marker)
    int precision;       ///< bits per sample: 8 (12-bit files are refused by an 8-bit libjpeg)
    int progressive;     ///< 1 for a progressive (SOF2) file
    int arithmetic;      ///< 1 for arithmetic coding
    const uint8_t *icc;  ///< the ICC profile reassembled from APP2 markers (owned by the reader), or NULL
    uint32_t icc_length;
} cshim_jpeg_header;

/// Reads the markers up to the first scan of a JPEG held in memory (not copied: `data` must outlive the
/// reader). Returns NULL on failure with the reason in `error`.
cshim_jpeg_reader *cshim_jpeg_open(const void *data, size_t size, char *error, size_t errlen);

void cshim_jpeg_get_header(const cshim_jpeg_reader *reader, cshim_jpeg_header *header);

/// Starts decompression to 8-bit gray (one component) or RGB (three), at 1/scale_denom of the size
/// (1, 2, 4 or 8; output rows are ceil(height / scale_denom) long and as many). Every scale decodes all of
/// the entropy-coded data, so a 1/8 decode (DC coefficients only through the IDCT) proves a file whole at
/// a fraction of the cost of a full one. Returns 0 on failure.
int cshim_jpeg_start(cshim_jpeg_reader *reader, int out_components, int scale_denom);

/// After cshim_jpeg_start, before any row is read: 1 when the file's entropy-coded data is proven whole
/// without decoding it (one sequential Huffman scan whose codes all decode, then EOI; see jpeg_entropy.h),
/// so that decoding would give no corrupt-data warning; 0 when not proven (progressive and multi-scan
/// files, and every damaged one), in which case only decoding the rows decides.
int cshim_jpeg_entropy_proven(cshim_jpeg_reader *reader);

/// Decodes up to `count` rows into `dest`, rows `stride` bytes apart (stride 0: every row into the same
/// buffer, for validation). Returns the rows decoded, or -1 on failure.
int64_t cshim_jpeg_read_rows(cshim_jpeg_reader *reader, uint8_t *dest, size_t stride, uint32_t count);

/// Finishes decompression, reading up to EOI. Returns 0 on failure.
int cshim_jpeg_finish(cshim_jpeg_reader *reader);

/// The error of the last failed call, or "".
const char *cshim_jpeg_error(const cshim_jpeg_reader *reader);
/// The first warning libjpeg gave that was not made fatal, or "".
const char *cshim_jpeg_warning(const cshim_jpeg_reader *reader);
/// Every warning libjpeg gave that was not made fatal, one a line ("Corrupt JPEG data: bad ICC marker"), or "".
const char *cshim_jpeg_notes(const cshim_jpeg_reader *reader);

void cshim_jpeg_close(cshim_jpeg_reader *reader);

typedef struct {
    uint32_t width;
    uint32_t height;
    int components;      ///< 1 gray, 3 RGB, 4 CMYK (the last only to build test files)
    int quality;         ///< 1-100
    int progressive;     ///< 1 for a progressive file (jpeg_simple_progression)
    int full_chroma;     ///< 1 for 4:4:4 sampling, 0 for libjpeg's default 4:2:0
    const uint8_t *icc;  ///< written as APP2 ICC_PROFILE markers when not NULL
    uint32_t icc_length;
    int density_unit;    ///< JFIF: 0 aspect ratio only (with both densities 0: libjpeg's default 1:1), 1 per inch, 2 per cm
    uint16_t x_density, y_density;
} cshim_jpeg_write_params;

/// Encodes 8-bit interleaved `pixels` (rows `stride` bytes apart) into a new malloc'd buffer returned
/// through `out` (free it with cshim_jpeg_free). Returns 0 on failure with the reason in `error`.
int cshim_jpeg_encode(const cshim_jpeg_write_params *params, const uint8_t *pixels, size_t stride,
                      uint8_t **out, size_t *out_length, char *error, size_t errlen);

void cshim_jpeg_free(void *buffer);

#endif
