// One 3x3 convolution layer at a time, direct against Winograd F(4x4, 3x3) (Sources/CKernels), 2 threads,
// best of 7: which layer shapes Winograd pays for (CK_WINOGRAD_MIN_CHANNELS, CK_WINOGRAD_MAX_DILATION).
// Built and run by layers.sh.
#include "CKernels.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void *floats(size_t count) { return aligned_alloc(64, (sizeof(float) * count + 63) / 64 * 64); }

int main(void) {
    // input channels, output channels, side, dilation: the shipped U-Nets' layer shapes at a 1024 window
    static const int layers[][4] = {
        {4, 8, 1024, 1},    {8, 8, 1024, 1},    {8, 16, 1024, 1},  {16, 16, 1024, 1}, {16, 32, 1024, 1},
        {32, 32, 512, 1},   {32, 64, 512, 1},   {64, 64, 256, 1},  {128, 128, 128, 1}, {192, 192, 128, 1},
        {64, 64, 128, 2},   {64, 64, 128, 4},   {128, 128, 128, 2}, {128, 128, 128, 4}, {192, 192, 128, 2},
        {192, 192, 128, 4},
    };
    for (size_t l = 0; l < sizeof layers / sizeof layers[0]; l++) {
        int in = layers[l][0], out = layers[l][1], side = layers[l][2], d = layers[l][3];
        ck_conv_geometry g = {in, side, side, out, side, side, 3, 3, 1, 1, d, d, d, d, 1};
        float *input = floats((size_t)in * side * side), *output = floats((size_t)out * side * side);
        float *weights = floats((size_t)out * in * 9), *bias = floats((size_t)out);
        for (size_t i = 0; i < (size_t)in * side * side; i++) input[i] = (float)(i % 97) * 0.01f;
        for (size_t i = 0; i < (size_t)out * in * 9; i++) weights[i] = (float)(i % 13) * 0.01f - 0.06f;
        for (int i = 0; i < out; i++) bias[i] = 0.1f;
        float *direct = floats(ck_conv_packed_weights_count(&g)), *winograd = floats(ck_winograd_packed_weights_count(&g));
        float *scratch = floats(ck_conv2d_winograd_scratch_bytes(&g, 2) / sizeof(float));
        ck_conv_pack_weights(&g, weights, direct);
        ck_winograd_pack_weights(&g, weights, winograd);
        ck_activation relu = {CK_ACTIVATION_RELU, 0, 0, 0};
        double best_direct = 1e9, best_winograd = 1e9;
        for (int round = 0; round < 7; round++) {
            double t = now();
            ck_conv2d(&g, input, direct, bias, relu, output, 2);
            if (now() - t < best_direct) best_direct = now() - t;
            t = now();
            ck_conv2d_winograd(&g, input, winograd, bias, relu, output, 2, scratch);
            if (now() - t < best_winograd) best_winograd = now() - t;
        }
        printf("%3d -> %3d channels, %4d^2, dilation %d: direct %7.2f ms, Winograd %7.2f ms, ratio %.2f%s\n", in, out,
               side, d, best_direct * 1e3, best_winograd * 1e3, best_direct / best_winograd,
               ck_winograd_applies(&g) ? "" : "  (models use direct)");
        free(input), free(output), free(weights), free(bias), free(direct), free(winograd), free(scratch);
    }
    return 0;
}
