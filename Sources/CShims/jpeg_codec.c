#include "cshims_jpeg.h"
#include "jpeg_entropy.h"
#include "library_notes.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// jpeglib.h first: it pulls in jconfig.h, whose ARITH_CODING defines decide which codes jerror.h declares.
#include <jpeglib.h>
#include <jerror.h>

// MARK: errors

typedef struct {
    struct jpeg_error_mgr pub;  // first member: libjpeg casts cinfo->err to it
    jmp_buf jump;
    int fatal_corruption;       // reading: corrupt-data warnings end decoding
    int in_header;              // reading the markers before the first scan (jpeg_read_header)
    char error[JMSG_LENGTH_MAX];
    char warning[JMSG_LENGTH_MAX];
    char notes[1024];           // warnings that did not end decoding, one a line
} error_manager;

static void on_error_exit(j_common_ptr cinfo) {
    error_manager *e = (error_manager *)cinfo->err;
    if (e->error[0] == '\0') (*cinfo->err->format_message)(cinfo, e->error);
    longjmp(e->jump, 1);
}

static void on_output_message(j_common_ptr cinfo) { (void)cinfo; }  // never print

// Warnings that mean the pixels libjpeg returns are not the ones the file was written with. Others are
// notes: "bad ICC marker" (the profile's APP2 chunks do not fit together, so no profile is read; the pixels
// are whole), an unknown JFIF revision or Adobe transform code.
static int is_corruption(const error_manager *e, int code) {
    switch (code) {
    case JWRN_JPEG_EOF:         // truncated file: libjpeg pads with gray
    case JWRN_HIT_MARKER:       // entropy data cut short
    case JWRN_HUFF_BAD_CODE:
    case JWRN_ARITH_BAD_CODE:
    case JWRN_MUST_RESYNC:      // a restart marker lost
    case JWRN_BOGUS_PROGRESSION:  // progressive scans that do not add up to the image
    case JWRN_NOT_SEQUENTIAL:
        return 1;
    case JWRN_EXTRANEOUS_DATA:
        // "N extraneous bytes before marker": between the segments before the first scan (after an APPn
        // whose length a writer got wrong) they hold no image data; after it they are entropy-coded data
        // the decoder did not use, the trace of a lost restart or of codes decoded out of step.
        return !e->in_header;
    default:
        return 0;
    }
}

static void on_emit_message(j_common_ptr cinfo, int level) {
    if (level >= 0) return;  // trace messages
    error_manager *e = (error_manager *)cinfo->err;
    cinfo->err->num_warnings++;
    if (e->fatal_corruption && is_corruption(e, cinfo->err->msg_code)) {
        if (e->error[0] == '\0') (*cinfo->err->format_message)(cinfo, e->error);
        longjmp(e->jump, 1);
    }
    char text[JMSG_LENGTH_MAX];
    (*cinfo->err->format_message)(cinfo, text);
    if (e->warning[0] == '\0') snprintf(e->warning, sizeof e->warning, "%s", text);
    cshim_note(e->notes, sizeof e->notes, text);
}

static void install(error_manager *e, int fatal_corruption) {
    jpeg_std_error(&e->pub);
    e->pub.error_exit = on_error_exit;
    e->pub.output_message = on_output_message;
    e->pub.emit_message = on_emit_message;
    e->fatal_corruption = fatal_corruption;
}

// MARK: reading

struct cshim_jpeg_reader {
    struct jpeg_decompress_struct cinfo;
    error_manager err;
    int failed;
    JOCTET *icc;  // malloc'd by jpeg_read_icc_profile
    unsigned int icc_length;
    cshim_jpeg_header header;
};

static int color_space_code(J_COLOR_SPACE space) {
    switch (space) {
    case JCS_GRAYSCALE: return CSHIM_JPEG_GRAYSCALE;
    case JCS_RGB: return CSHIM_JPEG_RGB;
    case JCS_YCbCr: return CSHIM_JPEG_YCBCR;
    case JCS_CMYK: return CSHIM_JPEG_CMYK;
    case JCS_YCCK: return CSHIM_JPEG_YCCK;
    default: return CSHIM_JPEG_UNKNOWN;
    }
}

