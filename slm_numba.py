"""slm_numba: fused CPU kernels, plain loops that numba compiles, for the layers of slm.py's section 4 on NumPy.

docs/speed.md says what they gain. slm.py's use_kernels() loads this module on NumPy (the cpu_kernels flag: 'auto',
'numba', or 'numpy' for none); enable() compiles the kernels, checks each against the core's own layer
(slm.reference_layers) and registers those that agree (slm.register), per dtype. The layers then find them through
slm.kernel(); nothing in the core names this module's functions. It reaches the core through `import slm` (one state
with the running script, see slm.py's section 1).

NumPy makes one pass over memory per operation: attention's masked softmax alone reads and writes each (B, H, T, T)
block five times, and LayerNorm, bias + ReLU and the loss's softmax several times over (B, T, C) or (B, T, V). The
kernels below are plain loops that numba compiles (LLVM, vectorised with fastmath) into one pass each, with the
GIL released (nogil), so the batch shards' threads (section 5) run them at once. cache=True keeps the machine code
on disk (__pycache__), so only the first run on a machine pays the compile.

Attention is FlashAttention's way, a block of 4 queries at a time: their scores against keys 0 .. t live in 4 rows
of T values that stay in L1 (8 KB at T = 512), get their mask and softmax there (max, exp, sum over the row held
whole, so no running max is needed at these T), and are multiplied into v at once: no (T, T) array in memory. Each
key vector loaded serves the 4 queries. The keys and values of one (batch, head) are copied transposed, (D, T), so
every inner loop runs over keys, contiguous, and vectorises. The forward keeps only each row's log-sum-exp; the
backward recomputes the probabilities from it (FlashCache.backward). float32's exp is a vectorisable polynomial (rel.
error < 1e-7; numba's math.exp is a scalar call without Intel's SVML); float64 keeps math.exp, so the float64 tests
compare to ~1e-13.
"""
import dataclasses
import math
import time
from types import SimpleNamespace

import numpy

import slm

CPU_KERNEL_DTYPES = ("float32", "float64")
CPU_KERNEL_TOLERANCE = {"float64": 1e-10, "float32": 1e-4}   # the self-check's largest relative error, per dtype
_cpu_checks = {}          # dtype -> check_cpu_kernels' errors: the self-check runs once a process, per dtype


def _exp_row(s, n, bits, exact):
    """s[:n] <- exp(s[:n]) in place, for s[:n] <= ~0 (the max or the log-sum-exp subtracted). bits: int32 scratch of
    at least n. float32: 2^k * p(r) with k = round(x / ln 2), r = x - k ln 2, p a degree-6 polynomial (Cephes'
    expf), 2^k made by placing k + 127 in a float's exponent bits; two loops that vectorise. exact: math.exp."""
    if exact:
        for j in range(n):
            s[j] = math.exp(s[j])
        return
    scaled = bits.view(numpy.float32)
    for j in range(n):
        x = max(s[j], numpy.float32(-87.0))                  # exp(-87) ~ 1.6e-38: below it everything is ~0
        k = numpy.floor(x * numpy.float32(1.4426950408889634) + numpy.float32(0.5))
        r = x - k * numpy.float32(0.693359375) + k * numpy.float32(2.12194440e-4)   # ln 2 in two parts
        p = numpy.float32(1.9875691500e-4)
        p = p * r + numpy.float32(1.3981999507e-3)
        p = p * r + numpy.float32(8.3334519073e-3)
        p = p * r + numpy.float32(4.1665795894e-2)
        p = p * r + numpy.float32(1.6666665459e-1)
        p = p * r + numpy.float32(5.0000001201e-1)
        s[j] = p * r * r + r + numpy.float32(1.0)
        bits[j] = (numpy.int32(k) + numpy.int32(127)) << 23
    for j in range(n):
        s[j] *= scaled[j]


def _scores_block(S, n, Q, M, scale):
    """S[r, j] = scale * sum_d Q[r, d] M[d, j] for the 4 rows r and j < n: a block of 4 queries (or their output
    gradients) against M (D, T), the keys (or values) transposed, so j is contiguous. Each key vector loaded feeds 4
    queries' products, two d at a time: 8 multiply-adds a load of 4 score vectors, where one query a row would be 2."""
    D = M.shape[0]
    s0, s1, s2, s3 = S[0], S[1], S[2], S[3]
    for j in range(n):
        s0[j] = 0
        s1[j] = 0
        s2[j] = 0
        s3[j] = 0
    d = 0
    while d + 2 <= D:
        k0, k1 = M[d], M[d + 1]
        a00, a01, a10, a11 = Q[0, d] * scale, Q[0, d + 1] * scale, Q[1, d] * scale, Q[1, d + 1] * scale
        a20, a21, a30, a31 = Q[2, d] * scale, Q[2, d + 1] * scale, Q[3, d] * scale, Q[3, d + 1] * scale
        for j in range(n):
            x0, x1 = k0[j], k1[j]
            s0[j] += a00 * x0 + a01 * x1
            s1[j] += a10 * x0 + a11 * x1
            s2[j] += a20 * x0 + a21 * x1
            s3[j] += a30 * x0 + a31 * x1
        d += 2
    if d < D:                                                # D odd: the last d
        k0 = M[d]
        a0, a1, a2, a3 = Q[0, d] * scale, Q[1, d] * scale, Q[2, d] * scale, Q[3, d] * scale
        for j in range(n):
            x0 = k0[j]
            s0[j] += a0 * x0
            s1[j] += a1 * x0
            s2[j] += a2 * x0
            s3[j] += a3 * x0


