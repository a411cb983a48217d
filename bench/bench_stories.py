"""Story quality: what a reader of a checkpoint's stories sees, next to the built-in corpus's own stories, measured
in the same run.

    python bench/bench_stories.py                                  # out_dir/best.safetensors, 50 stories
    python bench/bench_stories.py --checkpoint a.safetensors --checkpoint b.safetensors --json quality.json
    python bench/bench_stories.py --stories 20 --tokens 300 --show 0 --real held_out.txt

For each checkpoint (one table row each), N stories are written from the seed text with the shipped sampling flags
(temperature, top_k, top_p as config.py ships them, frozen in tests/helpers.py: a user's edited config.py does not
move the figures), story i with sample_seed = i, at most --tokens new tokens each, stopping at <|endoftext|>; the
window slides past ctx as write() slides it. All N are written in one batch, each row drawing from its own random
generator exactly as write(sample_seed=i) draws, so story i is the story `write(..., sample_seed=i)` writes.

- hero kept: the share of stories with 1..k distinct child names (whole words from data/stories.py's GIRL_NAMES,
  BOY_NAMES and NEUTRAL_NAMES), k the smallest count that at least 90% of the corpus's own stories stay within
  (2,000 stories of data.stories.generate_stories with the built-in corpus's seed, i.e. its first 2,000 stories);
  a story with no name does not keep a hero. Also the mean distinct-name count and the share with exactly one name.
- repeated 4-grams: 1 - distinct / total word 4-grams within a story, the mean over stories.
- ends: the share of stories that reach <|endoftext|> within the token budget (the corpus's: 100%, every story ends).
- name nats first / again: on the first 100 built-in validation stories (the corpus's own text, scored), the mean
  cost in nats of a child's name where the story names that child first, and where it names the child again. A model
  that has learned to copy the hero's name from earlier in the story pays much less for it again; one that guesses a
  name from the lists at every mention pays about the same both times (and writes a new name each time).
- held-out bits per UTF-8 byte, scored as `python slm.py eval` scores (slm.score_stories): on the built-in
  validation split (the shipped val_fraction, the last 1% of the stories in data/builtin/stories.txt, or under
  SLM_DATA_DIR when it is set, as training splits it: the corpus file there now, so a checkpoint trained on an older
  one is scored on today's split; --val FILE scores another text instead) and on real TinyStories text (--real
  FILE, by default ../shared/data/tinystories/stories.txt beside the project: the last tenth
  of its stories; with no such file the column is skipped).

A name count is a whole-word match, leaving out a name after a title (Mr., Mrs., Ms., Miss, Aunt, Uncle, Farmer, ...:
the generator's grown-ups take surnames and names from the same lists) and "Will" before you/it/we/...; a capitalised
"Hope" or "Joy" at the start of a sentence still counts as a name. The same rule counts the corpus's stories, so the
two rows compare.
"""
import argparse
import ast
import json
import math
import platform
import re
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

import numpy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
DEFAULT_REAL = ROOT.parent / "shared" / "data" / "tinystories" / "stories.txt"
CORPUS_STORIES = 2000
CORPUS_SEED = 1234            # data.stories.generate_stories' default: the built-in corpus's own first stories
HERO_SHARE = 0.90             # k: the smallest name count at least this share of corpus stories stay within
COLUMNS = ["model", "step", "ctx", "d_model", "params", "hero kept", "mean names", "one name", "repeated 4-grams",
           "ends", "name nats first / again", "bpb builtin val", "bpb real", "seconds"]