cshim_jpeg_reader *cshim_jpeg_open(const void *data, size_t size, char *error, size_t errlen) {
    if (errlen) error[0] = '\0';
    cshim_jpeg_reader *r = calloc(1, sizeof *r);
    if (!r) { snprintf(error, errlen, "out of memory"); return NULL; }
    install(&r->err, 1);
    r->cinfo.err = &r->err.pub;
    if (setjmp(r->err.jump)) {
        snprintf(error, errlen, "%s", r->err.error);
        cshim_jpeg_close(r);
        return NULL;
    }
    jpeg_create_decompress(&r->cinfo);
    jpeg_mem_src(&r->cinfo, data, (unsigned long)size);
    jpeg_save_markers(&r->cinfo, JPEG_APP0 + 2, 0xFFFF);
    r->err.in_header = 1;
    (void)jpeg_read_header(&r->cinfo, TRUE);  // TRUE: a tables-only stream is an error
    if (!jpeg_read_icc_profile(&r->cinfo, &r->icc, &r->icc_length)) {
        r->icc = NULL;
        r->icc_length = 0;
    }
    r->err.in_header = 0;
    cshim_jpeg_header *h = &r->header;
    h->width = r->cinfo.image_width;
    h->height = r->cinfo.image_height;
    h->components = r->cinfo.num_components;
    h->color_space = color_space_code(r->cinfo.jpeg_color_space);
    h->precision = r->cinfo.data_precision;
    h->progressive = r->cinfo.progressive_mode ? 1 : 0;
    h->arithmetic = r->cinfo.arith_code ? 1 : 0;
    h->icc = r->icc;
    h->icc_length = r->icc_length;
    return r;
}

void cshim_jpeg_get_header(const cshim_jpeg_reader *reader, cshim_jpeg_header *header) {
    *header = reader->header;
}

int cshim_jpeg_start(cshim_jpeg_reader *r, int out_components, int scale_denom) {
    if (r->failed) return 0;
    if (setjmp(r->err.jump)) { r->failed = 1; return 0; }
    r->cinfo.out_color_space = out_components == 1 ? JCS_GRAYSCALE : JCS_RGB;
    r->cinfo.scale_num = 1;
    r->cinfo.scale_denom = (unsigned int)scale_denom;
    (void)jpeg_start_decompress(&r->cinfo);
    if (r->cinfo.output_components != out_components) {
        snprintf(r->err.error, sizeof r->err.error, "decodes to %d components, expected %d",
                 r->cinfo.output_components, out_components);
        r->failed = 1;
        return 0;
    }
    return 1;
}

int cshim_jpeg_entropy_proven(cshim_jpeg_reader *r) {
    if (r->failed) return 0;
    return jpeg_entropy_proven_whole(&r->cinfo);
}

int64_t cshim_jpeg_read_rows(cshim_jpeg_reader *r, uint8_t *dest, size_t stride, uint32_t count) {
    if (r->failed) return -1;
    if (setjmp(r->err.jump)) { r->failed = 1; return -1; }
    uint32_t done = 0;
    while (done < count && r->cinfo.output_scanline < r->cinfo.output_height) {
        JSAMPROW row = dest + (size_t)done * stride;
        JDIMENSION n = jpeg_read_scanlines(&r->cinfo, &row, 1);
        if (n == 0) {  // only a suspending source returns nothing, and the memory source never suspends
            snprintf(r->err.error, sizeof r->err.error, "decoder made no progress");
            r->failed = 1;
            return -1;
        }
        done += n;
    }
    return done;
}

int cshim_jpeg_finish(cshim_jpeg_reader *r) {
    if (r->failed) return 0;
    if (setjmp(r->err.jump)) { r->failed = 1; return 0; }
    (void)jpeg_finish_decompress(&r->cinfo);
    return 1;
}

const char *cshim_jpeg_error(const cshim_jpeg_reader *reader) { return reader->err.error; }
const char *cshim_jpeg_warning(const cshim_jpeg_reader *reader) { return reader->err.warning; }
const char *cshim_jpeg_notes(const cshim_jpeg_reader *reader) { return reader->err.notes; }

void cshim_jpeg_close(cshim_jpeg_reader *r) {
    if (!r) return;
    jpeg_destroy_decompress(&r->cinfo);  // safe on a struct never created: calloc left mem NULL
    free(r->icc);
    free(r);
}

// MARK: writing

typedef struct {
    struct jpeg_destination_mgr pub;
    uint8_t *data;
    size_t capacity;
    size_t length;
} destination;