def _weighted_sums(Y, n, S, M, scale):
    """Y[r, d] = scale[r] * sum_{j < n} S[r, j] M[d, j] for the 4 rows: weights times the (D, T) values or keys."""
    s0, s1, s2, s3 = S[0], S[1], S[2], S[3]
    for d in range(M.shape[0]):
        m = M[d]
        a0 = m[0] - m[0]                                     # a zero of the arrays' dtype
        a1, a2, a3 = a0, a0, a0
        for j in range(n):
            x = m[j]
            a0 += s0[j] * x
            a1 += s1[j] * x
            a2 += s2[j] * x
            a3 += s3[j] * x
        Y[0, d], Y[1, d], Y[2, d], Y[3, d] = a0 * scale[0], a1 * scale[1], a2 * scale[2], a3 * scale[3]


def _add_outer_block(M, n, Q, S, scale):
    """M[d, j] += scale * sum_r Q[r, d] S[r, j] for j < n: 4 rows' gradients added into (D, T) key or value
    gradients."""
    s0, s1, s2, s3 = S[0], S[1], S[2], S[3]
    for d in range(M.shape[0]):
        a0, a1, a2, a3 = Q[0, d] * scale, Q[1, d] * scale, Q[2, d] * scale, Q[3, d] * scale
        m = M[d]
        for j in range(n):
            m[j] += a0 * s0[j] + a1 * s1[j] + a2 * s2[j] + a3 * s3[j]


def _heads_transposed(qkv, b, h, D, kT, vT):
    """kT, vT (D, T) <- the keys and values of batch row b, head h, from qkv (B, T, 3C)."""
    C = qkv.shape[2] // 3
    for j in range(qkv.shape[1]):
        for d in range(D):
            kT[d, j] = qkv[b, j, C + h * D + d]
            vT[d, j] = qkv[b, j, 2 * C + h * D + d]


def _rows_block(out, src, b, i0, rows, col):
    """out (4, D) <- src[b, i0 + r, col : col + D] for the block's rows r < rows, zeros for the rest (T not a
    multiple of 4: the last block's missing rows compute nothing that is kept)."""
    D = out.shape[1]
    for r in range(4):
        for d in range(D):
            out[r, d] = src[b, i0 + r, col + d] if r < rows else 0


def _softmax_block(S, i0, rows, n, shift, bits, exact, total):
    """Row r of the block (query i0 + r) sees keys 0 .. i0 + r: its entries past that are set to 0 (the causal mask),
    the rest become exp(S - shift[r]), shift the row's max (forward) or log-sum-exp (backward); total[r] their sum."""
    for r in range(4):
        row, seen = S[r], min(i0 + r + 1, n)
        if r >= rows:
            seen = 0
        for j in range(seen):
            row[j] -= shift[r]
        _exp_row(row, seen, bits, exact)
        acc = row[0] - row[0]
        for j in range(seen):
            acc += row[j]
        total[r] = acc
        for j in range(seen, n):
            row[j] = 0


def _attention_forward_kernel(qkv, n_head, y, lse):
    """qkv (B, T, 3C) -> y (B, T, C) causal softmax(q k^T / sqrt(D)) v, and lse (B, H, T): each query's log-sum-exp
    of its scaled scores, all the backward keeps. Queries 4 at a time (a block), against keys 0 .. the block's last."""
    B, T, C3 = qkv.shape
    D = C3 // 3 // n_head
    consts = numpy.empty(2, qkv.dtype)                       # 1 and 1 / sqrt(D) in the arrays' dtype: a float64
    consts[0], consts[1] = 1.0, 1.0 / math.sqrt(D)           # scalar would turn every float32 loop into float64
    scale = consts[1]
    exact = qkv.itemsize == 8
    kT, vT = numpy.empty((D, T), qkv.dtype), numpy.empty((D, T), qkv.dtype)
    S, Q, Y = numpy.empty((4, T), qkv.dtype), numpy.empty((4, D), qkv.dtype), numpy.empty((4, D), qkv.dtype)
    top, total, inv = numpy.empty(4, qkv.dtype), numpy.empty(4, qkv.dtype), numpy.empty(4, qkv.dtype)
    bits = numpy.empty(T, numpy.int32)
    for b in range(B):
        for h in range(n_head):
            _heads_transposed(qkv, b, h, D, kT, vT)
            for i0 in range(0, T, 4):
                rows, n = min(4, T - i0), min(i0 + 4, T)     # the block's queries; the keys the last one sees
                _rows_block(Q, qkv, b, i0, rows, h * D)
                _scores_block(S, n, Q, kT, scale)
                for r in range(4):
                    best = S[r, 0]
                    for j in range(1, min(i0 + r + 1, n)):
                        best = max(best, S[r, j])
                    top[r] = best
                _softmax_block(S, i0, rows, n, top, bits, exact, total)
                for r in range(4):
                    inv[r] = consts[0] / total[r] if r < rows else 0
                _weighted_sums(Y, n, S, vT, inv)
                for r in range(rows):
                    lse[b, h, i0 + r] = top[r] + math.log(total[r])
                    for d in range(D):
                        y[b, i0 + r, h * D + d] = Y[r, d]


