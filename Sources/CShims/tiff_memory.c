#include "cshims_tiff.h"
#include "library_notes.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct cshim_tiff {
    TIFF *tif;
    const uint8_t *data;
    size_t size;
    uint64_t position;
    uint8_t *output;     // writing to memory: the growing file (`data` aliases it), else NULL
    size_t capacity;
    int writable;
    char error[512];
    char warning[512];
    char notes[1024];    // warnings that are neither damage nor spelling, one a line
};

static void format_message(char *dest, size_t destlen, const char *module, const char *fmt, va_list ap) {
    char text[400];
    vsnprintf(text, sizeof text, fmt, ap);
    if (module && module[0]) snprintf(dest, destlen, "%s: %s", module, text);
    else snprintf(dest, destlen, "%s", text);
}

static int on_error(TIFF *tif, void *user, const char *module, const char *fmt, va_list ap) {
    (void)tif;
    cshim_tiff *h = user;
    // Keep the first: later ones are usually consequences.
    if (h->error[0] == '\0') format_message(h->error, sizeof h->error, module, fmt, ap);
    return 1;  // handled: libtiff must not also print it
}

static int contains_any(const char *text, const char *const *needles, size_t count) {
    for (size_t i = 0; i < count; i++) {
        if (strstr(text, needles[i])) return 1;
    }
    return 0;
}

// Warnings about how a writer spelled its tags: neither damage nor worth a note.
static int is_spelling(const char *text) {
    static const char *const spelling[] = {
        "Unknown field with tag",
        "not sorted in ascending order",
        "does not end in null byte",
        "Nonstandard tile",
        "Defining non-color channels as ExtraSamples",
    };
    return contains_any(text, spelling, sizeof spelling / sizeof spelling[0]);
}

// Warnings that leave the pixel data whole: a tag libtiff ignores because its count or type is wrong
// ("incorrect count for field \"PageNumber\"") when the tag does not locate or describe pixel data, and a
// single strip's byte count replaced by the size the image needs ("Bogus \"StripByteCounts\" field"):
// the strip is then decoded in full, and a strip the file does not hold is an error when it is read.
// Any other warning (a tag that describes the pixels ignored, a strip not ending in an EOI code, data cut
// short) means the file is not what was written.
static int is_note(const char *text) {
    static const char *const pixel_fields[] = {
        "\"ImageWidth\"", "\"ImageLength\"", "\"BitsPerSample\"", "\"Compression\"", "\"Photometric",
        "\"FillOrder\"", "\"StripOffsets\"", "\"SamplesPerPixel\"", "\"RowsPerStrip\"", "\"StripByteCounts\"",
        "\"PlanarConfig", "\"Predictor\"", "\"TileWidth\"", "\"TileLength\"", "\"TileOffsets\"",
        "\"TileByteCounts\"", "\"ExtraSamples\"", "\"SampleFormat\"", "\"ColorMap\"", "\"YCbCrSubsampling\"",
        "\"JPEGTables\"", "\"ImageDepth\"", "\"TileDepth\"", "\"JPEGProc\"", "\"JPEGIFOffset\"",
    };
    if (strstr(text, "Bogus \"StripByteCounts\" field, ignoring and calculating from imagelength")) return 1;
    // Not "IO error during reading of ...; tag ignored": that tag's data is cut short, the file truncated.
    int ignored = strstr(text, "ncorrect count for") || strstr(text, "Wrong data type");
    return ignored && strchr(text, '"')
        && !contains_any(text, pixel_fields, sizeof pixel_fields / sizeof pixel_fields[0]);
}

static int on_warning(TIFF *tif, void *user, const char *module, const char *fmt, va_list ap) {
    (void)tif;
    cshim_tiff *h = user;
    char text[512];
    format_message(text, sizeof text, module, fmt, ap);
    if (is_spelling(text)) return 1;
    if (is_note(text)) cshim_note(h->notes, sizeof h->notes, text);
    else if (h->warning[0] == '\0') snprintf(h->warning, sizeof h->warning, "%s", text);
    return 1;
}

static tmsize_t mem_read(thandle_t fd, void *buf, tmsize_t size) {
    cshim_tiff *h = fd;
    if (size <= 0 || h->position >= h->size) return 0;
    uint64_t available = h->size - h->position;
    uint64_t n = (uint64_t)size < available ? (uint64_t)size : available;
    memcpy(buf, h->data + h->position, (size_t)n);
    h->position += n;
    return (tmsize_t)n;
}

