"""python slm.py serve: the OpenAI completions API (with the official client), continuous batching that equals
write() alone, bad input answered with 4xx, timeouts, the key, Ctrl-C, and nothing written to out_dir."""
import json
import signal
import socket
import subprocess
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
from helpers import tiny_config
from peers import require
from serve_helpers import ROOT, SERVE_FLAGS, Served, stream_events, train_small_model, write_alone

import slm
import slm_serve


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    return train_small_model(tmp_path_factory.mktemp("serve"))


@pytest.fixture(scope="module")
def server(trained):
    served = Served(trained)
    yield served
    served.stop()


@pytest.fixture(scope="module")
def client(server):
    openai = require("openai")
    return openai.OpenAI(base_url=server.url + "/v1", api_key="unused", max_retries=0, timeout=60)


def folder_state(folder):
    return {p.name: (p.stat().st_size, p.stat().st_mtime_ns) for p in Path(folder).iterdir()}


# --- the batch itself, driven step by step on this thread (no HTTP, no scheduling) ---------------------------------

def test_stories_joining_the_running_batch_at_different_tokens_equal_write_alone(trained):
    model = slm.load_model(Path(trained.out_dir) / "best.safetensors")
    batcher = slm_serve.Batcher(model, slots=4, max_waiting=8)
    tokenizer, eot = model[2], model[3]
    prompts = ["Once upon a time", "The dog", "Once upon a time there was a bird", "A fish"]
    events = {i: [] for i in range(len(prompts))}
    stories = []
    for i, prompt in enumerate(prompts):
        ids = [eot] + slm.encode(tokenizer, prompt)
        req = slm_serve.completion_request(json.dumps({"prompt": prompt, "max_tokens": 60, "temperature": 0}),
                                     tiny_config(**vars(trained)))
        stories.append(slm_serve.Story(0, ids, req, None, events[i].append))
    joined_at = [0, 0, 3, 7]                                  # two start together, two join while the others write
    for step in range(200):
        for story, when in zip(stories, joined_at):
            if when == step:
                batcher.submit([story])
        with batcher.changed:
            joining = batcher.admit()
        batcher.prefill(joining, [story.prompt_ids for story in joining])
        if not any(batcher.rows) and step > max(joined_at):
            break
        batcher.step()
    assert not any(batcher.rows), "every story finished and left its row"
    for i, prompt in enumerate(prompts):
        text = "".join(e[2] for e in events[i] if e[0] == "text")
        finish = [e for e in events[i] if e[0] == "done"]
        assert len(finish) == 1
        assert prompt + text == write_alone(trained, prompt, 60, temperature=0.0)
    assert batcher.steps < batcher.tokens, "one forward served several stories at once"


def row_traces(calls, owners, story):
    """story's (positions, tokens, logits) in each forward it ran in: owners[c][i] is the story in row i of call c."""
    out = []
    for (idx, pos, last, logits), owner in zip(calls, owners):
        for i, who in enumerate(owner):
            if who is story:
                out.append(forward_row(idx, pos, last, logits, i))
    return out


def forward_row(idx, pos, last, logits, i):
    """Row i of one forward: the positions it wrote, its tokens there, and the logits it returned."""
    if last is not None:                                  # a prompt (or a slide's refill): positions 0 .. last
        n = int(last[i]) + 1
        return tuple(range(n)), tuple(idx[i, :n].tolist()), logits[i, 0]
    at = int(pos if np.ndim(pos) == 0 else pos[i])        # a decode step: one token at its own position
    return (at,), (int(idx[i, 0]),), logits[i, -1]


def spy_on_forward(monkeypatch):
    """Record every slm.forward call from here on: (tokens, pos, last, logits), all as host arrays."""
    calls, real = [], slm.forward

    def forward(P, cfg, idx, *args, **kwargs):
        out = real(P, cfg, idx, *args, **kwargs)
        last = kwargs.get("last")
        calls.append((slm.to_host(idx).copy(), np.array(kwargs.get("pos", 0)), None if last is None else
                      np.array(last), slm.to_host(out[0]).copy()))
        return out
    monkeypatch.setattr(slm, "forward", forward)
    return calls