def _attention_backward_kernel(qkv, y, lse, dy, n_head, dqkv):
    """dy (B, T, C) -> dqkv (B, T, 3C), every element written. Per block of 4 queries: p recomputed from lse,
    dp = dy . v, ds = p (dp - dy . y) (FlashAttention's row sum), dv += p dy, dq = ds k / sqrt(D),
    dk += ds q / sqrt(D)."""
    B, T, C3 = qkv.shape
    C = C3 // 3
    D = C // n_head
    consts = numpy.empty(2, qkv.dtype)
    consts[0], consts[1] = 1.0, 1.0 / math.sqrt(D)
    scale = consts[1]
    exact = qkv.itemsize == 8
    kT, vT = numpy.empty((D, T), qkv.dtype), numpy.empty((D, T), qkv.dtype)
    dkT, dvT = numpy.empty((D, T), qkv.dtype), numpy.empty((D, T), qkv.dtype)
    P, dS = numpy.empty((4, T), qkv.dtype), numpy.empty((4, T), qkv.dtype)
    Q, G, Yb, dQ = (numpy.empty((4, D), qkv.dtype), numpy.empty((4, D), qkv.dtype), numpy.empty((4, D), qkv.dtype),
                    numpy.empty((4, D), qkv.dtype))
    shift, total, scales = numpy.empty(4, qkv.dtype), numpy.empty(4, qkv.dtype), numpy.full(4, scale, qkv.dtype)
    bits = numpy.empty(T, numpy.int32)
    for b in range(B):
        for h in range(n_head):
            _heads_transposed(qkv, b, h, D, kT, vT)
            dkT[:] = 0
            dvT[:] = 0
            for i0 in range(0, T, 4):
                rows, n = min(4, T - i0), min(i0 + 4, T)
                _rows_block(Q, qkv, b, i0, rows, h * D)
                _rows_block(G, dy, b, i0, rows, h * D)
                _rows_block(Yb, y, b, i0, rows, h * D)
                _scores_block(P, n, Q, kT, scale)
                for r in range(4):
                    shift[r] = lse[b, h, i0 + r] if r < rows else 0
                _softmax_block(P, i0, rows, n, shift, bits, exact, total)   # P: the forward's probabilities
                _scores_block(dS, n, G, vT, consts[0])                     # d(P) = dy . v_j
                for r in range(4):
                    rowdot = G[r, 0] - G[r, 0]
                    for d in range(D):
                        rowdot += G[r, d] * Yb[r, d]
                    p, g = P[r], dS[r]
                    for j in range(n):
                        g[j] = p[j] * (g[j] - rowdot)                     # d(scores); 0 where masked (p is 0)
                _add_outer_block(dvT, n, G, P, consts[0])
                _weighted_sums(dQ, n, dS, kT, scales)
                _add_outer_block(dkT, n, Q, dS, scale)
                for r in range(rows):
                    for d in range(D):
                        dqkv[b, i0 + r, h * D + d] = dQ[r, d]
            for j in range(T):
                for d in range(D):
                    dqkv[b, j, C + h * D + d] = dkT[d, j]
                    dqkv[b, j, 2 * C + h * D + d] = dvT[d, j]


def _row_stats(row, consts):
    """(mean, 1 / sqrt(variance + eps)) of a row, consts (1, 1 / C, eps) in its dtype: the LayerNorm kernels' pass."""
    mean = row[0] - row[0]
    for c in range(row.shape[0]):
        mean += row[c]
    mean *= consts[1]
    var = row[0] - row[0]
    for c in range(row.shape[0]):
        var += (row[c] - mean) * (row[c] - mean)
    return mean, consts[0] / math.sqrt(var * consts[1] + consts[2])


def _layernorm_forward_kernel(x, g, b, eps, out, xhat, rstd):
    """x (N, C) -> out (N, C), xhat (N, C), rstd (N,): one read of each row for its mean and variance, one write."""
    N, C = x.shape
    consts = numpy.empty(3, x.dtype)                         # 1, 1 / C and eps in the arrays' dtype
    consts[0], consts[1], consts[2] = 1.0, 1.0 / C, eps
    for r in range(N):
        row = x[r]
        mean, rs = _row_stats(row, consts)
        rstd[r] = rs
        for c in range(C):
            xh = (row[c] - mean) * rs
            xhat[r, c] = xh
            out[r, c] = xh * g[c] + b[c]