static tmsize_t mem_write(thandle_t fd, void *buf, tmsize_t size) {
    cshim_tiff *h = fd;
    if (!h->writable) return -1;  // read-only by construction: originals are never written
    if (size < 0 || h->position > SIZE_MAX - (uint64_t)size) return -1;
    size_t end = (size_t)h->position + (size_t)size;
    if (end > h->capacity) {
        size_t capacity = h->capacity ? h->capacity : 65536;
        while (capacity < end) {
            if (capacity > SIZE_MAX / 2) return -1;
            capacity *= 2;
        }
        uint8_t *grown = realloc(h->output, capacity);
        if (!grown) return -1;
        h->output = grown;
        h->capacity = capacity;
        h->data = grown;
    }
    // A seek past the end followed by a write leaves a gap, which a file would read as zeros.
    if (h->position > h->size) memset(h->output + h->size, 0, (size_t)h->position - h->size);
    memcpy(h->output + h->position, buf, (size_t)size);
    h->position = end;
    if (end > h->size) h->size = end;
    return size;
}

static toff_t mem_seek(thandle_t fd, toff_t offset, int whence) {
    cshim_tiff *h = fd;
    uint64_t base = whence == SEEK_CUR ? h->position : whence == SEEK_END ? h->size : 0;
    h->position = base + offset;  // past-the-end positions read 0 bytes, which libtiff reports
    return h->position;
}

static int mem_close(thandle_t fd) { (void)fd; return 0; }
static toff_t mem_size(thandle_t fd) { return ((cshim_tiff *)fd)->size; }
static int mem_map(thandle_t fd, void **base, toff_t *size) {
    // Letting libtiff use the buffer in place avoids a copy of every strip.
    cshim_tiff *h = fd;
    *base = (void *)h->data;
    *size = h->size;
    return 1;
}
static void mem_unmap(thandle_t fd, void *base, toff_t size) { (void)fd; (void)base; (void)size; }
// The output of a memory writer moves as it grows, so it is never mapped.
static int mem_no_map(thandle_t fd, void **base, toff_t *size) { (void)fd; (void)base; (void)size; return 0; }

static TIFFOpenOptions *make_options(cshim_tiff *h, int64_t max_single_alloc) {
    TIFFOpenOptions *opts = TIFFOpenOptionsAlloc();
    if (!opts) return NULL;
    TIFFOpenOptionsSetErrorHandlerExtR(opts, on_error, h);
    TIFFOpenOptionsSetWarningHandlerExtR(opts, on_warning, h);
    if (max_single_alloc > 0) TIFFOpenOptionsSetMaxSingleMemAlloc(opts, max_single_alloc);
    return opts;
}

cshim_tiff *cshim_tiff_open_memory(const void *data, size_t size, int64_t max_single_alloc,
                                   char *error, size_t errlen) {
    if (errlen) error[0] = '\0';
    cshim_tiff *h = calloc(1, sizeof *h);
    if (!h) { snprintf(error, errlen, "out of memory"); return NULL; }
    h->data = data;
    h->size = size;
    TIFFOpenOptions *opts = make_options(h, max_single_alloc);
    if (!opts) { free(h); snprintf(error, errlen, "out of memory"); return NULL; }
    // "m" is deliberately not given: mapping in place is what mem_map provides.
    h->tif = TIFFClientOpenExt("memory", "r", (thandle_t)h, mem_read, mem_write, mem_seek, mem_close,
                               mem_size, mem_map, mem_unmap, opts);
    TIFFOpenOptionsFree(opts);
    if (!h->tif) {
        snprintf(error, errlen, "%s", h->error[0] ? h->error : "not a readable TIFF");
        free(h);
        return NULL;
    }
    return h;
}

cshim_tiff *cshim_tiff_open_file_write(const char *path, const char *mode, char *error, size_t errlen) {
    if (errlen) error[0] = '\0';
    cshim_tiff *h = calloc(1, sizeof *h);
    if (!h) { snprintf(error, errlen, "out of memory"); return NULL; }
    TIFFOpenOptions *opts = make_options(h, 0);
    if (!opts) { free(h); snprintf(error, errlen, "out of memory"); return NULL; }
    h->tif = TIFFOpenExt(path, mode, opts);
    TIFFOpenOptionsFree(opts);
    if (!h->tif) {
        snprintf(error, errlen, "%s", h->error[0] ? h->error : "cannot open for writing");
        free(h);
        return NULL;
    }
    return h;
}

