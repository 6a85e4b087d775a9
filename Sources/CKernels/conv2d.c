#include "CKernels.h"
#include "microkernel.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

// Output rows per work item.
#define CK_BAND 4
// Reduction steps per pass over a row (rounded down to whole input channels): 128 x 64 weights = 32 KB.
#define CK_CHUNK 128

static int group_outputs(const ck_conv_geometry *g) { return g->out_channels / g->groups; }
static int channel_blocks(const ck_conv_geometry *g) { return (group_outputs(g) + CK_CO - 1) / CK_CO; }
static int reduction(const ck_conv_geometry *g) {
    return g->in_channels / g->groups * g->kernel_height * g->kernel_width;
}

size_t ck_conv_packed_weights_count(const ck_conv_geometry *g) {
    return (size_t)g->groups * channel_blocks(g) * reduction(g) * CK_CO;
}

void ck_conv_pack_weights(const ck_conv_geometry *g, const float *weights, float *packed) {
    int outputs = group_outputs(g), k_count = reduction(g);
    for (int group = 0; group < g->groups; group++) {
        for (int block = 0; block < channel_blocks(g); block++) {
            for (int k = 0; k < k_count; k++) {
                for (int lane = 0; lane < CK_CO; lane++) {
                    int channel = block * CK_CO + lane;
                    *packed++ = channel < outputs ? weights[((size_t)group * outputs + channel) * k_count + k] : 0.0f;
                }
            }
        }
    }
}

// The geometry the bf16 path runs: each group's input channels become ceil(n / 2) pair planes.
static ck_conv_geometry pair_geometry(const ck_conv_geometry *g) {
    ck_conv_geometry pairs = *g;
    pairs.in_channels = g->groups * ((g->in_channels / g->groups + 1) / 2);
    return pairs;
}

size_t ck_conv_packed_weights_bf16_count(const ck_conv_geometry *g) {
    ck_conv_geometry pairs = pair_geometry(g);
    return ck_conv_packed_weights_count(&pairs);
}

// Round to nearest even, as vcvtneps2bf16 does (NaN kept a quiet NaN).
static uint32_t bf16_bits(float value) {
    uint32_t bits;
    memcpy(&bits, &value, sizeof bits);
    if ((bits & 0x7FFFFFFFu) > 0x7F800000u) return (bits >> 16) | 0x40u;
    return (bits + 0x7FFFu + ((bits >> 16) & 1u)) >> 16;
}

void ck_conv_pack_weights_bf16(const ck_conv_geometry *g, const float *weights, float *packed) {
    int outputs = group_outputs(g), per_group = g->in_channels / g->groups, taps = g->kernel_height * g->kernel_width;
    int k_count = reduction(g);
    for (int group = 0; group < g->groups; group++) {
        for (int block = 0; block < channel_blocks(g); block++) {
            for (int q = 0; q < (per_group + 1) / 2; q++) {
                for (int tap = 0; tap < taps; tap++) {
                    for (int lane = 0; lane < CK_CO; lane++, packed++) {
                        int channel = block * CK_CO + lane;
                        uint32_t word = 0;  // channels past the last, and the missing half of an odd pair
                        if (channel < outputs) {
                            const float *w = weights + ((size_t)group * outputs + channel) * k_count + tap;
                            word = bf16_bits(w[(size_t)2 * q * taps]);
                            if (2 * q + 1 < per_group) word |= bf16_bits(w[(size_t)(2 * q + 1) * taps]) << 16;
                        }
                        memcpy(packed, &word, sizeof word);
                    }
                }
            }
        }
    }
}

size_t ck_conv2d_bf16_pair_words(const ck_conv_geometry *g) {
    return (size_t)g->groups * ((g->in_channels / g->groups + 1) / 2) * g->in_height * g->in_width;
}

typedef struct {
    ck_conv_call call;
    ck_activation no_activation;
    int bands;
    const int *image_offsets;   // offset of tap k from tap (0, 0, 0) in the input image
    const int *panel_offsets;   // k * CK_PIXELS: rows of a gathered panel
    float *scratch;             // per worker: a gathered panel, then the output block
    size_t scratch_floats;
    ck_microkernel kernel;
    int pixels_per_call;
} conv_job;

