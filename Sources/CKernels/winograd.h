#ifndef CKERNELS_WINOGRAD_H
#define CKERNELS_WINOGRAD_H

#include "CKernels.h"
#include "microkernel.h"

#include <stddef.h>

// The two transforms of Winograd F(4x4, 3x3) (winograd.c) for one work item: `tiles` tiles (4 x 4 output
// pixels each) from `first_tile` along the row of tiles `tile_row`.

#define WG_TILE 4                    // output pixels per tile side
#define WG_ALPHA 6                   // input pixels per tile side
#define WG_POSITIONS (WG_ALPHA * WG_ALPHA)

/// B^T d B of every tile and input channel into transformed[position][channel][tile] (rows of `tiles`).
/// The AVX-512 version needs `tiles` a multiple of 16 and reads nothing outside the image; the portable
/// one takes any `tiles` and `scratch` of ck_winograd_input_scratch_floats(tiles) floats.
void ck_winograd_input_avx512(const ck_conv_geometry *g, const float *input, int tile_row, int first_tile, int tiles,
                              float *transformed);
void ck_winograd_input_portable(const ck_conv_geometry *g, const float *input, int tile_row, int first_tile,
                                int tiles, float *scratch, float *transformed);
size_t ck_winograd_input_scratch_floats(int tiles);

/// A^T m A of the products[position][tile][CK_CO] (positions `position_stride` floats apart) of output
/// channels channel0 .. channel0 + channels - 1, plus the bias, activated, into the NCHW output (only the
/// pixels inside it). The AVX-512 version assembles whole rows in `staged` (ck_winograd_output_staged_floats).
void ck_winograd_output_avx512(const ck_conv_geometry *g, const float *products, size_t position_stride, int tile_row,
                               int first_tile, int tiles, int channel0, int channels, const float *bias,
                               const ck_activation *activation, float *staged, float *output);
static inline size_t ck_winograd_output_staged_floats(int tiles) { return (size_t)CK_CO * WG_TILE * WG_TILE * tiles; }
void ck_winograd_output_portable(const ck_conv_geometry *g, const float *products, size_t position_stride,
                                 int tile_row, int first_tile, int tiles, int channel0, int channels,
                                 const float *bias, const ck_activation *activation, float *output);

#endif
