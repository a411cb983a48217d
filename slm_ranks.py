"""slm_ranks: data-parallel ranks, `mpiexec -n N python slm.py`: MPI between processes, NCCL between GPUs, ZeRO-1.

docs/ranks.md says how to run it and what was measured. slm.py's join_ranks() imports this module only when mpiexec
started several ranks (or comm asks for MPI); train() then talks to MpiRanks or NcclRanks through the interface
slm.OneProcess defines, and each method below is that interface's several-rank version. It reaches the core through
`import slm` (one state with the running script, see slm.py's section 1).

mpiexec starts N copies of this script, the ranks. Every rank draws the same window indices from the shared sampler
state (RunState.rng) and trains on its 1/N slice of each micro-batch, so an optimizer step still sees batch_size x
grad_accum windows whatever N is, and a run on N ranks is the run on one process up to the order of float sums.
After the step's micro-batches one collective sums the flat gradient buffer across the ranks, the step's loss and
the stop flag riding at its end; every rank then takes the same AdamW step. zero = True (ZeRO-1) instead
reduce-scatters the gradients, each rank updates its 1/N part of the buffer with its part of the moments, and an
all-gather brings the weights back whole. Rank 0 alone prints, logs, saves and plots; the ranks split the validation
windows. The communicators:
  MpiRanks    mpi4py: MPI collectives on host arrays (GPU arrays go through the host)
  NcclRanks   an MpiRanks whose array collectives run in NCCL (cupy.cuda.nccl) on the GPU; MPI passes its unique id
Every collective runs under a watchdog: a rank that waits longer than rank_timeout ends the whole job (MPI_Abort), so
a rank that dies or hangs never leaves the others waiting; checkpoints are atomic, so the last one stays whole.
"""
import contextlib
import hashlib
import os
import signal
import sys
import threading
import time
from pathlib import Path

import numpy

import slm


def quiet(*args, **kwargs):
    """The log of every rank but rank 0."""


class Watchdog:
    """Ends the job when one collective has waited longer than timeout seconds: the other side of it has died or
    hangs. One daemon thread sleeps until the deadline of the collective in flight (MPI calls release the GIL)."""

    def __init__(self, timeout, end):
        self.timeout, self.end = timeout, end
        self.what, self.since = None, 0.0
        self.changed = threading.Condition()
        threading.Thread(target=self._watch, name="slm-watchdog", daemon=True).start()

    @contextlib.contextmanager
    def __call__(self, what):
        with self.changed:
            self.what, self.since = what, time.monotonic()
            self.changed.notify()
        try:
            yield
        finally:
            with self.changed:
                self.what = None

    def _watch(self):
        with self.changed:
            while True:
                left = None if self.what is None else self.since + self.timeout - time.monotonic()
                if left is not None and left <= 0:
                    self.end(f"waited {self.timeout:g} s for the other ranks in {self.what}: a rank has died or "
                             f"hangs, so the job ends (the last checkpoint is whole; rerun to resume from it, or "
                             f"raise rank_timeout if a rank was only slow)")
                    return
                self.changed.wait(left)


