"""A bounded load test of python slm.py serve on 127.0.0.1: 32 streaming clients for 60 seconds, with readers that
leave mid-story and bad requests mixed in. It stops by itself. No 5xx, no row left taken, memory flat."""
import http.client
import json
import random
import threading
import time
from pathlib import Path

from serve_helpers import Served, train_small_model

CLIENTS, SECONDS, WARM_UP = 32, 60.0, 20.0
BAD = ['{"prompt": "Once", ', '{"prompt": 5}', '{"prompt": "a", "max_tokens": 99999}', '{"prompt": "a", "n": 100}',
       '{"prompt": "a", "temperature": "x"}', '{"prompt": "a", "wrong": 1}', '{"prompt": "' + "a" * 5000 + '"}',
       "[" * 2000 + "]" * 2000, '{"prompt": "\\ud800"}', '{"prompt": "a", "top_k": 1e30}',
       '{"prompt": "a", "temperature": NaN}', '{"prompt": "a", "stop": ["' + "x" * 1000 + '"]}']


def peak_rss_kib(pid):
    """The process's peak resident memory so far (VmHWM), in KiB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise AssertionError("no VmHWM in /proc: not Linux?")


def client(port, seed, until, tally):
    rng = random.Random(seed)
    while time.monotonic() < until:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        try:
            if rng.random() < 0.15:                                     # a bad request
                conn.request("POST", "/v1/completions", body=rng.choice(BAD),
                             headers={"Content-Type": "application/json"})
                r = conn.getresponse()
                r.read()
                tally(r.status, "bad")
                continue
            body = {"prompt": rng.choice(["Once upon a time", "The dog", "A bird", "One day"]),
                    "max_tokens": rng.randint(5, 200), "temperature": rng.choice([0, 0.8, 1.2]), "stream": True,
                    "seed": rng.randint(0, 1000)}
            conn.request("POST", "/v1/completions", body=json.dumps(body), headers={"Content-Type": "application/json"})
            r = conn.getresponse()
            leave_after = rng.randint(1, 30) if rng.random() < 0.3 else None   # a reader that goes away
            done = False
            for i, line in enumerate(r):
                if line.strip() == b"data: [DONE]":
                    done = True
                if leave_after is not None and i >= leave_after:
                    break
            tally(r.status, "left" if leave_after is not None and not done else "done" if done else "cut")
        except OSError as e:
            tally(0, f"{type(e).__name__}: {e}")
        finally:
            conn.close()


def test_32_streaming_clients_for_a_minute_with_leavers_and_bad_requests(tmp_path_factory):
    trained = train_small_model(tmp_path_factory.mktemp("load"))
    served = Served(trained, serve_slots=32, serve_max_waiting=256)
    counts, lock = {}, threading.Lock()

    def tally(status, how):
        with lock:
            counts[(status, how)] = counts.get((status, how), 0) + 1
    try:
        start = time.monotonic()
        threads = [threading.Thread(target=client, args=(served.port, seed, start + SECONDS, tally))
                   for seed in range(CLIENTS)]
        for t in threads:
            t.start()
        time.sleep(WARM_UP)
        warm = peak_rss_kib(served.proc.pid)
        for t in threads:
            t.join(timeout=SECONDS + 180)
        assert not any(t.is_alive() for t in threads), "a client was stuck"
        end = peak_rss_kib(served.proc.pid)
        health = None
        for _ in range(200):                     # the last leavers' rows are freed at the next token
            health = served.request("GET", "/health")[1]
            if health["writing"] == 0 and health["waiting"] == 0:
                break
            time.sleep(0.05)
    finally:
        code, out, err = served.stop()
    print(f"load: {counts}; peak RSS {warm} KiB after {WARM_UP:.0f} s, {end} KiB at the end")
    assert not [k for k in counts if k[0] >= 500 or k[0] == 0], counts
    assert sum(n for (status, how), n in counts.items() if status == 200 and how == "done") > CLIENTS, counts
    assert sum(n for (status, how), n in counts.items() if how == "left") > 0, counts
    assert sum(n for (status, how), n in counts.items() if how == "bad" and 400 <= status < 500) > 0, counts
    assert health["writing"] == 0 and health["waiting"] == 0, health
    assert end <= 1.10 * warm, f"peak RSS grew from {warm} KiB after the warm-up to {end} KiB"
    assert "Traceback" not in err, err