def _layernorm_backward_kernel(dout, xhat, rstd, g, dg, db, dx):
    """dout (N, C) -> dx (N, C); adds into dg, db (C)."""
    N, C = dout.shape
    inv_c = numpy.full(1, 1.0 / C, dout.dtype)[0]
    for r in range(N):
        d_row, x_row = dout[r], xhat[r]
        along = d_row[0] - d_row[0]
        mean = d_row[0] - d_row[0]
        for c in range(C):
            dxh = d_row[c] * g[c]
            along += dxh * x_row[c]
            mean += dxh
            dg[c] += d_row[c] * x_row[c]
            db[c] += d_row[c]
        along *= inv_c
        mean *= inv_c
        rs = rstd[r]
        for c in range(C):
            dx[r, c] = (d_row[c] * g[c] - x_row[c] * along - mean) * rs


def _bias_relu_kernel(out, b):
    """out (N, F) <- max(out + b, 0) in place, one pass."""
    N, F = out.shape
    zero = numpy.zeros(1, out.dtype)[0]
    for r in range(N):
        row = out[r]
        for c in range(F):
            row[c] = max(row[c] + b[c], zero)


def _relu_backward_kernel(dout, a):
    """dout (n,) <- dout where a > 0, else 0, in place (a: the ReLU's output). A select, not a branch: it vectorises."""
    zero = numpy.zeros(1, dout.dtype)[0]
    for i in range(dout.size):
        dout[i] = dout[i] if a[i] > zero else zero


def _cross_entropy_rows_kernel(logits, labels, exps, total, picked):
    """logits (N, V), labels (N,) -> exps (N, V) = exp(logits - row max), total (N,) their row sums, picked (N,) the
    target's logit minus the max: one read of the logits for the max, one write of the exps."""
    N, V = logits.shape
    exact = logits.itemsize == 8
    bits = numpy.empty(V, numpy.int32)
    for r in range(N):
        row, e = logits[r], exps[r]
        top = row[0]
        for j in range(1, V):
            top = max(top, row[j])
        for j in range(V):
            e[j] = row[j] - top
        picked[r] = e[labels[r]]
        _exp_row(e, V, bits, exact)
        acc = e[0] - e[0]
        for j in range(V):
            acc += e[j]
        total[r] = acc


def _adamw_kernel(w, g, m, v, decay, c):
    """AdamW over flat buffers in one pass, as adamw_step's twelve; the decay from the weights before the update.
    c: (lr, beta1, 1 - beta1, beta2, 1 - beta2, eps, lr / bias1, bias2) in the buffers' dtype."""
    lr, beta1, keep1, beta2, keep2, eps, step_size, bias2 = c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]
    for i in range(w.size):
        mi = beta1 * m[i] + keep1 * g[i]
        vi = beta2 * v[i] + keep2 * g[i] * g[i]
        m[i] = mi
        v[i] = vi
        w[i] = w[i] - lr * decay[i] * w[i] - step_size * mi / (math.sqrt(vi) * bias2 + eps)


# --- writing's decode step: one token a row, the whole layer in one call -----------------------------------------
# A decode step (write(), serving) is a few thousand multiply-adds per weight matrix and row: as NumPy calls it is
# some 40 small calls a layer, each a few microseconds of dispatch, and that overhead, not arithmetic, was most of a
# step. Here one call runs a whole layer for a block of rows (LayerNorm, qkv, the new key and value into the cache,
# attention over the row's keys 0 .. pos, the projection, LayerNorm, the MLP, both residual adds) and one more the
# final LayerNorm and the output head. Each row's numbers are computed by the same loops whatever rows share the
# call, so a story written in a batch gets exactly the tokens it gets alone.

def _layernorm_rows(x, g, b, out):
    """out[r] = LayerNorm(x[r]) * g + b for the (N, C) rows, eps 1e-5 as layernorm_forward."""
    N, C = x.shape
    consts = numpy.empty(3, x.dtype)
    consts[0], consts[1], consts[2] = 1.0, 1.0 / C, 1e-5
    for r in range(N):
        row = x[r]
        mean, rs = _row_stats(row, consts)
        for c in range(C):
            out[r, c] = (row[c] - mean) * rs * g[c] + b[c]


def _affine_rows(h, w, bias, out, add):
    """out[r] = h[r] @ w + bias (add: out[r] += it, the residual add), w (In, Out) as linear_forward's. Each weight
    row is read once for all the rows (i outer); the inner loop runs over Out, contiguous, and vectorises."""
    N, In = h.shape
    Out = w.shape[1]
    acc = numpy.empty((N, Out), h.dtype)
    for r in range(N):
        for j in range(Out):
            acc[r, j] = bias[j]
    for i in range(In):
        wi = w[i]
        for r in range(N):
            hi = h[r, i]
            a = acc[r]
            for j in range(Out):
                a[j] += hi * wi[j]
    for r in range(N):
        if add:
            for j in range(Out):
                out[r, j] += acc[r, j]
        else:
            for j in range(Out):
                out[r, j] = acc[r, j]


