#include "CKernels.h"
#include "microkernel.h"
#include "winograd.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// Winograd F(4x4, 3x3) (Lavin & Gray, "Fast Algorithms for Convolutional Neural Networks", 2015, with the
// interpolation points 0, +-1, +-2 and infinity): each 4x4 block of output pixels ("tile") comes from a 6x6
// block of input, and in the transformed domain the 3x3 convolution of one input channel with one output
// channel is 36 products instead of 144. The sum over input channels is then, for each of the 36
// positions, a matrix product [tiles x in_channels] x [in_channels x out_channels], which runs on the
// direct convolution's micro-kernels (tiles in place of pixels, input channels in place of taps).
//
//   Y = A^T [ (G g G^T) (.) (B^T d B) ] A, summed over input channels
//
// The transforms have AVX-512 versions (winograd_avx512.c: 16 tiles or 16 channels per vector) and
// portable ones (below), chosen with the micro-kernels.
// Input channels per micro-kernel call: 128 x 64 transformed weights = 32 KB, which stay in L1.
#define WG_CHUNK 128
// Transformed input of one work item, at most (bytes): it and the item's products stay in L2.
#define WG_ITEM_INPUT_BYTES (512 * 1024)
// Tiles per work item: a multiple of 16 (the AVX-512 input transform's vectors), at most this.
#define WG_MAX_TILES 48

static int output_blocks(const ck_conv_geometry *g) { return (g->out_channels + CK_CO - 1) / CK_CO; }
static int kernel_vectors(const ck_conv_geometry *g) {
    return g->out_channels >= CK_CO ? CK_CO / 16 : (g->out_channels + 15) / 16;
}

int ck_winograd_applies(const ck_conv_geometry *g) {
    return g->groups == 1 && g->kernel_height == 3 && g->kernel_width == 3 && g->stride_height == 1 &&
           g->stride_width == 1 && g->dilation_height >= 1 && g->dilation_height <= CK_WINOGRAD_MAX_DILATION &&
           g->dilation_height == g->dilation_width &&
           g->in_channels >= CK_WINOGRAD_MIN_CHANNELS && g->out_channels >= CK_WINOGRAD_MIN_CHANNELS;
}

size_t ck_winograd_packed_weights_count(const ck_conv_geometry *g) {
    return (size_t)WG_POSITIONS * output_blocks(g) * g->in_channels * CK_CO;
}

// G g G^T for one 3x3 kernel, in double so the packed weights carry no rounding but the final one.
static void transform_kernel(const float *kernel, double out[WG_ALPHA][WG_ALPHA]) {
    static const double G[WG_ALPHA][3] = {
        {1.0 / 4, 0, 0},
        {-1.0 / 6, -1.0 / 6, -1.0 / 6},
        {-1.0 / 6, 1.0 / 6, -1.0 / 6},
        {1.0 / 24, 1.0 / 12, 1.0 / 6},
        {1.0 / 24, -1.0 / 12, 1.0 / 6},
        {0, 0, 1},
    };
    double rows[WG_ALPHA][3];
    for (int i = 0; i < WG_ALPHA; i++) {
        for (int x = 0; x < 3; x++) {
            rows[i][x] = G[i][0] * kernel[x] + G[i][1] * kernel[3 + x] + G[i][2] * kernel[6 + x];
        }
    }
    for (int i = 0; i < WG_ALPHA; i++) {
        for (int j = 0; j < WG_ALPHA; j++) out[i][j] = G[j][0] * rows[i][0] + G[j][1] * rows[i][1] + G[j][2] * rows[i][2];
    }
}

