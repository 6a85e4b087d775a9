#include "CKernels.h"
#include "microkernel.h"

#include <math.h>

// The logistic function over a buffer: AVX-512 with an exp of its own (below), the C library's expf
// elsewhere. Gated convolutions (inpaint-unet@3) apply it to a full-resolution tensor per layer, where a
// scalar expf per element took a fifth of the model's time.

#if defined(__x86_64__)
#include <immintrin.h>

// exp(x) for x in [-88, 88]: x = k ln2 + r with |r| <= ln2 / 2 (ln2 split in two for an exact k ln2), exp(r)
// by its Taylor polynomial to degree 7 (relative error below 2e-7 there), times 2^k by vscalefps.
__attribute__((target("avx512f"), always_inline))
static inline __m512 exp_avx512(__m512 x) {
    x = _mm512_min_ps(_mm512_max_ps(x, _mm512_set1_ps(-88.0f)), _mm512_set1_ps(88.0f));
    __m512 k = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                    _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
    __m512 r = _mm512_fnmadd_ps(k, _mm512_set1_ps(0.693145751953125f), x);
    r = _mm512_fnmadd_ps(k, _mm512_set1_ps(1.428606765330187045e-06f), r);
    __m512 p = _mm512_set1_ps(1.0f / 5040);
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 720));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 120));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 24));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f / 6));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(0.5f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
    p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.0f));
    return _mm512_scalef_ps(p, k);
}

__attribute__((target("avx512f")))
static void sigmoid_avx512(const float *x, float *y, size_t count) {
    __m512 one = _mm512_set1_ps(1.0f);
    size_t i = 0;
    for (; i + 16 <= count; i += 16) {
        __m512 e = exp_avx512(_mm512_sub_ps(_mm512_setzero_ps(), _mm512_loadu_ps(x + i)));
        _mm512_storeu_ps(y + i, _mm512_div_ps(one, _mm512_add_ps(one, e)));
    }
    if (i < count) {
        __mmask16 mask = (__mmask16)((1u << (count - i)) - 1);
        __m512 e = exp_avx512(_mm512_sub_ps(_mm512_setzero_ps(), _mm512_maskz_loadu_ps(mask, x + i)));
        _mm512_mask_storeu_ps(y + i, mask, _mm512_div_ps(one, _mm512_add_ps(one, e)));
    }
}
#endif

void ck_sigmoid(const float *x, float *y, size_t count) {
#if defined(__x86_64__)
    if (ck_uses_avx512()) {
        sigmoid_avx512(x, y, count);
        return;
    }
#endif
    for (size_t i = 0; i < count; i++) y[i] = 1.0f / (1.0f + expf(-x[i]));
}