@pytest.mark.parametrize("cpu_kernels", ["numpy", "numba"])
@pytest.mark.parametrize("joins_at", [1, 4, 9])
def test_a_late_joiners_positions_and_logits_equal_write_alone_token_by_token(trained, monkeypatch, cpu_kernels,
                                                                              joins_at):
    """A story that joins a running batch at a later token writes, token by token, at the positions write() writes
    it at alone, from the same tokens, and gets the same logits: the prompt from 0, each next token one
    position on, the slide back to the window's start. One position late shows here, not only in the text. (The
    logits agree to float32's rounding: one position off moves them by far more, about 0.1.)"""
    if cpu_kernels == "numba":
        require("numba")
    # 27 tokens of prompt in a 32-token window: the story slides back to the window's start within a few tokens
    prompt, n_tokens = "Once upon a time there was a bird who liked to play. The end. Once upon a time there was a", 60
    write_alone(trained, prompt, 1, temperature=0.0, cpu_kernels=cpu_kernels)   # the kernels as asked, checked
    calls = spy_on_forward(monkeypatch)
    alone = write_alone(trained, prompt, n_tokens, temperature=0.0, cpu_kernels=cpu_kernels)
    alone_rows = [forward_row(*call, 0) for call in calls]
    calls.clear()
    model = slm.load_model(Path(trained.out_dir) / "best.safetensors")
    batcher = slm_serve.Batcher(model, slots=4, max_waiting=8)
    tokenizer, eot = model[2], model[3]
    owners = []                                           # the story in each row of each forward the batch runs
    real_prefill, real_decode = batcher.prefill, batcher.decode

    def prefill(stories, tokens):
        owners.append(list(stories))
        real_prefill(stories, tokens)

    def decode(going):
        a, b = min(s.row for s in going), max(s.row for s in going) + 1
        owners.append([s if s in going else None for s in batcher.rows[a:b]])
        real_decode(going)
    batcher.prefill, batcher.decode = prefill, decode
    cfg = tiny_config(**vars(trained))

    def story(text, max_tokens, events):
        req = slm_serve.completion_request(json.dumps({"prompt": text, "max_tokens": max_tokens, "temperature": 0}),
                                           cfg)
        return slm_serve.Story(0, [eot] + slm.encode(tokenizer, text), req, None, events.append)
    late_events, others = [], ["Once", "The dog", "A fish", "Once upon a time", "One day"]
    late = story(prompt, n_tokens, late_events)
    for step in range(200):                   # two other stories always writing: one ends, another joins
        writing = sum(s is not None for s in batcher.rows) - (late.row is not None and batcher.rows[late.row] is late)
        batcher.submit([story(others[(step + i) % len(others)], 80, []) for i in range(2 - writing)])
        if step == joins_at:
            batcher.submit([late])
        with batcher.changed:
            joining = batcher.admit()
        batcher.join(joining)
        batcher.step()
        if late_events and late_events[-1][0] == "done":
            break
    mine = row_traces(calls, owners, late)
    worst = [0.0]
    for t, ((positions, tokens, logits), (want_positions, want_tokens, want_logits)) in enumerate(
            zip(mine, alone_rows)):
        assert positions == want_positions, f"forward {t}: positions {positions} alone {want_positions}"
        assert tokens == want_tokens, f"forward {t}"
        # to float32's rounding: a forward of several rows (a prompt padded beside another) may sum in another order
        np.testing.assert_allclose(logits, want_logits, rtol=1e-4, atol=1e-4, err_msg=f"forward {t}")
        worst[0] = max(worst[0], float(np.abs(logits - want_logits).max()))
    finish = [e for e in late_events if e[0] == "done"][0][2]
    assert prompt + "".join(e[2] for e in late_events if e[0] == "text") == alone
    # write() runs one more forward after its last token when it stops at the length; the batch does not
    assert len(alone_rows) - len(mine) == (1 if finish == "length" else 0)
    assert [t for t, row in enumerate(mine) if t > 0 and len(row[0]) > 1], "the story slid back to the window's start"
    assert any(len(o) > 1 and late in o for o in owners), "the late story shared forwards with the others"
    print(f"late joiner at token {joins_at} ({cpu_kernels}): {len(mine)} forwards, logits within {worst[0]:.1e}")


