#include "microkernel.h"
#include "winograd.h"

#include "accumulators_avx512.h"

#include <string.h>

// The AVX-512 transforms of Winograd F(4x4, 3x3): the input transform with 16 tiles in a vector (the
// image's columns split by phase with two-source permutes), the output transform with 16 channels in a
// vector, transposed in registers so each channel's 4 x 4 outputs are stored as rows.

#if defined(__x86_64__)
#include <immintrin.h>

// 16 floats of an image row from column x (lanes outside [0, width) read as zero, and are not read: a
// masked load does not touch the memory of its masked lanes).
__attribute__((target("avx512f"), always_inline))
static inline __m512 load_columns(const float *row, int x, int width) {
    if (row == NULL) return _mm512_setzero_ps();
    int low = x < 0 ? (-x < 16 ? -x : 16) : 0, high = width - x < 16 ? (width - x > 0 ? width - x : 0) : 16;
    if (high <= low) return _mm512_setzero_ps();
    __mmask16 mask = (__mmask16)(((1u << high) - 1) & ~((1u << low) - 1));
    return _mm512_maskz_loadu_ps(mask, row + x);
}

// Phase c of 64 consecutive columns (a[0..3]): columns c, c + 4, ..., c + 60, one per tile.
__attribute__((target("avx512f"), always_inline))
static inline __m512 phase(const __m512 a[4], __m512i index) {
    __m512 low = _mm512_permutex2var_ps(a[0], index, a[1]), high = _mm512_permutex2var_ps(a[2], index, a[3]);
    return _mm512_shuffle_f32x4(low, high, 0x44);
}

// B^T applied to six vectors (d[k * step]), written to out[k * out_step].
__attribute__((target("avx512f"), always_inline))
static inline void input_combinations(const __m512 *d, int step, __m512 *out, int out_step) {
    __m512 d0 = d[0], d1 = d[step], d2 = d[2 * step], d3 = d[3 * step], d4 = d[4 * step], d5 = d[5 * step];
    __m512 four = _mm512_set1_ps(4), five = _mm512_set1_ps(5), two = _mm512_set1_ps(2);
    out[0] = _mm512_add_ps(_mm512_fnmadd_ps(five, d2, _mm512_mul_ps(four, d0)), d4);
    out[out_step] = _mm512_fnmadd_ps(four, _mm512_add_ps(d1, d2), _mm512_add_ps(d3, d4));
    out[2 * out_step] = _mm512_fmadd_ps(four, _mm512_sub_ps(d1, d2), _mm512_sub_ps(d4, d3));
    out[3 * out_step] = _mm512_fmadd_ps(two, _mm512_sub_ps(d3, d1), _mm512_sub_ps(d4, d2));
    out[4 * out_step] = _mm512_fmadd_ps(two, _mm512_sub_ps(d1, d3), _mm512_sub_ps(d4, d2));
    out[5 * out_step] = _mm512_add_ps(_mm512_fnmadd_ps(five, d3, _mm512_mul_ps(four, d1)), d5);
}