// Layout: [position][output block][input channel][CK_CO lanes], channels past the last zero, so each
// position's block is the K x CK_CO weight panel the micro-kernel reads.
void ck_winograd_pack_weights(const ck_conv_geometry *g, const float *weights, float *packed) {
    int blocks = output_blocks(g), inputs = g->in_channels;
    memset(packed, 0, sizeof(float) * ck_winograd_packed_weights_count(g));
    for (int co = 0; co < g->out_channels; co++) {
        for (int ci = 0; ci < inputs; ci++) {
            double u[WG_ALPHA][WG_ALPHA];
            transform_kernel(weights + ((size_t)co * inputs + ci) * 9, u);
            for (int position = 0; position < WG_POSITIONS; position++) {
                size_t panel = ((size_t)position * blocks + co / CK_CO) * inputs;
                packed[(panel + ci) * CK_CO + co % CK_CO] = (float)u[position / WG_ALPHA][position % WG_ALPHA];
            }
        }
    }
}

size_t ck_winograd_input_scratch_floats(int tiles) {
    return (size_t)2 * WG_ALPHA * WG_TILE * (tiles + 1) + (size_t)WG_ALPHA * 4 * (tiles + 1);
}

// The six input rows of the item (zero outside the image) are combined down the columns (B^T d, over
// contiguous columns), then along each tile's six columns (. B, over contiguous tiles once the columns
// are split by phase). `scratch`: the rows, their combinations, the phases.
void ck_winograd_input_portable(const ck_conv_geometry *g, const float *input, int tile_row, int first_tile,
                                int tiles, float *scratch, float *transformed) {
    int columns = WG_TILE * tiles + 2, stride = WG_TILE * (tiles + 1);
    float *rows = scratch, *combined = rows + WG_ALPHA * stride, *phases = combined + WG_ALPHA * stride;
    int iy0 = tile_row * WG_TILE - g->pad_top, ix0 = first_tile * WG_TILE - g->pad_left;
    int x_begin = ix0 < 0 ? -ix0 : 0, x_end = g->in_width - ix0 < columns ? g->in_width - ix0 : columns;
    size_t plane = (size_t)g->in_height * g->in_width, position_stride = (size_t)g->in_channels * tiles;
    for (int channel = 0; channel < g->in_channels; channel++) {
        const float *image = input + channel * plane;
        for (int r = 0; r < WG_ALPHA; r++) {
            float *row = rows + r * stride;
            int iy = iy0 + r;
            memset(row, 0, sizeof(float) * columns);
            if (iy >= 0 && iy < g->in_height && x_end > x_begin) {
                memcpy(row + x_begin, image + (size_t)iy * g->in_width + ix0 + x_begin, sizeof(float) * (x_end - x_begin));
            }
        }
        const float *d0 = rows, *d1 = rows + stride, *d2 = rows + 2 * stride, *d3 = rows + 3 * stride,
                    *d4 = rows + 4 * stride, *d5 = rows + 5 * stride;
        for (int x = 0; x < columns; x++) {
            combined[x] = 4 * d0[x] - 5 * d2[x] + d4[x];
            combined[stride + x] = -4 * (d1[x] + d2[x]) + d3[x] + d4[x];
            combined[2 * stride + x] = 4 * (d1[x] - d2[x]) - d3[x] + d4[x];
            combined[3 * stride + x] = 2 * (d3[x] - d1[x]) - d2[x] + d4[x];
            combined[4 * stride + x] = 2 * (d1[x] - d3[x]) - d2[x] + d4[x];
            combined[5 * stride + x] = 4 * d1[x] - 5 * d3[x] + d5[x];
        }
        for (int r = 0; r < WG_ALPHA; r++) {
            // Column 4t + c of tile t, for c = 0..5 (c = 4, 5 are columns 0, 1 of tile t + 1).
            const float *line = combined + r * stride;
            float *p = phases + (size_t)r * 4 * (tiles + 1);
            for (int c = 0; c < 4; c++) {
                for (int t = 0; t <= tiles; t++) p[c * (tiles + 1) + t] = t * WG_TILE + c < columns ? line[t * WG_TILE + c] : 0.0f;
            }
            const float *p0 = p, *p1 = p + (tiles + 1), *p2 = p + 2 * (tiles + 1), *p3 = p + 3 * (tiles + 1);
            float *out = transformed + (size_t)r * WG_ALPHA * position_stride + (size_t)channel * tiles;
            for (int t = 0; t < tiles; t++) {
                float e0 = p0[t], e1 = p1[t], e2 = p2[t], e3 = p3[t], e4 = p0[t + 1], e5 = p1[t + 1];
                out[t] = 4 * e0 - 5 * e2 + e4;
                out[position_stride + t] = -4 * (e1 + e2) + e3 + e4;
                out[2 * position_stride + t] = 4 * (e1 - e2) - e3 + e4;
                out[3 * position_stride + t] = 2 * (e3 - e1) - e2 + e4;
                out[4 * position_stride + t] = 2 * (e1 - e3) - e2 + e4;
                out[5 * position_stride + t] = 4 * e1 - 5 * e3 + e5;
            }
        }
    }
}