def test_sampled_stories_in_one_batch_each_equal_write_alone_with_their_seed(trained):
    model = slm.load_model(Path(trained.out_dir) / "best.safetensors")
    batcher = slm_serve.Batcher(model, slots=4, max_waiting=8)
    tokenizer, eot = model[2], model[3]
    asks = [("Once upon a time", 1.0, 0.9, 0, 5), ("The dog", 0.0, 0.95, 0, None), ("A fish", 0.8, 1.0, 5, 6),
            ("Once upon a time", 1.2, 0.95, 0, 7)]              # each story its own temperature, top_p, top_k, seed
    events = {i: [] for i in range(len(asks))}
    for i, (prompt, temperature, top_p, top_k, seed) in enumerate(asks):
        req = slm_serve.completion_request(json.dumps({"prompt": prompt, "max_tokens": 50, "temperature": temperature,
                                                 "top_p": top_p, "top_k": top_k, "seed": seed}),
                                     tiny_config(**vars(trained)))
        batcher.submit([slm_serve.Story(0, [eot] + slm.encode(tokenizer, prompt), req, req.seed, events[i].append)])
    with batcher.changed:
        joining = batcher.admit()
    batcher.prefill(joining, [story.prompt_ids for story in joining])
    while any(batcher.rows):
        batcher.step()
    for i, (prompt, temperature, top_p, top_k, seed) in enumerate(asks):
        text = "".join(e[2] for e in events[i] if e[0] == "text")
        assert prompt + text == write_alone(trained, prompt, 50, temperature=temperature, top_p=top_p, top_k=top_k,
                                            sample_seed=-1 if seed is None else seed)
    assert batcher.steps < batcher.tokens, "the stories were sampled together"


class InstantBatcher:
    """Stands in for the model thread: a story's whole text is waiting before its stream first reads."""
    deliver, steps, tokens = None, 0, 0

    def submit(self, stories):
        for story in stories:
            story.sink(("text", story.index, "Once"))
            story.sink(("text", story.index, ' "upon" \u00e9'))
            story.sink(("done", story.index, "length", 2))

    def cancel(self, stories):
        pass