__attribute__((target("avx512f")))
void ck_winograd_input_avx512(const ck_conv_geometry *g, const float *input, int tile_row, int first_tile, int tiles,
                              float *transformed) {
    int iy0 = tile_row * WG_TILE - g->pad_top, ix0 = first_tile * WG_TILE - g->pad_left;
    size_t plane = (size_t)g->in_height * g->in_width, position_stride = (size_t)g->in_channels * tiles;
    __m512i index[2];  // phase 0 and 1 (2 and 3 add 2), in lanes 0..7 of each half
    for (int p = 0; p < 2; p++) {
        index[p] = _mm512_setr_epi32(p, p + 4, p + 8, p + 12, p + 16, p + 20, p + 24, p + 28,
                                     p, p + 4, p + 8, p + 12, p + 16, p + 20, p + 24, p + 28);
    }
    __m512i two = _mm512_set1_epi32(2);
    for (int channel = 0; channel < g->in_channels; channel++) {
        const float *rows[WG_ALPHA];
        for (int r = 0; r < WG_ALPHA; r++) {
            int iy = iy0 + r;
            rows[r] = iy >= 0 && iy < g->in_height ? input + channel * plane + (size_t)iy * g->in_width : NULL;
        }
        for (int t0 = 0; t0 < tiles; t0 += 16) {
            int x = ix0 + WG_TILE * t0, inside = x >= 0 && x + 4 + 64 <= g->in_width;
            __m512 phases[WG_ALPHA][WG_ALPHA];  // [input row][column within the tile], 16 tiles each
            for (int r = 0; r < WG_ALPHA; r++) {
                __m512 a[4], b[4];  // columns from x, and from x + 4 (the next tile's first two: phases 4, 5)
                for (int k = 0; k < 4; k++) {
                    if (inside && rows[r] != NULL) {
                        a[k] = _mm512_loadu_ps(rows[r] + x + 16 * k);
                        b[k] = _mm512_loadu_ps(rows[r] + x + 4 + 16 * k);
                    } else {
                        a[k] = load_columns(rows[r], x + 16 * k, g->in_width);
                        b[k] = load_columns(rows[r], x + 4 + 16 * k, g->in_width);
                    }
                }
                phases[r][0] = phase(a, index[0]);
                phases[r][1] = phase(a, index[1]);
                phases[r][2] = phase(a, _mm512_add_epi32(index[0], two));
                phases[r][3] = phase(a, _mm512_add_epi32(index[1], two));
                phases[r][4] = phase(b, index[0]);
                phases[r][5] = phase(b, index[1]);
            }
            __m512 rows_combined[WG_ALPHA][WG_ALPHA];  // B^T d: [row combination][column]
            for (int c = 0; c < WG_ALPHA; c++) input_combinations(&phases[0][c], WG_ALPHA, &rows_combined[0][c], WG_ALPHA);
            for (int r = 0; r < WG_ALPHA; r++) {
                __m512 out[WG_ALPHA];
                input_combinations(rows_combined[r], 1, out, 1);
                float *destination = transformed + (size_t)r * WG_ALPHA * position_stride + (size_t)channel * tiles + t0;
                for (int c = 0; c < WG_ALPHA; c++) _mm512_storeu_ps(destination + c * position_stride, out[c]);
            }
        }
    }
}

// A^T applied to six vectors (m[k * step]): four outputs.
__attribute__((target("avx512f"), always_inline))
static inline void output_combinations(const __m512 *m, int step, __m512 *out, int out_step) {
    __m512 plus12 = _mm512_add_ps(m[step], m[2 * step]), minus12 = _mm512_sub_ps(m[step], m[2 * step]);
    __m512 plus34 = _mm512_add_ps(m[3 * step], m[4 * step]), minus34 = _mm512_sub_ps(m[3 * step], m[4 * step]);
    out[0] = _mm512_add_ps(_mm512_add_ps(m[0], plus12), plus34);
    out[out_step] = _mm512_fmadd_ps(_mm512_set1_ps(2), minus34, minus12);
    out[2 * out_step] = _mm512_fmadd_ps(_mm512_set1_ps(4), plus34, plus12);
    out[3 * out_step] = _mm512_add_ps(_mm512_fmadd_ps(_mm512_set1_ps(8), minus34, minus12), m[5 * step]);
}

// r[k] becomes column k of the 16 x 16 matrix whose rows were r[0..15].
__attribute__((target("avx512f"), always_inline))
static inline void transpose16(__m512 r[16]) {
    __m512 t[16], u[16];
    for (int i = 0; i < 8; i++) {
        t[2 * i] = _mm512_unpacklo_ps(r[2 * i], r[2 * i + 1]);
        t[2 * i + 1] = _mm512_unpackhi_ps(r[2 * i], r[2 * i + 1]);
    }
    // u[4g + c]: rows 4g..4g+3 of columns c, c + 4, c + 8, c + 12 (one per 128-bit block)
    for (int group = 0; group < 4; group++) {
        __m512 *s = t + 4 * group;
        u[4 * group + 0] = _mm512_shuffle_ps(s[0], s[2], 0x44);
        u[4 * group + 1] = _mm512_shuffle_ps(s[0], s[2], 0xEE);
        u[4 * group + 2] = _mm512_shuffle_ps(s[1], s[3], 0x44);
        u[4 * group + 3] = _mm512_shuffle_ps(s[1], s[3], 0xEE);
    }
    for (int c = 0; c < 4; c++) {
        __m512 even_low = _mm512_shuffle_f32x4(u[c], u[4 + c], 0x88), odd_low = _mm512_shuffle_f32x4(u[c], u[4 + c], 0xDD);
        __m512 even_high = _mm512_shuffle_f32x4(u[8 + c], u[12 + c], 0x88), odd_high = _mm512_shuffle_f32x4(u[8 + c], u[12 + c], 0xDD);
        r[c] = _mm512_shuffle_f32x4(even_low, even_high, 0x88);
        r[c + 8] = _mm512_shuffle_f32x4(even_low, even_high, 0xDD);
        r[c + 4] = _mm512_shuffle_f32x4(odd_low, odd_high, 0x88);
        r[c + 12] = _mm512_shuffle_f32x4(odd_low, odd_high, 0xDD);
    }
}