void ck_winograd_output_portable(const ck_conv_geometry *g, const float *products, size_t position_stride,
                                 int tile_row, int first_tile, int tiles, int channel0, int channels,
                                 const float *bias, const ck_activation *activation, float *output) {
    size_t plane = (size_t)g->out_height * g->out_width;
    int oy0 = tile_row * WG_TILE;
    int height = g->out_height - oy0 < WG_TILE ? g->out_height - oy0 : WG_TILE;
    for (int t = 0; t < tiles; t++) {
        int ox0 = (first_tile + t) * WG_TILE;
        if (ox0 >= g->out_width) break;
        int width = g->out_width - ox0 < WG_TILE ? g->out_width - ox0 : WG_TILE;
        const float *m = products + (size_t)t * CK_CO;
        float columns[WG_TILE][WG_ALPHA][CK_CO];  // A^T m: 4 rows of the 6 columns
        float staged[WG_TILE * WG_TILE][CK_CO];
        for (int j = 0; j < WG_ALPHA; j++) {
            const float *m0 = m + (size_t)j * position_stride, *m1 = m0 + WG_ALPHA * position_stride,
                        *m2 = m1 + WG_ALPHA * position_stride, *m3 = m2 + WG_ALPHA * position_stride,
                        *m4 = m3 + WG_ALPHA * position_stride, *m5 = m4 + WG_ALPHA * position_stride;
            for (int c = 0; c < CK_CO; c++) {
                float plus12 = m1[c] + m2[c], minus12 = m1[c] - m2[c], plus34 = m3[c] + m4[c], minus34 = m3[c] - m4[c];
                columns[0][j][c] = m0[c] + plus12 + plus34;
                columns[1][j][c] = minus12 + 2 * minus34;
                columns[2][j][c] = plus12 + 4 * plus34;
                columns[3][j][c] = minus12 + 8 * minus34 + m5[c];
            }
        }
        for (int i = 0; i < WG_TILE; i++) {
            const float *n0 = columns[i][0], *n1 = columns[i][1], *n2 = columns[i][2], *n3 = columns[i][3],
                        *n4 = columns[i][4], *n5 = columns[i][5];
            for (int c = 0; c < CK_CO; c++) {
                float plus12 = n1[c] + n2[c], minus12 = n1[c] - n2[c], plus34 = n3[c] + n4[c], minus34 = n3[c] - n4[c];
                staged[i * WG_TILE + 0][c] = n0[c] + plus12 + plus34;
                staged[i * WG_TILE + 1][c] = minus12 + 2 * minus34;
                staged[i * WG_TILE + 2][c] = plus12 + 4 * plus34;
                staged[i * WG_TILE + 3][c] = minus12 + 8 * minus34 + n5[c];
            }
        }
        for (int c = 0; c < channels; c++) {
            float b = bias != NULL ? bias[channel0 + c] : 0.0f;
            float *out = output + (size_t)(channel0 + c) * plane + (size_t)oy0 * g->out_width + ox0;
            for (int i = 0; i < height; i++) {
                for (int j = 0; j < width; j++) out[(size_t)i * g->out_width + j] = ck_activate_scalar(staged[i * WG_TILE + j][c] + b, activation);
            }
        }
    }
}

