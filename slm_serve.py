"""slm_serve: `python slm.py serve`, the OpenAI completions API and a page, many readers at once.

Its page is slm_serve.html beside it; docs/serving.md says how to use it and what was measured. slm.py imports this
module only for the serve command. It reaches the core through `import slm` (under `python slm.py` that is the running
script itself, see slm.py's section 1), so it shares the core's state.

`python slm.py serve` answers POST /v1/completions (the API llama.cpp's server and vLLM speak, so any OpenAI client
works) and GET / (a page to write stories in a browser). One model thread runs the running batch (continuous
batching): every token, ONE forward serves all the stories being written, each row at its own position in its own
rows of one KV cache (forward's per-row positions); a new request prefills into a free row and joins at the next
token; a finished story, or one whose reader went away, leaves at once. The web side (Starlette on uvicorn) never
touches the model: it hands requests to the model thread and gets text back through thread-safe calls
(loop.call_soon_threadsafe), so a slow reader never slows the others. Sampling is write()'s: sample_next, and the
same start (<|endoftext|>, then the prompt), so at temperature 0 a completion is write()'s story.
"""
import difflib
import json
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import numpy

import slm

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


class ApiError(slm.SlmError):
    """A request the API refuses: HTTP status, message, and the field it names (OpenAI's error shape)."""

    def __init__(self, status, message, param=None, kind="invalid_request_error"):
        super().__init__(message)
        self.status, self.param, self.kind = status, param, kind

    def body(self):
        return {"error": {"message": str(self), "type": self.kind, "param": self.param, "code": None}}


COMPLETION_FIELDS = ("model", "prompt", "max_tokens", "temperature", "top_p", "top_k", "n", "stop", "seed", "stream",
                     "stream_options", "user", "echo", "logprobs", "best_of", "frequency_penalty", "presence_penalty",
                     "logit_bias", "suffix")


def completion_request(body, cfg):
    """The JSON body (bytes) of POST /v1/completions -> its settings (a SimpleNamespace), the defaults from cfg's
    writing flags; ApiError 400 naming the field for anything wrong."""
    try:
        req = json.loads(body)
    except (ValueError, UnicodeDecodeError) as e:
        raise ApiError(400, f"the body is not JSON ({e}): send a JSON object like "
                            f'{{"prompt": "Once upon a time", "max_tokens": 50}}') from None
    if not isinstance(req, dict):
        raise ApiError(400, "the body must be a JSON object with a prompt, like {\"prompt\": \"Once upon a time\"}")
    for name in req:
        if name not in COMPLETION_FIELDS:
            close = difflib.get_close_matches(name, COMPLETION_FIELDS, n=1)
            raise ApiError(400, f"unknown field {name!r}{f' (did you mean {close[0]}?)' if close else ''}: "
                                f"/v1/completions takes {', '.join(COMPLETION_FIELDS[:10])}", name)

    def get(name, kinds, default, what, ok=lambda v: True):
        value = req.get(name)
        if value is None:
            return default
        if isinstance(value, bool) and bool not in kinds or not isinstance(value, kinds) or not ok(value):
            raise ApiError(400, f"{name} = {json.dumps(value)[:60]} must be {what}", name)
        return float(value) if float in kinds and not isinstance(value, bool) else value

    prompt = req.get("prompt")
    if isinstance(prompt, str):
        prompts = [prompt]
    elif isinstance(prompt, list) and prompt and all(isinstance(p, str) for p in prompt):
        prompts = prompt
    else:
        raise ApiError(400, "prompt must be a string or a non-empty list of strings, like \"Once upon a time\"",
                       "prompt")
    stop = req.get("stop")
    stops = [stop] if isinstance(stop, str) else stop if stop is not None else []
    if not isinstance(stops, list) or len(stops) > 4 or not all(isinstance(s, str) and s for s in stops):
        raise ApiError(400, "stop must be a string or a list of at most 4 non-empty strings", "stop")
    n = get("n", (int,), 1, f"a whole number from 1 to {cfg.serve_max_n}", lambda v: 1 <= v <= cfg.serve_max_n)
    if n * len(prompts) > cfg.serve_max_n:
        raise ApiError(400, f"n = {n} stories for each of {len(prompts)} prompts is {n * len(prompts)}, more than "
                            f"serve_max_n = {cfg.serve_max_n} in one request: ask for fewer", "n")
    unsupported = {"echo": (False,), "logprobs": (), "best_of": (1, n), "frequency_penalty": (0,),
                   "presence_penalty": (0,), "logit_bias": ({},), "suffix": ("",)}
    for name, allowed in unsupported.items():
        if req.get(name) is not None and req[name] not in allowed:
            raise ApiError(400, f"{name} is not supported by slm: leave it out", name)
    get("model", (str,), "", "the model's name, text")
    get("user", (str,), "", "text")
    options = get("stream_options", (dict,), {}, 'an object like {"include_usage": true}')
    return SimpleNamespace(
        prompts=prompts, n=n, stop=stops,
        max_tokens=get("max_tokens", (int,), 16, f"a whole number from 0 to serve_max_tokens = {cfg.serve_max_tokens}",
                       lambda v: 0 <= v <= cfg.serve_max_tokens),
        temperature=get("temperature", (int, float), cfg.temperature, "a number from 0 (greedy) to 2",
                        lambda v: 0 <= v <= 2),
        top_p=get("top_p", (int, float), cfg.top_p, "a number above 0 and at most 1", lambda v: 0 < v <= 1),
        top_k=get("top_k", (int,), cfg.top_k, "a whole number, 0 (no limit) or more", lambda v: v >= 0),
        seed=get("seed", (int,), None if cfg.sample_seed < 0 else cfg.sample_seed, "a whole number",
                 lambda v: v >= 0),
        stream=get("stream", (bool,), False, "true or false"),
        include_usage=bool(options.get("include_usage", False)))


