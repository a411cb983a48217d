// Runs slm's CUDA kernels (slm.KERNEL_SOURCE) on the CPU, so the tests can check them on a machine without a GPU.
//
// g++ -include cuda_on_host.h -DSLM_KERNELS_ON_HOST compiles the kernel source as plain C++. Each CUDA thread of a
// block is a fiber (ucontext) on one OS thread; blocks run one after another, so a function's `static` (the
// __shared__ below) is the block's shared memory. A fiber runs until it reaches __syncthreads or __shfl_xor_sync.
// A warp whose 32 lanes all wait at a shuffle exchanges their values and runs on; when nothing can run, the whole
// block passes __syncthreads if every thread waits there. Anything else breaks a CUDA rule the kernels rely on (a
// full-mask shuffle or a barrier reached by only some threads) and fails the launch with a message.
// The order of execution is a race detector. `order` 0 runs warps (and lanes) first to last, in step; `order` 1 runs
// the last warp, lanes last to first, as far as it can go before any other warp moves: a kernel that reads what another
// thread writes with no barrier in between (or rewrites shared memory that another warp has still to read) gets a
// result that depends on the order, and the tests run both.
#pragma once
#include <cmath>
#include <cstring>
#include <functional>
#include <ucontext.h>
#include <vector>

#define __global__
#define __device__
#define __forceinline__ inline
#define __shared__ static
#define __launch_bounds__(threads)   // a hint to ptxas: no meaning on the CPU

struct host_dim3 { unsigned int x, y, z; };
static host_dim3 threadIdx, blockIdx, blockDim, gridDim;

inline float __int_as_float(int i) { float f; std::memcpy(&f, &i, sizeof f); return f; }
// the CPU rounds each float operation to nearest, as the _rn intrinsics (built with -ffp-contract=off: no FMA)
inline float __fadd_rn(float a, float b) { return a + b; }
inline float __fsub_rn(float a, float b) { return a - b; }
inline float __fmul_rn(float a, float b) { return a * b; }
inline float __fdiv_rn(float a, float b) { return a / b; }
inline float __fsqrt_rn(float a) { return std::sqrt(a); }
inline float half_to_float(unsigned short h) { _Float16 x; std::memcpy(&x, &h, 2); return (float)x; }
inline unsigned short float_to_half(float f) {   // round to nearest even, as cvt.rn.f16.f32
    _Float16 x = (_Float16)f;
    unsigned short h;
    std::memcpy(&h, &x, 2);
    return h;
}

namespace host_cuda {
enum State { READY, AT_SHUFFLE, AT_BARRIER, DONE };
struct Fiber {
    ucontext_t context;
    State state;
    float value, result;   // a shuffle's value in, and the partner lane's value out
    int lane_mask;
    std::vector<char> stack;
};
static std::vector<Fiber> fibers;
static ucontext_t scheduler;
static int current;
static std::function<void()> body;
static const char* error = nullptr;

inline void wait_as(State state) {
    fibers[current].state = state;
    swapcontext(&fibers[current].context, &scheduler);
}
inline void fiber_main() {
    body();
    fibers[current].state = DONE;   // returning resumes the scheduler (uc_link)
}

// Runs kernel over grid blocks of block threads; 0 when it went by the rules, else 1 and `error` says why.
inline int launch(int grid, int block, int order, std::function<void()> kernel) {
    error = nullptr;
    if (block < 32 || block > 1024 || block % 32 != 0 || grid < 1) {
        error = "block must be 32..1024 threads, a multiple of 32, and grid at least 1";
        return 1;
    }
    body = kernel;
    fibers.resize(block);
    for (Fiber& f : fibers) f.stack.resize(1 << 16);
    gridDim = {(unsigned)grid, 1, 1};
    blockDim = {(unsigned)block, 1, 1};
    threadIdx = blockIdx = {0, 0, 0};
    for (int b = 0; b < grid; ++b) {
        blockIdx.x = b;
        for (Fiber& f : fibers) {
            getcontext(&f.context);
            f.context.uc_stack.ss_sp = f.stack.data();
            f.context.uc_stack.ss_size = f.stack.size();
            f.context.uc_link = &scheduler;
            makecontext(&f.context, fiber_main, 0);
            f.state = READY;
        }
        const int warps = block / 32;
        for (;;) {
            bool progressed = false;
            for (int k = 0; k < warps && !(order && progressed); ++k) {
                const int w = order ? warps - 1 - k : k;
                for (int i = 0; i < 32; ++i) {
                    const int t = w * 32 + (order ? 31 - i : i);
                    if (fibers[t].state != READY) continue;
                    current = t;
                    threadIdx.x = t;
                    swapcontext(&scheduler, &fibers[t].context);
                    if (error) return 1;
                    progressed = true;
                }
                int waiting = 0;
                for (int lane = 0; lane < 32; ++lane) waiting += fibers[w * 32 + lane].state == AT_SHUFFLE;
                if (waiting == 32) {
                    for (int lane = 0; lane < 32; ++lane) {
                        Fiber& f = fibers[w * 32 + lane];
                        f.result = fibers[w * 32 + (lane ^ f.lane_mask)].value;
                        f.state = READY;
                    }
                    progressed = true;
                } else if (waiting > 0) {
                    error = "__shfl_xor_sync with a full mask reached by only some lanes of a warp";
                    return 1;
                }
            }
            if (progressed) continue;
            int at_barrier = 0, done = 0;
            for (Fiber& f : fibers) {
                at_barrier += f.state == AT_BARRIER;
                done += f.state == DONE;
            }
            if (done == block) break;
            if (at_barrier == block) {
                for (Fiber& f : fibers) f.state = READY;
                continue;
            }
            error = "__syncthreads reached by only some threads of the block";
            return 1;
        }
    }
    return 0;
}
}  // namespace host_cuda

inline void __syncthreads() { host_cuda::wait_as(host_cuda::AT_BARRIER); }

inline float __shfl_xor_sync(unsigned mask, float value, int lane_mask) {
    host_cuda::Fiber& f = host_cuda::fibers[host_cuda::current];
    if (mask != 0xffffffffu || lane_mask < 0 || lane_mask > 31)
        host_cuda::error = "__shfl_xor_sync: the kernels use a full mask and lane masks 0..31";
    f.value = value;
    f.lane_mask = lane_mask;
    host_cuda::wait_as(host_cuda::AT_SHUFFLE);
    return f.result;
}

extern "C" const char* host_cuda_error() { return host_cuda::error ? host_cuda::error : ""; }