typedef struct {
    ck_conv_call call;
    int tiles;                  // per work item, a multiple of 16
    int product_tiles;          // tiles rounded up to the micro-kernel's calls: the products' rows per position
    int segments;               // work items per row of tiles
    const int *channel_offsets; // k * tiles: the k-th input channel's row of transformed input
    float *scratch;
    size_t scratch_floats;
    ck_microkernel kernel;
    int per_call;
    int avx512;
} winograd_job;

// Floats of each part of a worker's scratch, each a multiple of 16 so every part stays 64-byte aligned
// (the micro-kernel loads and stores its products with aligned vectors).
typedef struct {
    size_t transformed;  // B^T d B: [position][input channel][tile], and a call's reach past the last tile
    size_t products;     // the matrix products of one output block: [position][product tile][CK_CO]
    size_t input;        // the portable input transform's rows, or the AVX-512 output transform's rows
} scratch_parts;

static size_t aligned_floats(size_t count) { return (count + 15) & ~(size_t)15; }

static scratch_parts scratch_layout(const ck_conv_geometry *g, int tiles, int product_tiles) {
    return (scratch_parts){
        aligned_floats((size_t)WG_POSITIONS * g->in_channels * tiles + CK_PIXELS),
        aligned_floats((size_t)WG_POSITIONS * product_tiles * CK_CO),
        aligned_floats(ck_winograd_input_scratch_floats(tiles) > ck_winograd_output_staged_floats(tiles)
                           ? ck_winograd_input_scratch_floats(tiles) : ck_winograd_output_staged_floats(tiles)),
    };
}

// One work item: a run of `tiles` tiles in one row of tiles, every output channel. The micro-kernel's
// calls may reach past the last tile (when its pixels per call do not divide `tiles`): they read the
// next channel's row (or the slack after the last) and write product rows nobody reads.
static void run_item(void *context, int worker, int item) {
    winograd_job *job = context;
    const ck_conv_geometry *g = job->call.geometry;
    int tiles = job->tiles, tile_row = item / job->segments, first_tile = item % job->segments * tiles;
    scratch_parts parts = scratch_layout(g, tiles, job->product_tiles);
    float *transformed = job->scratch + job->scratch_floats * worker, *products = transformed + parts.transformed;
    if (job->avx512) {
        ck_winograd_input_avx512(g, job->call.input, tile_row, first_tile, tiles, transformed);
    } else {
        ck_winograd_input_portable(g, job->call.input, tile_row, first_tile, tiles, products + parts.products, transformed);
    }
    ck_activation none = {CK_ACTIVATION_NONE, 0, 0, 0};
    size_t position_stride = (size_t)job->product_tiles * CK_CO;
    for (int block = 0; block < output_blocks(g); block++) {
        int channels = g->out_channels - block * CK_CO < CK_CO ? g->out_channels - block * CK_CO : CK_CO;
        for (int position = 0; position < WG_POSITIONS; position++) {
            const float *weights = job->call.packed_weights + ((size_t)position * output_blocks(g) + block) * g->in_channels * CK_CO;
            const float *input = transformed + (size_t)position * g->in_channels * tiles;
            float *result = products + position * position_stride;
            for (int t0 = 0; t0 < tiles; t0 += job->per_call) {
                for (int k0 = 0; k0 < g->in_channels; k0 += WG_CHUNK) {
                    int kc = g->in_channels - k0 < WG_CHUNK ? g->in_channels - k0 : WG_CHUNK;
                    job->kernel(kc, weights + (size_t)k0 * CK_CO, input + t0, job->channel_offsets + k0, 1,
                                result + (size_t)t0 * CK_CO, NULL, channels, &none, k0 > 0);
                }
            }
        }
        if (job->avx512) {
            ck_winograd_output_avx512(g, products, position_stride, tile_row, first_tile, tiles, block * CK_CO, channels,
                                      job->call.bias, &job->call.activation, products + parts.products, job->call.output);
        } else {
            ck_winograd_output_portable(g, products, position_stride, tile_row, first_tile, tiles, block * CK_CO, channels,
                                        job->call.bias, &job->call.activation, job->call.output);
        }
    }
}