def test_events_waiting_together_go_out_in_one_write_as_the_same_chunks(trained):
    import asyncio
    model = slm.load_model(Path(trained.out_dir) / "best.safetensors")
    app = slm_serve.serve_app(tiny_config(**vars(trained)), model, "run/best", InstantBatcher())
    body = json.dumps({"prompt": "Once", "max_tokens": 2, "stream": True}).encode()
    scope = {"type": "http", "asgi": {"version": "3.0", "spec_version": "2.4"}, "http_version": "1.1",
             "method": "POST", "scheme": "http", "path": "/v1/completions", "raw_path": b"/v1/completions",
             "query_string": b"", "root_path": "", "client": ("127.0.0.1", 1), "server": ("127.0.0.1", 80),
             "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]}
    sent, requests = [], [{"type": "http.request", "body": body, "more_body": False}]

    async def receive():
        if requests:
            return requests.pop(0)
        await asyncio.sleep(60)                              # the reader stays

    async def send(message):
        sent.append(message)
    asyncio.run(app(scope, receive, send))
    writes = [m["body"].decode() for m in sent if m["type"] == "http.response.body" and m["body"]]
    assert len(writes) == 2 and writes[1] == "data: [DONE]\n\n"     # the three waiting events in one write
    chunks = [line[len("data: "):] for line in writes[0].split("\n\n") if line]
    got = [json.loads(c) for c in chunks]
    want = [("Once", None), (' "upon" \u00e9', None), ("", "length")]
    for chunk, parsed, (text, finish) in zip(chunks, got, want):
        expected = {"id": parsed["id"], "object": "text_completion", "created": parsed["created"],
                    "model": "run/best", "choices": [{"index": 0, "text": text, "logprobs": None,
                                                      "finish_reason": finish}]}
        assert chunk == json.dumps(expected)                 # byte for byte what json.dumps makes of the chunk
    assert len(got) == 3


# --- the OpenAI client --------------------------------------------------------------------------------------------

def test_a_completion_at_temperature_zero_is_writes_story(client, trained):
    r = client.completions.create(model="slm", prompt="Once upon a time", max_tokens=60, temperature=0)
    choice = r.choices[0]
    assert "Once upon a time" + choice.text == write_alone(trained, "Once upon a time", 60, temperature=0.0)
    assert choice.finish_reason in ("stop", "length") and r.object == "text_completion"
    assert r.usage.completion_tokens <= 60 and (choice.finish_reason == "stop") == (r.usage.completion_tokens < 60)
    assert r.usage.total_tokens == r.usage.prompt_tokens + r.usage.completion_tokens


def test_a_streamed_completion_equals_the_whole_one(client):
    whole = client.completions.create(model="slm", prompt="The cat", max_tokens=40, temperature=0)
    chunks = list(client.completions.create(model="slm", prompt="The cat", max_tokens=40, temperature=0,
                                            stream=True))
    assert len(chunks) > 2, "the text came in pieces"
    assert "".join(c.choices[0].text for c in chunks) == whole.choices[0].text
    assert chunks[-1].choices[0].finish_reason == whole.choices[0].finish_reason
    assert all(c.choices[0].finish_reason is None for c in chunks[:-1])


def test_n_stories_for_each_of_several_prompts(client, trained):
    r = client.completions.create(model="slm", prompt=["Once", "The bird"], n=3, max_tokens=20, temperature=0)
    assert sorted(c.index for c in r.choices) == list(range(6))
    by_index = {c.index: c.text for c in r.choices}
    assert by_index[0] == by_index[1] == by_index[2] and by_index[3] == by_index[4] == by_index[5]
    assert "The bird" + by_index[3] == write_alone(trained, "The bird", 20, temperature=0.0)
    hot = client.completions.create(model="slm", prompt="Once", n=4, max_tokens=30, temperature=1.5, top_p=1.0,
                                    seed=5)
    assert len({c.text for c in hot.choices}) > 1, "each of the n stories is sampled on its own"


def test_stop_strings_end_the_text_before_them(client):
    greedy = client.completions.create(model="slm", prompt="Once upon a time", max_tokens=40, temperature=0)
    text = greedy.choices[0].text
    words = text.split()
    stop = " " + words[len(words) // 2]                     # a word from the middle of the story
    cut = text[:text.find(stop)]
    for stops in (stop, [stop, "never there"]):
        r = client.completions.create(model="slm", prompt="Once upon a time", max_tokens=40, temperature=0,
                                      stop=stops)
        assert r.choices[0].text == cut and r.choices[0].finish_reason == "stop"
    streamed = client.completions.create(model="slm", prompt="Once upon a time", max_tokens=40, temperature=0,
                                         stop=stop, stream=True)
    assert "".join(c.choices[0].text for c in streamed) == cut


def test_same_seed_same_story_and_seeded_like_write(client, trained):
    ask = dict(model="slm", prompt="Once upon a time", max_tokens=40, temperature=1.2, top_p=1.0)
    a = client.completions.create(seed=11, **ask).choices[0].text
    b = client.completions.create(seed=11, **ask).choices[0].text
    others = {client.completions.create(seed=s, **ask).choices[0].text for s in (12, 13, 14, 15)}
    assert a == b
    assert len(others | {a}) > 1
    assert "Once upon a time" + a == write_alone(trained, "Once upon a time", 40, temperature=1.2, top_p=1.0,
                                                 sample_seed=11)


def test_errors_surface_as_the_clients_exceptions(client):
    openai = require("openai")
    with pytest.raises(openai.BadRequestError, match="max_tokens"):
        client.completions.create(model="slm", prompt="Once", max_tokens=5000)
    with pytest.raises(openai.BadRequestError, match="n "):
        client.completions.create(model="slm", prompt="Once", n=50)
    with pytest.raises(openai.BadRequestError, match="temperature"):
        client.completions.create(model="slm", prompt="Once", temperature=7)
    with pytest.raises(openai.NotFoundError, match="/v1/completions"):
        client.chat.completions.create(model="slm", messages=[{"role": "user", "content": "hi"}])
    assert client.models.list().data[0].id == "ckpt/best"


# --- bad input, plain HTTP ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("body, status, param", [
    ('{"prompt": "Once", ', 400, None),                                  # malformed JSON
    ('[1, 2]', 400, None),                                                # not an object
    ({"max_tokens": 5}, 400, "prompt"),                                   # no prompt
    ({"prompt": 7}, 400, "prompt"),
    ({"prompt": ["a", 3]}, 400, "prompt"),
    ({"prompt": "a", "max_tokens": "ten"}, 400, "max_tokens"),
    ({"prompt": "a", "max_tokens": 1025}, 400, "max_tokens"),
    ({"prompt": "a", "max_tokens": True}, 400, "max_tokens"),
    ({"prompt": "a", "temperature": "hot"}, 400, "temperature"),
    ({"prompt": "a", "top_p": 0}, 400, "top_p"),
    ({"prompt": "a", "top_k": -1}, 400, "top_k"),
    ({"prompt": "a", "n": 9}, 400, "n"),
    ({"prompt": ["a", "b", "c"], "n": 3}, 400, "n"),
    ({"prompt": "a", "stop": [1]}, 400, "stop"),
    ({"prompt": "a", "stop": ["a", "b", "c", "d", "e"]}, 400, "stop"),
    ({"prompt": "a", "seed": "x"}, 400, "seed"),
    ({"prompt": "a", "stream": "yes"}, 400, "stream"),
    ({"prompt": "a", "promt": "b"}, 400, "promt"),                        # an unknown field
    ({"prompt": "a", "logprobs": 3}, 400, "logprobs"),                    # known to OpenAI, not to slm
    ({"prompt": "a" * 5000}, 413, None),                                  # over serve_max_body
])
def test_bad_requests_get_a_4xx_naming_the_field_and_the_server_goes_on(server, body, status, param):
    got, reply = server.request("POST", "/v1/completions", body)
    assert got == status and reply["error"]["param"] == param and reply["error"]["message"]
    ok, good = server.request("POST", "/v1/completions", {"prompt": "Once", "max_tokens": 3})
    assert ok == 200 and len(good["choices"]) == 1