__attribute__((target("avx512f")))
void ck_winograd_output_avx512(const ck_conv_geometry *g, const float *products, size_t position_stride, int tile_row,
                               int first_tile, int tiles, int channel0, int channels, const float *bias,
                               const ck_activation *activation, float *staged, float *output) {
    size_t plane = (size_t)g->out_height * g->out_width, row = (size_t)WG_TILE * tiles;
    int oy0 = tile_row * WG_TILE, ox0 = first_tile * WG_TILE;
    int height = g->out_height - oy0 < WG_TILE ? g->out_height - oy0 : WG_TILE;
    int width = g->out_width - ox0 < (int)row ? g->out_width - ox0 : (int)row;
    for (int t = 0; t < tiles && WG_TILE * t < width; t++) {
        for (int v = 0; v < (channels + 15) / 16; v++) {
            int lanes = channels - 16 * v < 16 ? channels - 16 * v : 16;
            const float *m = products + (size_t)t * CK_CO + 16 * v;
            __m512 loaded[WG_POSITIONS], columns[WG_TILE][WG_ALPHA], y[16];
            for (int position = 0; position < WG_POSITIONS; position++) loaded[position] = _mm512_load_ps(m + position * position_stride);
            for (int j = 0; j < WG_ALPHA; j++) output_combinations(loaded + j, WG_ALPHA, &columns[0][j], WG_ALPHA);
            for (int i = 0; i < WG_TILE; i++) output_combinations(columns[i], 1, y + WG_TILE * i, 1);
            __m512 b = bias != NULL ? _mm512_maskz_loadu_ps((__mmask16)((1u << lanes) - 1), bias + channel0 + 16 * v)
                                    : _mm512_setzero_ps();
            for (int k = 0; k < 16; k++) y[k] = ck_activate(_mm512_add_ps(y[k], b), activation);
            transpose16(y);  // y[k]: channel k's 16 outputs, row i in the 128-bit block i
            for (int k = 0; k < lanes; k++) {
                float *out = staged + (size_t)(16 * v + k) * WG_TILE * row + WG_TILE * t;
                _mm_storeu_ps(out, _mm512_castps512_ps128(y[k]));
                _mm_storeu_ps(out + row, _mm512_extractf32x4_ps(y[k], 1));
                _mm_storeu_ps(out + 2 * row, _mm512_extractf32x4_ps(y[k], 2));
                _mm_storeu_ps(out + 3 * row, _mm512_extractf32x4_ps(y[k], 3));
            }
        }
    }
    // Whole rows out of the staging area: with 16-byte stores straight into 64 channel planes at once, the
    // output transform was 27% of a DnCNN run at 1024 x 1024 (perf), most of it in the stores.
    for (int c = 0; c < channels; c++) {
        for (int i = 0; i < height; i++) {
            memcpy(output + (size_t)(channel0 + c) * plane + (size_t)(oy0 + i) * g->out_width + ox0,
                   staged + ((size_t)c * WG_TILE + i) * row, sizeof(float) * width);
        }
    }
}

#else
void ck_winograd_input_avx512(const ck_conv_geometry *g, const float *input, int tile_row, int first_tile, int tiles,
                              float *transformed) {}
void ck_winograd_output_avx512(const ck_conv_geometry *g, const float *products, size_t position_stride, int tile_row,
                               int first_tile, int tiles, int channel0, int channels, const float *bias,
                               const ck_activation *activation, float *staged, float *output) {}
#endif
