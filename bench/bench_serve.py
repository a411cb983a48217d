"""Serving speed: `python slm.py serve` with 1, 4, 16 and 32 concurrent streams (continuous batching: one forward per
token for all of them) against the same stories written one at a time with write(), in the same run.

    python bench/bench_serve.py                       # default config's shape, 100 tokens a story
    python bench/bench_serve.py --streams 1,16 --tokens 200 --repeats 2
    python bench/bench_serve.py --temperature 0.8      # sampled (top_p 0.95), story i with seed i on both sides

The model is the default config's shape with its initial weights (speed does not depend on training) and the
tokenizer of the built-in corpus, as bench/bench_write.py. Every story is greedy (temperature 0; or --temperature,
with top_p 0.95 and seed i for story i on both sides) and has its own prompt; initial weights almost never write
<|endoftext|>, so stories run to --tokens (the tokens are counted, not assumed). The server runs in its own process
on 127.0.0.1; the clients are threads here, released together, reading
the server-sent events with plain HTTP. Time to first token: from sending the request to its first text chunk.
Total tokens/s: all streams' tokens over the time from the first request to the last [DONE]. The peer, write() one
story at a time in this process just before each row (the server idles then; with the BLAS threads serve uses: all
cores but one), writes the same stories and counts the same tokens; the last column says how many served texts equal
its.
"""
import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def prompts(n):
    names = ["cat", "dog", "bird", "fish", "boy", "girl", "tree", "sun"]
    return [f"Once upon a time there was a {names[i % 8]} number {i}" for i in range(n)]


def stream(port, prompt, tokens, temperature, gate, out, i):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    body = json.dumps({"prompt": prompt, "max_tokens": tokens, "temperature": temperature, "top_p": 0.95, "top_k": 0,
                       "seed": i, "stream": True, "stream_options": {"include_usage": True}})
    gate.wait()
    start = time.perf_counter()
    conn.request("POST", "/v1/completions", body=body, headers={"Content-Type": "application/json"})
    r = conn.getresponse()
    first, used, text = None, 0, ""
    for line in r:
        if not line.startswith(b"data: {"):
            continue
        chunk = json.loads(line[6:])
        if chunk.get("usage"):
            used = chunk["usage"]["completion_tokens"]
        for choice in chunk["choices"]:
            if choice["text"] and first is None:
                first = time.perf_counter()
            text += choice["text"]
    out[i] = (start, first, time.perf_counter(), used, text)
    conn.close()


def run_streams(port, n, tokens, temperature):
    gate, out = threading.Barrier(n), [None] * n
    threads = [threading.Thread(target=stream, args=(port, p, tokens, temperature, gate, out, i))
               for i, p in enumerate(prompts(n))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    begin, end = min(o[0] for o in out), max(o[2] for o in out)
    ttft = sorted(o[1] - o[0] for o in out)
    return sum(o[3] for o in out) / (end - begin), ttft, [o[4] for o in out]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--streams", default="1,4,16,32")
    ap.add_argument("--tokens", type=int, default=100, help="new tokens per story")
    ap.add_argument("--repeats", type=int, default=1, help="runs per row; the best total tokens/s is shown")
    ap.add_argument("--temperature", type=float, default=0.0)
    args = ap.parse_args()
    import numpy

    import slm
    cfg = slm.make_config(["--device=cpu"])
    slm.use_backend("cpu")
    data = slm.prepare_data(cfg, log=lambda *a: None)
    cfg = SimpleNamespace(**{**vars(cfg), "vocab_size": data.vocab_size})
    work = Path(tempfile.mkdtemp(prefix="slm-bench-serve-"))
    ckpt = work / "model.safetensors"
    params = slm.init_params(cfg)
    zeros = numpy.zeros_like(params)
    slm.save_checkpoint(ckpt, cfg, params, zeros, zeros,
                        {"step": 0, "best_val": None, "tokenizer": data.tokenizer_json})
    counts = [int(s) for s in args.streams.split(",")]
    def wcfg(i):
        return slm.make_config(["--device=cpu", f"--temperature={args.temperature}", "--top_p=0.95", "--top_k=0",
                                f"--sample_seed={i}", "--stop_at_end=True", "--n_samples=1", f"--checkpoint={ckpt}"])
    slm.write("Once", 4, cfg=wcfg(0), stream=False)                        # load and warm up
    _, _, tokenizer, _ = slm.load_model(ckpt)
    alone_texts = {}

    def one_at_a_time(n):
        """write() the first n stories one after another: their tokens/s (the server idles meanwhile)."""
        made, seconds = 0, 0.0
        for i, p in enumerate(prompts(n)):
            story_cfg = wcfg(i)
            with slm.blas_threads(max(1, slm.THREADS - 1)):                # as many BLAS threads as serve uses
                t = time.perf_counter()
                alone_texts[p] = slm.write(p, args.tokens, cfg=story_cfg, stream=False)
                seconds += time.perf_counter() - t
            made += len(slm.encode(tokenizer, alone_texts[p])) - len(slm.encode(tokenizer, p))
        return made / seconds

    server = subprocess.Popen([sys.executable, str(ROOT / "slm.py"), "serve", "--device=cpu", f"--checkpoint={ckpt}",
                               "--host=127.0.0.1", "--port=0", "--serve_slots=32", f"--serve_max_tokens={args.tokens}",
                               "--temperature=0", "--api_key="],
                              stdout=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        for line in server.stdout:
            if line.startswith("serving "):
                break
        port = int(line.split(" at ", 1)[1].split()[0].rstrip("/").rsplit(":", 1)[1])
        run_streams(port, 1, 8, args.temperature)                           # warm up
        cpu = next((ln.split(":", 1)[1].strip() for ln in subprocess.run(["lscpu"], capture_output=True,
                    text=True).stdout.splitlines() if ln.startswith("Model name")), "unknown CPU")
        print(f"CPU: {cpu}, {slm.CORES} cores | model {slm.n_params(cfg) / 1e6:.2f}M params, ctx {cfg.ctx}, vocab "
              f"{cfg.vocab_size} | {args.tokens} tokens a story, "
              f"{'greedy' if args.temperature == 0 else f'temperature {args.temperature}, top_p 0.95'} | "
              f"best of {args.repeats}")
        print()
        print("| streams | served tok/s (all streams) | x one stream | write() one at a time tok/s | "
              "served / one at a time | first token median ms | p95 ms | same text as write() |")
        print("|---|---|---|---|---|---|---|---|")
        one = None
        for n in counts:
            alone = one_at_a_time(n)                                      # the peer, just before, on the same load
            best = None
            for _ in range(args.repeats):
                rate, ttft, texts = run_streams(port, n, args.tokens, args.temperature)
                if best is None or rate > best[0]:
                    best = (rate, ttft, texts)
            rate, ttft, texts = best
            one = one or rate
            same = sum(p + t == alone_texts[p] for p, t in zip(prompts(n), texts))
            p95 = ttft[min(len(ttft) - 1, int(round(0.95 * (len(ttft) - 1))))]
            print(f"| {n} | {rate:,.0f} | {rate / one:.1f}x | {alone:,.0f} | {rate / alone:.1f}x | "
                  f"{statistics.median(ttft) * 1000:.0f} | {p95 * 1000:.0f} | {same}/{n} |", flush=True)
    finally:
        server.terminate()
        server.wait(timeout=60)


if __name__ == "__main__":
    main()
