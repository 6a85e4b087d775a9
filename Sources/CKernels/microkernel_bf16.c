#include "accumulators_avx512.h"

// The bf16 path: weights and activations rounded to bfloat16 (8 bits of mantissa), multiplied in pairs by
// vdpbf16ps into fp32 accumulators. A pair is two consecutive input channels at the same tap, so the
// packed weights hold, per reduction step and output channel, one 32-bit word of two bf16 weights, and
// the image is converted to pair planes (one 32-bit word per pixel: channel 2q in the low half, 2q + 1 in
// the high half). The layout, the blocking and the driver are the fp32 path's, with the step count
// halved; only this file needs the AVX512-BF16 instructions, so only it is compiled for them.

#if defined(__x86_64__)
#include <cpuid.h>

#define CK_BF16_TARGET "avx512bf16,avx512f,avx512bw,avx512vl"

// The fp32 kernel's register blocks, with one vdpbf16ps (two multiply-adds per lane) per weight vector,
// pixel and step. `x` holds pair words; a word is broadcast as a float's bits, unchanged.
__attribute__((target(CK_BF16_TARGET), always_inline))
static inline void block(int PIXELS, int VECTORS, int k_count, const float *w, const float *x, const int *x_offsets,
                         int pixel_stride, float *result, const float *bias, int channels,
                         const ck_activation *activation, int accumulate) {
    __m512 acc[CK_PIXELS][4];
    ck_load_accumulators(PIXELS, VECTORS, acc, result, bias, channels, accumulate);
    for (int k = 0; k < k_count; k++) {
        __m512bh weights[4];
        for (int v = 0; v < VECTORS; v++) weights[v] = (__m512bh)_mm512_load_ps(w + (size_t)k * CK_CO + 16 * v);
        const float *column = x + x_offsets[k];
        _mm_prefetch((const char *)(column + CK_PREFETCH_FLOATS), _MM_HINT_T0);
        for (int p = 0; p < PIXELS; p++) {
            __m512bh pair = (__m512bh)_mm512_set1_ps(column[p * pixel_stride]);
            for (int v = 0; v < VECTORS; v++) acc[p][v] = _mm512_dpbf16_ps(acc[p][v], pair, weights[v]);
        }
    }
    ck_store_accumulators(PIXELS, VECTORS, acc, result, activation);
}

CK_REGISTER_BLOCKS(CK_BF16_TARGET, ck_microkernel_bf16)

static int bf16_forced_off;

void ck_force_no_bf16(int force) { __atomic_store_n(&bf16_forced_off, force, __ATOMIC_RELAXED); }

int ck_bf16_available(void) {
    unsigned eax, ebx, ecx, edx;
    // CPUID leaf 7, sub-leaf 1, EAX bit 5: AVX512_BF16 (the OS saving zmm state is part of avx512f).
    return !__atomic_load_n(&bf16_forced_off, __ATOMIC_RELAXED) && __builtin_cpu_supports("avx512f") &&
           __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512vl") &&
           __get_cpuid_count(7, 1, &eax, &ebx, &ecx, &edx) && (eax >> 5) & 1;
}

typedef struct {
    const float *input;
    float *pairs;
    int channels_per_group, pairs_per_group;
    size_t plane;
} pairing_job;

// One pair plane: channels 2q and 2q + 1 of a group (zero when the group has an odd count and this is
// its last pair), rounded to nearest even by vcvtneps2bf16.
__attribute__((target(CK_BF16_TARGET)))
static void pair_plane(void *context, int worker, int index) {
    (void)worker;
    const pairing_job *job = context;
    int group = index / job->pairs_per_group, q = index % job->pairs_per_group;
    int channel = group * job->channels_per_group + 2 * q;
    int has_second = 2 * q + 1 < job->channels_per_group;
    const float *low = job->input + (size_t)channel * job->plane, *high = low + job->plane;
    float *out = job->pairs + (size_t)index * job->plane;
    for (size_t i = 0; i < job->plane; i += 16) {
        __mmask16 mask = job->plane - i >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << (job->plane - i)) - 1);
        __m512 a = _mm512_maskz_loadu_ps(mask, low + i);
        __m512 b = has_second ? _mm512_maskz_loadu_ps(mask, high + i) : _mm512_setzero_ps();
        __m512i words = _mm512_or_si512(_mm512_cvtepu16_epi32((__m256i)_mm512_cvtneps_pbh(a)),
                                        _mm512_slli_epi32(_mm512_cvtepu16_epi32((__m256i)_mm512_cvtneps_pbh(b)), 16));
        _mm512_mask_storeu_epi32(out + i, mask, words);
    }
}

void ck_bf16_pair_input(const ck_conv_geometry *g, const float *input, float *pairs, int threads) {
    int per_group = g->in_channels / g->groups;
    pairing_job job = {input, pairs, per_group, (per_group + 1) / 2, (size_t)g->in_height * g->in_width};
    ck_parallel_for(g->groups * job.pairs_per_group, threads, &job, pair_plane);
}
#else
ck_microkernel ck_microkernel_bf16(int vectors) { (void)vectors; return NULL; }
void ck_force_no_bf16(int force) { (void)force; }
int ck_bf16_available(void) { return 0; }
void ck_bf16_pair_input(const ck_conv_geometry *g, const float *input, float *pairs, int threads) {
    (void)g, (void)input, (void)pairs, (void)threads;
}
#endif
