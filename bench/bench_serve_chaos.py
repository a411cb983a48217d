"""Serving under chaos: `python slm.py serve` on a small trained model, 32 concurrent clients for 60 seconds, each
looping over good requests (greedy and sampled, streamed and whole, n = 2, long stop strings), bad requests (every
kind the server refuses: broken JSON, 5,000 levels of nesting, a lone surrogate, a huge top_k, NaN, 15,000-character
stop strings, an unknown field, a body too big, the wrong Content-Type, another site's Host) and readers that leave
mid-story. It stops by itself and prints one table.

    python bench/bench_serve_chaos.py                       # 60 s, 32 clients
    python bench/bench_serve_chaos.py --seconds 20 --clients 8

What it checks, each printed: no good request got a 5xx (or any error), every bad one got the 4xx its kind should,
every good greedy story equals write()'s story alone (written here before the load, with the same kernels), no row is
left taken at the end, the server's log holds no traceback, and its memory (RSS) is flat: read at the start, after a
warm-up, and at the end. The exit status is 1 when a check fails.
"""
import argparse
import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PROMPTS = ["Once upon a time", "The dog", "A bird", "One day", "Once upon a time there was a cat", "The fish"]
LENGTHS = [8, 32, 64, 128, 200]
LONG_STOPS = ["x" * 100, "y" * 100, "z" * 100, " The end"]             # the longest the server takes; one is met
# the bad requests: (body, headers over the good ones, the status it must get)
BAD = {
    "broken JSON": ('{"prompt": "Once", ', {}, 400),
    "not an object": ("[1, 2]", {}, 400),
    "5,000 levels of nesting": ("[" * 5000 + "]" * 5000, {}, 400),
    "a lone surrogate": ('{"prompt": "Once \\ud800"}', {}, 400),
    "top_k 1e30": ('{"prompt": "Once", "top_k": 1000000000000000000000000000000}', {}, 400),
    "NaN temperature": ('{"prompt": "Once", "temperature": NaN}', {}, 400),
    "four 15,000-char stops": (json.dumps({"prompt": "Once", "stop": ["x" * 15000] * 4}), {}, 400),
    "an unknown field": ('{"prompt": "Once", "promt": "x"}', {}, 400),
    "max_tokens past the limit": ('{"prompt": "Once", "max_tokens": 100000}', {}, 400),
    "a body too big": (json.dumps({"prompt": "a" * 70000}), {}, 413),
    "text/plain": ('{"prompt": "Once"}', {"Content-Type": "text/plain"}, 415),
    "another site's Host": ('{"prompt": "Once"}', {"Host": "evil.example"}, 421),
}


def rss_kib(pid, field="VmRSS"):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def cpu_line():
    info = subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines()
    model = next((ln.split(":", 1)[1].strip() for ln in info if ln.startswith("Model name")), "unknown CPU")
    flags = next((ln.split(":", 1)[1].split() for ln in info if ln.startswith("Flags")), [])
    return (f"{model}, {os.cpu_count()} cores, avx2 {'yes' if 'avx2' in flags else 'no'}, avx512f "
            f"{'yes' if 'avx512f' in flags else 'no'}")


def train_small_model(folder, steps):
    """The serving tests' small model (tests/helpers.py's train_small_model, longer): stories it learns in seconds."""
    import slm
    text = folder / "stories.txt"
    text.write_text("".join(f"Once upon a time there was a {w} who liked to play. The end.\n<|endoftext|>\n"
                            for w in ["cat", "dog", "bird", "fish"] * 60))
    os.environ["SLM_DATA_DIR"] = str(folder / "prepared")
    flags = dict(device="cpu", data=str(text), vocab_size=300, n_layer=2, d_model=32, n_head=2, ctx=32,
                 batch_size=8, grad_accum=1, max_steps=steps, warmup_steps=10, checkpoint_every=steps,
                 log_every=steps, eval_windows=4, out_dir=str(folder / "ckpt"), lr=3e-3, resume=False, plot=False,
                 dtype="float32", zero=False)
    cfg = slm.make_config([f"--{k}={v}" for k, v in flags.items()])
    slm.train(cfg, log=lambda *a: None)
    return cfg


