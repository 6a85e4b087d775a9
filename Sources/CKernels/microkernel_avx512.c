#include "microkernel.h"

#include "accumulators_avx512.h"

#if defined(__x86_64__)
// One body for every register block: PIXELS x VECTORS accumulators (at most 24 of the 32 registers),
// VECTORS weight loads and PIXELS broadcasts per reduction step. Inlined into each instance below with
// constant sizes, so the loops unroll and the accumulators stay in registers.
__attribute__((target("avx512f"), always_inline))
static inline void block(int PIXELS, int VECTORS, int k_count, const float *w, const float *x, const int *x_offsets,
                         int pixel_stride, float *result, const float *bias, int channels,
                         const ck_activation *activation, int accumulate) {
    __m512 acc[CK_PIXELS][4];
    ck_load_accumulators(PIXELS, VECTORS, acc, result, bias, channels, accumulate);
    for (int k = 0; k < k_count; k++) {
        __m512 weights[4];
        for (int v = 0; v < VECTORS; v++) weights[v] = _mm512_load_ps(w + (size_t)k * CK_CO + 16 * v);
        const float *column = x + x_offsets[k];
        _mm_prefetch((const char *)(column + CK_PREFETCH_FLOATS), _MM_HINT_T0);
        for (int p = 0; p < PIXELS; p++) {
            __m512 value = _mm512_set1_ps(column[p * pixel_stride]);
            for (int v = 0; v < VECTORS; v++) acc[p][v] = _mm512_fmadd_ps(value, weights[v], acc[p][v]);
        }
    }
    ck_store_accumulators(PIXELS, VECTORS, acc, result, activation);
}

CK_REGISTER_BLOCKS("avx512f", ck_microkernel_avx512)
#else
ck_microkernel ck_microkernel_avx512(int vectors) { return ck_microkernel_portable(vectors); }
#endif

int ck_microkernel_pixels(int vectors) {
    static const int pixels[] = {16, 12, 8, 6};
    return pixels[vectors - 1];
}

static int portable_forced;

void ck_force_portable_kernels(int force) { __atomic_store_n(&portable_forced, force, __ATOMIC_RELAXED); }

int ck_microkernel_avx512_available(void) {
#if defined(__x86_64__)
    return !__atomic_load_n(&portable_forced, __ATOMIC_RELAXED) && __builtin_cpu_supports("avx512f");
#else
    return 0;
#endif
}

ck_microkernel ck_select_microkernel(int vectors) {
    return ck_microkernel_avx512_available() ? ck_microkernel_avx512(vectors) : ck_microkernel_portable(vectors);
}