// Tiles per item: WG_MAX_TILES, fewer (in steps of 16) when the item's transformed input would outgrow
// WG_ITEM_INPUT_BYTES (wide layers) or the image is narrower.
static int tiles_per_item(const ck_conv_geometry *g) {
    int row_tiles = (g->out_width + WG_TILE - 1) / WG_TILE, tiles = WG_MAX_TILES;
    while (tiles > 16 && (tiles - 16 >= row_tiles ||
                          (size_t)WG_POSITIONS * g->in_channels * tiles * sizeof(float) > WG_ITEM_INPUT_BYTES)) {
        tiles -= 16;
    }
    return tiles;
}

static int round_up(int value, int multiple) { return (value + multiple - 1) / multiple * multiple; }

static size_t worker_scratch_floats(const ck_conv_geometry *g, int tiles, int product_tiles) {
    scratch_parts parts = scratch_layout(g, tiles, product_tiles);
    return parts.transformed + parts.products + parts.input;
}

static size_t undilated_scratch_bytes(const ck_conv_geometry *g, int threads) {
    int tiles = tiles_per_item(g), product_tiles = round_up(tiles, ck_microkernel_pixels(kernel_vectors(g)));
    return sizeof(float) * worker_scratch_floats(g, tiles, product_tiles) * (size_t)(threads < 1 ? 1 : threads);
}

static int undilated(const ck_conv_geometry *g, const float *input, const float *packed_weights, const float *bias,
                     ck_activation activation, float *output, int threads, float *scratch) {
    if (g->out_height == 0 || g->out_width == 0 || g->out_channels == 0) return 0;
    int per_call = ck_microkernel_pixels(kernel_vectors(g)), tiles = tiles_per_item(g);
    int product_tiles = round_up(tiles, per_call);
    int tile_rows = (g->out_height + WG_TILE - 1) / WG_TILE;
    int segments = ((g->out_width + WG_TILE - 1) / WG_TILE + tiles - 1) / tiles;
    int items = tile_rows * segments;
    if (threads < 1) threads = 1;
    if (threads > items) threads = items;
    if (threads > CK_MAX_THREADS) threads = CK_MAX_THREADS;
    size_t scratch_floats = worker_scratch_floats(g, tiles, product_tiles);
    int *offsets = malloc(sizeof(int) * (size_t)g->in_channels);
    if (offsets == NULL) return -1;
    for (int k = 0; k < g->in_channels; k++) offsets[k] = k * tiles;
    winograd_job job = {{g, input, packed_weights, bias, activation, output}, tiles, product_tiles, segments, offsets,
                        scratch, scratch_floats, ck_select_microkernel(kernel_vectors(g)), per_call, ck_uses_avx512()};
    ck_parallel_for(items, threads, &job, run_item);
    free(offsets);
    return 0;
}

// A dilated convolution (dilation d) is d x d undilated ones: output pixels (a + d m, b + d n) read only
// the input pixels of one phase, (a - pad) mod d along each axis, as a 3 x 3 convolution of that phase's
// sub-image with padding -floor((a - pad) / d). `phase` is the geometry of output phase (a, b); the
// sub-image's first input pixel is returned through `first_row` and `first_column`.
static int floor_divide(int value, int divisor) { return value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor); }

