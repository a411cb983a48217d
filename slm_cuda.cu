// slm's fused kernels. Row kernels: grid = one block per row, block = a power of two >= 32 threads.
// Indices into whole tensors are long long: B*T*V passes 2^31 at GPT-2 sizes.

struct half16 { unsigned short bits; };   // one float16, as CuPy stores it

#ifndef SLM_KERNELS_ON_HOST   // tests/cuda_on_host.h brings these two when the tests run the kernels on the CPU
__device__ __forceinline__ float half_to_float(unsigned short h) {
    float f;
    asm("cvt.f32.f16 %0, %1;" : "=f"(f) : "h"(h));
    return f;
}
__device__ __forceinline__ unsigned short float_to_half(float f) {
    unsigned short h;
    asm("cvt.rn.f16.f32 %0, %1;" : "=h"(h) : "f"(f));   // round to nearest even, as numpy's astype
    return h;
}
#endif

__device__ __forceinline__ float load(const float* p, long long i) { return p[i]; }
__device__ __forceinline__ float load(const half16* p, long long i) { return half_to_float(p[i].bits); }
__device__ __forceinline__ void store(float* p, long long i, float x) { p[i] = x; }
__device__ __forceinline__ void store(half16* p, long long i, float x) { p[i].bits = float_to_half(x); }

__device__ __forceinline__ float negative_infinity() { return __int_as_float((int)0xff800000u); }
__device__ __forceinline__ float not_a_number() { return __int_as_float(0x7fc00000); }

__device__ __forceinline__ float warp_sum(float x) {
    for (int offset = 16; offset > 0; offset >>= 1) x += __shfl_xor_sync(0xffffffffu, x, offset);
    return x;
}
__device__ __forceinline__ float warp_max(float x) {
    for (int offset = 16; offset > 0; offset >>= 1) x = fmaxf(x, __shfl_xor_sync(0xffffffffu, x, offset));
    return x;
}

// Sum (max) of x over the block, returned to every thread. Every thread of the block must call it (it syncs);
// shared holds 32 floats. The first sync lets a previous call's readers of shared finish before it is rewritten.
__device__ float block_reduce(float x, float* shared, bool max) {
    const int lane = threadIdx.x & 31, warp = threadIdx.x >> 5, warps = blockDim.x >> 5;
    x = max ? warp_max(x) : warp_sum(x);
    __syncthreads();
    if (lane == 0) shared[warp] = x;
    __syncthreads();
    x = lane < warps ? shared[lane] : (max ? negative_infinity() : 0.0f);
    return max ? warp_max(x) : warp_sum(x);
}
__device__ float block_sum(float x, float* shared) { return block_reduce(x, shared, false); }
__device__ float block_max(float x, float* shared) { return block_reduce(x, shared, true); }

// Causal softmax, in place. att: rows of Tk scores (already scaled); row r is query r % Tq, which sees keys
// 0 .. r % Tq + (Tk - Tq) (Tk == Tq in training; Tk > Tq when new queries follow cached keys). Keys past that get 0.
// exp is computed again in the last pass instead of stored, so a float16 row is rounded once.
template <typename S>
__device__ void softmax_causal(S* att, int Tq, int Tk) {
    __shared__ float shared[32];
    const int tid = threadIdx.x, threads = blockDim.x;
    const long long row = blockIdx.x, at = row * Tk;
    const int last = (int)(row % Tq) + (Tk - Tq);
    float top = negative_infinity();
    for (int j = tid; j <= last; j += threads) top = fmaxf(top, load(att, at + j));
    top = block_max(top, shared);
    float total = 0.0f;
    for (int j = tid; j <= last; j += threads) total += expf(load(att, at + j) - top);
    total = block_sum(total, shared);
    for (int j = tid; j < Tk; j += threads)
        store(att, at + j, j <= last ? expf(load(att, at + j) - top) / total : 0.0f);
}

// Causal softmax backward: dpre = att * (datt - sum_keys(datt * att)) * scale, 0 past the last key.
// dpre may be datt itself: each thread reads its elements before it overwrites them.
template <typename S>
__device__ void softmax_causal_backward(S* dpre, const S* att, const S* datt, int Tq, int Tk, float scale) {
    __shared__ float shared[32];
    const int tid = threadIdx.x, threads = blockDim.x;
    const long long row = blockIdx.x, at = row * Tk;
    const int last = (int)(row % Tq) + (Tk - Tq);
    float dot = 0.0f;
    for (int j = tid; j <= last; j += threads) dot += load(datt, at + j) * load(att, at + j);
    dot = block_sum(dot, shared);
    for (int j = tid; j < Tk; j += threads)
        store(dpre, at + j, j <= last ? load(att, at + j) * (load(datt, at + j) - dot) * scale : 0.0f);
}

