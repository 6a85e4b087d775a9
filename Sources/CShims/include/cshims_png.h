// libpng over memory, with every error returned as a status and a message.
//
// libpng reports a fatal error by calling an error function that must not return; the only way back is
// longjmp. Swift cannot use setjmp, so every call into libpng that can fail is made here, inside a
// function that has set the jump target. Errors and warnings are captured as text (never printed).
// Reading is strict where the pixels are concerned: a CRC error in any chunk, missing or corrupt image
// data, and the warnings that mean damage (png_codec.c: damages_pixels) are errors, because an archive must
// not accept a damaged file. Other warnings and libpng's "benign" errors (a describing chunk that is
// invalid, data after the complete image data) are kept as notes.
// After a failed call the reader is unusable except for cshim_png_close.
#ifndef CSHIMS_PNG_H
#define CSHIMS_PNG_H

#include <stddef.h>
#include <stdint.h>

/// PNG color types, as in the IHDR chunk (the values of libpng's PNG_COLOR_TYPE_*).
enum {
    CSHIM_PNG_GRAY = 0,
    CSHIM_PNG_RGB = 2,
    CSHIM_PNG_PALETTE = 3,
    CSHIM_PNG_GRAY_ALPHA = 4,
    CSHIM_PNG_RGBA = 6,
};

typedef struct cshim_png_reader cshim_png_reader;

/// What the header chunks (everything before the first IDAT) declare, and how the image decodes.
typedef struct {
    uint32_t width;
    uint32_t height;
    int bit_depth;          ///< as stored: 1, 2, 4, 8 or 16
    int color_type;         ///< CSHIM_PNG_*
    int interlaced;         ///< 1 for Adam7
    int has_trns;           ///< a tRNS chunk is present
    int channels;           ///< of the decoded image: 1 gray, 2 gray+alpha, 3 RGB, 4 RGBA
    int decoded_bit_depth;  ///< of the decoded image: samples are one per byte below 8, host-order uint16 at 16
    const uint8_t *icc;     ///< the iCCP profile (owned by the reader), or NULL
    uint32_t icc_length;
} cshim_png_header;

/// Reads the signature and the header chunks of a PNG held in memory (not copied: `data` must outlive
/// the reader). Width and height above `max_dimension` are refused (png_set_user_limits). Returns NULL
/// on failure with the reason in `error`.
cshim_png_reader *cshim_png_open(const void *data, size_t size, uint32_t max_dimension,
                                 char *error, size_t errlen);

/// The header that cshim_png_open read.
void cshim_png_get_header(const cshim_png_reader *reader, cshim_png_header *header);

/// Sets up the transformations to the decoded form (see cshim_png_header) and returns the bytes in one
/// decoded row through `rowbytes`. Returns 0 on failure (message in cshim_png_error).
int cshim_png_start(cshim_png_reader *reader, size_t *rowbytes);

/// Decodes the whole image (any interlacing) into `image`, rows `stride` bytes apart. Returns 0 on failure.
int cshim_png_read_image(cshim_png_reader *reader, uint8_t *image, size_t stride);

/// Decodes every row of every pass into the one row buffer `row` (rowbytes long), keeping nothing:
/// proves the image data is whole with memory for one row. Returns 0 on failure.
int cshim_png_skim_image(cshim_png_reader *reader, uint8_t *row);

/// Reads the chunks after the image data up to IEND, checking their CRCs. Returns 0 on failure.
int cshim_png_finish(cshim_png_reader *reader);

/// The error of the last failed call, or "".
const char *cshim_png_error(const cshim_png_reader *reader);
/// The first warning libpng gave, or "".
const char *cshim_png_warning(const cshim_png_reader *reader);
/// Every warning that did not end reading, one a line ("iCCP: known incorrect sRGB profile"), or "".
const char *cshim_png_notes(const cshim_png_reader *reader);

void cshim_png_close(cshim_png_reader *reader);

/// Everything needed to write any legal PNG (the tests use it to build every color type and depth).
typedef struct {
    uint32_t width;
    uint32_t height;
    int color_type;           ///< CSHIM_PNG_*
    int bit_depth;            ///< 1, 2, 4, 8, 16 as the color type allows
    int interlaced;           ///< 1 for Adam7
    const uint8_t *palette;   ///< PLTE entries as RGB triples (palette images)
    int palette_count;
    const uint8_t *trns_alpha;  ///< tRNS alpha per palette entry (palette images), or NULL
    int trns_alpha_count;
    int has_trns_color;       ///< tRNS single transparent color (gray / RGB images)
    uint16_t trns_gray, trns_red, trns_green, trns_blue;
    const uint8_t *icc;       ///< written as iCCP when not NULL; libpng checks it against the color type
    uint32_t icc_length;
    int compression_level;    ///< zlib level 0-9, or -1 for libpng's default
    int has_phys;             ///< 1 to write pHYs
    uint32_t phys_x, phys_y;  ///< pixels per unit
    int phys_metres;          ///< 1: the unit is the metre; 0: unknown (aspect ratio only)
} cshim_png_write_params;

/// Encodes `pixels` (rows `stride` bytes apart; one sample per byte below 8 bits, host-order uint16 at 16)
/// into a new malloc'd buffer returned through `out` (free it with cshim_png_free). Returns 0 on failure
/// with the reason in `error`; nothing is allocated then.
int cshim_png_encode(const cshim_png_write_params *params, const void *pixels, size_t stride,
                     uint8_t **out, size_t *out_length, char *error, size_t errlen);

void cshim_png_free(void *buffer);

#endif
