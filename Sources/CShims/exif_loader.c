#include "cshims_exif.h"

#include <libexif/exif-data.h>
#include <libexif/exif-log.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

struct log_sink {
    char *text;
    size_t capacity;
};

// libexif logs every entry it loads at debug level; these debug messages are the ones that say data was
// dropped or is corrupt, and are worth recording.
static const char *const notable_debug[] = {
    "past end", "Bogus", "Recursive", "multiple times", "Short data", "Deep/expensive", "too small",
};

static void on_log(ExifLog *log, ExifLogCode code, const char *domain, const char *format, va_list args,
                   void *user) {
    (void)log;
    (void)domain;
    struct log_sink *sink = user;
    if (!sink->text || sink->capacity == 0) return;
    if (code == EXIF_LOG_CODE_DEBUG) {
        int notable = 0;
        for (size_t i = 0; i < sizeof notable_debug / sizeof notable_debug[0]; i++) {
            if (strstr(format, notable_debug[i])) { notable = 1; break; }
        }
        if (!notable) return;
    }
    size_t used = strlen(sink->text);
    if (used + 2 >= sink->capacity) return;
    int n = vsnprintf(sink->text + used, sink->capacity - used - 1, format, args);
    if (n < 0) { sink->text[used] = '\0'; return; }
    used = strlen(sink->text);
    // One message per line; libexif's own messages sometimes end in a newline already.
    if (used > 0 && sink->text[used - 1] != '\n' && used + 1 < sink->capacity) {
        sink->text[used] = '\n';
        sink->text[used + 1] = '\0';
    }
}

void *cshim_exif_load(const unsigned char *data, unsigned int size, char *logtext, size_t loglen) {
    if (loglen) logtext[0] = '\0';
    struct log_sink sink = { logtext, loglen };
    ExifData *exif = exif_data_new();
    if (!exif) return NULL;
    ExifLog *log = exif_log_new();
    if (log) {
        exif_log_set_func(log, on_log, &sink);
        exif_data_log(exif, log);
    }
    exif_data_unset_option(exif, EXIF_DATA_OPTION_FOLLOW_SPECIFICATION);
    exif_data_unset_option(exif, EXIF_DATA_OPTION_IGNORE_UNKNOWN_TAGS);
    exif_data_set_option(exif, EXIF_DATA_OPTION_DONT_CHANGE_MAKER_NOTE);
    exif_data_load_data(exif, data, size);
    if (log) {
        // The sink lives on this stack frame, and the ExifData's parts keep references to the log:
        // silence it before returning rather than detach it.
        exif_log_set_func(log, NULL, NULL);
        exif_log_unref(log);
    }
    return exif;
}

void cshim_exif_free(void *exif_data) {
    if (exif_data) exif_data_unref((ExifData *)exif_data);
}
