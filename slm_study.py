"""slm_study: training.png from a run's log, and `python slm.py study`, the alternating decay put to the test.

docs/decay-study.md says how to use it and what was found. slm.py calls plot_quietly() at every checkpoint (when
matplotlib is there) and imports the rest only for the plot and study commands; it reaches the core through
`import slm` (one state with the running script, see slm.py's section 1).

The original author's claim: with alternating decay (odd layers 0.92, even layers none) every layer's ReLU usage
(share of MLP units that fire) stays near the 40-60% "Goldilocks zone"; uniform decay killed units, and no decay let
usage climb past 70% and the loss spike. training.png shows one run's losses and usage; `study` trains the same model
under the three schedules and measures exactly those three things: usage, dead units and loss spikes.
matplotlib is optional: it is imported only here, through its Agg canvas (no pyplot, no global backend switch).
"""
import io
import time
from pathlib import Path
from types import SimpleNamespace

import numpy

import slm


def read_log(out_dir):
    """The records of {out_dir}/log.jsonl, of its last run only (a step that goes back starts a new run)."""
    path = slm.RunFiles(out_dir).log
    lines = path.read_text().splitlines() if path.is_file() else None
    records = []
    for line in lines or []:
        record = slm.log_record(line)              # None for a line torn by a kill mid-write: skipped
        if record is not None and "step" in record and "loss" in record:
            records.append(record)
    if not records:
        why = "" if lines is None else " (it is empty)" if not any(map(str.strip, lines)) else " (no readable lines)"
        raise slm.SlmError(f"no training log in {path}{why}: train first "
                           f"(`python slm.py train`), or point --out_dir at a folder with a log.jsonl")
    starts = [i for i in range(1, len(records)) if records[i]["step"] <= records[i - 1]["step"]]
    return records[starts[-1]:] if starts else records


class NoMatplotlib(slm.SlmError):
    """matplotlib is not installed: `plot` stops with this line, training goes on without its picture."""


def import_matplotlib():
    """(Figure, FigureCanvasAgg, colormaps), or NoMatplotlib saying how to install it."""
    try:
        from matplotlib import colormaps
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure
    except ImportError:
        raise NoMatplotlib("plots need matplotlib: pip install matplotlib") from None
    return Figure, FigureCanvasAgg, colormaps