cshim_tiff *cshim_tiff_open_memory_write(const char *mode, char *error, size_t errlen) {
    if (errlen) error[0] = '\0';
    cshim_tiff *h = calloc(1, sizeof *h);
    if (!h) { snprintf(error, errlen, "out of memory"); return NULL; }
    h->writable = 1;
    TIFFOpenOptions *opts = make_options(h, 0);
    if (!opts) { free(h); snprintf(error, errlen, "out of memory"); return NULL; }
    h->tif = TIFFClientOpenExt("memory", mode, (thandle_t)h, mem_read, mem_write, mem_seek, mem_close,
                               mem_size, mem_no_map, mem_unmap, opts);
    TIFFOpenOptionsFree(opts);
    if (!h->tif) {
        snprintf(error, errlen, "%s", h->error[0] ? h->error : "cannot open for writing");
        free(h->output);
        free(h);
        return NULL;
    }
    return h;
}

int cshim_tiff_close_memory_write(cshim_tiff *handle, uint8_t **out, size_t *out_length,
                                  char *error, size_t errlen) {
    if (errlen) error[0] = '\0';
    *out = NULL;
    *out_length = 0;
    TIFFClose(handle->tif);
    int ok = handle->error[0] == '\0';
    if (ok) {
        *out = handle->output;
        *out_length = handle->size;
    } else {
        snprintf(error, errlen, "%s", handle->error);
        free(handle->output);
    }
    free(handle);
    return ok;
}

void cshim_tiff_free(void *buffer) { free(buffer); }

TIFF *cshim_tiff_get(cshim_tiff *handle) { return handle->tif; }
const char *cshim_tiff_error(const cshim_tiff *handle) { return handle->error; }
const char *cshim_tiff_warning(const cshim_tiff *handle) { return handle->warning; }
const char *cshim_tiff_notes(const cshim_tiff *handle) { return handle->notes; }
void cshim_tiff_clear_messages(cshim_tiff *handle) { handle->error[0] = '\0'; handle->warning[0] = '\0'; }

int cshim_tiff_close(cshim_tiff *handle) {
    if (!handle) return 1;
    TIFFClose(handle->tif);
    int ok = handle->error[0] == '\0';
    free(handle->output);
    free(handle);
    return ok;
}

int cshim_tiff_get_u16(TIFF *tif, uint32_t tag, uint16_t *value) { return TIFFGetField(tif, tag, value); }
int cshim_tiff_get_u32(TIFF *tif, uint32_t tag, uint32_t *value) { return TIFFGetField(tif, tag, value); }
int cshim_tiff_get_u64(TIFF *tif, uint32_t tag, uint64_t *value) { return TIFFGetField(tif, tag, value); }
int cshim_tiff_get_double(TIFF *tif, uint32_t tag, double *value) { return TIFFGetField(tif, tag, value); }
int cshim_tiff_get_float(TIFF *tif, uint32_t tag, float *value) { return TIFFGetField(tif, tag, value); }
int cshim_tiff_get_string(TIFF *tif, uint32_t tag, const char **value) { return TIFFGetField(tif, tag, value); }
int cshim_tiff_get_u32_count_ptr(TIFF *tif, uint32_t tag, uint32_t *count, const void **data) {
    return TIFFGetField(tif, tag, count, data);
}
int cshim_tiff_get_u16_count_ptr(TIFF *tif, uint32_t tag, uint16_t *count, const void **data) {
    return TIFFGetField(tif, tag, count, data);
}
int cshim_tiff_get_colormap(TIFF *tif, const uint16_t **red, const uint16_t **green, const uint16_t **blue) {
    return TIFFGetField(tif, TIFFTAG_COLORMAP, red, green, blue);
}
int cshim_tiff_get_ifd8(TIFF *tif, uint32_t tag, uint64_t *offset) { return TIFFGetField(tif, tag, offset); }

int cshim_tiff_set_u16(TIFF *tif, uint32_t tag, uint16_t value) { return TIFFSetField(tif, tag, value); }
int cshim_tiff_set_u32(TIFF *tif, uint32_t tag, uint32_t value) { return TIFFSetField(tif, tag, value); }
int cshim_tiff_set_double(TIFF *tif, uint32_t tag, double value) { return TIFFSetField(tif, tag, value); }
int cshim_tiff_set_string(TIFF *tif, uint32_t tag, const char *value) { return TIFFSetField(tif, tag, value); }
int cshim_tiff_set_u32_count_ptr(TIFF *tif, uint32_t tag, uint32_t count, const void *data) {
    return TIFFSetField(tif, tag, count, data);
}
int cshim_tiff_set_u16_count_ptr(TIFF *tif, uint32_t tag, uint16_t count, const void *data) {
    return TIFFSetField(tif, tag, count, data);
}
int cshim_tiff_set_colormap(TIFF *tif, const uint16_t *red, const uint16_t *green, const uint16_t *blue) {
    return TIFFSetField(tif, TIFFTAG_COLORMAP, red, green, blue);
}