def test_unknown_routes_and_methods_name_the_api(server):
    for method, path, status in [("GET", "/v1/nothing", 404), ("POST", "/v1/chat/completions", 404),
                                 ("GET", "/v1/completions", 405)]:
        got, reply = server.request(method, path)
        assert got == status and "/v1/completions" in reply["error"]["message"]
    assert server.request("GET", "/health")[1]["status"] == "ok"
    status, page = server.request("GET", "/")
    assert status == 200 and "Once upon a time" in page and "http" not in page.split("<script>")[0].lower()


def test_a_stalled_client_is_cut_off_and_others_are_served(server):
    half_body = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    half_body.sendall(f"POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n".encode() +
                      b"Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"prompt\":")
    half_head = socket.create_connection(("127.0.0.1", server.port), timeout=30)
    half_head.sendall(f"POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n".encode())
    assert server.request("POST", "/v1/completions", {"prompt": "Once", "max_tokens": 3})[0] == 200
    answer = b""
    while b"}}" not in answer:                           # after serve_timeout: 408, with an OpenAI-style error
        piece = half_body.recv(4096)
        assert piece, f"closed without an answer: {answer!r}"
        answer += piece
    assert answer.startswith(b"HTTP/1.1 408") and b"serve_timeout" in answer
    assert half_head.recv(4096) == b""                  # closed without a whole request head
    half_body.close(), half_head.close()