// LayerNorm over rows of C: out = xhat * g + b, and the backward's cache xhat (rows of C) and rstd (one per row,
// float32 whatever S is: a statistic).
template <typename S>
__device__ void layernorm_forward(S* out, S* xhat, float* rstd, const S* x, const S* g, const S* b, int C, float eps) {
    __shared__ float shared[32];
    const int tid = threadIdx.x, threads = blockDim.x;
    const long long row = blockIdx.x, at = row * C;
    float sum = 0.0f;
    for (int j = tid; j < C; j += threads) sum += load(x, at + j);
    const float mean = block_sum(sum, shared) / C;
    float squares = 0.0f;
    for (int j = tid; j < C; j += threads) {
        const float centred = load(x, at + j) - mean;
        squares += centred * centred;
    }
    const float r = 1.0f / sqrtf(block_sum(squares, shared) / C + eps);
    for (int j = tid; j < C; j += threads) {
        const float xh = (load(x, at + j) - mean) * r;
        store(xhat, at + j, xh);
        store(out, at + j, xh * load(g, j) + load(b, j));
    }
    if (tid == 0) rstd[row] = r;
}

// LayerNorm backward over rows_per_block rows a block (of rows, each of C): dx = rstd * (dxhat - mean(dxhat) - xhat *
// mean(dxhat * xhat)) with dxhat = dout * g, and the parameters' gradients over the block's rows, in float32:
// partial[block][j] = sum(dout * xhat) (dg) and partial[blocks + block][j] = sum(dout) (db), for the caller to sum
// over the blocks. Thread t keeps the sums of columns t, t + threads, ... (at most LAYERNORM_COLUMNS) in registers
// from row to row, so no (rows, C) temporary is made.
constexpr int LAYERNORM_COLUMNS = 8;
template <typename S>
__device__ void layernorm_backward(S* dx, float* partial, const S* dout, const S* xhat, const float* rstd, const S* g,
                                   long long rows, int C, int rows_per_block) {
    __shared__ float shared[32];
    const int tid = threadIdx.x, threads = blockDim.x;
    float dg[LAYERNORM_COLUMNS], db[LAYERNORM_COLUMNS];
    for (int k = 0; k < LAYERNORM_COLUMNS; ++k) dg[k] = db[k] = 0.0f;
    const long long first = (long long)blockIdx.x * rows_per_block;
    const long long end = first + rows_per_block < rows ? first + rows_per_block : rows;
    for (long long row = first; row < end; ++row) {   // the same rows for every thread: all reach the barriers
        const long long at = row * C;
        float sum = 0.0f, dot = 0.0f;
        for (int k = 0; k < LAYERNORM_COLUMNS; ++k) {
            const int j = tid + k * threads;
            if (j < C) {
                const float d = load(dout, at + j), xh = load(xhat, at + j), dxhat = d * load(g, j);
                sum += dxhat;
                dot += dxhat * xh;
                dg[k] += d * xh;
                db[k] += d;
            }
        }
        const float mean = block_sum(sum, shared) / C;
        const float mean_dot = block_sum(dot, shared) / C;
        const float r = rstd[row];
        for (int k = 0; k < LAYERNORM_COLUMNS; ++k) {
            const int j = tid + k * threads;
            if (j < C) store(dx, at + j, r * (load(dout, at + j) * load(g, j) - mean - load(xhat, at + j) * mean_dot));
        }
    }
    for (int k = 0; k < LAYERNORM_COLUMNS; ++k) {
        const int j = tid + k * threads;
        if (j < C) {
            partial[(long long)blockIdx.x * C + j] = dg[k];
            partial[((long long)gridDim.x + blockIdx.x) * C + j] = db[k];
        }
    }
}

// Bias + ReLU: a = max(h + b, 0) over n elements, b of length F broadcast over rows; grid-stride loop.
// Written as a comparison, not fmaxf, so a NaN passes through as it does in numpy.maximum.
template <typename S>
__device__ void bias_relu(S* out, const S* h, const S* b, long long n, int F) {
    const long long stride = (long long)blockDim.x * gridDim.x;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
        const float a = load(h, i) + load(b, i % F);
        store(out, i, a < 0.0f ? 0.0f : a);
    }
}

// Cross-entropy per row of V logits, fused with its backward: losses[row] = log(sum(exp(z))) - z[target] with
// z = logits - max, and the row is overwritten with (softmax - onehot(target)) * inv_n * scale[0] (scale: the loss
// scale, on the device; in float16 the scaled gradient is what must not underflow); with label smoothing the target
// is onehot * (1 - smoothing) + smoothing * prior (V values summing to 1), the loss stays the plain one. A target
// outside 0..V-1 gives a NaN loss. Thread 0 reads the target's logit before the first block reduction, so before any
// thread overwrites it.
template <typename S>
__device__ void cross_entropy(S* logits, float* losses, const long long* targets, const float* scale, int V,
                              float inv_n, float smoothing, const float* prior) {
    __shared__ float shared[32];
    const int tid = threadIdx.x, threads = blockDim.x;
    const long long row = blockIdx.x, at = row * V;
    const long long target = targets[row];
    const bool valid = target >= 0 && target < V;
    const float picked = (tid == 0 && valid) ? load(logits, at + target) : 0.0f;
    float top = negative_infinity();
    for (int j = tid; j < V; j += threads) top = fmaxf(top, load(logits, at + j));
    top = block_max(top, shared);
    float total = 0.0f;
    for (int j = tid; j < V; j += threads) total += expf(load(logits, at + j) - top);
    total = block_sum(total, shared);
    if (tid == 0) losses[row] = valid ? logf(total) - (picked - top) : not_a_number();
    const float factor = inv_n * scale[0];
    for (int j = tid; j < V; j += threads) {
        float p = expf(load(logits, at + j) - top) / total - smoothing * prior[j];
        if (j == target) p -= 1.0f - smoothing;
        store(logits, at + j, p * factor);
    }
}

