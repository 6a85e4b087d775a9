#ifndef CKERNELS_ACCUMULATORS_AVX512_H
#define CKERNELS_ACCUMULATORS_AVX512_H

// The start and the end of every AVX-512 micro-kernel, fp32 and bf16 alike: accumulators loaded from the
// partial sums (or the bias), and stored back activated. Only the reduction step between them differs.
// Target avx512f only, so these inline into kernels compiled for avx512f and into those for more.

#include "microkernel.h"

#if defined(__x86_64__)
#include <immintrin.h>

__attribute__((target("avx512f"), always_inline))
static inline __m512 ck_activate(__m512 x, const ck_activation *activation) {
    switch (activation->kind) {
    case CK_ACTIVATION_RELU:
        return _mm512_max_ps(x, _mm512_setzero_ps());
    case CK_ACTIVATION_LEAKY_RELU: {
        __mmask16 negative = _mm512_cmp_ps_mask(x, _mm512_setzero_ps(), _CMP_LT_OQ);
        return _mm512_mask_mul_ps(x, negative, x, _mm512_set1_ps(activation->alpha));
    }
    case CK_ACTIVATION_CLIP:
        return _mm512_min_ps(_mm512_max_ps(x, _mm512_set1_ps(activation->low)), _mm512_set1_ps(activation->high));
    default:
        return x;
    }
}

/// acc[p][v] = the partial sums in `result` (when `accumulate`), else the bias (0 past `channels`, or
/// without a bias).
__attribute__((target("avx512f"), always_inline))
static inline void ck_load_accumulators(int pixels, int vectors, __m512 acc[CK_PIXELS][4], const float *result,
                                        const float *bias, int channels, int accumulate) {
    for (int v = 0; v < vectors; v++) {
        int lanes = channels - 16 * v;
        __mmask16 mask = lanes >= 16 ? (__mmask16)0xFFFF : lanes <= 0 ? 0 : (__mmask16)((1u << lanes) - 1);
        __m512 initial = bias != NULL ? _mm512_maskz_loadu_ps(mask, bias + 16 * v) : _mm512_setzero_ps();
        for (int p = 0; p < pixels; p++) acc[p][v] = accumulate ? _mm512_load_ps(result + p * CK_CO + 16 * v) : initial;
    }
}

__attribute__((target("avx512f"), always_inline))
static inline void ck_store_accumulators(int pixels, int vectors, __m512 acc[CK_PIXELS][4], float *result,
                                         const ck_activation *activation) {
    for (int p = 0; p < pixels; p++) {
        for (int v = 0; v < vectors; v++) _mm512_store_ps(result + p * CK_CO + 16 * v, ck_activate(acc[p][v], activation));
    }
}

// How far ahead along an input row each reduction step prefetches: a row segment's calls stream up to 42
// input rows (14 channels x 3 kernel rows) at once, more than the hardware prefetchers follow. 64 floats
// (four cache lines) measured as well as 32 or 128 (U-Net 1024x1024, 2 threads: about 3% faster).
#define CK_PREFETCH_FLOATS 64

// The register blocks of a kernel file: one instance of that file's `block` per shape (16x1, 12x2, 8x3, 6x4
// pixels x weight vectors, as ck_microkernel_pixels says), compiled for TARGET, and `SELECTOR(vectors)`,
// which returns the instance for 1-4 weight vectors. A literal stride of 1 (every stride-1 convolution, and
// every gathered panel) lets the 12 or 16 broadcasts address one base register with constant offsets; with a
// run-time stride the compiler spent a register per pixel address and spilled accumulators (12x2: about 30
// moves per step).
#define CK_BLOCK_INSTANCE(TARGET, PIXELS, VECTORS)                                                              \
    __attribute__((target(TARGET)))                                                                             \
    static void block_##PIXELS##x##VECTORS(int k_count, const float *w, const float *x, const int *x_offsets,   \
                                           int pixel_stride, float *result, const float *bias, int channels,   \
                                           const ck_activation *activation, int accumulate) {                  \
        if (pixel_stride == 1)                                                                                  \
            block(PIXELS, VECTORS, k_count, w, x, x_offsets, 1, result, bias, channels, activation, accumulate); \
        else                                                                                                    \
            block(PIXELS, VECTORS, k_count, w, x, x_offsets, pixel_stride, result, bias, channels, activation,  \
                  accumulate);                                                                                  \
    }

#define CK_REGISTER_BLOCKS(TARGET, SELECTOR)                                                                    \
    CK_BLOCK_INSTANCE(TARGET, 16, 1)                                                                            \
    CK_BLOCK_INSTANCE(TARGET, 12, 2)                                                                            \
    CK_BLOCK_INSTANCE(TARGET, 8, 3)                                                                             \
    CK_BLOCK_INSTANCE(TARGET, 6, 4)                                                                             \
    ck_microkernel SELECTOR(int vectors) {                                                                      \
        static const ck_microkernel kernels[] = {block_16x1, block_12x2, block_8x3, block_6x4};                 \
        return kernels[vectors - 1];                                                                            \
    }

#endif
#endif
