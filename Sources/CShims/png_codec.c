#include "cshims_png.h"
#include "library_notes.h"

#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// Messages of one libpng struct. libpng's error function must not return: it records the message and
// longjmps to the target set by whichever function below made the failing call.
typedef struct {
    char error[256];
    char warning[256];
    int reading;      // warnings are sorted into damage (an error) and notes
    char notes[1024];
} messages;

static void on_error(png_structp png, png_const_charp message) {
    messages *m = png_get_error_ptr(png);
    if (m->error[0] == '\0') snprintf(m->error, sizeof m->error, "%s", message ? message : "unknown error");
    png_longjmp(png, 1);
}

// Whether a warning (or a "benign" error, which reading turns into a warning) means the pixels are not
// what was written. libpng's errors already end reading: missing or corrupt image data ("Not enough image
// data", a zlib error inside the rows), a CRC error in any chunk, a broken critical chunk. What it only
// warns about is a chunk that describes the pixels without holding them (iCCP, sRGB, cHRM, gAMA, tRNS,
// text ...: "iCCP: known incorrect sRGB profile"), or data after the image's compressed stream was
// complete ("IDAT: Extra compressed data", "Too much image data", "Too many IDATs found"): notes. Three
// warnings are damage: any other IDAT message (a zlib error met while reading the end of the stream, e.g.
// "IDAT: incorrect data check": the Adler-32 of the pixels does not match), palette indices past the
// palette (pixels whose color the file does not define), and a chunk longer than libpng allows.
static int damages_pixels(const char *message) {
    static const char *const after_the_image[] = {
        "Extra compressed data", "Too much image data", "Too many IDATs found",
    };
    for (size_t i = 0; i < sizeof after_the_image / sizeof after_the_image[0]; i++) {
        if (strstr(message, after_the_image[i])) return 0;
    }
    return strncmp(message, "IDAT: ", 6) == 0 || strstr(message, "palette index exceeding") != NULL
        || strstr(message, "chunk data is too large") != NULL;
}

static void on_warning(png_structp png, png_const_charp message) {
    messages *m = png_get_error_ptr(png);
    const char *text = message ? message : "";
    // Reading: a warning that means damage ends reading as an error does (every reading call has set
    // its jump target).
    if (m->reading && damages_pixels(text)) on_error(png, text);
    if (m->warning[0] == '\0') snprintf(m->warning, sizeof m->warning, "%s", text);
    if (m->reading) cshim_note(m->notes, sizeof m->notes, text);
}

static int host_is_little_endian(void) {
    const uint16_t one = 1;
    return *(const uint8_t *)&one == 1;
}

// MARK: reading

struct cshim_png_reader {
    messages msgs;  // first member: it is libpng's error pointer
    png_structp png;
    png_infop info;
    const uint8_t *data;
    size_t size;
    size_t position;
    png_bytep *rows;  // row pointers of cshim_png_read_image, freed by close (a longjmp skips any free)
    int failed;
    cshim_png_header header;
};

static void read_data(png_structp png, png_bytep out, size_t length) {
    cshim_png_reader *r = png_get_io_ptr(png);
    if (length > r->size - r->position) png_error(png, "unexpected end of file");
    memcpy(out, r->data + r->position, length);
    r->position += length;
}

static void fill_header(cshim_png_reader *r) {
    cshim_png_header *h = &r->header;
    h->width = png_get_image_width(r->png, r->info);
    h->height = png_get_image_height(r->png, r->info);
    h->bit_depth = png_get_bit_depth(r->png, r->info);
    h->color_type = png_get_color_type(r->png, r->info);
    h->interlaced = png_get_interlace_type(r->png, r->info) == PNG_INTERLACE_ADAM7;
    h->has_trns = png_get_valid(r->png, r->info, PNG_INFO_tRNS) != 0;
    switch (h->color_type) {
    case PNG_COLOR_TYPE_PALETTE:
        h->channels = h->has_trns ? 4 : 3;
        h->decoded_bit_depth = 8;
        break;
    case PNG_COLOR_TYPE_GRAY:
        h->channels = h->has_trns ? 2 : 1;
        // Expanding tRNS to alpha scales low-depth gray to 8 bits; without tRNS the depth is kept.
        h->decoded_bit_depth = (h->has_trns && h->bit_depth < 8) ? 8 : h->bit_depth;
        break;
    case PNG_COLOR_TYPE_RGB:
        h->channels = h->has_trns ? 4 : 3;
        h->decoded_bit_depth = h->bit_depth;
        break;
    case PNG_COLOR_TYPE_GRAY_ALPHA:
        h->channels = 2;
        h->decoded_bit_depth = h->bit_depth;
        break;
    default:
        h->channels = 4;
        h->decoded_bit_depth = h->bit_depth;
        break;
    }
    png_charp name = NULL;
    int compression = 0;
    png_bytep profile = NULL;
    png_uint_32 length = 0;
    if (png_get_iCCP(r->png, r->info, &name, &compression, &profile, &length) && profile && length) {
        h->icc = profile;
        h->icc_length = length;
    }
}