// The entry points: extern "C" keeps their names as written, for RawModule.get_function and for the PTX check.
extern "C" __global__ void softmax_causal_f32(float* att, int Tq, int Tk) { softmax_causal(att, Tq, Tk); }
extern "C" __global__ void softmax_causal_f16(half16* att, int Tq, int Tk) { softmax_causal(att, Tq, Tk); }

extern "C" __global__ void softmax_causal_backward_f32(float* dpre, const float* att, const float* datt, int Tq,
                                                       int Tk, float scale) {
    softmax_causal_backward(dpre, att, datt, Tq, Tk, scale);
}
extern "C" __global__ void softmax_causal_backward_f16(half16* dpre, const half16* att, const half16* datt, int Tq,
                                                       int Tk, float scale) {
    softmax_causal_backward(dpre, att, datt, Tq, Tk, scale);
}

extern "C" __global__ void layernorm_forward_f32(float* out, float* xhat, float* rstd, const float* x, const float* g,
                                                 const float* b, int C, float eps) {
    layernorm_forward(out, xhat, rstd, x, g, b, C, eps);
}
extern "C" __global__ void layernorm_forward_f16(half16* out, half16* xhat, float* rstd, const half16* x,
                                                 const half16* g, const half16* b, int C, float eps) {
    layernorm_forward(out, xhat, rstd, x, g, b, C, eps);
}

// __launch_bounds__: without it ptxas keeps a row's values of every column in registers (128 of them), too many for
// a block of 1024 threads; held to 64, it uses 32 and spills nothing
extern "C" __global__ void __launch_bounds__(1024) layernorm_backward_f32(float* dx, float* partial, const float* dout,
                                                                          const float* xhat, const float* rstd,
                                                                          const float* g, long long rows, int C,
                                                                          int rows_per_block) {
    layernorm_backward(dx, partial, dout, xhat, rstd, g, rows, C, rows_per_block);
}
extern "C" __global__ void __launch_bounds__(1024) layernorm_backward_f16(half16* dx, float* partial,
                                                                          const half16* dout, const half16* xhat,
                                                                          const float* rstd, const half16* g,
                                                                          long long rows, int C, int rows_per_block) {
    layernorm_backward(dx, partial, dout, xhat, rstd, g, rows, C, rows_per_block);
}

extern "C" __global__ void bias_relu_f32(float* out, const float* h, const float* b, long long n, int F) {
    bias_relu(out, h, b, n, F);
}
extern "C" __global__ void bias_relu_f16(half16* out, const half16* h, const half16* b, long long n, int F) {
    bias_relu(out, h, b, n, F);
}

// AdamW over the flat buffers, in the order and with the roundings of slm.adamw_step (section 6), whose float32
// steps round after every operation: the _rn intrinsics keep the compiler from fusing any pair into one FMA.
extern "C" __global__ void adamw_step_f32(float* params, const float* grads, float* m, float* v, const float* decay,
                                          long long n, float lr, float beta1, float one_minus_beta1, float beta2,
                                          float one_minus_beta2, float step_size, float inv_sqrt_bias2, float eps,
                                          const float* skip) {
    // the same operations, in the same order and rounding, as adamw_step's NumPy passes; skip[0] != 0: none at all
    if (skip[0] != 0.0f) return;
    const long long stride = (long long)blockDim.x * gridDim.x;
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < n; i += stride) {
        const float g = grads[i];
        const float mi = __fadd_rn(__fmul_rn(m[i], beta1), __fmul_rn(one_minus_beta1, g));
        const float vi = __fadd_rn(__fmul_rn(v[i], beta2), __fmul_rn(__fmul_rn(g, g), one_minus_beta2));
        m[i] = mi;
        v[i] = vi;
        const float denom = __fadd_rn(__fmul_rn(__fsqrt_rn(vi), inv_sqrt_bias2), eps);
        const float w = __fmul_rn(params[i], __fadd_rn(__fmul_rn(decay[i], -lr), 1.0f));
        params[i] = __fsub_rn(w, __fmul_rn(__fdiv_rn(mi, denom), step_size));
    }
}

extern "C" __global__ void cross_entropy_f32(float* logits, float* losses, const long long* targets,
                                             const float* scale, int V, float inv_n, float smoothing,
                                             const float* prior) {
    cross_entropy(logits, losses, targets, scale, V, inv_n, smoothing, prior);
}
extern "C" __global__ void cross_entropy_f16(half16* logits, float* losses, const long long* targets,
                                             const float* scale, int V, float inv_n, float smoothing,
                                             const float* prior) {
    cross_entropy(logits, losses, targets, scale, V, inv_n, smoothing, prior);
}