class MpiRanks(slm.OneProcess):
    """The ranks mpiexec started, over mpi4py. Collectives on host arrays; a GPU array is copied through the host."""

    kind = "MPI"
    alone = False      # even a single rank runs every collective (comm = 'mpi' or 'nccl' in one process)

    def __init__(self, MPI, timeout):
        self.MPI, self.comm = MPI, MPI.COMM_WORLD
        self.rank, self.size = self.comm.Get_rank(), self.comm.Get_size()
        node = self.comm.Split_type(MPI.COMM_TYPE_SHARED)          # the ranks on this machine
        self.local_rank, self.local_size = node.Get_rank(), node.Get_size()
        node.Free()
        self.kind = f"MPI ({' '.join(MPI.Get_library_version().splitlines()[0].split())})"
        self.bounded = Watchdog(timeout, self.abort)
        default_hook = sys.excepthook

        def abort_on_crash(*exc):   # an exception nobody caught: its traceback, then end every rank, never a hang
            default_hook(*exc)
            self.comm.Abort(1)
        sys.excepthook = abort_on_crash

    # --- train()'s interface (slm.OneProcess), for several ranks -----------------------------------------------------

    def log(self, log):
        return log if self.rank == 0 else quiet

    def error(self, error):
        return error if self.rank == 0 else SystemExit(1)

    @contextlib.contextmanager
    def claim(self, files, cfg):
        """Before any work, on rank 0: out_dir takes files, its run lock is held (only rank 0 takes it, or the ranks
        would block each other), and there is nothing resume = False would overwrite."""
        with contextlib.ExitStack() as held:
            with self.together():
                if self.rank == 0:
                    held.enter_context(slm.OneProcess.claim(self, files, cfg))
            yield

    def prepare(self, cfg, log=print):
        """prepare_data on every rank: rank 0 first, then the first rank of each other machine, then the rest (who
        find the token files ready), so no two ranks build the same files at once. Every rank must end with the same
        tokens."""
        data = None
        for turn in (lambda: self.rank == 0, lambda: self.rank != 0 and self.local_rank == 0,
                     lambda: self.local_rank != 0):
            with self.together(bounded=False):     # preparing TinyStories can take a while
                if turn():
                    data = slm.prepare_data(cfg, log)
        mine = (hashlib.sha256(data.tokenizer_json.encode()).hexdigest(), len(data.train), len(data.val))
        with self.together():
            if any(other != mine for other in self.collect(mine, "the check of every rank's tokens")):
                raise slm.SlmError(f"the ranks prepared different tokens from data = {cfg.data!r}: give every machine "
                                   f"the same data files (or one shared folder)")
        return data

    def start(self, cfg, files, data, log=print):
        """(params, m, v, RunState) on every rank: rank 0 starts or resumes (start_or_resume) and shares it. Under
        ZeRO-1 m and v are this rank's part only, and params is a view into a buffer padded to whole parts."""
        lead = self.rank == 0
        params = m = v = state = None
        with self.together():
            if lead:
                params, m, v, state = slm.start_or_resume(cfg, files, data, log)
        meta = self.share(state.to_meta() if lead else None)
        state = state if lead else slm.RunState.from_meta(meta, cfg)
        n = slm.n_params(cfg)
        whole = slm.xp.zeros(self.chunk(n) * self.size if self.zero else n, dtype="float32")
        if lead:
            whole[:n] = params
        self.share_array(whole)
        params = whole[:n]
        self.params_buffer = whole
        if self.zero:
            m, v = (self.scatter_array_parts(a, n, "float32") for a in (m, v))
        else:
            m, v = (a if lead else slm.xp.empty(n, dtype="float32") for a in (m, v))
            self.share_array(m, "rank 0's moments")
            self.share_array(v, "rank 0's moments")
        return params, m, v, state

    def gradients(self, params):
        """A view into the buffer the collective sums, whose tail carries the step's loss and stop flag (and, under
        ZeRO-1, padding up to whole parts)."""
        n = len(params)
        self.wire = slm.xp.zeros((len(self.params_buffer) if self.zero else n) + 2, dtype=params.dtype)
        return self.wire[:n]

    def slice(self, batch):
        return rank_slice(self, batch)

    def reduce(self, grads, step_loss, stop):
        return sum_over_ranks(self, grads, step_loss, stop)

    def optimizer_step(self, params, grads, m, v, decays, step, lr, max_norm, scratch=None, skip=None):
        if self.zero:
            return zero_step(self, params, grads, m, v, decays, step, lr, max_norm, scratch, skip)
        return slm.optimizer_step(params, grads, m, v, decays, step, lr, max_norm, scratch, skip)

    def mean_usage(self, window_usage):
        """Each rank measured its slice; relu_units is then the ranks' mean share of units firing in their slice."""
        mine = slm.to_host(slm.xp.stack(window_usage).mean(axis=0)).astype(numpy.float64)
        return [slm.to_device(self.sum_number(mine, "the ReLU usage's average") / self.size)]

    def evaluate(self, P, cfg, windows):
        """Each rank takes its share of the windows; the sums are reduced."""
        n = len(windows)
        lo, hi = n * self.rank // self.size, n * (self.rank + 1) // self.size
        return self.sum_number(slm.evaluate(P, cfg, windows[lo:hi]) * (hi - lo), "the validation loss") / max(n, 1)

    def save(self, files, cfg, params, m, v, meta, is_best):
        """Under ZeRO-1 the moments' parts are gathered first. A failed save (a full disk) ends every rank with its
        one line."""
        if self.zero:
            m, v = (self.gather_array_parts(a, len(params)) for a in (m, v))
        with self.together():
            if self.rank == 0:
                slm.OneProcess.save(self, files, cfg, params, m, v, meta, is_best)

    # --- the collectives --------------------------------------------------------------------------------------------

    def chunk(self, n):
        """Elements per part when a buffer of n is cut into size parts (the last part is padded)."""
        return -(-n // self.size)

    def part(self, n):
        """(lo, hi): the elements of an (n,) buffer this rank owns under ZeRO-1."""
        c = self.chunk(n)
        return min(n, self.rank * c), min(n, (self.rank + 1) * c)

    def abort(self, message):
        print(f"error: rank {self.rank} {message}", file=sys.stderr, flush=True)
        time.sleep(1.0)    # mpiexec forwards the line from a pipe: once Abort has killed the ranks, it may never
        self.comm.Abort(1)

    def _host_op(self, buf, op):
        host = slm.to_host(buf)                   # the buffer itself on NumPy
        op(host)
        if host is not buf:
            buf[...] = slm.to_device(host)

    def sum(self, buf, what="the gradient all-reduce"):
        with self.bounded(what):
            self._host_op(buf, lambda h: self.comm.Allreduce(self.MPI.IN_PLACE, h, op=self.MPI.SUM))

    def sum_parts(self, buf, what="the gradient reduce-scatter"):
        c = len(buf) // self.size            # buf holds whole parts (padded)
        with self.bounded(what):
            host = slm.to_host(buf)
            mine = numpy.empty(c, dtype=host.dtype)
            self.comm.Reduce_scatter_block(host, mine, op=self.MPI.SUM)
            buf[self.rank * c:(self.rank + 1) * c] = slm.to_device(mine)

    def gather_parts(self, buf, what="the weights' all-gather"):
        with self.bounded(what):
            self._host_op(buf, lambda h: self.comm.Allgather(self.MPI.IN_PLACE, h))

    def sum_number(self, x, what="a sum over the ranks"):
        with self.bounded(what):
            return self.comm.allreduce(x, op=self.MPI.SUM)

    def share(self, value, what="rank 0's start"):
        with self.bounded(what):
            return self.comm.bcast(value, root=0)

    def collect(self, value, what="a check of every rank"):
        with self.bounded(what):
            return self.comm.allgather(value)

    def share_array(self, buf, what="rank 0's weights"):
        with self.bounded(what):
            self._host_op(buf, lambda h: self.comm.Bcast(h, root=0))

    def gather_array_parts(self, part, n, what="the moments' gather"):
        host = numpy.ascontiguousarray(slm.to_host(part))
        whole = numpy.empty(self.size * len(host), dtype=host.dtype) if self.rank == 0 else None
        with self.bounded(what):
            self.comm.Gather(host, whole, root=0)
        return None if whole is None else whole[:n]

    def scatter_array_parts(self, whole, n, dtype, what="the moments' scatter"):
        c = self.chunk(n)
        padded = None
        if self.rank == 0:
            padded = numpy.zeros(self.size * c, dtype=dtype)
            padded[:n] = slm.to_host(whole)
        mine = numpy.empty(c, dtype=dtype)
        with self.bounded(what):
            self.comm.Scatter(padded, mine, root=0)
        return slm.to_device(mine)

    def arrive(self, what, bounded=True):
        """Wait, asleep, until every rank has come here: ranks that wait while rank 0 prepares the data or writes a
        checkpoint take no CPU from it (a blocking MPI call would spin)."""
        request = self.comm.Ibarrier()
        with self.bounded(what) if bounded else contextlib.nullcontext():
            while not request.Test():
                time.sleep(0.01)

    @contextlib.contextmanager
    def together(self, bounded=True):
        error = None
        try:
            yield
        except slm.SlmError as e:
            error = str(e)
        self.arrive("the wait for every rank's start or checkpoint", bounded)
        errors = self.collect(error)
        failed = [(r, e) for r, e in enumerate(errors) if e]
        if failed:
            r, e = failed[0]
            raise slm.SlmError(e if r == 0 else f"rank {r}: {e}") if self.rank == 0 else SystemExit(1)

    def stop_request(self):
        return StopAcrossRanks(lead=self.rank == 0)


class NcclRanks(MpiRanks):
    """MpiRanks whose array collectives run in NCCL on the GPU's current stream (the buffers are float32 CuPy arrays);
    MPI starts it (the unique id goes out from rank 0) and still carries the small Python values."""

    def __init__(self, mpi_ranks, nccl):
        self.__dict__.update(vars(mpi_ranks))       # the same MPI ranks, watchdog and all
        self.nccl = nccl
        uid = self.share(nccl.get_unique_id() if self.rank == 0 else None, "NCCL's unique id")
        with self.bounded("NCCL's start"):
            self.nccl_comm = nccl.NcclCommunicator(self.size, uid, self.rank)
        self.kind = f"NCCL {nccl.get_version()} (started over {self.kind})"

    def _run(self, what, call):
        import cupy
        stream = cupy.cuda.get_current_stream()
        with self.bounded(what):
            call(stream.ptr)
            stream.synchronize()

    def sum(self, buf, what="the gradient all-reduce"):
        n = self.nccl
        self._run(what, lambda s: self.nccl_comm.allReduce(buf.data.ptr, buf.data.ptr, buf.size, n.NCCL_FLOAT32,
                                                           n.NCCL_SUM, s))

    def sum_parts(self, buf, what="the gradient reduce-scatter"):
        n, c = self.nccl, buf.size // self.size     # in place: the result lands on this rank's part of buf
        self._run(what, lambda s: self.nccl_comm.reduceScatter(buf.data.ptr, buf.data.ptr + self.rank * c * 4, c,
                                                               n.NCCL_FLOAT32, n.NCCL_SUM, s))

    def gather_parts(self, buf, what="the weights' all-gather"):
        n, c = self.nccl, buf.size // self.size
        self._run(what, lambda s: self.nccl_comm.allGather(buf.data.ptr + self.rank * c * 4, buf.data.ptr, c,
                                                           n.NCCL_FLOAT32, s))


class StopAcrossRanks(slm.StopRequest):
    """Under several ranks a signal only marks this rank's wish (pending): it rides with the step's gradients, and
    agree() raises stop.signal on every rank after the same step."""

    def __init__(self, lead):
        super().__init__()
        self.lead, self.pending = lead, None

    def _handle(self, signum, frame):
        first, self.pending = self.pending is None, signal.Signals(signum).name   # the flag first
        if first and self.lead:
            slm.say_from_handler(f"\n[{self.pending}] finishing this step on every rank, then saving a checkpoint...")

    def agree(self, flag):
        if flag > 0 and self.signal is None:
            self.signal = self.pending or "a signal to another rank"


def import_nccl():
    """cupy.cuda.nccl, or one SlmError that says how to get NCCL."""
    try:
        from cupy.cuda import nccl
        if getattr(nccl, "available", True):
            return nccl
        problem = "CuPy finds no NCCL library"
    except Exception as e:
        problem = f"cupy.cuda.nccl does not import ({type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''})"
    raise slm.SlmError(f"GPU ranks need NCCL but {problem}: pip install nvidia-nccl-cu12 (CuPy loads it from there), "
                       f"or set comm = 'mpi' to sum the gradients over MPI through the host")


def gpu_for_rank(local_rank, local_size, n_gpus):
    """The GPU a rank uses: its index among the ranks on its machine; one SlmError when they outnumber the GPUs."""
    if local_size > n_gpus:
        raise slm.SlmError(f"{local_size} GPU ranks on this machine but it has {n_gpus} GPU{'s' * (n_gpus != 1)}: "
                           f"start at most {n_gpus} rank{'s' * (n_gpus != 1)} per machine (mpiexec -n {n_gpus}, "
                           f"or -ppn), or set device = 'cpu'")
    return local_rank


def check_batch_divides(batch_size, n_ranks):
    """SlmError unless every rank gets the same whole slice of each micro-batch."""
    if batch_size % n_ranks:
        below, above = batch_size // n_ranks * n_ranks, (batch_size // n_ranks + 1) * n_ranks
        options = " or ".join(str(b) for b in (below, above) if b > 0)
        raise slm.SlmError(f"batch_size = {batch_size} does not divide over {n_ranks} ranks: set batch_size to a "
                           f"multiple of {n_ranks} (e.g. {options}), or start {n_ranks} ranks less often")


def settings_fingerprint(cfg):
    """What every rank must agree on: every flag, the backend's kind and slm's source (slm.py and its parts)."""
    here = Path(slm.__file__).resolve().parent
    source = hashlib.sha256()
    for path in [here / "slm.py"] + sorted(here.glob("slm_*.py")) + sorted(here.glob("slm_*.cu")):
        source.update(path.read_bytes())
    return {"flags": {k: getattr(cfg, k) for k in slm.FLAG_KINDS}, "backend": slm.BACKEND.split()[0],
            "slm.py": source.hexdigest()[:16]}


def settings_differences(mine, other, rank):
    """What another rank's settings_fingerprint has that this rank's (rank) has not, as text; a secret flag (api_key)
    is named, never shown."""
    def shown(k, v):
        return "(not shown)" if k in slm.SECRET_FLAGS else repr(v)
    diffs = [f"{k}={shown(k, other['flags'].get(k))} (rank {rank}: {shown(k, v)})"
             for k, v in mine["flags"].items() if other["flags"].get(k) != v]
    diffs += [f"{k} {other[k]} (rank {rank}: {mine[k]})" for k in ("backend", "slm.py") if other[k] != mine[k]]
    return ", ".join(diffs)


def join_ranks(cfg):
    """The ranks mpiexec started (or one MPI rank, when comm = 'mpi'/'nccl' asks for MPI in one process): MpiRanks,
    or NcclRanks on GPUs. Checks, on every rank at once, that the ranks agree on their settings, that the batch
    divides and that each GPU rank has a GPU of its own; each problem is one line from rank 0."""
    _, size = slm.launcher_ranks()
    if cfg.comm == "nccl" and slm.xp is numpy:
        raise slm.on_rank_0(slm.SlmError("comm = 'nccl' needs GPU ranks: set device = 'gpu' (and install CuPy), or "
                                         "comm = 'auto' to sum over MPI on the CPU"))
    try:
        from mpi4py import MPI
    except Exception as e:
        problem = f"{type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''}"
        started = f"mpiexec started {size} ranks" if size > 1 else f"comm = {cfg.comm!r} needs MPI"
        raise slm.on_rank_0(slm.SlmError(f"{started} but mpi4py does not import ({problem}): pip install -r "
                                         f"requirements-mpi.txt, or run `python slm.py` alone")) from None
    ranks, nccl = MpiRanks(MPI, cfg.rank_timeout), None
    ranks.arrive("the start", bounded=False)     # ranks start seconds apart on a busy machine
    with ranks.together():
        mine = settings_fingerprint(cfg)
        theirs = ranks.collect(mine, "the check of every rank's settings")
        for r, other in enumerate(theirs):
            if other != mine:
                raise slm.SlmError(f"the ranks were started with different settings: rank {r} has "
                                   f"{settings_differences(mine, other, ranks.rank)}: start every rank with the same "
                                   f"config.py, flags and slm.py")
        check_batch_divides(cfg.batch_size, ranks.size)
        if slm.xp is not numpy:
            import cupy
            cupy.cuda.Device(gpu_for_rank(ranks.local_rank, ranks.local_size,
                                          cupy.cuda.runtime.getDeviceCount())).use()
            nccl = import_nccl() if cfg.comm != "mpi" else None
        elif ranks.local_size > 1 and not os.environ.get("OMP_NUM_THREADS") and slm.CORES == (os.cpu_count() or 1):
            slm.use_threads(max(1, slm.CORES // ranks.local_size))   # ranks that share a machine split its cores
    if nccl is not None:
        ranks = NcclRanks(ranks, nccl)
    ranks.zero, ranks.dtype = cfg.zero, cfg.dtype
    return ranks


def rank_slice(ranks, batch):
    """This rank's rows of the micro-batch every rank drew: (B, T+1) -> (B/N, T+1)."""
    per = len(batch) // ranks.size
    return batch[ranks.rank * per:(ranks.rank + 1) * per]


def sum_over_ranks(ranks, grads, step_loss, stop):
    """The step's one collective: the gradients summed over the ranks (each rank's were already scaled by its share
    of the batch), with the step's loss and the stop flag at the buffer's end; under ZeRO-1 a reduce-scatter, each
    rank getting its own part. Returns the step's loss over the whole batch; raises stop.signal on every rank after
    the same step when any rank was asked to stop."""
    tail = ranks.wire[-2:]
    tail[0] = step_loss / ranks.size
    tail[1] = signal.Signals[stop.pending].value if stop.pending else 0
    if ranks.zero:
        ranks.sum(tail, "the step's loss and stop flag")
        ranks.sum_parts(ranks.wire[:-2])
        if ranks.dtype == "float16":   # the loss scaler's verdict, from every part: a bad part poisons every rank
            lo, hi = ranks.part(len(grads))
            if ranks.sum_number(int(not bool(slm.xp.isfinite(grads[lo:hi]).all())), "the float16 overflow check"):
                grads[0] = numpy.nan
    else:
        ranks.sum(ranks.wire)
    stop.agree(float(tail[1]))
    return tail[0].copy()


def zero_step(ranks, params, grads, m, v, decays, step, lr, max_norm, scratch, skip=None):
    """ZeRO-1's optimizer step, optimizer_step on this rank's part: the l2 term (decay_mode "l2"), clipping by the
    global norm (its square summed over the parts), AdamW with its part of the moments, then every part of the weights
    from its owner. decays: from mode_decays; skip: True skips the step (float16's host check: every rank agrees).
    Returns the norm before clipping."""
    if skip is True:
        return None
    lo, hi = ranks.part(len(params))
    g = grads[lo:hi]
    into_gradient, decoupled = decays
    if into_gradient is not None:
        slm.add_l2_gradient(g, params[lo:hi], into_gradient[lo:hi], scratch[lo:hi])
    squares = ranks.sum_number(slm.to_host(slm.xp.dot(g, g)), "the clip norm")   # in g's dtype, as clip_gradients
    norm = float(numpy.sqrt(squares))
    if max_norm > 0:
        coef = max_norm / (norm + 1e-6)
        if coef < 1.0:
            g *= g.dtype.type(coef)
    slm.adamw_step(params[lo:hi], g, m[:hi - lo], v[:hi - lo], decoupled[lo:hi], step, lr, scratch=scratch[lo:hi])
    ranks.gather_parts(ranks.params_buffer)
    return norm