def frozen_defaults():
    """config.py as shipped (tests/helpers.py's DEFAULTS, read without importing the test helpers)."""
    tree = ast.parse((ROOT / "tests" / "helpers.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "DEFAULTS":
            return ast.literal_eval(node.value)
    raise RuntimeError("tests/helpers.py has no DEFAULTS dict")


def cpu_model():
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        return next(ln.split(":", 1)[1].strip() for ln in out.splitlines() if ln.startswith("Model name"))
    except (OSError, StopIteration):
        return platform.processor() or "unknown CPU"


# ---------------------------------------------------------------------------------------------------- measures
TITLES = "Mr Mrs Ms Dr Miss Aunt Auntie Uncle Farmer Grandma Grandpa Granny Grandad Nana Mister".split()
NOT_A_NAME_AFTER = {"Will": "you it we i he she they your"}   # "Will you help me?": a verb, not the boy Will


def name_pattern(extra=()):
    """Child names (data/stories.py's GIRL_NAMES, BOY_NAMES, NEUTRAL_NAMES, and `extra`: a fine-tune's new hero) as
    whole words, each with the title or the word before it that says it is no child: Mr. Lane, Aunt Holly and Farmer
    Willow are grown-ups."""
    from data.stories import BOY_NAMES, GIRL_NAMES, NEUTRAL_NAMES
    names = sorted(set(GIRL_NAMES + BOY_NAMES + NEUTRAL_NAMES + list(extra)), key=len, reverse=True)
    titles = "|".join(sorted(TITLES, key=len, reverse=True))
    return re.compile(r"(?:\b(?P<title>" + titles + r")\.?\s+)?\b(?P<name>" + "|".join(map(re.escape, names))
                      + r")\b(?=\s+(?P<after>[A-Za-z]+)|)")


def names_in(text, pattern):
    """The child names a story uses, in order of appearance (titled grown-ups and the verb "Will you" left out)."""
    found = []
    for m in pattern.finditer(text):
        after = (m.group("after") or "").strip().lower()
        if m.group("title") or after in NOT_A_NAME_AFTER.get(m.group("name"), "").split():
            continue
        found.append(m.group("name"))
    return found


def distinct_names(text, pattern):
    """How many different child names a story uses."""
    return len(set(names_in(text, pattern)))


def hero_threshold(counts, share=HERO_SHARE):
    """The smallest k with at least `share` of the counts <= k."""
    counts = sorted(counts)
    return counts[max(0, math.ceil(share * len(counts)) - 1)]


_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")


def repeated_4grams(text):
    """1 - distinct / total word 4-grams of one story; None when it has fewer than four words."""
    words = _WORD.findall(text.lower())
    grams = [tuple(words[i:i + 4]) for i in range(len(words) - 3)]
    return 1 - len(set(grams)) / len(grams) if grams else None


def story_measures(texts, ended, k, pattern):
    """{hero_kept, mean_names, one_name, repeated_4grams, ends} over the stories."""
    counts = [distinct_names(t, pattern) for t in texts]
    repeats = [r for r in map(repeated_4grams, texts) if r is not None]
    return {"hero_kept": sum(1 <= c <= k for c in counts) / len(counts),
            "mean_names": sum(counts) / len(counts),
            "one_name": sum(c == 1 for c in counts) / len(counts),
            "repeated_4grams": sum(repeats) / len(repeats) if repeats else 0.0,
            "ends": sum(ended) / len(ended)}


# ---------------------------------------------------------------------------------------------------- writing
def write_stories(slm, model, seed_text, n_tokens, seeds, temperature, top_k, top_p):
    """-> (texts, ended): one story per seed, all in one batch, each as write(seed_text, n_tokens, sample_seed=seed)
    writes it (stop_at_end). A finished story leaves the batch, so the rows still writing are all that is run."""
    P, mcfg, tokenizer, eot = model
    prompt = ([eot] + slm.encode(tokenizer, seed_text))[-mcfg.ctx:]
    n = len(seeds)
    history = numpy.tile(numpy.array(prompt, dtype=numpy.int64), (n, 1))          # (n, len)
    rngs = [numpy.random.default_rng(s) for s in seeds]   # a generator a row: story i draws as write(seed i)
    kv = slm.KVCache.new(mcfg, n, P["wte"].dtype)
    logits = slm.forward(P, mcfg, slm.to_device(history), kv=kv)[0][:, -1]         # (n, V)
    pos, keep = history.shape[1], max(1, mcfg.ctx - mcfg.ctx // 4)
    rows = numpy.arange(n)                         # which story each batch row is writing
    new, ended = [[] for _ in range(n)], [False] * n
    for _ in range(n_tokens):
        nxt = slm.sample_next(slm.to_host(logits).astype(numpy.float64), temperature, top_k, top_p, rngs)
        going = nxt != eot
        for row, story in enumerate(rows):
            if going[row]:
                new[story].append(int(nxt[row]))
            else:
                ended[story] = True
        if not going.any():
            break
        history = numpy.concatenate([history, nxt[:, None]], axis=1)
        if not going.all():                        # finished stories leave the batch and its KV cache
            alive = numpy.flatnonzero(going)
            rows, history, nxt = rows[alive], history[alive], nxt[alive]
            rngs = [rngs[i] for i in alive]
            at = slm.to_device(alive)
            kv = slm.KVCache([k[at] for k in kv.keys], [v[at] for v in kv.values])
        if pos < mcfg.ctx:
            logits = slm.forward(P, mcfg, slm.to_device(nxt[:, None]), kv=kv, pos=pos)[0][:, -1]
            pos += 1
        else:                                      # the window is full: keep its newest tokens, as write() does
            logits = slm.forward(P, mcfg, slm.to_device(history[:, -keep:]), kv=kv)[0][:, -1]
            pos = keep
    start = [t for t in prompt if t != eot]
    return [slm.decode(tokenizer, start + ids) for ids in new], ended


# ---------------------------------------------------------------------------------------------------- held out
def read_all(path):
    """The stories in path, split as training splits them; one-line errors for a missing, empty or binary file."""
    from data.tokens import read_stories
    return read_stories(str(path), "auto", log=lambda *a: None)


def real_stories(path):
    """The last tenth of the stories in path (at least one)."""
    stories = read_all(path)
    return stories[len(stories) - max(1, len(stories) // 10):]


def builtin_val_stories(slm, cfg):
    """The built-in corpus's validation split, as training holds it out (built first when it is not there yet)."""
    return slm.eval_stories("builtin", cfg, log=lambda line: print(line, file=sys.stderr))


def name_nats(slm, model, stories, pattern, n_stories=100):
    """(mean nats at a child name's first mention, mean nats where the story names that child again), scored on the
    first n_stories of `stories` within the first window. Names are the name_pattern's; a mention's cost is that of
    the token its first letter falls in. A model that copies the hero's name from earlier in the story pays far less
    for a name again than for a name first; one that does not pays about the same (it guesses a name each time)."""
    P, mcfg, tokenizer, eot = model
    first, again = [], []
    for story in stories[:n_stories]:
        encoding = tokenizer.encode(story, add_special_tokens=False)
        ids = ([eot] + encoding.ids)[:mcfg.ctx + 1]
        if len(ids) < 2:
            continue
        logits = slm.to_host(slm.forward(P, mcfg, slm.to_device(numpy.array([ids[:-1]])))[0][0]).astype(numpy.float64)
        top = logits.max(axis=-1, keepdims=True)
        nll = numpy.log(numpy.exp(logits - top).sum(axis=-1)) + top[:, 0] - logits[numpy.arange(len(ids) - 1), ids[1:]]
        starts = [a for a, _ in encoding.offsets]
        seen = set()
        for m in pattern.finditer(story):
            after = (m.group("after") or "").strip().lower()
            if m.group("title") or after in NOT_A_NAME_AFTER.get(m.group("name"), "").split():
                continue
            at = m.start("name")
            token = max(i for i, begin in enumerate(starts) if begin <= at)   # the token holding the first letter
            if token < len(ids) - 1:                   # target index: ids[token + 1] is encoding token `token`
                (again if m.group("name") in seen else first).append(nll[token])
            seen.add(m.group("name"))
    def mean(xs):
        return float(numpy.mean(xs)) if xs else None
    return mean(first), mean(again)


def bits_per_byte(slm, model, stories, batch_size=32):
    P, mcfg, tokenizer, eot = model
    with numpy.errstate(over="ignore", invalid="ignore"):
        nats, _, n_bytes = slm.score_stories(P, mcfg, tokenizer, eot, stories, batch_size)
    return nats / math.log(2) / n_bytes


# ---------------------------------------------------------------------------------------------------- rows
def corpus_row(k, pattern, stories):
    return {"model": f"built-in corpus ({len(stories):,} stories)",
            **story_measures(stories, [True] * len(stories), k, pattern)}


def checkpoint_row(slm, path, args, sampling, k, pattern, val, real):
    t0 = time.perf_counter()
    model = slm.load_model(path)
    P, mcfg, _, _ = model
    slm.writing_kernels(SimpleNamespace(cpu_kernels=args.cpu_kernels), P["wte"].dtype)   # as write() runs
    _, meta, _ = slm.load_checkpoint(path)
    if getattr(mcfg, "data", None) == "builtin" and getattr(mcfg, "val_fraction", 1) < args.val_fraction:
        print(f"note: {path} trained on the built-in corpus with val_fraction = {mcfg.val_fraction}, so part of the "
              f"last {args.val_fraction} it is scored on was in its training split", file=sys.stderr)
    texts, ended = write_stories(slm, model, args.seed_text, args.tokens, list(range(args.stories)), **sampling)
    written = time.perf_counter()
    row = {"model": str(path), "step": meta.get("step"), "ctx": mcfg.ctx, "d_model": mcfg.d_model,
           "n_layer": mcfg.n_layer, "params": slm.n_params(mcfg),
           "tokens_seen": meta.get("step", 0) * mcfg.batch_size * mcfg.grad_accum * mcfg.ctx,
           **story_measures(texts, ended, k, pattern),
           "bpb_builtin_val": bits_per_byte(slm, model, val),
           "name_nats": name_nats(slm, model, val, pattern),
           "bpb_real": bits_per_byte(slm, model, real) if real else None,
           "samples": texts[:args.show]}
    row["seconds"] = time.perf_counter() - t0
    row["write_seconds"] = written - t0                  # loading and writing; the rest is scoring
    return row


def cell(row, column):
    key = {"hero kept": "hero_kept", "mean names": "mean_names", "one name": "one_name",
           "repeated 4-grams": "repeated_4grams", "bpb builtin val": "bpb_builtin_val", "bpb real": "bpb_real"
           }.get(column, column)
    if column == "name nats first / again":
        first, again = row.get("name_nats") or (None, None)
        return "-" if first is None or again is None else f"{first:.2f} / {again:.2f}"
    value = row.get(key)
    if value is None:
        return "-"
    if column in ("hero kept", "one name", "ends"):
        return f"{100 * value:.0f}%"
    if column == "repeated 4-grams":
        return f"{100 * value:.1f}%"
    if column in ("mean names",):
        return f"{value:.2f}"
    if column.startswith("bpb"):
        return f"{value:.3f}"
    if column == "seconds":
        return f"{value:.0f}"
    if column == "params":
        return f"{value / 1e6:.2f}M"
    return str(value)


def table(rows):
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join("---" for _ in COLUMNS) + "|"]
    lines += ["| " + " | ".join(cell(row, c) for c in COLUMNS) + " |" for row in rows]
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------------------- main
def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint", action="append", help="a checkpoint to score (repeat for several; default "
                   "out_dir/best.safetensors of the shipped config)")
    p.add_argument("--stories", type=int, default=50, help="stories written per checkpoint (seeds 0..N-1)")
    p.add_argument("--tokens", type=int, default=400, help="most new tokens per story")
    p.add_argument("--seed-text", default="Once upon a time", help="what every story starts with")
    p.add_argument("--real", default=None, help="real stories to score (the last tenth); default "
                   f"{DEFAULT_REAL} when it exists")
    p.add_argument("--val", default=None, help="score these stories (all of them) in the builtin val column instead "
                   "of the built-in validation split")
    p.add_argument("--name", action="append", default=[], help="count this name as a child's name too (repeat for "
                   "several): a hero a fine-tune taught, which data/stories.py never uses")
    p.add_argument("--corpus-stories", type=int, default=CORPUS_STORIES, help="corpus stories for k and its row")
    p.add_argument("--show", type=int, default=2, help="sample stories to print per checkpoint")
    p.add_argument("--json", default=None, help="also save the figures to this file")
    p.add_argument("--device", default="cpu", choices=["cpu", "gpu", "auto"])
    p.add_argument("--cpu-kernels", default="auto", choices=["auto", "numba", "numpy"], help="the cpu_kernels flag "
                   "for writing and scoring (the stories are the same either way, up to float rounding)")
    p.add_argument("--threads", type=int, default=1, help="BLAS threads on the CPU (1: NumPy's stacked (B, T, C) "
                   "matmuls, which slm's forward takes, run several times slower on 2 BLAS threads than on 1)")
    args = p.parse_args(argv)
    for name in ("stories", "tokens", "corpus_stories"):
        if getattr(args, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.show < 0:
        p.error("--show must be 0 or more")
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    import slm
    from data.stories import generate_stories
    backend = slm.use_backend(args.device)
    defaults = frozen_defaults()
    cfg = slm.make_config(file_values=defaults, device=args.device)
    paths = [Path(c) for c in args.checkpoint] if args.checkpoint else [slm.checkpoint_path(cfg)]
    sampling = {name: defaults[name] for name in ("temperature", "top_k", "top_p")}
    real_path = Path(args.real) if args.real else (DEFAULT_REAL if DEFAULT_REAL.is_file() else None)
    for path in paths:                              # every checkpoint is checked before the slow part starts
        slm.load_checkpoint(path)
    real = real_stories(real_path) if real_path else None
    val = read_all(args.val) if args.val else builtin_val_stories(slm, cfg)
    args.val_fraction = 0.0 if args.val else cfg.val_fraction

    pattern = name_pattern(args.name)
    corpus = generate_stories(args.corpus_stories, CORPUS_SEED)
    k = hero_threshold([distinct_names(s, pattern) for s in corpus])
    rows = [corpus_row(k, pattern, corpus)]
    with slm.blas_threads(args.threads):
        for path in paths:
            rows.append(checkpoint_row(slm, path, args, sampling, k, pattern, val, real))

    cpu = cpu_model()
    print(f"# story quality: {args.stories} stories per checkpoint from {args.seed_text!r}, "
          f"seeds 0..{args.stories - 1}, "
          f"at most {args.tokens} tokens, temperature {sampling['temperature']}, top_k {sampling['top_k']}, "
          f"top_p {sampling['top_p']}; {backend}, {args.threads} threads, {cpu}, {time.strftime('%Y-%m-%d')}")
    print(f"hero kept: 1..k distinct child names, k = {k} (at least {HERO_SHARE:.0%} of {len(corpus):,} corpus stories "
          f"have at most {k}); bpb builtin val: {len(val):,} stories of "
          + (f"{args.val}; " if args.val else "the built-in validation split; ")
          + (f"bpb real: the last tenth of {real_path} ({len(real):,} stories)" if real else
             f"bpb real: skipped (no file at {DEFAULT_REAL}; give --real FILE)"))
    print()
    print(table(rows))
    for row in rows[1:]:
        for i, text in enumerate(row["samples"]):
            print(f"\n--- {row['model']}, story {i} (sample_seed={i}) ---\n{text}")
    if args.json:
        result = {"cpu": cpu, "backend": backend, "threads": args.threads, "date": time.strftime("%Y-%m-%d %H:%M"),
                  "stories": args.stories, "tokens": args.tokens, "seed_text": args.seed_text, **sampling,
                  "k": k, "corpus_stories": len(corpus), "val_stories": len(val),
                  "real": str(real_path) if real else None, "real_stories": len(real) if real else 0, "rows": rows}
        slm.write_atomically(args.json, json.dumps(result, indent=1).encode("utf-8"))
        print(f"\nsaved the figures to {args.json}")
    return rows


if __name__ == "__main__":
    import slm as _slm
    with _slm.friendly_errors():
        main()