static ck_conv_geometry phase_geometry(const ck_conv_geometry *g, int a, int b, int *first_row, int *first_column) {
    int d = g->dilation_height, qy = floor_divide(a - g->pad_top, d), qx = floor_divide(b - g->pad_left, d);
    *first_row = a - g->pad_top - d * qy;
    *first_column = b - g->pad_left - d * qx;
    ck_conv_geometry phase = *g;
    phase.in_height = *first_row < g->in_height ? (g->in_height - *first_row + d - 1) / d : 0;
    phase.in_width = *first_column < g->in_width ? (g->in_width - *first_column + d - 1) / d : 0;
    phase.out_height = a < g->out_height ? (g->out_height - a + d - 1) / d : 0;
    phase.out_width = b < g->out_width ? (g->out_width - b + d - 1) / d : 0;
    phase.pad_top = -qy;
    phase.pad_left = -qx;
    phase.dilation_height = phase.dilation_width = 1;
    return phase;
}

// The largest phase: its sub-images hold every phase's.
static ck_conv_geometry largest_phase(const ck_conv_geometry *g) {
    int row, column;
    ck_conv_geometry phase = phase_geometry(g, 0, 0, &row, &column);
    int d = g->dilation_height;
    phase.in_height = (g->in_height + d - 1) / d;
    phase.in_width = (g->in_width + d - 1) / d;
    return phase;
}

size_t ck_conv2d_winograd_scratch_bytes(const ck_conv_geometry *g, int threads) {
    if (g->dilation_height == 1) return undilated_scratch_bytes(g, threads);
    ck_conv_geometry phase = largest_phase(g);
    size_t images = (size_t)phase.in_channels * phase.in_height * phase.in_width +
                    (size_t)phase.out_channels * phase.out_height * phase.out_width;
    return ((sizeof(float) * images + 63) & ~(size_t)63) + undilated_scratch_bytes(&phase, threads);
}

int ck_conv2d_winograd(const ck_conv_geometry *g, const float *input, const float *packed_weights,
                       const float *bias, ck_activation activation, float *output, int threads, float *scratch) {
    if (g->dilation_height == 1) return undilated(g, input, packed_weights, bias, activation, output, threads, scratch);
    int d = g->dilation_height;
    ck_conv_geometry largest = largest_phase(g);
    float *sub_input = scratch, *sub_output = sub_input + (size_t)largest.in_channels * largest.in_height * largest.in_width;
    size_t images = (size_t)largest.in_channels * largest.in_height * largest.in_width +
                    (size_t)largest.out_channels * largest.out_height * largest.out_width;
    float *inner = scratch + ((sizeof(float) * images + 63) & ~(size_t)63) / sizeof(float);
    size_t in_plane = (size_t)g->in_height * g->in_width, out_plane = (size_t)g->out_height * g->out_width;
    for (int a = 0; a < d; a++) {
        for (int b = 0; b < d; b++) {
            int row0, column0;
            ck_conv_geometry phase = phase_geometry(g, a, b, &row0, &column0);
            if (phase.out_height == 0 || phase.out_width == 0) continue;
            size_t sub_in_plane = (size_t)phase.in_height * phase.in_width, sub_out_plane = (size_t)phase.out_height * phase.out_width;
            for (int c = 0; c < g->in_channels; c++) {
                for (int y = 0; y < phase.in_height; y++) {
                    const float *source = input + c * in_plane + (size_t)(row0 + d * y) * g->in_width + column0;
                    float *destination = sub_input + c * sub_in_plane + (size_t)y * phase.in_width;
                    for (int x = 0; x < phase.in_width; x++) destination[x] = source[(size_t)d * x];
                }
            }
            int status = undilated(&phase, sub_input, packed_weights, bias, activation, sub_output, threads, inner);
            if (status != 0) return status;
            for (int c = 0; c < g->out_channels; c++) {
                for (int y = 0; y < phase.out_height; y++) {
                    const float *source = sub_output + c * sub_out_plane + (size_t)y * phase.out_width;
                    float *destination = output + c * out_plane + (size_t)(a + d * y) * g->out_width + b;
                    for (int x = 0; x < phase.out_width; x++) destination[(size_t)d * x] = source[x];
                }
            }
        }
    }
    return 0;
}