def test_a_reader_that_stops_reading_is_cut_off(trained):
    served = Served(trained, serve_max_tokens=20000, serve_timeout=2.0)
    try:
        reader = socket.socket()
        reader.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)       # small buffers fill soon
        reader.connect(("127.0.0.1", served.port))
        body = json.dumps({"prompt": "Once upon a time", "max_tokens": 20000, "temperature": 0, "stream": True,
                           "n": 8})                             # 8 stories: the buffers fill 8 times sooner
        reader.sendall(f"POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1:{served.port}\r\n"
                       f"Content-Type: application/json\r\n"
                       f"Content-Length: {len(body)}\r\n\r\n{body}".encode())
        health = None
        for _ in range(1200):                  # it reads nothing: the server gives up on it (and its story)
            health = served.request("GET", "/health")[1]
            if health["streams"] == 0 and health["writing"] == 0 and health["tokens"] > 0:
                break
            threading.Event().wait(0.1)
        print("cut off:", health)
        assert health["streams"] == 0 and health["writing"] == 0, health
        assert health["tokens"] < 8 * 19000, "the stories left before they were written to the end"
        reader.settimeout(30)
        got = b""
        while True:
            try:
                piece = reader.recv(65536)
            except ConnectionResetError:
                break
            if not piece:
                break
            got += piece
        assert got.startswith(b"HTTP/1.1 200") and b"data: [DONE]" not in got
        assert served.request("POST", "/v1/completions", {"prompt": "Once", "max_tokens": 3})[0] == 200
    finally:
        served.stop()


def test_a_reader_that_goes_away_frees_its_row_at_once(trained):
    served = Served(trained, serve_slots=1, serve_max_tokens=100000)
    try:
        import http.client
        conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=60)
        conn.request("POST", "/v1/completions", body=json.dumps(
            {"prompt": "Once upon a time", "max_tokens": 100000, "temperature": 0, "stream": True}),
            headers={"Content-Type": "application/json"})
        r = conn.getresponse()
        assert r.readline().startswith(b"data: ")         # the story is being written in the only row
        conn.sock.shutdown(socket.SHUT_RDWR)
        conn.close()                                      # 100000 tokens: it would hold the row for minutes
        status, reply = served.request("POST", "/v1/completions", {"prompt": "The", "max_tokens": 5}, timeout=120)
        assert status == 200 and reply["choices"][0]["finish_reason"] in ("stop", "length")
        assert served.request("GET", "/health")[1]["tokens"] < 20000
    finally:
        served.stop()


# --- the command ----------------------------------------------------------------------------------------------------

def test_ctrl_c_closes_open_streams_and_nothing_is_written_to_out_dir(trained):
    before = folder_state(trained.out_dir)
    served = Served(trained, serve_max_tokens=100000)
    import http.client
    conn = http.client.HTTPConnection("127.0.0.1", served.port, timeout=60)
    conn.request("POST", "/v1/completions", body=json.dumps(
        {"prompt": "Once upon a time", "max_tokens": 100000, "temperature": 0, "stream": True}),
        headers={"Content-Type": "application/json"})
    r = conn.getresponse()
    assert r.readline().startswith(b"data: ")
    code, out, err = served.stop()
    rest = r.read().decode()
    assert "shutting down" in rest and rest.rstrip().endswith("data: [DONE]")
    assert code in (0, 130) and "Traceback" not in err
    assert folder_state(trained.out_dir) == before


