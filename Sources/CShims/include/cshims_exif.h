// libexif loading with the options an archive needs, and with its log captured.
//
// libexif's defaults are made for editing photos, not for recording them: EXIF_DATA_OPTION_FOLLOW_SPECIFICATION
// adds the mandatory tags a block lacks (with made-up values) and "fixes" others, and
// EXIF_DATA_OPTION_IGNORE_UNKNOWN_TAGS drops every tag libexif has no name for. Both are turned off here so
// that what comes back is what the file holds. libexif reports what it skipped (an entry past the end of
// the block, an IFD loop) only through its log, whose callback takes a va_list, which Swift cannot
// receive; this shim formats those messages into a buffer.
//
// The ExifData is handed out as an opaque pointer so that this header does not pull libexif's headers into
// the CShims module (Swift sees the real types through the CEXIF module).
#ifndef CSHIMS_EXIF_H
#define CSHIMS_EXIF_H

#include <stddef.h>

/// Loads an EXIF block: `data` starts with "Exif\0\0" followed by the TIFF header.
///
/// Returns an `ExifData *` (as void *; release it with `cshim_exif_free`), or NULL when libexif could not
/// allocate one. Messages about data libexif skipped or found corrupt are written to `log`, one per line,
/// always NUL-terminated when loglen > 0 (excess messages are dropped).
void *cshim_exif_load(const unsigned char *data, unsigned int size, char *log, size_t loglen);

/// Releases an ExifData returned by `cshim_exif_load`.
void cshim_exif_free(void *exif_data);

#endif
