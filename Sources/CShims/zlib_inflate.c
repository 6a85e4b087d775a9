#include "cshims_zlib.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

int cshim_inflate(const void *src, size_t srclen, size_t maxout, uint8_t **out, size_t *outlen,
                  char *error, size_t errlen) {
    if (errlen) error[0] = '\0';
    *out = NULL;
    *outlen = 0;
    z_stream zs;
    memset(&zs, 0, sizeof zs);
    if (inflateInit(&zs) != Z_OK) {
        snprintf(error, errlen, "zlib: cannot initialise inflate");
        return 0;
    }
    size_t capacity = srclen < 1024 ? 4096 : srclen * 4;
    if (capacity > maxout && maxout > 0) capacity = maxout;
    if (capacity == 0) capacity = 1;
    uint8_t *buffer = malloc(capacity);
    if (!buffer) {
        inflateEnd(&zs);
        snprintf(error, errlen, "zlib: out of memory");
        return 0;
    }
    const uint8_t *in = src;
    size_t consumed = 0;
    size_t produced = 0;
    int status = Z_OK;
    while (status != Z_STREAM_END) {
        if (produced == capacity) {
            if (capacity >= maxout) {
                snprintf(error, errlen, "zlib: inflated data exceeds the limit of %zu bytes", maxout);
                inflateEnd(&zs);
                free(buffer);
                return -1;
            }
            size_t grown = capacity * 2 > maxout ? maxout : capacity * 2;
            uint8_t *bigger = realloc(buffer, grown);
            if (!bigger) {
                snprintf(error, errlen, "zlib: out of memory");
                goto fail;
            }
            buffer = bigger;
            capacity = grown;
        }
        // zlib counts in uInt: feed and drain in pieces so no size is truncated.
        size_t in_left = srclen - consumed;
        size_t out_left = capacity - produced;
        zs.next_in = (Bytef *)(in + consumed);
        zs.avail_in = in_left > 0x40000000u ? 0x40000000u : (uInt)in_left;
        zs.next_out = buffer + produced;
        zs.avail_out = out_left > 0x40000000u ? 0x40000000u : (uInt)out_left;
        uInt avail_in_before = zs.avail_in;
        uInt avail_out_before = zs.avail_out;
        status = inflate(&zs, Z_NO_FLUSH);
        consumed += avail_in_before - zs.avail_in;
        produced += avail_out_before - zs.avail_out;
        if (status == Z_STREAM_END) break;
        if (status == Z_BUF_ERROR && zs.avail_out != 0) {
            snprintf(error, errlen, "zlib: stream is truncated");
            goto fail;
        }
        if (status != Z_OK && status != Z_BUF_ERROR) {
            snprintf(error, errlen, "zlib: %s", zs.msg ? zs.msg : "corrupt stream");
            goto fail;
        }
    }
    inflateEnd(&zs);
    *out = buffer;
    *outlen = produced;
    return 1;
fail:
    inflateEnd(&zs);
    free(buffer);
    return 0;
}

void cshim_inflate_free(uint8_t *buffer) { free(buffer); }

uint32_t cshim_crc32(const void *bytes, size_t length) {
    uLong crc = crc32(0L, Z_NULL, 0);
    const Bytef *next = bytes;
    while (length > 0) {
        uInt chunk = length > 0x40000000u ? 0x40000000u : (uInt)length;
        crc = crc32(crc, next, chunk);
        next += chunk;
        length -= chunk;
    }
    return (uint32_t)crc;
}
