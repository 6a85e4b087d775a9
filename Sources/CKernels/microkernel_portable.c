#include "microkernel.h"

// The contract of the AVX-512 kernels in plain C (the compiler vectorizes the channel loop for the
// baseline instruction set), computing all CK_CO channels for as many pixels as the AVX-512 kernel with
// the same number of vectors, so callers do not depend on which one runs.
static void portable(int pixels, int k_count, const float *w, const float *x, const int *x_offsets, int pixel_stride,
                     float *result, const float *bias, int channels, int accumulate) {
    for (int p = 0; p < pixels && !accumulate; p++) {
        for (int c = 0; c < CK_CO; c++) result[p * CK_CO + c] = bias != NULL && c < channels ? bias[c] : 0.0f;
    }
    for (int k = 0; k < k_count; k++) {
        const float *weights = w + (size_t)k * CK_CO, *column = x + x_offsets[k];
        for (int p = 0; p < pixels; p++) {
            float value = column[p * pixel_stride];
            for (int c = 0; c < CK_CO; c++) result[p * CK_CO + c] += value * weights[c];
        }
    }
}

#define CK_PORTABLE(PIXELS)                                                                                      \
    static void portable_##PIXELS(int k_count, const float *w, const float *x, const int *x_offsets,           \
                                  int pixel_stride, float *result, const float *bias, int channels,            \
                                  const ck_activation *activation, int accumulate) {                           \
        portable(PIXELS, k_count, w, x, x_offsets, pixel_stride, result, bias, channels, accumulate);          \
        for (int i = 0; i < PIXELS * CK_CO; i++) result[i] = ck_activate_scalar(result[i], activation);                  \
    }

CK_PORTABLE(16)
CK_PORTABLE(12)
CK_PORTABLE(8)
CK_PORTABLE(6)

ck_microkernel ck_microkernel_portable(int vectors) {
    static const ck_microkernel kernels[] = {portable_16, portable_12, portable_8, portable_6};
    return kernels[vectors - 1];
}