cshim_png_reader *cshim_png_open(const void *data, size_t size, uint32_t max_dimension,
                                 char *error, size_t errlen) {
    if (errlen) error[0] = '\0';
    cshim_png_reader *r = calloc(1, sizeof *r);
    if (!r) { snprintf(error, errlen, "out of memory"); return NULL; }
    r->data = data;
    r->size = size;
    r->msgs.reading = 1;
    r->png = png_create_read_struct(PNG_LIBPNG_VER_STRING, &r->msgs, on_error, on_warning);
    if (r->png) r->info = png_create_info_struct(r->png);
    if (!r->png || !r->info) {
        snprintf(error, errlen, "out of memory");
        cshim_png_close(r);
        return NULL;
    }
    if (setjmp(png_jmpbuf(r->png))) {
        snprintf(error, errlen, "%s", r->msgs.error);
        cshim_png_close(r);
        return NULL;
    }
    png_set_read_fn(r->png, r, read_data);
    // An archive must not accept a damaged file: a bad CRC in any chunk, ancillary ones included (libpng
    // would drop such a chunk with a warning), ends reading. libpng's "benign" errors become warnings,
    // which on_warning sorts into damage and notes.
    png_set_crc_action(r->png, PNG_CRC_ERROR_QUIT, PNG_CRC_ERROR_QUIT);
    png_set_benign_errors(r->png, 1);
    png_set_user_limits(r->png, max_dimension, max_dimension);
    // Ancillary chunks (iCCP, zTXt/iTXt with XMP) are decompressed into memory: a few MB is generous.
    png_set_chunk_malloc_max(r->png, 16u << 20);
    png_read_info(r->png, r->info);
    fill_header(r);
    return r;
}

void cshim_png_get_header(const cshim_png_reader *reader, cshim_png_header *header) {
    *header = reader->header;
}

int cshim_png_start(cshim_png_reader *r, size_t *rowbytes) {
    if (r->failed) return 0;
    if (setjmp(png_jmpbuf(r->png))) { r->failed = 1; return 0; }
    const cshim_png_header *h = &r->header;
    if (h->color_type == PNG_COLOR_TYPE_PALETTE) {
        png_set_palette_to_rgb(r->png);
        if (h->has_trns) png_set_tRNS_to_alpha(r->png);
    } else if (h->has_trns) {
        if (h->bit_depth < 8) png_set_expand_gray_1_2_4_to_8(r->png);
        png_set_tRNS_to_alpha(r->png);
    } else if (h->bit_depth < 8) {
        png_set_packing(r->png);  // one sample per byte, values unscaled
    }
    if (h->bit_depth == 16 && host_is_little_endian()) png_set_swap(r->png);
    (void)png_set_interlace_handling(r->png);
    png_read_update_info(r->png, r->info);
    int channels = png_get_channels(r->png, r->info);
    int depth = png_get_bit_depth(r->png, r->info);
    int expected_depth = h->decoded_bit_depth < 8 ? 8 : h->decoded_bit_depth;
    if (channels != h->channels || depth != expected_depth) {
        snprintf(r->msgs.error, sizeof r->msgs.error,
                 "unexpected decoded layout: %d channels of %d bits", channels, depth);
        r->failed = 1;
        return 0;
    }
    *rowbytes = png_get_rowbytes(r->png, r->info);
    return 1;
}

int cshim_png_read_image(cshim_png_reader *r, uint8_t *image, size_t stride) {
    if (r->failed) return 0;
    if (!r->rows) r->rows = malloc(sizeof(png_bytep) * (r->header.height ? r->header.height : 1));
    if (!r->rows) {
        snprintf(r->msgs.error, sizeof r->msgs.error, "out of memory");
        r->failed = 1;
        return 0;
    }
    for (uint32_t y = 0; y < r->header.height; y++) r->rows[y] = image + (size_t)y * stride;
    if (setjmp(png_jmpbuf(r->png))) { r->failed = 1; return 0; }
    png_read_image(r->png, r->rows);
    return 1;
}

int cshim_png_skim_image(cshim_png_reader *r, uint8_t *row) {
    if (r->failed) return 0;
    if (setjmp(png_jmpbuf(r->png))) { r->failed = 1; return 0; }
    int passes = r->header.interlaced ? PNG_INTERLACE_ADAM7_PASSES : 1;
    for (int pass = 0; pass < passes; pass++) {
        for (uint32_t y = 0; y < r->header.height; y++) png_read_row(r->png, row, NULL);
    }
    return 1;
}

int cshim_png_finish(cshim_png_reader *r) {
    if (r->failed) return 0;
    if (setjmp(png_jmpbuf(r->png))) { r->failed = 1; return 0; }
    png_read_end(r->png, NULL);
    return 1;
}

