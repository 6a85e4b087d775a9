#ifndef CKERNELS_MICROKERNEL_H
#define CKERNELS_MICROKERNEL_H

#include "CKernels.h"

/// Output channels per packed weight block (four 16-float vectors).
#define CK_CO 64
/// Most output pixels one micro-kernel call computes (with one vector of channels).
#define CK_PIXELS 16

// result[p][c] = bias[c] + sum_k w[k][c] * x[x_offsets[k] + p * pixel_stride], activated, for the
// output pixels p < ck_microkernel_pixels(vectors) and channels c < 16 * vectors (c < channels for the
// bias). Output channels lie along the vector lanes and input values are broadcast, so the input is
// read where it lies in the image (no im2col copy) with any stride. `w` is K x CK_CO (packed weights).
typedef void (*ck_microkernel)(int k_count, const float *w, const float *x, const int *x_offsets, int pixel_stride,
                               float *result, const float *bias, int channels, const ck_activation *activation,
                               int accumulate);

/// One output value activated as ck_activation says: the portable kernels' and transforms' store.
static inline float ck_activate_scalar(float x, const ck_activation *activation) {
    switch (activation->kind) {
    case CK_ACTIVATION_RELU: return x > 0.0f ? x : 0.0f;
    case CK_ACTIVATION_LEAKY_RELU: return x < 0.0f ? activation->alpha * x : x;
    case CK_ACTIVATION_CLIP: {
        float low = x < activation->low ? activation->low : x;
        return low > activation->high ? activation->high : low;
    }
    default: return x;
    }
}

/// What every convolution routine is asked to compute, whatever its algorithm: the first member of each
/// routine's job (conv2d.c, winograd.c).
typedef struct {
    const ck_conv_geometry *geometry;
    const float *input;
    const float *packed_weights;
    const float *bias;
    ck_activation activation;
    float *output;
} ck_conv_call;

/// The kernel computing `vectors` (1 to 4) vectors of 16 channels, AVX-512 when the CPU has it.
ck_microkernel ck_select_microkernel(int vectors);
/// Output pixels per call of that kernel: as many as keep the accumulators in registers.
int ck_microkernel_pixels(int vectors);
/// Whether ck_select_microkernel returns AVX-512 kernels on this CPU.
int ck_microkernel_avx512_available(void);

ck_microkernel ck_microkernel_avx512(int vectors);
ck_microkernel ck_microkernel_portable(int vectors);
/// The bf16 kernels (microkernel_bf16.c): `w` and `x` hold 32-bit words of two bf16 values each, pairs of
/// input channels, and each step multiplies both; the accumulators and `result` are fp32. Only when
/// ck_bf16_available().
ck_microkernel ck_microkernel_bf16(int vectors);

/// Converts each group's input channels to pair planes (see ck_conv2d_bf16), on `threads` threads.
void ck_bf16_pair_input(const ck_conv_geometry *geometry, const float *input, float *pairs, int threads);

#endif
