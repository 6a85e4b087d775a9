// Benign library messages kept as notes: one a line, each once, in a fixed buffer.
//
// A decoder message that does not mean missing or damaged pixel data (a describing chunk or tag ignored,
// a marker preceded by stray bytes before the image data) does not refuse the file, but it is not
// dropped either: ingest records it with the validation event, outcome `war`.
#ifndef CSHIMS_LIBRARY_NOTES_H
#define CSHIMS_LIBRARY_NOTES_H

#include <stdio.h>
#include <string.h>

/// Appends `message` to the NUL-terminated `notes` (capacity `size`) as a new line, unless it is there
/// already (libraries repeat a message per row or strip) or would not fit (the first ones are kept).
static inline void cshim_note(char *notes, size_t size, const char *message) {
    if (!message || !message[0] || strstr(notes, message)) return;
    size_t used = strlen(notes);
    size_t needed = strlen(message) + (used ? 1 : 0);
    if (used + needed + 1 > size) return;
    snprintf(notes + used, size - used, "%s%s", used ? "\n" : "", message);
}

#endif
