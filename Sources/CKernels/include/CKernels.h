#ifndef CKERNELS_H
#define CKERNELS_H

// Convolution kernels for the Inference module: direct 2-D convolution over NCHW images with
// pre-packed weights, output channels along the vector lanes and input values broadcast from where they
// lie in the image (no im2col copy, except for pixels whose window crosses the border), bias and
// activation fused into the store. AVX-512 micro-kernels are used when the CPU has AVX-512F (checked at
// run time); otherwise portable C kernels with the same packed layout.

#include <stddef.h>

/// Activation applied to each output element before it is stored.
typedef enum {
    CK_ACTIVATION_NONE = 0,
    CK_ACTIVATION_RELU = 1,
    CK_ACTIVATION_LEAKY_RELU = 2,   // x < 0 ? alpha * x : x
    CK_ACTIVATION_CLIP = 3,         // min(max(x, low), high)
} ck_activation_kind;

typedef struct {
    ck_activation_kind kind;
    float alpha;
    float low;
    float high;
} ck_activation;

/// Geometry of one NCHW convolution of a single image (batch element).
typedef struct {
    int in_channels, in_height, in_width;
    int out_channels, out_height, out_width;
    int kernel_height, kernel_width;
    int stride_height, stride_width;
    int dilation_height, dilation_width;
    int pad_top, pad_left;
    int groups;
} ck_conv_geometry;

/// Floats needed for the packed weights of a convolution with this geometry.
size_t ck_conv_packed_weights_count(const ck_conv_geometry *geometry);

/// Packs ONNX weights [out_channels][in_channels/groups][kernel_height][kernel_width] into `packed`
/// (ck_conv_packed_weights_count floats, 64-byte aligned): per group, blocks of 64 output channels,
/// each stored k-major so the micro-kernel loads the block's weights of one tap as whole vectors.
/// Channels past the last are zero.
void ck_conv_pack_weights(const ck_conv_geometry *geometry, const float *weights, float *packed);

/// Runs the convolution: `input` is [in_channels][in_height][in_width], `output` is
/// [out_channels][out_height][out_width]; `bias` has out_channels floats or is NULL.
/// Uses `threads` threads (at least 1). Returns 0, or -1 when its scratch memory
/// (ck_conv2d_scratch_bytes) could not be allocated.
int ck_conv2d(const ck_conv_geometry *geometry, const float *input, const float *packed_weights,
              const float *bias, ck_activation activation, float *output, int threads);

/// The bf16 path (issue 20): weights and activations rounded to bfloat16, products accumulated in fp32
/// (AVX512-BF16 vdpbf16ps). Two input channels share each 32-bit word, so the weights are packed per pair
/// of input channels (ck_conv_pack_weights_bf16: ck_conv_packed_weights_bf16_count 32-bit words,
/// 64-byte aligned), and each run converts the input into `pairs` (ck_conv2d_bf16_pair_words words, the
/// caller's memory, so it can be reused). Returns 0, -1 when scratch memory could not be allocated, or -2
/// when the CPU lacks AVX512-BF16 (ck_bf16_available), in which case nothing is computed.
size_t ck_conv_packed_weights_bf16_count(const ck_conv_geometry *geometry);
void ck_conv_pack_weights_bf16(const ck_conv_geometry *geometry, const float *weights, float *packed);
size_t ck_conv2d_bf16_pair_words(const ck_conv_geometry *geometry);
int ck_conv2d_bf16(const ck_conv_geometry *geometry, const float *input, const float *packed_weights,
                   const float *bias, ck_activation activation, float *output, int threads, float *pairs);

/// 1 when this CPU runs the bf16 path (AVX512-BF16), unless ck_force_no_bf16(1) said otherwise.
int ck_bf16_available(void);

/// Makes ck_bf16_available answer 0 (1) or the truth (0): for tests of what a CPU without AVX512-BF16
/// does. Independent of ck_force_portable_kernels, so tests of either do not disturb the other.
void ck_force_no_bf16(int force);

/// Winograd F(4x4, 3x3) (winograd.c): for 3x3 convolutions with stride 1, one group and a dilation of at
/// most CK_WINOGRAD_MAX_DILATION, 36 products per tile and channel pair where the direct convolution does
/// 144. A dilation d runs as d x d undilated convolutions of the input's phases (any d is computed
/// correctly; ck_winograd_applies says where it pays). Weights are transformed and
/// packed once (ck_winograd_pack_weights: ck_winograd_packed_weights_count floats, 64-byte aligned); the
/// results differ from the direct convolution's by float rounding (up to about 1e-5 of the output's scale).
/// `scratch` is the caller's memory, ck_conv2d_winograd_scratch_bytes for `threads` threads, 64-byte
/// aligned (so runs can reuse it: fresh pages cost the kernel's zeroing each time). Returns 0, or -1 when
/// a small allocation failed.
int ck_winograd_applies(const ck_conv_geometry *geometry);
size_t ck_winograd_packed_weights_count(const ck_conv_geometry *geometry);
void ck_winograd_pack_weights(const ck_conv_geometry *geometry, const float *weights, float *packed);
int ck_conv2d_winograd(const ck_conv_geometry *geometry, const float *input, const float *packed_weights,
                       const float *bias, ck_activation activation, float *output, int threads, float *scratch);
size_t ck_conv2d_winograd_scratch_bytes(const ck_conv_geometry *geometry, int threads);

/// Fewest input and output channels for which ck_winograd_applies: below it the transforms cost more
/// than the products they save (Benchmarks/inference/layers.sh, 1024^2: 4 -> 8 channels 0.6-0.9x direct's
/// speed; 8 -> 8 about even, 0.8-1.2x across runs; 16 -> 16 1.1-1.6x).
#define CK_WINOGRAD_MIN_CHANNELS 8
/// Largest dilation for which ck_winograd_applies. The phases of a dilation d are 1/d as wide: at d = 4 in
/// the shipped U-Nets' bottlenecks (128 x 128 on a 1024 window) they are 8 tiles wide, and the phases'
/// copies and small work items cost more than the products save (layers.sh, 128 channels: 39.7 ms against
/// 31.9 direct; d = 2: 19.3 against 30.2).
#define CK_WINOGRAD_MAX_DILATION 2

/// Scratch memory ck_conv2d allocates for `threads` threads: per thread, one output row of partial sums.
size_t ck_conv2d_scratch_bytes(const ck_conv_geometry *geometry, int threads);

/// 1 when the AVX-512 micro-kernels are in use on this CPU, 0 for the portable kernels.
int ck_uses_avx512(void);

/// Makes every later convolution use the portable kernels (1) or the best available (0): for tests of
/// the path CPUs without AVX-512 take.
void ck_force_portable_kernels(int force);

/// y[i] = 1 / (1 + exp(-x[i])) for i < count (x and y may be the same buffer): AVX-512 when the
/// micro-kernels are (ck_uses_avx512), within 3e-7 of the C library's expf-based value; expf otherwise.
void ck_sigmoid(const float *x, float *y, size_t count);

/// Most threads one call uses.
#define CK_MAX_THREADS 256

/// Runs `body(context, worker, index)` for index in [0, count) on up to `threads` threads (the caller's
/// thread included, as worker 0; workers are numbered densely from 0). Indices are handed out one at a
/// time, so uneven items balance.
void ck_parallel_for(int count, int threads, void *context,
                     void (*body)(void *context, int worker, int index));

#endif