// Gathers the taps of `count` output pixels from (oy, ox0) into a k-major panel of CK_PIXELS columns,
// zero where the kernel reads padding: the slow path, for pixels near the border.
// In the bf16 path the "floats" are words of two bf16 values; copying a float never changes its bits on
// x86-64 (only arithmetic quiets a NaN), and 0.0f is the word of two bf16 zeros.
static void gather(const ck_conv_geometry *g, const float *input, int oy, int ox0, int count, int k_first,
                   int k_count, float *panel) {
    int taps = g->kernel_height * g->kernel_width, k = k_first - k_first % taps;
    for (int c = k_first / taps; c < (k_first + k_count) / taps; c++) {
        const float *plane = input + (size_t)c * g->in_height * g->in_width;
        for (int ky = 0; ky < g->kernel_height; ky++) {
            int iy = oy * g->stride_height - g->pad_top + ky * g->dilation_height;
            for (int kx = 0; kx < g->kernel_width; kx++, k++) {
                float *dst = panel + (size_t)(k - k_first) * CK_PIXELS;
                for (int p = 0; p < CK_PIXELS; p++) {
                    int ix = (ox0 + p) * g->stride_width - g->pad_left + kx * g->dilation_width;
                    dst[p] = p < count && iy >= 0 && iy < g->in_height && ix >= 0 && ix < g->in_width
                        ? plane[(size_t)iy * g->in_width + ix] : 0.0f;
                }
            }
        }
    }
}

static void run_band(void *context, int worker, int item) {
    conv_job *job = context;
    const ck_conv_geometry *g = job->call.geometry;
    int blocks = channel_blocks(g);
    int band = item % job->bands, block = item / job->bands % blocks, group = item / job->bands / blocks;
    int k_count = reduction(g), outputs = group_outputs(g), per_call = job->pixels_per_call;
    int channel0 = group * outputs + block * CK_CO;
    int block_channels = outputs - block * CK_CO < CK_CO ? outputs - block * CK_CO : CK_CO;
    size_t in_plane = (size_t)g->in_height * g->in_width, out_plane = (size_t)g->out_height * g->out_width;
    const float *group_input = job->call.input + (size_t)group * (g->in_channels / g->groups) * in_plane;
    const float *weights = job->call.packed_weights + ((size_t)group * blocks + block) * k_count * CK_CO;
    float *panel = job->scratch + job->scratch_floats * worker, *result = panel + (size_t)k_count * CK_PIXELS;
    int reach_x = (g->kernel_width - 1) * g->dilation_width;
    int last_row = (band + 1) * CK_BAND < g->out_height ? (band + 1) * CK_BAND : g->out_height;
    // The reduction runs in chunks of whole input channels, so the weights of a chunk stay in L1 and
    // the image rows it reads span few pages; a row's partial sums wait in `row` between chunks.
    int taps = g->kernel_height * g->kernel_width;
    int chunk = (CK_CHUNK / taps > 0 ? CK_CHUNK / taps : 1) * taps;
    int segments = (g->out_width + per_call - 1) / per_call;
    float *row = result;
    for (int oy = band * CK_BAND; oy < last_row; oy++) {
        int iy0 = oy * g->stride_height - g->pad_top;
        int rows_inside = iy0 >= 0 && iy0 + (g->kernel_height - 1) * g->dilation_height < g->in_height;
        for (int k0 = 0; k0 < k_count; k0 += chunk) {
            int kc = k_count - k0 < chunk ? k_count - k0 : chunk;
            const ck_activation *activation = k0 + kc == k_count ? &job->call.activation : &job->no_activation;
            const float *bias = k0 == 0 && job->call.bias != NULL ? job->call.bias + channel0 : NULL;
            for (int segment = 0; segment < segments; segment++) {
                int ox0 = segment * per_call;
                int count = g->out_width - ox0 < per_call ? g->out_width - ox0 : per_call;
                int ix0 = ox0 * g->stride_width - g->pad_left;
                float *partial = row + (size_t)segment * per_call * CK_CO;
                // Read the image in place when every tap of all `per_call` pixels is inside it.
                if (rows_inside && ix0 >= 0 && count == per_call && ix0 + (per_call - 1) * g->stride_width + reach_x < g->in_width) {
                    job->kernel(kc, weights + (size_t)k0 * CK_CO, group_input + (size_t)iy0 * g->in_width + ix0,
                                job->image_offsets + k0, g->stride_width, partial, bias, block_channels, activation, k0 > 0);
                } else {
                    gather(g, group_input, oy, ox0, count, k0, kc, panel);
                    job->kernel(kc, weights + (size_t)k0 * CK_CO, panel, job->panel_offsets, 1, partial, bias,
                                block_channels, activation, k0 > 0);
                }
            }
        }
        // `row` is [pixel][CK_CO]; the output is NCHW. Transposed 16 pixels at a time, so the 16 rows of
        // partial sums being read stay in L1 while every channel takes its 16 values.
        float *out = job->call.output + (size_t)channel0 * out_plane + (size_t)oy * g->out_width;
        for (int p0 = 0; p0 < g->out_width; p0 += 16) {
            int p1 = p0 + 16 < g->out_width ? p0 + 16 : g->out_width;
            for (int c = 0; c < block_channels; c++) {
                for (int p = p0; p < p1; p++) out[(size_t)c * out_plane + p] = row[(size_t)p * CK_CO + c];
            }
        }
    }
}