def _decode_layer_kernel(x, pos, ln1_g, ln1_b, w_qkv, b_qkv, w_proj, b_proj, ln2_g, ln2_b, w_fc, b_fc, w_out, b_out,
                         K, V):
    """One transformer block for rows of one token each, in place over the residual x (N, C). Row r's token is at
    position pos[r]: its key and value go into the cache K, V (N, H, ctx, D) there, and its query attends over the
    row's keys 0 .. pos[r] (softmax(q k^T / sqrt(D)) v, as attention_at_positions)."""
    N, C = x.shape
    H, D = K.shape[1], K.shape[3]
    consts = numpy.empty(4, x.dtype)                         # 1, 1 / sqrt(D), -inf and 0 in the arrays' dtype
    consts[0], consts[1], consts[2], consts[3] = 1.0, 1.0 / math.sqrt(D), -numpy.inf, 0.0
    scale, zero = consts[1], consts[3]
    exact = x.itemsize == 8
    h = numpy.empty((N, C), x.dtype)
    qkv = numpy.empty((N, 3 * C), x.dtype)
    y = numpy.empty((N, C), x.dtype)
    a = numpy.empty((N, w_fc.shape[1]), x.dtype)
    s = numpy.empty(K.shape[2], x.dtype)
    bits = numpy.empty(K.shape[2], numpy.int32)
    q = numpy.empty(D, x.dtype)
    _layernorm_rows(x, ln1_g, ln1_b, h)
    _affine_rows(h, w_qkv, b_qkv, qkv, False)
    for r in range(N):
        p = pos[r]
        for hd in range(H):
            col = hd * D
            for d in range(D):
                K[r, hd, p, d] = qkv[r, C + col + d]
                V[r, hd, p, d] = qkv[r, 2 * C + col + d]
                q[d] = qkv[r, col + d] * scale
            keys, values = K[r, hd], V[r, hd]
            top = consts[2]
            for t in range(p + 1):
                kt = keys[t]
                acc = q[0] - q[0]
                for d in range(D):
                    acc += q[d] * kt[d]
                s[t] = acc
                top = max(top, acc)
            for t in range(p + 1):
                s[t] -= top
            _exp_row(s, p + 1, bits, exact)
            total = s[0] - s[0]
            for t in range(p + 1):
                total += s[t]
            inv = consts[0] / total
            for d in range(D):
                y[r, col + d] = zero
            for t in range(p + 1):
                wt = s[t] * inv
                vt = values[t]
                for d in range(D):
                    y[r, col + d] += wt * vt[d]
    _affine_rows(y, w_proj, b_proj, x, True)
    _layernorm_rows(x, ln2_g, ln2_b, h)
    _affine_rows(h, w_fc, b_fc, a, False)
    for r in range(N):
        for j in range(a.shape[1]):
            a[r, j] = max(a[r, j], zero)
    _affine_rows(a, w_out, b_out, x, True)


def _decode_head_kernel(x, g, b, wte, logits):
    """The final LayerNorm of the (N, C) rows and the output head tied to the embedding: logits (N, V) = hf wte^T,
    a dot product over C (contiguous in wte's rows) for each token and row."""
    N, C = x.shape
    hf = numpy.empty((N, C), x.dtype)
    _layernorm_rows(x, g, b, hf)
    for v in range(wte.shape[0]):
        row = wte[v]
        for r in range(N):
            acc = hf[r, 0] - hf[r, 0]
            for c in range(C):
                acc += hf[r, c] * row[c]
            logits[r, v] = acc


def decode_step_cpu(P, cfg, idx, kv, pos):
    """forward's decode step (one token a row, with the KV cache) by the kernels: idx (N, 1) ints, pos an int or (N,)
    host ints -> logits (N, 1, V). The rows are split across the CPU's cores (split_rows)."""
    N = idx.shape[0]
    positions = numpy.ascontiguousarray(numpy.broadcast_to(numpy.asarray(pos, dtype=numpy.int64), (N,)))
    x = P["wte"][numpy.asarray(idx)[:, 0]] + P["wpe"][positions]                   # (N, C), a new array
    logits = numpy.empty((N, P["wte"].shape[0]), dtype=x.dtype)
    layers = [[P[f"h.{l}.{name}"] for name in DECODE_WEIGHTS] for l in range(cfg.n_layer)]

    def rows(a, e):
        xs = x[a:e]
        for l, weights in enumerate(layers):
            _decode_layer_kernel(xs, positions[a:e], *weights, kv.keys[l][a:e], kv.values[l][a:e])
        _decode_head_kernel(xs, P["ln_f.g"], P["ln_f.b"], P["wte"], logits[a:e])
    slm.split_rows(rows, N, N * (P["wte"].size + sum(w.size for w in layers[0]) * len(layers)))
    return logits[:, None]


DECODE_WEIGHTS = ("ln_1.g", "ln_1.b", "attn.qkv.w", "attn.qkv.b", "attn.proj.w", "attn.proj.b", "ln_2.g", "ln_2.b",
                  "mlp.fc.w", "mlp.fc.b", "mlp.proj.w", "mlp.proj.b")   # _decode_layer_kernel's order

CPU_HELPERS = ("_exp_row", "_scores_block", "_weighted_sums", "_add_outer_block", "_heads_transposed", "_rows_block",
               "_softmax_block", "_row_stats", "_layernorm_rows", "_affine_rows")   # jitted first: kernels call them
CPU_KERNEL_NAMES = ("_attention_forward_kernel", "_attention_backward_kernel", "_layernorm_forward_kernel",
                    "_layernorm_backward_kernel", "_bias_relu_kernel", "_relu_backward_kernel",
                    "_cross_entropy_rows_kernel", "_adamw_kernel", "_decode_layer_kernel", "_decode_head_kernel")