class Story:
    """One story (one choice of one request) while it is written: its tokens, its row and position in the running
    batch, its sampler, and where its text goes (sink(event), called through the Batcher's deliver)."""

    def __init__(self, index, prompt_ids, req, seed, sink):
        self.index, self.prompt_ids, self.sink = index, prompt_ids, sink
        self.temperature, self.top_k, self.top_p, self.stop = req.temperature, req.top_k, req.top_p, req.stop
        self.max_tokens = req.max_tokens
        # choice 0 draws as write() with sample_seed = seed does; the others from their own stream of that seed
        self.rng = numpy.random.default_rng(None if seed is None else seed if index == 0 else (seed, index))
        self.ids, self.text, self.sent = [], "", 0
        self.settled, self.whole = "", 0       # the text of ids[:whole], which ends on a whole character
        self.history = list(prompt_ids)        # the tokens in the window: what a slide refills from
        self.row, self.pos = None, 0           # its row of the running batch, and the position it writes next
        self.cancelled = False                 # set by the web side (reader gone): the model thread drops it

    def add(self, token, tokenizer):
        """Take one sampled token; returns the finish reason ('stop', 'length') or None.

        The text grows by decoding only the tokens since the last whole character: byte-level BPE decodes a sequence
        to the concatenation of its parts' texts when they are cut between characters, so this equals decoding the
        whole story each time (write()'s text) without its cost growing with the story's length."""
        self.ids.append(int(token))
        self.history.append(int(token))
        settled = len(self.settled)
        piece = slm.decode(tokenizer, self.ids[self.whole:])
        self.text = self.settled + piece
        if not piece.endswith("\ufffd"):      # ends on a whole character: what comes next cannot change it
            self.settled, self.whole = self.text, len(self.ids)
        for s in self.stop:
            at = self.text.find(s, max(0, settled - len(s) + 1))
            if at >= 0:
                self.text = self.text[:at]
                return "stop"
        return "length" if len(self.ids) >= self.max_tokens else None

    def new_text(self, finished):
        """The text not sent yet; while writing, it holds back a half character and a stop string's possible start."""
        end = len(self.text)
        if not finished:
            if self.text.endswith("\ufffd"):
                end -= 1
            for s in self.stop:
                for k in range(min(len(s) - 1, end), 0, -1):
                    if self.text[:end].endswith(s[:k]):
                        end -= k
                        break
        new, self.sent = self.text[self.sent:max(end, self.sent)], max(end, self.sent)
        return new