// Vectors of 16 output channels the micro-kernel computes: a whole block, or what a narrow layer has.
static int kernel_vectors(const ck_conv_geometry *g) {
    return group_outputs(g) >= CK_CO ? CK_CO / 16 : (group_outputs(g) + 15) / 16;
}

// Scratch of one worker: a gathered panel for border pixels, then the partial sums of one output row.
static size_t worker_scratch_floats(const ck_conv_geometry *g) {
    size_t row_floats = (size_t)(g->out_width + ck_microkernel_pixels(kernel_vectors(g))) * CK_CO;
    return ((size_t)reduction(g) * CK_PIXELS + row_floats + 15) & ~(size_t)15;
}

size_t ck_conv2d_scratch_bytes(const ck_conv_geometry *geometry, int threads) {
    return sizeof(float) * worker_scratch_floats(geometry) * (size_t)(threads < 1 ? 1 : threads);
}

int ck_uses_avx512(void) { return ck_microkernel_avx512_available(); }

// The driver both paths share: `input` and `packed_weights` hold floats, or bf16 pair words for `kernel`s
// of the bf16 path (then `g` is the pair geometry); the rest is the same.
static int convolve(const ck_conv_geometry *g, const float *input, const float *packed_weights, const float *bias,
                    ck_activation activation, float *output, int threads, ck_microkernel kernel) {
    if (g->out_height == 0 || g->out_width == 0 || g->out_channels == 0) return 0;
    int k_count = reduction(g);
    int bands = (g->out_height + CK_BAND - 1) / CK_BAND;
    int items = bands * channel_blocks(g) * g->groups;
    if (threads < 1) threads = 1;
    if (threads > items) threads = items;
    if (threads > CK_MAX_THREADS) threads = CK_MAX_THREADS;
    size_t scratch_floats = worker_scratch_floats(g);
    float *scratch = aligned_alloc(64, sizeof(float) * scratch_floats * threads);
    int *offsets = malloc(sizeof(int) * 2 * (size_t)k_count);
    if (scratch == NULL || offsets == NULL) {
        free(scratch);
        free(offsets);
        return -1;
    }
    int k = 0;
    for (int c = 0; c < g->in_channels / g->groups; c++) {
        for (int ky = 0; ky < g->kernel_height; ky++) {
            for (int kx = 0; kx < g->kernel_width; kx++, k++) {
                offsets[k] = (c * g->in_height + ky * g->dilation_height) * g->in_width + kx * g->dilation_width;
                offsets[k_count + k] = k * CK_PIXELS;
            }
        }
    }
    conv_job job = {{g, input, packed_weights, bias, activation, output}, {CK_ACTIVATION_NONE, 0, 0, 0}, bands, offsets,
                    offsets + k_count, scratch, scratch_floats, kernel, ck_microkernel_pixels(kernel_vectors(g))};
    ck_parallel_for(items, threads, &job, run_band);
    free(scratch);
    free(offsets);
    return 0;
}

int ck_conv2d(const ck_conv_geometry *g, const float *input, const float *packed_weights,
              const float *bias, ck_activation activation, float *output, int threads) {
    return convolve(g, input, packed_weights, bias, activation, output, threads,
                    ck_select_microkernel(kernel_vectors(g)));
}

int ck_conv2d_bf16(const ck_conv_geometry *g, const float *input, const float *packed_weights,
                   const float *bias, ck_activation activation, float *output, int threads, float *pairs) {
    if (!ck_bf16_available()) return -2;
    if (g->out_height == 0 || g->out_width == 0 || g->out_channels == 0) return 0;
    ck_conv_geometry paired = pair_geometry(g);
    ck_bf16_pair_input(g, input, pairs, threads);
    return convolve(&paired, pairs, packed_weights, bias, activation, output, threads,
                    ck_microkernel_bf16(kernel_vectors(g)));
}
