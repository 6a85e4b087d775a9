// zlib inflate over memory, bounded.
//
// PNG keeps compressed text (zTXt, iTXt) and the ICC profile (iCCP) as zlib streams. A hostile file can
// hold a tiny stream that inflates to gigabytes, so the caller names the most it will accept and the
// inflate stops there with an error instead of allocating without limit.
#ifndef CSHIMS_ZLIB_H
#define CSHIMS_ZLIB_H

#include <stddef.h>
#include <stdint.h>

/// Inflates the zlib stream `src[0..<srclen]` into a buffer allocated with malloc.
///
/// On success returns 1, with the buffer in `*out` (the caller frees it with `cshim_inflate_free`) and
/// its length in `*outlen`. On failure returns 0 (a corrupt or truncated stream) or -1 (output beyond
/// `maxout` bytes), with `*out` NULL and the reason in `error` (always NUL-terminated when errlen > 0).
int cshim_inflate(const void *src, size_t srclen, size_t maxout, uint8_t **out, size_t *outlen,
                  char *error, size_t errlen);

/// Frees a buffer returned by `cshim_inflate`.
void cshim_inflate_free(uint8_t *buffer);

/// zlib's CRC-32 (ISO 3309, as PNG chunks carry it) of `bytes[0..<length]`, for any length (zlib's own
/// `crc32` takes a 32-bit length).
uint32_t cshim_crc32(const void *bytes, size_t length);

#endif
