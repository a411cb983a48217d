"""Benchmark: preparing a corpus (data/tokens.py prepare()) against the tokenizers library used raw.

For each corpus, in a fresh subprocess per run so peak memories do not mix:
  slm prepare()    the whole pipeline from the text file: scan, BPE training from a stream of stories, encoding
                   in chunks into uint16 files (a fresh data_dir each run, so nothing is reused)
  raw tokenizers   the same text already split into a list of stories in memory (loading it is not timed):
                   Tokenizer.train_from_iterator(list) with the same trainer, then one encode_batch(list)
Throughput is source MB per second; the ratio is our encoding MB/s over raw encode_batch MB/s. Peak memory is the
subprocess's ru_maxrss (Python, numpy and tokenizers themselves are ~60 MB of it).

Corpora: (a) the built-in generated stories (needs data/stories.py); (b) the TinyStories sample at
../shared/data/tinystories/stories.txt when it exists; (c) with --scale N, that sample repeated N times, to show that
peak memory does not grow with the size of the source.

    python bench/bench_prepare.py [--vocab_size 4096] [--repeat 3] [--scale 40]
"""
import argparse
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = Path(__file__).resolve().parents[2] / "shared/data/tinystories/stories.txt"
sys.path.insert(0, str(ROOT))


def peak_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024     # Linux reports KB


def child_corpus(args):
    from data.stories import write_corpus
    path = Path(args.data_dir) / "builtin" / "stories.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    write_corpus(str(path), log=lambda *a: None)
    return {"path": str(path)}


def child_prepare(args):
    from data.tokens import prepare
    t0 = time.perf_counter()
    p = prepare(args.source, vocab_size=args.vocab_size, data_dir=args.data_dir, log=lambda *a: None)
    total = time.perf_counter() - t0
    meta = json.loads((Path(p.folder) / "meta.json").read_text())
    return {"total_s": total, **{f"{k}_s": v for k, v in meta["seconds"].items()},
            "tokens": meta["train_tokens"] + meta["val_tokens"], "folder": p.folder, "peak_mb": peak_mb()}


def child_raw(args):
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    from data.tokens import EOT, _stories
    stories = list(_stories([(args.source, "eot")]))                  # not timed: the text, split, in memory
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(vocab_size=args.vocab_size, special_tokens=[EOT], show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    t0 = time.perf_counter()
    tokenizer.train_from_iterator(stories, trainer=trainer)
    tokenizer_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    encodings = tokenizer.encode_batch(stories, add_special_tokens=False)
    encode_s = time.perf_counter() - t0
    return {"tokenizer_s": tokenizer_s, "encode_s": encode_s, "peak_mb": peak_mb(),
            "tokens": sum(len(e.ids) + 1 for e in encodings)}


def run_child(kind, **kw):
    argv = [sys.executable, __file__, "--child", kind] + [f"--{k}={v}" for k, v in kw.items()]
    out = subprocess.run(argv, check=True, capture_output=True, text=True, cwd=ROOT).stdout
    return json.loads(out.strip().splitlines()[-1])


def best(runs):
    """Fastest time of each stage over the runs, largest peak memory."""
    merged = {k: min(r[k] for r in runs) for k in runs[0] if k.endswith("_s")}
    merged["peak_mb"] = max(r["peak_mb"] for r in runs)
    merged["tokens"] = runs[0]["tokens"]
    return merged


def bench_case(name, text_path, source, data_dir_with_source, args, rows):
    mb = Path(text_path).stat().st_size / 1e6
    ours, raw = [], []
    for _ in range(args.repeat):                # interleaved, so a busy spell on the machine hits both sides
        with tempfile.TemporaryDirectory() as tmp:
            if data_dir_with_source:                                    # builtin: its corpus, pre-generated
                shutil.copytree(data_dir_with_source, tmp, dirs_exist_ok=True)
            ours.append(run_child("prepare", source=source, data_dir=tmp, vocab_size=args.vocab_size))
        raw.append(run_child("raw", source=text_path, vocab_size=args.vocab_size))
    ours, raw = best(ours), best(raw)
    raw_encode = mb / raw["encode_s"]
    rows.append((name, mb, "slm prepare()", ours["tokenizer_s"], mb / ours["tokenizer_s"], mb / ours["encode_s"],
                 mb / ours["encode_s"] / raw_encode, ours["total_s"], ours["peak_mb"], ours["tokens"]))
    rows.append((name, mb, "raw tokenizers", raw["tokenizer_s"], mb / raw["tokenizer_s"], raw_encode, 1.0,
                 raw["tokenizer_s"] + raw["encode_s"], raw["peak_mb"], raw["tokens"]))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--child", choices=["corpus", "prepare", "raw"])
    parser.add_argument("--source")
    parser.add_argument("--data_dir")
    parser.add_argument("--vocab_size", type=int, default=4096)
    parser.add_argument("--repeat", type=int, default=3, help="runs per case; the fastest counts")
    parser.add_argument("--scale", type=int, default=0, help="also run the TinyStories sample repeated N times")
    args = parser.parse_args()
    if args.child:
        print(json.dumps({"corpus": child_corpus, "prepare": child_prepare, "raw": child_raw}[args.child](args)))
        return

    import tokenizers
    rows, notes = [], []
    with tempfile.TemporaryDirectory() as work:
        if (ROOT / "data" / "stories.py").exists():
            builtin_dir = Path(work) / "builtin-data"
            corpus = run_child("corpus", data_dir=builtin_dir)["path"]
            bench_case("builtin", corpus, "builtin", builtin_dir, args, rows)
        else:
            notes.append("builtin: skipped, data/stories.py is missing")
        if SAMPLE.exists():
            bench_case("tinystories sample", SAMPLE, str(SAMPLE), None, args, rows)
            if args.scale:
                big = Path(work) / f"tinystories-x{args.scale}.txt"
                with open(big, "wb") as f:
                    for _ in range(args.scale):
                        f.write(SAMPLE.read_bytes())
                bench_case(f"sample x{args.scale}", big, str(big), None, args, rows)
        else:
            notes.append(f"tinystories sample: skipped, {SAMPLE} is missing")

    print(f"# bench_prepare: vocab_size={args.vocab_size}, best of {args.repeat} runs, "
          f"{os.cpu_count()} CPUs ({platform.processor() or platform.machine()}), Python {platform.python_version()}, "
          f"tokenizers {tokenizers.__version__}, load average {os.getloadavg()[0]:.1f} at the end\n")
    print("| corpus | MB | pipeline | tokenizer training s | training MB/s | encoding MB/s | encoding vs raw "
          "| total s | peak RSS MB | tokens |")
    print("|---|---:|---|---:|---:|---:|---:|---:|---:|---:|")
    for name, mb, pipeline, train_s, train_mbs, enc_mbs, ratio, total, peak, tokens in rows:
        print(f"| {name} | {mb:,.1f} | {pipeline} | {train_s:.2f} | {train_mbs:.1f} | {enc_mbs:.1f} | {ratio:.2f} "
              f"| {total:.2f} | {peak:,.0f} | {tokens:,} |")
    for note in notes:
        print(f"\n{note}")


if __name__ == "__main__":
    main()