class Tally:
    def __init__(self):
        self.lock, self.rows = threading.Lock(), {}

    def add(self, kind, status, check=None):
        """One request of `kind` answered with `status` (0: no answer); check: True/False for a checked story."""
        with self.lock:
            row = self.rows.setdefault(kind, {"n": 0, "2xx": 0, "4xx": 0, "5xx": 0, "none": 0, "ok": 0, "bad": 0})
            row["n"] += 1
            row["2xx" if 200 <= status < 300 else "4xx" if 400 <= status < 500 else "5xx" if status >= 500 else
                "none"] += 1
            if check is not None:
                row["ok" if check else "bad"] += 1


def client(port, seed, until, expected, tally):
    rng = random.Random(seed)
    while time.monotonic() < until:
        roll, kind = rng.random(), "?"
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            if roll < 0.25:                                                    # a bad request
                kind = rng.choice(sorted(BAD))
                body, headers, want = BAD[kind]
                conn.request("POST", "/v1/completions", body=body.encode(),
                             headers={"Content-Type": "application/json", **headers})
                r = conn.getresponse()
                reply = r.read()
                error = json.loads(reply).get("error", {}) if r.status != 200 else {}
                tally.add("bad: " + kind, r.status, r.status == want and bool(error.get("message")))
                continue
            prompt, length = rng.choice(PROMPTS), rng.choice(LENGTHS)
            body = {"prompt": prompt, "max_tokens": length, "temperature": 0}
            if roll < 0.40:
                kind = "leaves mid-story"
                body.update(stream=True, max_tokens=200)
            elif roll < 0.60:
                kind = "greedy, streamed"
                body.update(stream=True)
            elif roll < 0.72:
                kind = "greedy, whole"
            elif roll < 0.80:
                kind = "greedy, 4 long stops"
                body.update(stop=LONG_STOPS)
            elif roll < 0.90:
                kind = "sampled, streamed"
                body.update(stream=True, temperature=0.8, top_p=0.95, top_k=rng.choice([0, 5, 300]),
                            seed=rng.randint(0, 2 ** 63 - 1))
            else:
                kind = "n = 2, whole"
                body.update(n=2, temperature=1.0, seed=rng.randint(0, 1000))
            conn.request("POST", "/v1/completions", body=json.dumps(body),
                         headers={"Content-Type": "application/json"})
            r = conn.getresponse()
            if r.status != 200:
                r.read()
                tally.add(kind, r.status, False)
                continue
            if kind == "leaves mid-story":
                leave_after = rng.randint(1, 20)
                for i, _ in enumerate(r):
                    if i >= leave_after:
                        break
                conn.sock.shutdown(socket.SHUT_RDWR)
                tally.add(kind, r.status)
                continue
            if body.get("stream"):
                text, errors, done = "", 0, False
                for line in r:
                    line = line.decode().strip()
                    if line == "data: [DONE]":
                        done = True
                    elif line.startswith("data: "):
                        chunk = json.loads(line[6:])
                        errors += "error" in chunk
                        text += "".join(c["text"] for c in chunk.get("choices", []))
                good = done and not errors
            else:
                reply = json.loads(r.read())
                text, good = reply["choices"][0]["text"], len(reply["choices"]) == body.get("n", 1)
            if body["temperature"] == 0:
                want = expected[prompt, length]
                if "stop" in body:                                              # write()'s story, cut at a stop
                    cuts = [at for at in (want.find(s, len(prompt)) for s in LONG_STOPS) if at >= 0]
                    want = want[:min(cuts)] if cuts else want
                good = good and prompt + text == want
            tally.add(kind, r.status, good)
        except (OSError, ValueError, KeyError) as e:
            tally.add(kind, 0, False)
            print(f"client {seed}: {type(e).__name__}: {e}", file=sys.stderr)
        finally:
            conn.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--clients", type=int, default=32)
    ap.add_argument("--warm-up", type=float, default=10.0, help="seconds of load before the second memory reading")
    ap.add_argument("--steps", type=int, default=100, help="training steps of the small model")
    ap.add_argument("--cpu-kernels", default="auto", choices=["auto", "numba", "numpy"])
    args = ap.parse_args()
    import slm
    work = Path(tempfile.mkdtemp(prefix="slm-bench-chaos-"))
    cfg = train_small_model(work, args.steps)
    ckpt = Path(cfg.out_dir) / "best.safetensors"
    expected, kernels = {}, []                          # write()'s greedy stories, alone, with the server's kernels
    wcfg = slm.make_config(["--device=cpu", f"--cpu_kernels={args.cpu_kernels}", "--temperature=0",
                            "--stop_at_end=True", "--n_samples=1", f"--checkpoint={ckpt}"])
    slm.writing_kernels(wcfg, "float32", log=kernels.append)
    for prompt in PROMPTS:
        for length in LENGTHS:
            expected[prompt, length] = slm.write(prompt, length, cfg=wcfg, stream=False)
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "slm.py"), "serve", "--device=cpu", f"--cpu_kernels={args.cpu_kernels}",
         f"--checkpoint={ckpt}", "--host=127.0.0.1", "--port=0", "--api_key=", "--serve_slots=32",
         "--serve_max_tokens=1024", "--serve_max_n=16", "--serve_max_body=65536", "--serve_max_waiting=256",
         "--serve_timeout=30.0"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    err = []
    threading.Thread(target=lambda: err.extend(server.stderr), daemon=True).start()
    tally, health, code = Tally(), None, None
    try:
        for line in server.stdout:
            if line.startswith("serving "):
                break
        port = int(line.split(" at ", 1)[1].split()[0].rstrip("/").rsplit(":", 1)[1])
        at_start = rss_kib(server.pid)
        start = time.monotonic()
        threads = [threading.Thread(target=client, args=(port, seed, start + args.seconds, expected, tally))
                   for seed in range(args.clients)]
        for t in threads:
            t.start()
        time.sleep(min(args.warm_up, args.seconds))
        warm = rss_kib(server.pid)
        for t in threads:
            t.join(timeout=args.seconds + 300)
        seconds = time.monotonic() - start
        for _ in range(200):                               # the last leavers' rows are freed at the next token
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", "/health")
            health = json.loads(conn.getresponse().read())
            conn.close()
            if health["writing"] == 0 and health["waiting"] == 0:
                break
            time.sleep(0.05)
        at_end, peak = rss_kib(server.pid), rss_kib(server.pid, "VmHWM")
    finally:
        server.send_signal(signal.SIGINT)                   # Ctrl-C, as a user stops it
        code = server.wait(timeout=60)
    log = "".join(err)
    good = {k: r for k, r in tally.rows.items() if not k.startswith("bad: ")}
    bad = {k: r for k, r in tally.rows.items() if k.startswith("bad: ")}
    total = sum(r["n"] for r in tally.rows.values())
    print(f"CPU: {cpu_line()} | model {slm.n_params(cfg):,} parameters, ctx {cfg.ctx}, vocab {cfg.vocab_size}, "
          f"{args.steps} steps | {' '.join(kernels) or f'cpu_kernels {args.cpu_kernels}'}")
    print(f"{args.clients} clients for {seconds:.0f} s: {total:,} requests ({total / seconds:.0f}/s), "
          f"{health['tokens']:,} tokens in {health['forwards']:,} batched forwards")
    print()
    print("| request | sent | 2xx | 4xx | 5xx | no answer | checked: right / wrong |")
    print("|---|---|---|---|---|---|---|")
    for kind, row in sorted(good.items()) + sorted(bad.items()):
        check = {"leaves mid-story": "(not checked)"}.get(kind, f"{row['ok']} / {row['bad']}")
        print(f"| {kind} | {row['n']} | {row['2xx']} | {row['4xx']} | {row['5xx']} | {row['none']} | {check} |")
    print()
    fives = sum(r["5xx"] for r in good.values())
    greedy = [r for k, r in good.items() if k.startswith("greedy")]
    checks = {
        "no 5xx (or other failure) to a good request": fives == 0 and not sum(r["bad"] + r["none"]
                                                                              for r in good.values()),
        "every good greedy story equals write()'s": sum(r["ok"] for r in greedy) > 0 and not sum(
            r["bad"] for r in greedy),
        "every bad request got its 4xx": not sum(r["bad"] + r["5xx"] + r["none"] for r in bad.values()),
        "no row left taken at the end": health["writing"] == 0 and health["waiting"] == 0,
        "no traceback in the server's log": "Traceback" not in log,
        f"memory flat (RSS {at_start / 1024:.0f} MiB at the start, {warm / 1024:.0f} MiB after "
        f"{args.warm_up:.0f} s, {at_end / 1024:.0f} MiB at the end; peak {peak / 1024:.0f} MiB)": at_end <= 1.10 * warm,
    }
    for what, ok in checks.items():
        print(f"{'ok  ' if ok else 'FAIL'} {what}")
    print(f"5xx to good requests: {fives}; the server's log: {len(log.splitlines())} lines; Ctrl-C stopped it with "
          f"exit status {code}", flush=True)
    sys.exit(0 if all(checks.values()) else 1)


if __name__ == "__main__":
    main()