class Batcher:
    """The model thread and its running batch: `slots` rows of one KV cache, a queue of stories waiting for a row."""

    def __init__(self, model, slots, max_waiting, deliver=None):
        self.P, self.mcfg, self.tokenizer, self.eot = model
        # deliver([(sink, event), ...]): hands one token's events to their readers; the web side makes it one wake-up
        # of its event loop per token for all the stories. By default each sink is called here, on the model thread.
        self.deliver = deliver or (lambda items: [sink(event) for sink, event in items])
        self.kv = slm.KVCache.new(self.mcfg, slots, self.P["wte"].dtype)   # (slots, H, ctx, D) per layer
        self.logits = numpy.zeros((slots, self.mcfg.vocab_size), dtype=numpy.float32)   # (slots, V): each row's next
        self.rows = [None] * slots                                      # the Story in each row, or None
        self.waiting, self.max_waiting = [], max_waiting
        self.changed = threading.Condition()
        self.closing = None                     # the message every open story ends with, once the server stops
        self.ended = 0                          # how many it ended so
        self.steps, self.tokens = 0, 0          # batched forwards and tokens sampled since the start (/health)
        self.thread = threading.Thread(target=self.run, name="slm-serve-model", daemon=True)

    def start(self):
        self.thread.start()
        return self

    def submit(self, stories):
        with self.changed:
            if self.closing:
                raise ApiError(503, self.closing, kind="server_shutdown")
            if len(self.waiting) + len(stories) > self.max_waiting:
                raise ApiError(429, f"{len(self.waiting)} stories are already waiting for a row "
                                    f"(serve_max_waiting = {self.max_waiting}): try again in a moment",
                               kind="rate_limit_error")
            self.waiting.extend(stories)
            self.changed.notify()

    def cancel(self, stories):
        """The reader is gone: its stories leave the batch before the next token (a finished one is not touched)."""
        with self.changed:
            for story in stories:
                story.cancelled = True
            self.waiting = [s for s in self.waiting if not s.cancelled]
            self.changed.notify()

    def close(self, message="the server is shutting down"):
        """End every open story with `message` and stop the model thread (Ctrl-C)."""
        with self.changed:
            self.closing = message
            self.changed.notify()
        self.thread.join(timeout=30)

    def load(self):
        """(stories being written, stories waiting) — for /health."""
        with self.changed:
            return sum(s is not None for s in self.rows), len(self.waiting)

    def admit(self):
        """Waiting stories into the free rows (the lowest first: the batch stays short); returns them. Call with
        self.changed held."""
        joining = []
        for row, story in enumerate(self.rows):
            if story is None and self.waiting:
                story = self.waiting.pop(0)
                story.row, self.rows[row] = row, story
                joining.append(story)
        return joining

    def run(self):
        while True:
            with self.changed:
                while not self.closing and not self.waiting and not any(self.rows):
                    self.changed.wait()
                if self.closing:
                    ended = [s for s in self.rows if s] + self.waiting
                    self.deliver([(story.sink, ("error", 503, self.closing)) for story in ended])
                    self.ended = len(ended)
                    self.rows, self.waiting = [None] * len(self.rows), []
                    return
                joining = self.admit()
            try:                               # new stories read their prompts, and join the batch at this token
                self.prefill(joining, [story.prompt_ids for story in joining])
                self.step()
            except Exception as e:             # a bug or out of memory: those stories fail, the server goes on
                message = f"the model failed ({type(e).__name__}: {e})"
                print(f"serve: {message}", file=sys.stderr, flush=True)
                with self.changed:
                    self.deliver([(story.sink, ("error", 500, message)) for story in self.rows if story is not None])
                    self.rows = [None] * len(self.rows)

    def prefill(self, stories, tokens):
        """Run each story's tokens (its prompt, or the tokens a slide keeps) into its row from position 0, all in one
        forward: the shorter ones padded at the end, which changes nothing before them (attention is causal), and
        the padding's keys are overwritten before anything reads them."""
        if not stories:
            return
        lengths = numpy.array([len(t) for t in tokens])
        batch = numpy.full((len(stories), lengths.max()), self.eot, dtype=numpy.int64)       # (k, L)
        for i, t in enumerate(tokens):
            batch[i, :len(t)] = t
        rows, L = numpy.array([s.row for s in stories]), batch.shape[1]
        side_by_side = bool((numpy.diff(rows) == 1).all())   # (stories that join together): straight into the rows
        kv = self.kv.rows(rows[0], rows[-1] + 1) if side_by_side else slm.KVCache.new(self.mcfg, len(stories),
                                                                                   self.P["wte"].dtype)
        logits = slm.forward(self.P, self.mcfg, slm.to_device(batch), kv=kv, last=lengths - 1)[0]   # (k, 1, V)
        if not side_by_side:
            for mine, theirs in zip(self.kv.keys + self.kv.values, kv.keys + kv.values):
                mine[slm.to_device(rows), :, :L] = theirs[:, :, :L]
        self.logits[rows] = slm.to_host(logits[:, 0])                                             # (k, V)
        for story, n in zip(stories, lengths):
            story.pos = int(n)

    def leave(self, story):
        with self.changed:
            if self.rows[story.row] is story:
                self.rows[story.row] = None

    def step(self):
        """One token for every story in the batch: sample them all at once, send their text, then one forward for
        them all."""
        ctx, keep = self.mcfg.ctx, max(1, self.mcfg.ctx - self.mcfg.ctx // 4)
        going, sliding, events = [], [], []
        stories = []
        for story in [s for s in self.rows if s is not None]:
            if story.cancelled:
                self.leave(story)
            else:
                stories.append(story)
        writing = [s for s in stories if s.max_tokens > 0]
        if writing:                            # each story draws from its own generator: as if sampled alone
            drawn = slm.sample_next(self.logits[[s.row for s in writing]], [s.temperature for s in writing],
                                [s.top_k for s in writing], [s.top_p for s in writing], [s.rng for s in writing])
            token_of = dict(zip((s.row for s in writing), drawn.tolist()))
        for story in stories:
            if story.max_tokens == 0:
                finish = "length"
            else:
                token = token_of[story.row]
                finish = "stop" if token == self.eot else story.add(token, self.tokenizer)
                self.tokens += 1
            text = story.new_text(finished=finish is not None)
            if text:
                events.append((story.sink, ("text", story.index, text)))
            if finish:
                events.append((story.sink, ("done", story.index, finish, len(story.ids))))
                self.leave(story)
            elif story.pos < ctx:
                going.append(story)
            else:                              # the window is full: as write(), keep the newest tokens, from 0
                story.history = story.history[-keep:]
                sliding.append(story)
        self.deliver(events)                   # the readers get this token's text while the forward runs
        self.prefill(sliding, [story.history for story in sliding])
        if not going:
            return
        n = max(s.row for s in going) + 1
        tokens = numpy.full((n, 1), self.eot, dtype=numpy.int64)
        # a row not stepping gets a stand-in token at the position it writes next (or 0 when free): nothing reads that
        # position before the row's own token overwrites it
        pos = numpy.array([min(s.pos, ctx - 1) if s is not None else 0 for s in self.rows[:n]], dtype=numpy.int64)
        for story in going:
            tokens[story.row, 0] = story.history[-1]
        logits = slm.forward(self.P, self.mcfg, slm.to_device(tokens), kv=self.kv.rows(0, n), pos=pos)[0]
        logits = slm.to_host(logits[:, 0])
        rows = [story.row for story in going]
        self.logits[rows] = logits[rows]
        for story in going:
            story.pos += 1
        self.steps += 1


def check_body_size(request, cfg):
    size = request.headers.get("content-length")
    if size is not None and (not size.isdigit() or int(size) > cfg.serve_max_body):
        raise ApiError(413, f"the body is {size} bytes, more than serve_max_body = {cfg.serve_max_body}: send a "
                            f"shorter prompt")


async def read_body(request, cfg):
    """The request's body, at most serve_max_body bytes, within serve_timeout seconds (a stalled client gets 408)."""
    import asyncio
    check_body_size(request, cfg)

    async def chunks():
        body = b""
        async for chunk in request.stream():
            body += chunk
            if len(body) > cfg.serve_max_body:
                raise ApiError(413, f"the body is over serve_max_body = {cfg.serve_max_body} bytes: send a shorter "
                                    f"prompt")
        return body
    try:
        return await asyncio.wait_for(chunks(), cfg.serve_timeout)
    except asyncio.TimeoutError:
        raise ApiError(408, f"the body did not arrive within serve_timeout = {cfg.serve_timeout} s") from None


def serve_app(cfg, model, model_name, batcher):
    """The Starlette app: the page, /health, /v1/models, /v1/completions, and JSON errors for everything else."""
    import asyncio
    import hmac
    import uuid

    from starlette.applications import Starlette
    from starlette.background import BackgroundTask
    from starlette.exceptions import HTTPException
    from starlette.responses import HTMLResponse, JSONResponse, StreamingResponse
    from starlette.routing import Route
    tokenizer, eot = model[2], model[3]
    created = int(time.time())
    deliver_on = {}                            # event loop -> the Batcher's deliver for it (uvicorn runs one loop)
    streams = [0]                              # streamed responses open now (/health)

    def hand_out(items):                       # on the event loop: each event to its request's queue
        for sink, event in items:
            sink(event)

    def error(e):
        return JSONResponse(e.body(), status_code=e.status,
                            headers={"WWW-Authenticate": "Bearer"} if e.status == 401 else None)

    def check_key(request):
        if not cfg.api_key:
            return
        given = request.headers.get("authorization", "")
        if not hmac.compare_digest(given.encode(), f"Bearer {cfg.api_key}".encode()):
            raise ApiError(401, "this server needs its key: send the header Authorization: Bearer <api_key>",
                           kind="authentication_error")

    async def page(request):
        return HTMLResponse(PAGE.replace("{{NEEDS_KEY}}", "true" if cfg.api_key else "false"))

    async def health(request):
        writing, waiting = batcher.load()
        return JSONResponse({"status": "ok", "model": model_name, "writing": writing, "waiting": waiting,
                             "slots": cfg.serve_slots, "streams": streams[0], "forwards": batcher.steps,
                             "tokens": batcher.tokens})

    async def models(request):
        try:
            check_key(request)
        except ApiError as e:
            return error(e)
        return JSONResponse({"object": "list", "data": [{"id": model_name, "object": "model", "created": created,
                                                         "owned_by": "slm"}]})

    async def completions(request):
        try:
            check_key(request)
            req = completion_request(await read_body(request, cfg), cfg)
        except ApiError as e:
            return error(e)
        loop, events = asyncio.get_running_loop(), asyncio.Queue()

        if batcher.deliver is not deliver_on.get(loop):
            batcher.deliver = deliver_on.setdefault(loop, lambda items: loop.call_soon_threadsafe(hand_out, items))
        sink = events.put_nowait                # called on this event loop, by hand_out
        stories, prompt_tokens = [], 0
        for p, prompt in enumerate(req.prompts):
            ids = ([eot] + slm.encode(tokenizer, prompt))[-model[1].ctx:]    # as write(): after <|endoftext|>
            prompt_tokens += len(ids)
            for j in range(req.n):
                stories.append(Story(p * req.n + j, ids, req, req.seed, sink))
        try:
            batcher.submit(stories)
        except ApiError as e:
            return error(e)
        reply = {"id": f"cmpl-{uuid.uuid4().hex[:24]}", "object": "text_completion", "created": int(time.time()),
                 "model": model_name}

        def usage(completion_tokens):
            return {"prompt_tokens": prompt_tokens, "completion_tokens": completion_tokens,
                    "total_tokens": prompt_tokens + completion_tokens}

        if req.stream:
            head = f"data: {json.dumps(reply)[:-1]}, " + '"choices": [{"index": '   # every chunk's JSON up to its index

            def chunk(event):                  # = json.dumps({**reply, "choices": [choice]}), without building it
                text, finish = (event[2], None) if event[0] == "text" else ("", event[2])
                return (f'{head}{event[1]}, "text": {json.dumps(text)}, "logprobs": null, '
                        f'"finish_reason": {json.dumps(finish)}}}]}}\n\n')

            async def sse():
                streams[0] += 1
                try:
                    open_, written, failed = len(stories), 0, False
                    while open_ and not failed:
                        # every event waiting goes out in one write: when the event loop falls behind the model
                        # (a busy machine), it catches up with one write a stream instead of one a token
                        waiting = [await events.get()]
                        while not events.empty():
                            waiting.append(events.get_nowait())
                        out = []
                        for event in waiting:
                            if event[0] == "error":
                                failure = ApiError(event[1], event[2], kind="server_error").body()
                                out.append(f"data: {json.dumps(failure)}\n\n")
                                failed = True
                                break
                            if event[0] == "done":
                                open_, written = open_ - 1, written + event[3]
                            out.append(chunk(event))
                        yield "".join(out)
                    if not failed and req.include_usage:
                        yield f"data: {json.dumps({**reply, 'choices': [], 'usage': usage(written)})}\n\n"
                    yield "data: [DONE]\n\n"
                finally:                       # ended, or the reader went away: free the rows at once
                    streams[0] -= 1
                    batcher.cancel(stories)
            # the background task runs however the response ends, even if the reader left before the stream began
            return StreamingResponse(sse(), media_type="text/event-stream",
                                     headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
                                     background=BackgroundTask(batcher.cancel, stories))

        async def until_disconnected():
            while (await request.receive())["type"] != "http.disconnect":
                pass
        gone = asyncio.ensure_future(until_disconnected())
        texts, finishes, written = {}, {}, 0
        try:
            while len(finishes) < len(stories):
                get = asyncio.ensure_future(events.get())
                await asyncio.wait({get, gone}, return_when=asyncio.FIRST_COMPLETED)
                if not get.done():
                    get.cancel()
                    return JSONResponse({}, status_code=499)        # nobody is there to read it
                event = get.result()
                if event[0] == "error":
                    return error(ApiError(event[1], event[2], kind="server_error"))
                if event[0] == "text":
                    texts[event[1]] = texts.get(event[1], "") + event[2]
                else:
                    finishes[event[1]], written = event[2], written + event[3]
        finally:
            gone.cancel()
            batcher.cancel(stories)
        choices = [{"index": i, "text": texts.get(i, ""), "logprobs": None, "finish_reason": finishes[i]}
                   for i in range(len(stories))]
        return JSONResponse({**reply, "choices": choices, "usage": usage(written)})

    async def not_found(request, exc):
        path = request.url.path
        if isinstance(exc, HTTPException) and exc.status_code == 405:
            e = ApiError(405, f"{request.method} {path} is not served: use "
                              f"{'POST' if path == '/v1/completions' else 'GET'} {path}")
        elif path.rstrip("/").endswith("chat/completions"):
            e = ApiError(404, "slm writes stories, it is not a chat model: use POST /v1/completions with a prompt")
        else:
            e = ApiError(404, f"no route {path}: the API is POST /v1/completions (and GET /v1/models, /health, "
                              f"the page at /)")
        return error(e)

    routes = [Route("/", page), Route("/health", health), Route("/v1/models", models),
              Route("/v1/completions", completions, methods=["POST"])]
    return Starlette(routes=routes, exception_handlers={404: not_found, 405: not_found})


def timed_http_protocol(timeout):
    """uvicorn's h11 protocol, where a connection that has not sent a whole request head within `timeout` seconds
    is closed (uvicorn times out idle keep-alive connections, not a client that stalls mid-request), and so is one
    that stops reading what it is sent for `timeout` seconds (its story then leaves the batch, as on a disconnect)."""
    import h11
    from uvicorn.protocols.http.h11_impl import H11Protocol

    class TimedH11(H11Protocol):
        write_deadline = None

        def connection_made(self, transport):
            super().connection_made(transport)
            self.head_deadline = self.loop.call_later(timeout, self.head_too_slow)

        def pause_writing(self):               # the socket's buffers are full: the reader has stopped reading
            super().pause_writing()
            self.write_deadline = self.loop.call_later(timeout, self.transport.abort)

        def resume_writing(self):
            super().resume_writing()
            if self.write_deadline is not None:
                self.write_deadline.cancel()

        def head_too_slow(self):
            if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
                self.transport.close()

        def on_response_complete(self):
            super().on_response_complete()
            self.head_deadline.cancel()
            self.head_deadline = self.loop.call_later(timeout, self.head_too_slow)

        def connection_lost(self, exc):
            self.head_deadline.cancel()
            if self.write_deadline is not None:
                self.write_deadline.cancel()
            super().connection_lost(exc)
    return TimedH11


def serve(cfg, log=lambda line: print(line, flush=True)):
    """`python slm.py serve`: load the checkpoint, run the model thread, serve HTTP on cfg.host:cfg.port until
    Ctrl-C (open streams end with a 'shutting down' event). Reads the checkpoint; writes nothing."""
    import socket
    try:
        import starlette  # noqa: F401
        import uvicorn
    except ImportError as e:
        raise slm.SlmError(f"serving needs uvicorn and starlette ({e}): pip install -r requirements.txt") from None
    path = slm.checkpoint_path(cfg)
    model = slm.load_model(path)
    slm.writing_kernels(cfg, model[0]["wte"].dtype, log)
    model_name = f"{path.parent.name}/{path.stem}"
    batcher = Batcher(model, cfg.serve_slots, cfg.serve_max_waiting).start()
    app = serve_app(cfg, model, model_name, batcher)
    family = socket.AF_INET6 if ":" in cfg.host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((cfg.host, cfg.port))
    except OSError as e:
        sock.close()
        raise slm.SlmError(f"cannot listen on {cfg.host}:{cfg.port} ({e.strerror}): choose another --port "
                           f"(or stop what uses it)") from None
    sock.listen(2048)                          # from here connections wait in the queue until uvicorn takes them
    port = sock.getsockname()[1]
    shown = f"[{cfg.host}]" if ":" in cfg.host else cfg.host
    config = uvicorn.Config(app, log_level="warning", http=timed_http_protocol(cfg.serve_timeout),
                            timeout_keep_alive=min(5, cfg.serve_timeout), timeout_graceful_shutdown=5,
                            limit_concurrency=cfg.serve_max_waiting + cfg.serve_slots + 64, lifespan="off")

    class Server(uvicorn.Server):
        async def startup(self, sockets=None):
            # said only once uvicorn has taken Ctrl-C over (its capture_signals is around startup): a Ctrl-C after
            # the line always reaches handle_exit and stops the server
            await super().startup(sockets=sockets)
            log(f"serving {model_name} ({slm.n_params(model[1]):,} parameters) at http://{shown}:{port}/ - the page; "
                f"the API at http://{shown}:{port}/v1 ; Ctrl-C stops")
            if cfg.host not in LOCAL_HOSTS:
                log(f"warning: host = {cfg.host!r}: anyone on your network can use this server"
                    f"{'' if cfg.api_key else ' - set api_key to make them give a key'}")

        def handle_exit(self, sig, frame):     # a signal handler: ending the stories waits, so a thread does it
            threading.Thread(target=batcher.close, daemon=True).start()
            super().handle_exit(sig, frame)
    try:
        # BLAS on all but one core: a decode step's matmuls are small, and the event loop needs a core of its own
        # (OpenBLAS threads spin while they wait, so on 2 cores two of them starve it)
        with slm.blas_threads(max(1, slm.THREADS - 1)):
            Server(config).run(sockets=[sock])
    finally:
        batcher.close()
        sock.close()
        log(f"serve stopped: {batcher.ended} open {'story' if batcher.ended == 1 else 'stories'} ended with "
            f"'{batcher.closing}'")


PAGE = (Path(__file__).resolve().parent / "slm_serve.html").read_text(encoding="utf-8")   # the page GET / serves
