// A fast proof that a JPEG's entropy-coded data is whole, used by jpeg_codec.c (not part of the shim's API).
#ifndef CSHIMS_JPEG_ENTROPY_H
#define CSHIMS_JPEG_ENTROPY_H

#include <stdint.h>
#include <stdio.h>
#include <jpeglib.h>

/// Walks the entropy-coded data of a file whose decompression has just started (jpeg_start_decompress,
/// no rows read) and returns 1 when it is one sequential Huffman scan of every component whose codes all
/// decode, with restart markers in order and EOI right after it — so that libjpeg would decode it with no
/// corrupt-data warning. Returns 0 when that is not proven: the file may still be fine (a progressive or
/// multi-scan file, a marker between scan and EOI), and libjpeg must decide. Reads `cinfo` and the data
/// only; libjpeg's state is left as it was.
int jpeg_entropy_proven_whole(j_decompress_ptr cinfo);

#endif