const char *cshim_png_error(const cshim_png_reader *reader) { return reader->msgs.error; }
const char *cshim_png_warning(const cshim_png_reader *reader) { return reader->msgs.warning; }
const char *cshim_png_notes(const cshim_png_reader *reader) { return reader->msgs.notes; }

void cshim_png_close(cshim_png_reader *r) {
    if (!r) return;
    if (r->png) png_destroy_read_struct(&r->png, r->info ? &r->info : NULL, NULL);
    free(r->rows);
    free(r);
}

// MARK: writing

typedef struct {
    messages msgs;  // first member: it is libpng's error pointer
    uint8_t *data;
    size_t length;
    size_t capacity;
} output;

static void write_data(png_structp png, png_bytep data, size_t length) {
    output *o = png_get_io_ptr(png);
    if (length > o->capacity - o->length) {
        size_t capacity = o->capacity ? o->capacity : 65536;
        while (length > capacity - o->length) {
            if (capacity > SIZE_MAX / 2) png_error(png, "output too large");
            capacity *= 2;
        }
        uint8_t *grown = realloc(o->data, capacity);
        if (!grown) png_error(png, "out of memory");
        o->data = grown;
        o->capacity = capacity;
    }
    memcpy(o->data + o->length, data, length);
    o->length += length;
}

static void flush_data(png_structp png) { (void)png; }

int cshim_png_encode(const cshim_png_write_params *p, const void *pixels, size_t stride,
                     uint8_t **out, size_t *out_length, char *error, size_t errlen) {
    if (errlen) error[0] = '\0';
    *out = NULL;
    *out_length = 0;
    // Everything the error path frees is allocated before setjmp, so no local changes after it.
    output *o = calloc(1, sizeof *o);
    png_bytep *rows = malloc(sizeof(png_bytep) * (p->height ? p->height : 1));
    png_structp png = NULL;
    png_infop info = NULL;
    if (o) png = png_create_write_struct(PNG_LIBPNG_VER_STRING, &o->msgs, on_error, on_warning);
    if (png) info = png_create_info_struct(png);
    if (!o || !rows || !png || !info) {
        snprintf(error, errlen, "out of memory");
        if (png) png_destroy_write_struct(&png, info ? &info : NULL);
        free(rows);
        free(o);
        return 0;
    }
    for (uint32_t y = 0; y < p->height; y++) rows[y] = (png_bytep)pixels + (size_t)y * stride;
    if (setjmp(png_jmpbuf(png))) {
        snprintf(error, errlen, "%s", o->msgs.error);
        png_destroy_write_struct(&png, &info);
        free(rows);
        free(o->data);
        free(o);
        return 0;
    }
    png_set_write_fn(png, o, write_data, flush_data);
    if (p->compression_level >= 0) png_set_compression_level(png, p->compression_level);
    png_set_IHDR(png, info, p->width, p->height, p->bit_depth, p->color_type,
                 p->interlaced ? PNG_INTERLACE_ADAM7 : PNG_INTERLACE_NONE,
                 PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    if (p->color_type == PNG_COLOR_TYPE_PALETTE && p->palette) {
        png_color entries[256];
        int count = p->palette_count > 256 ? 256 : p->palette_count;
        for (int i = 0; i < count; i++) {
            entries[i].red = p->palette[3 * i];
            entries[i].green = p->palette[3 * i + 1];
            entries[i].blue = p->palette[3 * i + 2];
        }
        png_set_PLTE(png, info, entries, count);
    }
    if (p->trns_alpha && p->trns_alpha_count > 0) {
        png_set_tRNS(png, info, p->trns_alpha, p->trns_alpha_count, NULL);
    } else if (p->has_trns_color) {
        png_color_16 color = {0};
        color.gray = p->trns_gray;
        color.red = p->trns_red;
        color.green = p->trns_green;
        color.blue = p->trns_blue;
        png_set_tRNS(png, info, NULL, 0, &color);
    }
    if (p->icc && p->icc_length) {
        png_set_iCCP(png, info, "ICC profile", PNG_COMPRESSION_TYPE_BASE, p->icc, p->icc_length);
        // libpng drops a profile it finds invalid or inconsistent with the color type, with only a
        // warning: an archival derivative must not silently lose its profile.
        if (!png_get_valid(png, info, PNG_INFO_iCCP)) {
            png_error(png, o->msgs.warning[0] ? o->msgs.warning : "iCCP: ICC profile rejected");
        }
    }
    if (p->has_phys) {
        png_set_pHYs(png, info, p->phys_x, p->phys_y, p->phys_metres ? PNG_RESOLUTION_METER : PNG_RESOLUTION_UNKNOWN);
    }
    png_write_info(png, info);
    if (p->bit_depth < 8) png_set_packing(png);
    if (p->bit_depth == 16 && host_is_little_endian()) png_set_swap(png);
    png_write_image(png, rows);
    png_write_end(png, NULL);
    png_destroy_write_struct(&png, &info);
    free(rows);
    *out = o->data;
    *out_length = o->length;
    free(o);
    return 1;
}

void cshim_png_free(void *buffer) { free(buffer); }
