"""Shared by the serving tests: a small trained model, and `python slm.py serve` on it in a subprocess."""
import http.client
import json
import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

from helpers import tiny_config, train_small_model  # noqa: F401  (the serving tests' model)

import slm

ROOT = Path(slm.__file__).resolve().parent


# every flag `slm.py serve` reads, so an edited config.py changes nothing a test checks
SERVE_FLAGS = dict(device="cpu", checkpoint="", temperature=0.8, top_k=0, top_p=0.95, sample_seed=-1,
                   host="127.0.0.1", port=0, api_key="", serve_slots=32, serve_max_tokens=1024, serve_max_n=8,
                   serve_max_body=4096, serve_max_waiting=64, serve_timeout=3.0)


class Served:
    """`python slm.py serve` in a subprocess, on a free port of 127.0.0.1."""

    def __init__(self, cfg, **flags):
        flags = {**SERVE_FLAGS, "out_dir": cfg.out_dir, **flags}
        argv = [sys.executable, str(ROOT / "slm.py"), "serve"] + [f"--{k}={v}" for k, v in flags.items()]
        self.proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env={**os.environ, "PYTHONUNBUFFERED": "1"})
        self.lines = []
        for line in self.proc.stdout:              # the backend line, then the address (a warning may follow)
            self.lines.append(line.rstrip("\n"))
            if line.startswith("serving "):
                break
        else:
            raise AssertionError(f"serve did not start: {self.lines} {self.proc.stderr.read()}")
        self.url = line.split(" at ", 1)[1].split()[0].rstrip("/")        # http://127.0.0.1:PORT
        self.port = int(self.url.rsplit(":", 1)[1])

    def request(self, method, path, body=None, headers=None, timeout=60):
        """(status, parsed JSON or text) of one plain HTTP request."""
        return request(self.port, method, path, body, headers, timeout)

    def stop(self, timeout=60):
        """Ctrl-C; returns (exit code, the rest of stdout, stderr). A server still there after half the timeout gets
        a second Ctrl-C, as a user would press it (uvicorn's force exit): in CI one run in many did not stop after the
        first, which is not reproduced alone (40 Ctrl-Cs at 0-0.4 s after the start all stopped it in 0.1-0.2 s)."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            out, err = self.proc.communicate(timeout=timeout / 2)
        except subprocess.TimeoutExpired:
            self.proc.send_signal(signal.SIGINT)
            out, err = self.proc.communicate(timeout=timeout / 2)
        return self.proc.returncode, out, err


def request(port, method, path, body=None, headers=None, timeout=60):
    """(status, parsed JSON or text) of one plain HTTP request to 127.0.0.1:port, sent as JSON unless headers say."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    data = body if isinstance(body, (bytes, type(None))) else (
        body.encode() if isinstance(body, str) else json.dumps(body).encode())
    conn.request(method, path, body=data, headers={"Content-Type": "application/json", **(headers or {})})
    r = conn.getresponse()
    raw = r.read().decode()
    conn.close()
    try:
        return r.status, json.loads(raw)
    except ValueError:
        return r.status, raw


def send(port, method, path, body=None, headers=None, host=None, timeout=60):
    """(status, headers with lower-case names, body bytes) of one HTTP request sent with exactly these headers (no
    Content-Type unless given) and this Host (default: the server's own address, 127.0.0.1:port)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    conn.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    conn.putheader("Host", host if host is not None else f"127.0.0.1:{port}")
    for name, value in (headers or {}).items():
        conn.putheader(name, value)
    data = body.encode() if isinstance(body, str) else body
    if data is not None:
        conn.putheader("Content-Length", str(len(data)))
    conn.endheaders(data)
    r = conn.getresponse()
    raw = r.read()
    conn.close()
    return r.status, {k.lower(): v for k, v in r.getheaders()}, raw


class InProcess:
    """serve_app on uvicorn in a thread of this process, on a free port of 127.0.0.1: a test can reach into the model
    thread (monkeypatch slm or slm_serve) while a real HTTP server and client run. stop() ends it."""

    def __init__(self, trained, **flags):
        import threading

        import uvicorn

        import slm_serve
        self.cfg = tiny_config(**{**vars(trained), **SERVE_FLAGS, "out_dir": trained.out_dir, **flags})
        model = slm.load_model(slm.checkpoint_path(self.cfg))
        self.batcher = slm_serve.Batcher(model, self.cfg.serve_slots, self.cfg.serve_max_waiting).start()
        app = slm_serve.serve_app(self.cfg, model, "ckpt/best", self.batcher)
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        sock.listen(128)
        self.port = sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, log_level="warning", lifespan="off",
                                http=slm_serve.timed_http_protocol(self.cfg.serve_timeout))
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [sock]}, daemon=True)
        self.thread.start()
        for _ in range(600):
            if self.server.started:
                break
            self.thread.join(0.05)
        assert self.server.started, "uvicorn did not start in a thread"

    def request(self, method, path, body=None, headers=None, timeout=60):
        return request(self.port, method, path, body, headers, timeout)

    def stop(self):
        """End the open stories ('shutting down') and the server; again is harmless."""
        self.server.should_exit = True
        self.batcher.close()
        self.thread.join(timeout=30)
        assert not self.thread.is_alive(), "uvicorn did not stop"


def stream_events(port, body, headers=None, timeout=60):
    """A streamed completion read with plain HTTP: the list of parsed data chunks, and whether [DONE] came."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    conn.request("POST", "/v1/completions", body=json.dumps({**body, "stream": True}),
                 headers={"Content-Type": "application/json", **(headers or {})})
    r = conn.getresponse()
    assert r.status == 200, r.read()
    chunks, done = [], False
    for line in r:
        line = line.decode().strip()
        if line == "data: [DONE]":
            done = True
        elif line.startswith("data: "):
            chunks.append(json.loads(line[6:]))
    conn.close()
    return chunks, done


def write_alone(cfg, prompt, n_tokens, **flags):
    """write()'s story for `prompt`, written alone, with the server's sampling flags."""
    wcfg = tiny_config(**{**vars(cfg), **{k: v for k, v in SERVE_FLAGS.items() if k in vars(cfg)},
                          "stop_at_end": True, "n_samples": 1, **flags})
    return slm.write(prompt, n_tokens, cfg=wcfg, stream=False)