// On the heap so that nothing the error path reads is a local changed after setjmp.
typedef struct {
    struct jpeg_compress_struct cinfo;
    error_manager err;
    destination dest;
} encoder;

static void init_destination(j_compress_ptr cinfo) {
    destination *d = (destination *)cinfo->dest;
    d->capacity = 65536;
    d->data = malloc(d->capacity);
    if (!d->data) ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 0);
    d->pub.next_output_byte = d->data;
    d->pub.free_in_buffer = d->capacity;
}

static boolean empty_output_buffer(j_compress_ptr cinfo) {
    // Called when the whole buffer is full: double it and go on after what is there.
    destination *d = (destination *)cinfo->dest;
    size_t used = d->capacity;
    if (d->capacity > SIZE_MAX / 2) ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 1);
    uint8_t *grown = realloc(d->data, d->capacity * 2);
    if (!grown) ERREXIT1(cinfo, JERR_OUT_OF_MEMORY, 2);
    d->data = grown;
    d->capacity *= 2;
    d->pub.next_output_byte = d->data + used;
    d->pub.free_in_buffer = d->capacity - used;
    return TRUE;
}

static void term_destination(j_compress_ptr cinfo) {
    destination *d = (destination *)cinfo->dest;
    d->length = d->capacity - d->pub.free_in_buffer;
}

int cshim_jpeg_encode(const cshim_jpeg_write_params *p, const uint8_t *pixels, size_t stride,
                      uint8_t **out, size_t *out_length, char *error, size_t errlen) {
    if (errlen) error[0] = '\0';
    *out = NULL;
    *out_length = 0;
    if (p->components != 1 && p->components != 3 && p->components != 4) {
        snprintf(error, errlen, "JPEG encodes 1, 3 or 4 components, not %d", p->components);
        return 0;
    }
    encoder *e = calloc(1, sizeof *e);
    if (!e) { snprintf(error, errlen, "out of memory"); return 0; }
    install(&e->err, 0);
    e->cinfo.err = &e->err.pub;
    if (setjmp(e->err.jump)) {
        snprintf(error, errlen, "%s", e->err.error);
        jpeg_destroy_compress(&e->cinfo);
        free(e->dest.data);
        free(e);
        return 0;
    }
    jpeg_create_compress(&e->cinfo);
    e->dest.pub.init_destination = init_destination;
    e->dest.pub.empty_output_buffer = empty_output_buffer;
    e->dest.pub.term_destination = term_destination;
    e->cinfo.dest = &e->dest.pub;
    e->cinfo.image_width = p->width;
    e->cinfo.image_height = p->height;
    e->cinfo.input_components = p->components;
    e->cinfo.in_color_space = p->components == 1 ? JCS_GRAYSCALE : p->components == 3 ? JCS_RGB : JCS_CMYK;
    jpeg_set_defaults(&e->cinfo);
    jpeg_set_quality(&e->cinfo, p->quality < 1 ? 1 : p->quality > 100 ? 100 : p->quality, TRUE);
    if (p->full_chroma) {
        for (int c = 0; c < e->cinfo.num_components; c++) {
            e->cinfo.comp_info[c].h_samp_factor = 1;
            e->cinfo.comp_info[c].v_samp_factor = 1;
        }
    }
    e->cinfo.optimize_coding = TRUE;  // smaller files, same pixels
    if (p->x_density && p->y_density) {
        e->cinfo.density_unit = (UINT8)p->density_unit;
        e->cinfo.X_density = p->x_density;
        e->cinfo.Y_density = p->y_density;
    }
    if (p->progressive) jpeg_simple_progression(&e->cinfo);
    jpeg_start_compress(&e->cinfo, TRUE);
    if (p->icc && p->icc_length) jpeg_write_icc_profile(&e->cinfo, p->icc, p->icc_length);
    while (e->cinfo.next_scanline < e->cinfo.image_height) {
        JSAMPROW row = (JSAMPROW)(pixels + (size_t)e->cinfo.next_scanline * stride);
        (void)jpeg_write_scanlines(&e->cinfo, &row, 1);
    }
    jpeg_finish_compress(&e->cinfo);
    jpeg_destroy_compress(&e->cinfo);
    *out = e->dest.data;
    *out_length = e->dest.length;
    free(e);
    return 1;
}

void cshim_jpeg_free(void *buffer) { free(buffer); }