def layer_style(l, n_layer, colormaps):
    """Odd layers (decayed under 'alternating') solid in reds, even layers dashed in blues; deeper is darker."""
    in_family = (n_layer - l % 2 + 1) // 2
    shade = 0.45 + 0.5 * (l // 2) / max(1, in_family - 1)
    colour = colormaps["Reds" if l % 2 else "Blues"](shade)
    return {"color": colour, "linestyle": "-" if l % 2 else "--", "linewidth": 1.4,
            "label": f"layer {l} ({'odd' if l % 2 else 'even'})"}


RELU_LABELS = {"relu_usage": "ReLU usage (share of (position, unit) pairs firing)",
               "relu_units": "units firing at least once in a batch"}


def draw_relu_usage(ax, records, zone, colormaps, legend=True, key="relu_usage"):
    """One line per layer of ReLU usage over steps (key: "relu_usage", or "relu_units"), the zone shaded."""
    records = [r for r in records if key in r]                            # logs from before relu_units lack it
    steps = [r["step"] for r in records]
    usage = numpy.array([r[key] for r in records]).reshape(len(records), -1)   # (records, n_layer)
    ax.axhspan(zone[0], zone[1], color="#7fbf7f", alpha=0.25, label=f"zone {zone[0]:.0%}-{zone[1]:.0%}")
    for l in range(usage.shape[1]):
        ax.plot(steps, usage[:, l], **layer_style(l, usage.shape[1], colormaps))
    ax.set_ylim(0, 1)
    ax.set_ylabel(RELU_LABELS[key])
    ax.grid(alpha=0.3)
    if legend:
        ax.legend(fontsize=8, ncol=2, loc="best")


def fit_loss_axis(ax, record_lists):
    """Fit the loss axis to the last 90% of steps: the first steps fall from near chance and would flatten the part
    that matters, so they run off the top."""
    last = max(r["step"] for records in record_lists for r in records)
    values = [r[k] for records in record_lists for r in records if r["step"] >= 0.1 * last
              for k in ("loss", "gloss", "val_loss") if k in r]
    low, high = min(values), max(values)
    pad = 0.05 * (high - low) or 0.05
    ax.set_ylim(low - pad, high + pad)


def save_figure(fig, canvas_class, path, dpi):
    """Render to PNG bytes, then write them atomically: a reader never sees half a picture."""
    canvas_class(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    slm.write_atomically(path, buffer.getvalue())
    return Path(path)


def plot_training(out_dir, relu_zone=(0.40, 0.60)):
    """Draw {out_dir}/training.png from {out_dir}/log.jsonl: losses, ReLU usage per layer, learning rate."""
    Figure, Canvas, colormaps = import_matplotlib()
    records = read_log(out_dir)
    steps = [r["step"] for r in records]
    checks = [r for r in records if "val_loss" in r]
    fig = Figure(figsize=(10, 9), layout="constrained")
    ax_loss, ax_relu, ax_lr = fig.subplots(3, 1, sharex=True, gridspec_kw={"height_ratios": [3, 3, 1.2]})
    ax_loss.plot(steps, [r["loss"] for r in records], color="#9aa7b8", linewidth=1,
                 label="training loss (per log line)")
    if checks:
        ax_loss.plot([r["step"] for r in checks], [r["gloss"] for r in checks], "o-", color="black", markersize=4,
                     label="GLoss (mean since the last checkpoint)")
        ax_loss.plot([r["step"] for r in checks], [r["val_loss"] for r in checks], "s-", color="#e08a1e",
                     markersize=4, label="validation loss")
    fit_loss_axis(ax_loss, [records])
    ax_loss.set_ylabel("loss (nats per token)")
    ax_loss.set_title("loss (the first 10% of steps may run off the top)")
    ax_loss.grid(alpha=0.3)
    ax_loss.legend(fontsize=9)
    draw_relu_usage(ax_relu, records, relu_zone, colormaps)
    ax_relu.set_title("ReLU usage per layer (odd layers solid, even layers dashed)")
    ax_lr.plot(steps, [r["lr"] for r in records], color="#5a5a5a")
    ax_lr.set_ylabel("learning rate")
    ax_lr.set_xlabel("step")
    ax_lr.ticklabel_format(axis="y", style="sci", scilimits=(0, 0))
    ax_lr.grid(alpha=0.3)
    last = checks[-1] if checks else records[-1]
    fig.suptitle(f"{out_dir}: step {records[-1]['step']}"
                 + (f", GLoss {last['gloss']:.3f}, val {last['val_loss']:.3f}" if checks else ""))
    return save_figure(fig, Canvas, slm.RunFiles(out_dir).plot, dpi=90)


_plot_note_shown = False


def plot_quietly(cfg, log=print):
    """Redraw training.png after a checkpoint when matplotlib is there; training never stops for a plot."""
    global _plot_note_shown
    try:
        plot_training(cfg.out_dir, cfg.relu_zone)
    except NoMatplotlib:
        if not _plot_note_shown:
            log("note: no training.png: plots need matplotlib (pip install matplotlib); training goes on")
            _plot_note_shown = True
    except Exception as e:  # a plot is a nicety: any failure is one line, and training goes on
        log(f"note: training.png was not drawn ({type(e).__name__}: {e}); training goes on")


def mlp_activity(P, cfg, windows):
    """Which MLP hidden units ever fire: windows (n, T+1) host ints -> (n_layer, F) host bool, True where the unit's
    pre-activation is > 0 at some position of some window. A unit that never fires is dead: it passes no gradient
    to its own weights, so only a change in the layers below it can bring it back."""
    fired = numpy.zeros((cfg.n_layer, 4 * cfg.d_model), dtype=bool)
    for i in range(0, len(windows), cfg.batch_size):
        _, _, cache, _ = slm.forward(P, cfg, slm.to_device(windows[i:i + cfg.batch_size, :-1]))
        for l, layer in enumerate(cache.layers):
            fired[l] |= slm.to_host((layer.a > 0).any(axis=(0, 1)))             # relu output (B, T, F): > 0 where fired
    return fired


def loss_spike(records):
    """(size, step) of the largest rise of the logged training loss above its lowest value so far."""
    lowest, size, at = float("inf"), 0.0, None
    for r in records:
        lowest = min(lowest, r["loss"])
        if r["loss"] - lowest > size:
            size, at = r["loss"] - lowest, r["step"]
    return size, at


STUDY_SCHEDULES = ("alternating", "uniform", "none")
STUDY_SIZE = {"max_steps": 600, "d_model": 64, "ctx": 64}   # the study's upper limits, unless given as flags


def study_config(cfg, given=()):
    """cfg with max_steps, d_model and ctx lowered to STUDY_SIZE, except those given on the command line."""
    values = dict(vars(cfg))
    for name, most in STUDY_SIZE.items():
        if name not in given:
            values[name] = min(values[name], most)
    if values["d_model"] % values["n_head"]:
        raise slm.SlmError(f"the study lowered d_model to {values['d_model']}, which does not divide by n_head = "
                           f"{values['n_head']}: give --d_model (a multiple of n_head) or --n_head")
    return SimpleNamespace(**values)


def after_warmup(records, key, warmup_steps, zone):
    """(share of (layer, log line) pairs inside zone, highest value of any layer) over the log lines after warm-up,
    for key "relu_usage" or "relu_units": the notes' zone and their "past 70%", read from the whole run."""
    values = numpy.array([r[key] for r in records if r["step"] > warmup_steps and key in r])
    if values.size == 0:
        return None, None
    return float(((values >= zone[0]) & (values <= zone[1])).mean()), float(values.max())


def summarize_run(folder, windows):
    """A study run's row: its log, and its final weights' dead units over the validation windows."""
    records = read_log(folder)
    checks = [r for r in records if "val_loss" in r]
    tensors, _, mcfg = slm.load_checkpoint(slm.RunFiles(folder).latest)
    P = slm.views(slm.to_device(slm.flat_params(tensors, mcfg)), mcfg)
    fired = mlp_activity(P, mcfg, windows)
    spike, spike_step = loss_spike(records)
    zone = {key: after_warmup(records, key, mcfg.warmup_steps, mcfg.relu_zone) for key in RELU_LABELS}
    return {"records": records, "gloss": checks[-1]["gloss"], "best_val": min(r["val_loss"] for r in checks),
            "usage": records[-1]["relu_usage"], "unit_share": records[-1].get("relu_units"),
            "in_zone": {k: z[0] for k, z in zone.items()}, "highest": {k: z[1] for k, z in zone.items()},
            "dead": (~fired).sum(axis=1).tolist(), "units": fired.shape[1], "spike": spike, "spike_step": spike_step}


def study_table(cfg, runs, n_windows, seconds):
    """The study's findings as markdown: a line on the setup, the table, and what its columns mean."""
    n_layer = cfg.n_layer
    decays = {s: ", ".join(f"{d:g}" for d in slm.layer_decays(SimpleNamespace(**{**vars(cfg), "decay_schedule": s})))
              for s in runs}
    mode = {"decoupled": "decoupled (AdamW: w <- w * (1 - lr * decay))",
            "l2": "l2 (decay * w added to the gradient before clipping and the moments)"}[cfg.decay_mode]

    def both(values):                                 # "usage / units", or "-" where a log lacks the figure
        return " / ".join("-" if values.get(k) is None else f"{values[k]:.2f}" for k in RELU_LABELS)
    lines = [f"Decay study: data={cfg.data}, decay_mode {mode}, {n_layer} layers, d_model {cfg.d_model}, ctx "
             f"{cfg.ctx}, batch {cfg.batch_size}x{cfg.grad_accum}, {cfg.max_steps} steps, lr {cfg.lr:g}, seed "
             f"{cfg.seed}; the same data, seed and initial weights for every schedule; {seconds / 60:.1f} min in all.",
             "",
             "| schedule (decay per layer) | final GLoss | best val loss | "
             + " | ".join(f"L{l} usage" for l in range(n_layer)) + " | "
             + " | ".join(f"L{l} units" for l in range(n_layer))
             + " | dead units (L0/L1/...) | largest spike: loss above its running min (at step) "
             + "| in zone after warm-up (usage / units) | highest after warm-up (usage / units) |",
             "|---" * (2 * n_layer + 7) + "|"]
    for schedule, run in runs.items():
        units = run["unit_share"] or [None] * n_layer
        lines.append(f"| {schedule} ({decays[schedule]}) | {run['gloss']:.4f} | {run['best_val']:.4f} | "
                     + " | ".join(f"{u:.2f}" for u in run["usage"]) + " | "
                     + " | ".join("-" if u is None else f"{u:.2f}" for u in units)
                     + f" | {sum(run['dead'])} ({'/'.join(str(d) for d in run['dead'])}) | "
                     + (f"{run['spike']:.3f} (step {run['spike_step']})" if run["spike_step"] else "0")
                     + f" | {both(run['in_zone'])} | {both(run['highest'])} |")
    lines += ["", f"Usage: share of (position, MLP unit) pairs that fire; units: share of MLP units that fire at "
              f"least once in a batch ({cfg.batch_size} x {cfg.ctx} positions); both per layer, over the last "
              f"{cfg.log_every} training steps. Dead: of the {4 * cfg.d_model} units per layer, those whose "
              f"pre-activation is never > 0 at any position of the {n_windows} fixed validation windows, with the "
              f"final weights. Spike: the largest rise of the logged training loss (a mean over {cfg.log_every} "
              f"steps) above the lowest logged loss before it. In zone: the share of (layer, log line) pairs after "
              f"the {cfg.warmup_steps} warm-up steps inside {cfg.relu_zone[0]:.0%}-{cfg.relu_zone[1]:.0%}; highest: "
              f"the highest value of any layer after warm-up."]
    return "\n".join(lines) + "\n"


def plot_study(runs, path, zone):
    """One picture: the schedules' loss curves together, then each schedule's ReLU usage per layer, both ways."""
    Figure, Canvas, colormaps = import_matplotlib()
    fig = Figure(figsize=(13, 11), layout="constrained")
    grid = fig.add_gridspec(3, len(runs))
    ax_loss = fig.add_subplot(grid[0, :])
    colours = {"alternating": "#2a7f2a", "uniform": "#7a3db8", "none": "#d1492e"}
    for schedule, run in runs.items():
        colour = colours.get(schedule, None)
        records = run["records"]
        ax_loss.plot([r["step"] for r in records], [r["loss"] for r in records], color=colour, linewidth=1,
                     alpha=0.8, label=f"{schedule}: training loss")
        checks = [r for r in records if "val_loss" in r]
        ax_loss.plot([r["step"] for r in checks], [r["val_loss"] for r in checks], "s--", color=colour,
                     markersize=4, label=f"{schedule}: validation loss")
    fit_loss_axis(ax_loss, [run["records"] for run in runs.values()])
    ax_loss.set_title("loss by decay schedule: same data, seed and initial weights (the first 10% of steps may run "
                      "off the top)")
    ax_loss.set_xlabel("step")
    ax_loss.set_ylabel("loss (nats per token)")
    ax_loss.grid(alpha=0.3)
    ax_loss.legend(fontsize=8, ncol=len(runs))
    for i, (schedule, run) in enumerate(runs.items()):
        for row, key in enumerate(RELU_LABELS, start=1):
            ax = fig.add_subplot(grid[row, i])
            draw_relu_usage(ax, run["records"], zone, colormaps, legend=i == 0 and row == 1, key=key)
            ax.set_title(f"{schedule}: ReLU usage ({sum(run['dead'])} dead units at the end)" if row == 1 else
                         f"{schedule}: units firing at least once in a batch", fontsize=10)
            ax.set_xlabel("step")
            if i:
                ax.set_ylabel("")
    fig.suptitle("decay study: odd layers solid, even layers dashed; zone shaded")
    return save_figure(fig, Canvas, path, dpi=80)


def study(cfg=None, given=(), log=print):
    """Train the same model on the same data and seed under each decay schedule, each in {out_dir}/study/<schedule>/
    (started fresh), then print and write {out_dir}/study/decay_study.md and draw decay_study.png.
    `given`: flags named on the command line, which STUDY_SIZE leaves alone. Returns {schedule: row} (None if
    stopped by Ctrl-C)."""
    cfg = study_config(cfg or slm.make_config(), given)
    root = Path(cfg.out_dir) / "study"
    slm.check_out_dir(root)
    with slm.one_run_at_a_time(slm.RunFiles(root)):    # before anything is deleted: one study per folder at a time
        return study_runs(cfg, root, log)


def study_runs(cfg, root, log=print):
    """study()'s runs, with the study folder's lock held."""
    t0 = time.perf_counter()
    data = slm.prepare_data(cfg, log)                   # once: every run below reuses these token files
    windows = slm.val_windows(data.val, cfg.eval_windows, cfg.ctx)
    runs = {}
    for schedule in STUDY_SCHEDULES:
        folder = root / schedule
        for path in slm.RunFiles(folder).outputs():     # a study run always starts from step 0
            path.unlink(missing_ok=True)
        run_cfg = SimpleNamespace(**{**vars(cfg), "decay_schedule": schedule, "out_dir": str(folder),
                                     "plot": False, "resume": True})
        log(f"=== study: {schedule} decay, run {len(runs) + 1} of {len(STUDY_SCHEDULES)}, in {folder}/ ===")
        result = slm.train(run_cfg, log)
        if result["step"] < cfg.max_steps:
            log(f"study stopped during the {schedule} run; `python slm.py study` starts it over")
            return None
        if cfg.plot:
            plot_quietly(run_cfg, log)
        runs[schedule] = summarize_run(folder, windows)
    table = study_table(cfg, runs, len(windows), time.perf_counter() - t0)
    slm.write_atomically(root / "decay_study.md", table.encode())
    log("\n" + table)
    log(f"table written to {root / 'decay_study.md'}")
    try:
        log(f"plot drawn in {plot_study(runs, root / 'decay_study.png', cfg.relu_zone)}")
    except NoMatplotlib as e:
        log(f"note: no decay_study.png: {e}")
    return runs