@dataclasses.dataclass
class FlashCache:
    """attention_forward_cpu's cache: what the kernel backward recomputes the probabilities from."""
    qkv: object       # (B, T, 3C) the queries, keys and values, heads side by side
    y: object         # (B, T, C) the output
    lse: object       # (B, H, T) each query's log-sum-exp of its scaled scores
    n_head: int

    def backward(self, dy):
        """slm.attention_backward hands the kernel's cache its dy: (B, T, C) -> dqkv (B, T, 3C)."""
        return attention_backward_cpu(dy, self)


def attention_forward_cpu(qkv, n_head):
    """attention_forward (from position 0, no KV cache) by the kernel: qkv (B, T, 3C) -> (y (B, T, C), FlashCache).
    The batch rows are split across the CPU's cores (split_rows)."""
    B, T, C3 = qkv.shape
    y = numpy.empty((B, T, C3 // 3), dtype=qkv.dtype)
    lse = numpy.empty((B, n_head, T), dtype=qkv.dtype)
    slm.split_rows(lambda a, b: _attention_forward_kernel(qkv[a:b], n_head, y[a:b], lse[a:b]), B, B * T * T * C3)
    return y, FlashCache(qkv, y, lse, n_head)


def attention_backward_cpu(dy, cache):
    """attention_backward by the kernel: dy (B, T, C) -> dqkv (B, T, 3C)."""
    qkv, y, lse, n_head = cache.qkv, cache.y, cache.lse, cache.n_head
    dy = numpy.ascontiguousarray(dy, dtype=qkv.dtype)
    dqkv = numpy.empty_like(qkv)
    B, T, C3 = qkv.shape
    slm.split_rows(lambda a, b: _attention_backward_kernel(qkv[a:b], y[a:b], lse[a:b], dy[a:b], n_head, dqkv[a:b]),
                   B, 3 * B * T * T * C3)
    return dqkv


def layernorm_forward_cpu(x, g, b, eps=1e-5):
    """layernorm_forward by the kernel: x (B, T, C) -> out, (xhat, rstd (B, T, 1)), the NumPy layer's cache."""
    C = x.shape[-1]
    out, xhat = numpy.empty_like(x), numpy.empty_like(x)
    rstd = numpy.empty(x.shape[:-1] + (1,), dtype=x.dtype)
    x2, o2, h2, r1 = x.reshape(-1, C), out.reshape(-1, C), xhat.reshape(-1, C), rstd.reshape(-1)
    slm.split_rows(lambda a, e: _layernorm_forward_kernel(x2[a:e], g, b, eps, o2[a:e], h2[a:e], r1[a:e]),
                   len(x2), x.size)
    return out, (xhat, rstd)


def layernorm_backward_cpu(dout, cache, g, dg, db):
    """layernorm_backward by the kernel: dout (B, T, C) -> dx; adds into dg, db (C). One thread: dg and db are
    sums over every row (the batch shards already run in parallel threads)."""
    xhat, rstd = cache
    C = dout.shape[-1]
    dx = numpy.empty_like(dout)
    _layernorm_backward_kernel(dout.reshape(-1, C), xhat.reshape(-1, C), rstd.reshape(-1), g, dg, db,
                               dx.reshape(-1, C))
    return dx


def bias_relu_cpu(out, b):
    """out (..., F) <- relu(out + b) in place, by the kernel."""
    rows = out.reshape(-1, out.shape[-1])
    slm.split_rows(lambda a, e: _bias_relu_kernel(rows[a:e], b), len(rows), out.size)
    return out


def relu_backward_cpu(dout, a):
    """relu_backward by the kernel, in place over dout."""
    flat, fired = dout.reshape(-1), a.reshape(-1)
    slm.split_rows(lambda i, j: _relu_backward_kernel(flat[i:j], fired[i:j]), flat.size, flat.size)
    return dout


def cross_entropy_forward_cpu(logits, targets):
    """cross_entropy_forward by the kernel: the same loss and the same cache (exps, total)."""
    B, T, V = logits.shape
    flat = logits.reshape(B * T, V)
    labels = numpy.ascontiguousarray(targets.reshape(-1), dtype=numpy.int64)
    exps = numpy.empty_like(flat)
    total, picked = numpy.empty(B * T, dtype=logits.dtype), numpy.empty(B * T, dtype=logits.dtype)
    slm.split_rows(lambda a, b: _cross_entropy_rows_kernel(flat[a:b], labels[a:b], exps[a:b], total[a:b], picked[a:b]),
                   B * T, logits.size)
    loss = (numpy.log(total) - picked).mean()
    return loss, (exps.reshape(B, T, V), total.reshape(B, T, 1))


def adamw_step_cpu(params, grads, m, v, decay, step, lr, beta1=0.9, beta2=0.95, eps=1e-8, skip=None):
    """adamw_step by the kernel: one pass over the five buffers, split across the CPU's cores. skip: as adamw_step's
    (a nonzero flag leaves everything as it is)."""
    if skip is not None and bool(skip[0]):
        return
    bias1, bias2 = 1 - beta1 ** step, 1 / math.sqrt(1 - beta2 ** step)
    c = numpy.array([lr, beta1, 1 - beta1, beta2, 1 - beta2, eps, lr / bias1, bias2], dtype=params.dtype)
    slm.split_rows(lambda a, b: _adamw_kernel(params[a:b], grads[a:b], m[a:b], v[a:b], decay[a:b], c),
                   params.size, params.size)


def compile_cpu_kernels():
    """Jit the kernels with numba (from its on-disk cache after the first run on a machine). The helpers are
    replaced by their compiled versions in this module, which is where numba looks them up when it compiles the
    kernels that call them. Returns numba's version."""
    import numba
    jit = numba.njit(nogil=True, fastmath=True, cache=True)
    names = globals()
    for name in CPU_HELPERS + CPU_KERNEL_NAMES:
        if not isinstance(names[name], numba.core.dispatcher.Dispatcher):
            names[name] = jit(names[name])
    return numba.__version__


def check_cpu_kernels(dtype="float32", seed=0):
    """Run every CPU kernel on small random inputs of dtype (odd sizes, two query rows past a tile) and compare it
    with section 4's NumPy layers -> {kernel: largest error relative to the reference's largest value}. Compiles
    the kernels' signatures for dtype on the way (from numba's cache when it has them)."""
    rng = numpy.random.default_rng(seed)

    def rand(*shape):
        return rng.normal(0.0, 1.0, shape).astype(dtype)

    def error(ours, ref):
        ours, ref = numpy.asarray(ours, dtype=numpy.float64), numpy.asarray(ref, dtype=numpy.float64)
        return float(numpy.abs(ours - ref).max() / max(numpy.abs(ref).max(), 1e-30))
    with slm.reference_layers():
        qkv, dy = rand(2, 7, 3 * 6), rand(2, 7, 6)
        x, g, b, dout = rand(2, 5, 7), rand(7), rand(7), rand(2, 5, 7)
        h, hb, a, da = rand(3, 9), rand(9), numpy.maximum(rand(3, 9), 0), rand(3, 9)
        logits, targets = 3 * rand(2, 3, 11), rng.integers(0, 11, (2, 3))
        w, gr, mo, ve, dec = rand(13), rand(13), rand(13), numpy.abs(rand(13)), numpy.abs(rand(13))
        ref_y, ref_cache = slm.attention_forward(qkv, 2)
        ref_dqkv = slm.attention_backward(dy, ref_cache)
        ref_ln, ref_ln_cache = slm.layernorm_forward(x, g, b)
        ref_dg, ref_db = numpy.zeros_like(g), numpy.zeros_like(b)
        ref_dx = slm.layernorm_backward(dout, ref_ln_cache, g, ref_dg, ref_db)
        ref_relu = numpy.maximum(h + hb, 0)
        ref_da = slm.relu_backward(da.copy(), a)
        ref_loss, (ref_exps, _) = slm.cross_entropy_forward(logits, targets)
        ref_m = 0.9 * mo.astype(numpy.float64) + 0.1 * gr      # AdamW written out (step 3, lr 1e-2), in float64
        ref_v = 0.95 * ve.astype(numpy.float64) + 0.05 * gr.astype(numpy.float64) ** 2
        ref_w = (w * (1 - 1e-2 * dec.astype(numpy.float64)) - 1e-2 / (1 - 0.9 ** 3) * ref_m
                 / (numpy.sqrt(ref_v / (1 - 0.95 ** 3)) + 1e-8))
    y, cache = attention_forward_cpu(qkv, 2)
    dqkv = attention_backward_cpu(dy, cache)
    ln, ln_cache = layernorm_forward_cpu(x, g, b)
    dg, db = numpy.zeros_like(g), numpy.zeros_like(b)
    dx = layernorm_backward_cpu(dout, ln_cache, g, dg, db)
    loss, (exps, _) = cross_entropy_forward_cpu(logits, targets)
    adamw_step_cpu(w, gr, mo, ve, dec, 3, 1e-2)
    return {"attention_forward": error(y, ref_y), "attention_backward": error(dqkv, ref_dqkv),
            "layernorm_forward": max(error(ln, ref_ln), error(ln_cache[1], ref_ln_cache[1])),
            "layernorm_backward": max(error(dx, ref_dx), error(dg, ref_dg), error(db, ref_db)),
            "bias_relu": error(bias_relu_cpu(h.copy(), hb), ref_relu),
            "relu_backward": error(relu_backward_cpu(da.copy(), a), ref_da),
            "cross_entropy": max(error(loss, ref_loss), error(exps, ref_exps)),
            "adamw": max(error(w, ref_w), error(mo, ref_m), error(ve, ref_v))}



def check_decode_kernels(dtype="float32", seed=0):
    """decode_step_cpu against forward's NumPy decode step on a small random model of dtype (3 rows at different
    positions, head size odd) -> {"decode_step": largest error relative to the reference's largest value}."""
    mcfg = SimpleNamespace(n_layer=2, d_model=10, n_head=2, ctx=9, vocab_size=13, seed=seed)
    rng = numpy.random.default_rng(seed)
    flat = slm.init_params(mcfg, dtype=dtype, seed=seed)
    flat += rng.normal(0.0, 0.3, flat.shape).astype(dtype)
    P = slm.views(flat, mcfg)
    pos, tokens = numpy.array([2, 8, 5]), rng.integers(0, mcfg.vocab_size, (3, 9))
    with slm.reference_layers():
        kv = slm.KVCache.new(mcfg, 3, dtype)
        slm.forward(P, mcfg, tokens[:, :8], kv=kv)                    # every row's keys 0 .. 7 (a row reads its own)
        ours_kv = slm.KVCache([k.copy() for k in kv.keys], [v.copy() for v in kv.values])
        ref = slm.forward(P, mcfg, tokens[:, 8:], kv=kv, pos=pos)[0]
    ours = decode_step_cpu(P, mcfg, tokens[:, 8:], ours_kv, pos)
    error = numpy.abs(ours.astype(numpy.float64) - ref).max() / max(numpy.abs(ref).max(), 1e-30)
    cache_error = max(numpy.abs(a.astype(numpy.float64) - b).max() for a, b in zip(ours_kv.keys + ours_kv.values,
                                                                                   kv.keys + kv.values))
    return {"decode_step": float(max(error, cache_error))}

LAYERS = {"attention_forward": attention_forward_cpu, "layernorm_forward": layernorm_forward_cpu,
          "layernorm_backward": layernorm_backward_cpu, "bias_relu": bias_relu_cpu,
          "relu_backward": relu_backward_cpu, "cross_entropy_forward": cross_entropy_forward_cpu,
          "adamw_step": adamw_step_cpu}   # slm's layer -> its kernel (attention's backward: FlashCache.backward)


def register_kernels(dtypes=CPU_KERNEL_DTYPES, decode=False):
    """Put the kernels for NumPy arrays of dtypes in slm's registry (enable() does, once they agree with the layers),
    writing's decode step too when decode, else take it out."""
    for dtype in dtypes:
        for layer, function in LAYERS.items():
            slm.register(layer, numpy, dtype, function)
        if decode:
            slm.register("decode_step", numpy, dtype, decode_step_cpu)
    if not decode:
        slm.unregister(numpy, layers=("decode_step",))


def on(dtype="float32", decode=False):
    """Whether the kernels (writing's decode step, with decode) are in slm's registry for NumPy arrays of dtype."""
    return ("decode_step" if decode else "attention_forward", numpy, numpy.dtype(dtype).name) in slm.KERNELS


def enable(log=print, dtypes=("float32",), mode="auto", decode=False):
    """slm.use_kernels' way in: enable_cpu_kernels for the model's dtype (a float16 model's layers compute in
    float32, so float32's kernels)."""
    dtype = numpy.dtype(dtypes[0]).name
    return enable_cpu_kernels(mode, log, dtype if dtype in CPU_KERNEL_DTYPES else "float32", decode)


def enable_cpu_kernels(mode="auto", log=print, dtype="float32", decode=False):
    """Turn the numba kernels on for the cpu_kernels flag's mode: 'auto' when numba imports, compiles and its kernels
    agree with the NumPy layers (else one line says so and the NumPy layers run), 'numba' the same but SlmError
    instead of the fallback, 'numpy' off. On CuPy nothing happens (the GPU has slm_cuda). Returns whether on.
    decode: writing's decode step too (write(), eval, serving), checked as well; training leaves it off, so its
    first run does not compile it."""
    if mode == "numpy" or slm.xp is not numpy:
        slm.unregister(numpy)
        return False
    started = time.perf_counter()
    try:
        version = compile_cpu_kernels()
        errors = _cpu_checks[dtype] if dtype in _cpu_checks else check_cpu_kernels(dtype)
        if decode:
            key = dtype + " decode"
            _cpu_checks[key] = _cpu_checks[key] if key in _cpu_checks else check_decode_kernels(dtype)
            errors = {**errors, **_cpu_checks[key]}
    except Exception as e:
        slm.unregister(numpy)
        problem = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
        if mode == "numba":
            raise slm.SlmError(f"cpu_kernels = 'numba' but numba's kernels do not run here ({problem}): install it "
                               f"with `pip install -r requirements.txt`, or set cpu_kernels = 'auto'") from None
        log(f"warning: the fused CPU kernels do not run here ({problem}); using the NumPy layers "
            f"(pip install -r requirements.txt brings numba)")
        return False
    _cpu_checks[dtype] = {k: v for k, v in errors.items() if k != "decode_step"}
    bad = {k: f"{v:.1e}" for k, v in errors.items() if not v <= CPU_KERNEL_TOLERANCE[dtype]}
    if bad:
        slm.unregister(numpy)
        if mode == "numba":
            raise slm.SlmError(f"cpu_kernels = 'numba' but the kernels disagree with the NumPy layers ({bad}): "
                               f"report it, and set cpu_kernels = 'numpy' meanwhile")
        log(f"warning: the fused CPU kernels disagree with the NumPy layers ({bad}); using the NumPy layers")
        return False
    log(f"fused CPU kernels: on (numba {version}; {len(errors)} checked against NumPy in {dtype}, largest "
        f"error {max(errors.values()):.1e}; compiled or loaded in {time.perf_counter() - started:.1f} s)")
    register_kernels((dtype,), decode)
    return True