def test_one_ctrl_c_right_after_the_serving_line_stops_the_server(trained):
    # the line is said from uvicorn's startup, inside its signal capture: a Ctrl-C the moment it shows is the
    # server's to handle (it once could land before uvicorn's handler and be lost, and only a second one stopped it)
    served = Served(trained)
    served.proc.send_signal(signal.SIGINT)
    try:
        out, err = served.proc.communicate(timeout=60)     # one Ctrl-C: no second one comes
    except subprocess.TimeoutExpired:
        served.proc.kill()
        raise AssertionError("one Ctrl-C right after the serving line did not stop the server") from None
    assert served.proc.returncode in (0, 130) and "serve stopped" in out and "Traceback" not in err

def test_api_key_guards_every_api_route(trained):
    served = Served(trained, api_key="sekret")
    try:
        for headers in ({}, {"Authorization": "Bearer wrong"}):
            for method, path in (("POST", "/v1/completions"), ("GET", "/v1/models")):
                status, reply = served.request(method, path, {"prompt": "Once"}, headers=headers)
                assert status == 401 and "Authorization" in reply["error"]["message"]
        openai = require("openai")
        with pytest.raises(openai.AuthenticationError):
            openai.OpenAI(base_url=served.url + "/v1", api_key="wrong", max_retries=0).completions.create(
                model="slm", prompt="Once", max_tokens=3)
        good = openai.OpenAI(base_url=served.url + "/v1", api_key="sekret", max_retries=0)
        assert len(good.completions.create(model="slm", prompt="Once", max_tokens=3).choices) == 1
        assert "needsKey = true" in served.request("GET", "/")[1]
    finally:
        served.stop()


def test_host_for_everyone_says_so(trained):
    served = Served(trained, host="0.0.0.0")
    try:
        assert any("anyone on your network" in line for line in served.lines + [served.proc.stdout.readline()])
    finally:
        served.stop()


def test_serve_without_a_checkpoint_says_train_first(tmp_path):
    flags = {**SERVE_FLAGS, "out_dir": str(tmp_path)}
    r = subprocess.run([sys.executable, str(ROOT / "slm.py"), "serve"] + [f"--{k}={v}" for k, v in flags.items()],
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 1 and "train first" in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_serving_flags_are_checked():
    for flag, value in [("port", 70000), ("serve_slots", 0), ("serve_timeout", 0.0), ("host", " ")]:
        with pytest.raises(slm.SlmError, match=flag):
            slm.make_config(file_values={**slm.read_config_file(), flag: value})


# --- many readers at once ----------------------------------------------------------------------------------------

def test_sixteen_readers_at_once_each_get_their_own_story(server, trained):
    prompts = [f"Once upon a time there was a {w}" for w in ["cat", "dog", "bird", "fish"]] + \
              [f"The {w}" for w in ["cat", "dog", "bird", "fish", "sun", "tree", "boy", "girl"]] + \
              ["Once", "A", "It was", "One day"]
    results = [None] * len(prompts)
    stalled = socket.create_connection(("127.0.0.1", server.port), timeout=30)   # a reader that never reads
    stalled.sendall(f"POST /v1/completions HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n".encode() +
                    b"Content-Type: application/json\r\nContent-Length: 63\r\n\r\n" +
                    json.dumps({"prompt": "Once", "max_tokens": 1000, "stream": True}).encode().ljust(63))

    def read(i):
        results[i] = stream_events(server.port, {"prompt": prompts[i], "max_tokens": 50, "temperature": 0})
    threads = [threading.Thread(target=read, args=(i,)) for i in range(len(prompts))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    stalled.close()
    for prompt, (chunks, done) in zip(prompts, results):
        assert done
        text = "".join(c["choices"][0]["text"] for c in chunks)
        assert prompt + text == write_alone(trained, prompt, 50, temperature=0.0)
