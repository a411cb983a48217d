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

Nothing unchecked reaches the model thread: completion_request checks every value against what the model takes (a
400 naming the field), and refusal turns away other sites (a /v1 POST that is not declared JSON, a Host that is not
this server's). A fault while writing one story fails that story alone (Batcher.isolated); GET /openapi.json
describes it all.
"""
import difflib
import ipaddress
import json
import re
import sys
import threading
import time
import traceback
from pathlib import Path
from types import SimpleNamespace

import numpy

import slm

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")
JSON_DEPTH = 8          # how deep a body may nest: a request needs 2 (its object, a list of prompts or stops)
MAX_STOPS = 4           # stop strings in one request (OpenAI's limit)
STOP_CHARS = 100        # the longest stop string: matching one costs at most this much a token and story
MAX_SEED = 2 ** 63 - 1  # a seed is a 64-bit signed integer (OpenAI's)
MIN_TEMPERATURE = 1e-6  # the lowest above 0: logits / 5e-324 overflow, and the draw would be <|endoftext|> every time


class ApiError(slm.SlmError):
    """A request the API refuses: HTTP status, message, and the field it names (OpenAI's error shape)."""

    def __init__(self, status, message, param=None, kind="invalid_request_error"):
        super().__init__(message)
        self.status, self.param, self.kind = status, None if param is None else printable(param[:60])[:60], kind

    def body(self):
        return {"error": {"message": printable(str(self)), "type": self.kind, "param": self.param, "code": None}}


def printable(text):
    """text with any lone surrogate written as \\udXXX: what a client sent, fit to be echoed in UTF-8."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


COMPLETION_FIELDS = ("model", "prompt", "max_tokens", "temperature", "top_p", "top_k", "n", "stop", "seed", "stream",
                     "stream_options", "user", "echo", "logprobs", "best_of", "frequency_penalty", "presence_penalty",
                     "logit_bias", "suffix")
STRING_IN_JSON = re.compile(r'"(?:[^"\\]|\\.)*+"?', re.DOTALL)   # possessive: one pass over any body
NOT_A_BRACKET = re.compile(r"[^\[\]{}]+")


def json_depth(text):
    """How deep the arrays and objects of JSON text nest (0: a bare value), counted without parsing it: json.loads
    recurses once a level, so a deep body (5,000 '[') would raise RecursionError. Linear in the text."""
    marks = NOT_A_BRACKET.sub("", STRING_IN_JSON.sub("", text)).encode()
    if not marks:
        return 0
    steps = numpy.frombuffer(marks, dtype=numpy.uint8)
    return int(numpy.cumsum(numpy.where((steps == ord("[")) | (steps == ord("{")), 1, -1)).max())


def parse_json(body):
    """The request's body (bytes, or text) -> its JSON value; ApiError 400 for bytes that are not UTF-8, a body nested
    deeper than JSON_DEPTH, or text that is not JSON."""
    try:
        text = body if isinstance(body, str) else body.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ApiError(400, f"the body is not UTF-8 (byte {e.start}): send JSON text in UTF-8") from None
    depth = json_depth(text)
    if depth > JSON_DEPTH:
        raise ApiError(400, f"the body nests {depth} levels deep, more than {JSON_DEPTH}: send one JSON object whose "
                            f"fields hold text, numbers or lists of text")
    try:
        return json.loads(text)
    except ValueError as e:
        raise ApiError(400, f"the body is not JSON ({str(e)[:100]}): send a JSON object like "
                            f'{{"prompt": "Once upon a time", "max_tokens": 50}}') from None


def same_json(a, b):
    """a == b as JSON values: true is not 1, and 1.0 is 1."""
    if isinstance(a, bool) or isinstance(b, bool):
        return isinstance(a, bool) and isinstance(b, bool) and a == b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return a == b
    return type(a) is type(b) and a == b


def lone_surrogate(text):
    """The index of text's first lone surrogate (JSON's "\\ud800" escapes make them; they are not Unicode text and the
    tokenizer refuses them), or None."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as e:
        return e.start
    return None


def completion_request(body, cfg, vocab_size=None):
    """The JSON body (bytes or text) of POST /v1/completions -> its settings (a SimpleNamespace), the defaults from
    cfg's writing flags; ApiError 400 naming the field for anything wrong. Every value is checked against what the
    model takes (top_k at most vocab_size, the model's; default cfg.vocab_size) before it reaches the model thread."""
    req = parse_json(body)
    if not isinstance(req, dict):
        raise ApiError(400, "the body must be a JSON object with a prompt, like {\"prompt\": \"Once upon a time\"}")
    for name in req:
        if name not in COMPLETION_FIELDS:
            close = difflib.get_close_matches(name, COMPLETION_FIELDS, n=1)
            raise ApiError(400, f"unknown field {name[:40]!r}{f' (did you mean {close[0]}?)' if close else ''}: "
                                f"/v1/completions takes {', '.join(COMPLETION_FIELDS[:10])}", name)
    vocab_size = vocab_size or cfg.vocab_size

    def refuse(name, what):
        raise ApiError(400, f"{name} = {json.dumps(req[name])[:60]} must be {what}", name)

    def whole(name, default, low, high, what):          # JSON has one kind of number: 5.0 is the whole number 5
        value = req.get(name)
        if value is None:
            return default
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            refuse(name, what)
        return value

    def number(name, default, ok, what):                # a float; NaN and infinities are out of every range
        value = req.get(name)
        if value is None:
            return default
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not ok(value):
            refuse(name, what)
        return float(value)

    def text(name, what):
        value = req.get(name)
        if value is not None and not isinstance(value, str):
            refuse(name, what)
        return unicode_checked(name, value)

    def unicode_checked(name, value):
        at = None if value is None else lone_surrogate(value)
        if at is not None:
            raise ApiError(400, f"{name} holds a lone surrogate ({value[at]!r} at character {at}), which is not "
                                f"Unicode text: send valid UTF-8 text", name)
        return value

    prompt = req.get("prompt")
    prompts = [prompt] if isinstance(prompt, str) else prompt
    if not isinstance(prompts, list) or not prompts or not all(isinstance(p, str) for p in prompts):
        raise ApiError(400, "prompt must be a string or a non-empty list of strings, like \"Once upon a time\"",
                       "prompt")
    if len(prompts) > cfg.serve_max_n:
        raise ApiError(400, f"prompt lists {len(prompts)} prompts, more than serve_max_n = {cfg.serve_max_n} in one "
                            f"request: send fewer", "prompt")
    for p in prompts:
        unicode_checked("prompt", p)
    stop = req.get("stop")
    stops = [] if stop is None else [stop] if isinstance(stop, str) else stop
    if (not isinstance(stops, list) or len(stops) > MAX_STOPS
            or not all(isinstance(s, str) and 1 <= len(s) <= STOP_CHARS for s in stops)):
        raise ApiError(400, f"stop must be a string or a list of at most {MAX_STOPS} strings, each of 1 to "
                            f"{STOP_CHARS} characters", "stop")
    for s in stops:
        unicode_checked("stop", s)
    n = whole("n", 1, 1, cfg.serve_max_n, f"a whole number from 1 to serve_max_n = {cfg.serve_max_n}")
    if n * len(prompts) > cfg.serve_max_n:
        raise ApiError(400, f"n = {n} stories for each of {len(prompts)} prompts is {n * len(prompts)}, more than "
                            f"serve_max_n = {cfg.serve_max_n} in one request: ask for fewer", "n")
    unsupported = {"echo": (False,), "logprobs": (), "best_of": (1, n), "frequency_penalty": (0, 0.0),
                   "presence_penalty": (0, 0.0), "logit_bias": ({},), "suffix": ("",)}
    for name, allowed in unsupported.items():        # the value that means "not used", of its own type, passes
        value = req.get(name)
        if value is not None and not any(same_json(value, a) for a in allowed):
            raise ApiError(400, f"{name} is not supported by slm: leave it out", name)
    text("model", "the model's name, text")
    text("user", "text")
    options = req.get("stream_options")
    if options is not None and (not isinstance(options, dict) or set(options) - {"include_usage"}
                                or not isinstance(options.get("include_usage", False), (bool, type(None)))):
        refuse("stream_options", 'an object like {"include_usage": true}')
    stream = req.get("stream")
    if stream is not None and not isinstance(stream, bool):
        refuse("stream", "true or false")
    return SimpleNamespace(
        prompts=prompts, n=n, stop=stops,
        max_tokens=whole("max_tokens", 16, 0, cfg.serve_max_tokens,
                         f"a whole number from 0 to serve_max_tokens = {cfg.serve_max_tokens}"),
        temperature=number("temperature", cfg.temperature, lambda v: v == 0 or MIN_TEMPERATURE <= v <= 2,
                           f"a number from 0 (greedy) to 2, and at least {MIN_TEMPERATURE:g} when above 0"),
        top_p=number("top_p", cfg.top_p, lambda v: 0 < v <= 1, "a number above 0 and at most 1"),
        top_k=whole("top_k", cfg.top_k, 0, vocab_size,
                    f"a whole number from 0 (no limit) to the model's vocabulary size, {vocab_size}"),
        seed=whole("seed", None if cfg.sample_seed < 0 else cfg.sample_seed, 0, MAX_SEED,
                   f"a whole number from 0 to {MAX_SEED}"),
        stream=bool(stream),
        include_usage=bool((options or {}).get("include_usage")))


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
        for s in self.stop:                    # only where s could end in the new text: linear in the story
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
                end -= stop_start(self.text, end, s)
        new, self.sent = self.text[self.sent:max(end, self.sent)], max(end, self.sent)
        return new


def stop_start(text, end, stop):
    """How many characters text[:end] ends with that begin `stop` (fewer than all of it): text the stop string may
    still grow from. The earliest place in the last len(stop) - 1 characters that begins one gives the longest, so the
    cost is bounded by len(stop) (at most STOP_CHARS), however long the story."""
    at = text.find(stop[0], max(0, end - len(stop) + 1), end)
    while at >= 0:
        if stop.startswith(text[at:end]):
            return end - at
        at = text.find(stop[0], at + 1, end)
    return 0


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
                self.join(joining)
                self.step()
            except Exception as e:             # past the per-story guards (a bug in the batch itself): all fail
                message = f"the model failed ({type(e).__name__}: {str(e)[:200]})"
                print(f"serve: {message}", file=sys.stderr, flush=True)
                with self.changed:
                    self.deliver([(story.sink, ("error", 500, message)) for story in self.rows if story is not None])
                    self.rows = [None] * len(self.rows)

    def isolated(self, stories, work, rewind=False):
        """work(stories): all of them at once; if that raises, work([story]) for each alone, so that a fault fails
        only the story it comes from (its reader gets a 500) and the others go on, each as it would alone (a row's
        forward and draw do not depend on the others). rewind: put the generators back before the retries, so no
        story loses a draw to the failed try. Returns the stories that did not fail."""
        if not stories:
            return []
        states = [story.rng.bit_generator.state for story in stories] if rewind else None
        try:
            work(stories)
            return stories
        except Exception as e:
            if len(stories) == 1:
                self.fail(stories[0], e)
                return []
        kept = []
        for i, story in enumerate(stories):
            if rewind:
                story.rng.bit_generator.state = states[i]
            try:
                work([story])
                kept.append(story)
            except Exception as e:
                self.fail(story, e)
        return kept

    def fail(self, story, e):
        """One story failed: its reader gets a 500 (one line, no traceback), its row is freed; the others go on."""
        what = f"{type(e).__name__}: {str(e)[:200]}"
        print(f"serve: a story failed and left the batch ({what})", file=sys.stderr, flush=True)
        self.deliver([(story.sink, ("error", 500, f"writing this story failed ({what}); the server goes on: try "
                                                   f"again, and report it if it happens again"))])
        self.leave(story)

    def join(self, stories):
        """New stories read their prompts into their rows (one forward for them all; alone if that fails)."""
        self.isolated(stories, lambda group: self.prefill(group, [story.prompt_ids for story in group]))

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
        them all. A fault in one story's part (its draw, its text, its row of a forward) fails that story alone."""
        ctx, keep = self.mcfg.ctx, max(1, self.mcfg.ctx - self.mcfg.ctx // 4)
        going, sliding, events = [], [], []
        stories = []
        for story in [s for s in self.rows if s is not None]:
            if story.cancelled:
                self.leave(story)
            else:
                stories.append(story)
        token_of = {}

        def sample(group):                     # each story draws from its own generator: as if sampled alone
            drawn = slm.sample_next(self.logits[[s.row for s in group]], [s.temperature for s in group],
                                    [s.top_k for s in group], [s.top_p for s in group], [s.rng for s in group])
            token_of.update(zip(group, drawn.tolist()))
        writing = set(self.isolated([s for s in stories if s.max_tokens > 0], sample, rewind=True))
        for story in [s for s in stories if s.max_tokens == 0 or s in writing]:
            try:
                if story.max_tokens == 0:
                    finish = "length"
                else:
                    token = token_of[story]
                    finish = "stop" if token == self.eot else story.add(token, self.tokenizer)
                    self.tokens += 1
                text = story.new_text(finished=finish is not None)
            except Exception as e:
                self.fail(story, e)
                continue
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
        self.isolated(sliding, lambda group: self.prefill(group, [story.history for story in group]))
        if self.isolated(going, self.decode):
            self.steps += 1

    def decode(self, going):
        """One forward for the stories in `going`: each row's last token at its own position, over the rows from the
        first of theirs to the last (a row between them not stepping gets a stand-in token at the position it writes
        next, or 0 when free: nothing reads that position before the row's own token overwrites it)."""
        ctx = self.mcfg.ctx
        a, b = min(s.row for s in going), max(s.row for s in going) + 1
        tokens = numpy.full((b - a, 1), self.eot, dtype=numpy.int64)                          # (b - a, 1)
        pos = numpy.array([min(s.pos, ctx - 1) if s is not None else 0 for s in self.rows[a:b]], dtype=numpy.int64)
        for story in going:
            tokens[story.row - a, 0] = story.history[-1]
        logits = slm.forward(self.P, self.mcfg, slm.to_device(tokens), kv=self.kv.rows(a, b), pos=pos)[0]
        logits = slm.to_host(logits[:, 0])                                                    # (b - a, V)
        rows = [story.row for story in going]
        self.logits[rows] = logits[[row - a for row in rows]]
        for story in going:
            story.pos += 1


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


def openapi_document(cfg, vocab_size, model_name):
    """GET /openapi.json: an OpenAPI 3.1 description of the routes, with the completions request's types and ranges
    as completion_request checks them (one thing it cannot say: n times the prompts is at most serve_max_n)."""
    def maybe(schema):                                 # null means "not given" for every optional field
        return {"anyOf": [schema, {"type": "null"}]}
    text = {"type": "string", "description": "Unicode text (a lone surrogate such as \\ud800 is refused)"}
    stop = {"type": "string", "minLength": 1, "maxLength": STOP_CHARS}
    request = {
        "type": "object", "required": ["prompt"], "additionalProperties": False,
        "description": f"n times the number of prompts is at most serve_max_n = {cfg.serve_max_n}; best_of is 1 "
                       f"or n",
        "properties": {
            "model": maybe({**text, "description": "any name: the server has one model"}),
            "prompt": {"anyOf": [text, {"type": "array", "items": text, "minItems": 1, "maxItems": cfg.serve_max_n}],
                       "description": "the beginning of the story (or of several); it follows <|endoftext|>"},
            "max_tokens": maybe({"type": "integer", "minimum": 0, "maximum": cfg.serve_max_tokens, "default": 16}),
            "temperature": maybe({"anyOf": [{"const": 0}, {"type": "number", "minimum": MIN_TEMPERATURE,
                                                           "maximum": 2}], "default": cfg.temperature}),
            "top_p": maybe({"type": "number", "exclusiveMinimum": 0, "maximum": 1, "default": cfg.top_p}),
            "top_k": maybe({"type": "integer", "minimum": 0, "maximum": vocab_size, "default": cfg.top_k,
                            "description": "sample from the k likeliest tokens (0: all)"}),
            "n": maybe({"type": "integer", "minimum": 1, "maximum": cfg.serve_max_n, "default": 1}),
            "stop": maybe({"anyOf": [stop, {"type": "array", "items": stop, "maxItems": MAX_STOPS}]}),
            "seed": maybe({"type": "integer", "minimum": 0, "maximum": MAX_SEED}),
            "stream": maybe({"type": "boolean", "default": False}),
            "stream_options": maybe({"type": "object", "additionalProperties": False,
                                     "properties": {"include_usage": maybe({"type": "boolean"})}}),
            "user": maybe(text),
            "echo": {"enum": [False, None], "description": "not supported: false or left out"},
            "logprobs": {"type": "null", "description": "not supported: left out"},
            "best_of": maybe({"type": "integer", "minimum": 1, "maximum": cfg.serve_max_n,
                              "description": "not supported: 1 or n (the same), or left out"}),
            "frequency_penalty": {"enum": [0, None], "description": "not supported: 0 or left out"},
            "presence_penalty": {"enum": [0, None], "description": "not supported: 0 or left out"},
            "logit_bias": maybe({"type": "object", "maxProperties": 0, "description": "not supported: {}"}),
            "suffix": {"enum": ["", None], "description": "not supported: \"\" or left out"}}}
    choice = {"type": "object", "required": ["index", "text", "logprobs", "finish_reason"], "properties": {
        "index": {"type": "integer", "minimum": 0}, "text": {"type": "string"}, "logprobs": {"type": "null"},
        "finish_reason": {"enum": ["stop", "length", None]}}}
    usage = {"type": "object", "required": ["prompt_tokens", "completion_tokens", "total_tokens"],
             "properties": {name: {"type": "integer", "minimum": 0}
                            for name in ("prompt_tokens", "completion_tokens", "total_tokens")}}
    completion = {"type": "object", "required": ["id", "object", "created", "model", "choices"], "properties": {
        "id": {"type": "string"}, "object": {"const": "text_completion"}, "created": {"type": "integer"},
        "model": {"type": "string"}, "choices": {"type": "array", "items": {"$ref": "#/components/schemas/Choice"}},
        "usage": {"$ref": "#/components/schemas/Usage"}}}
    error = {"type": "object", "required": ["error"], "properties": {"error": {
        "type": "object", "required": ["message", "type", "param", "code"], "properties": {
            "message": {"type": "string"}, "type": {"type": "string"},
            "param": {"type": ["string", "null"]}, "code": {"type": "null"}}}}}

    def answers(ok, *statuses):
        said = {400: "a value the API refuses, named by error.param", 401: "no key or a wrong one (api_key is set)",
                408: "the body did not arrive within serve_timeout", 413: "the body is over serve_max_body",
                415: "Content-Type is not application/json", 421: "the Host header is not this server's",
                429: "serve_max_waiting stories already wait: try again", 500: "writing the story failed",
                503: "the server is shutting down"}
        out = {"200": ok}
        for status in statuses:
            out[str(status)] = {"description": said[status],
                                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        return out
    key = [{"key": []}] if cfg.api_key else []
    as_json = {"application/json": {"schema": {"type": "object"}}}
    return {
        "openapi": "3.1.0",
        "info": {"title": "slm", "version": "1", "description": f"stories from {model_name}: OpenAI's completions "
                 "API (a streamed reply is server-sent events, data: {...} chunks ended by data: [DONE]; a failure "
                 "after the stream began is a data: {\"error\": ...} chunk)"},
        "components": {"schemas": {"CompletionRequest": request, "Completion": completion, "Choice": choice,
                                   "Usage": usage, "Error": error},
                       "securitySchemes": {"key": {"type": "http", "scheme": "bearer"}}},
        "paths": {
            "/v1/completions": {"post": {
                "summary": "write stories that begin with the prompt", "security": key,
                "requestBody": {"required": True, "content": {"application/json": {
                    "schema": {"$ref": "#/components/schemas/CompletionRequest"}}}},
                "responses": answers({"description": "the stories (stream: server-sent events of Completion chunks)",
                                      "content": {"application/json": {"schema": {
                                          "$ref": "#/components/schemas/Completion"}},
                                          "text/event-stream": {"schema": {"type": "string"}}}},
                                     400, 401, 408, 413, 415, 421, 429, 500, 503)}},
            "/v1/models": {"get": {"summary": "the one model", "security": key,
                                   "responses": answers({"description": "a list of one model",
                                                         "content": as_json}, 401, 421)}},
            "/health": {"get": {"summary": "stories being written and waiting", "responses": answers(
                {"description": "the server's load", "content": as_json}, 421)}},
            "/openapi.json": {"get": {"summary": "this document", "responses": answers(
                {"description": "OpenAPI 3.1", "content": as_json}, 421)}},
            "/": {"get": {"summary": "the page to write stories in", "responses": answers(
                {"description": "HTML", "content": {"text/html": {"schema": {"type": "string"}}}}, 421)}}}}


def allowed_hosts(host, port):
    """The Host headers a server listening on host:port answers, or None for any. On a loopback address (the
    default) only its own address and the loopback names, with the port: a web page whose DNS name is rebound to
    127.0.0.1 sends its own name, and is refused. Opened to the network (host = '0.0.0.0', or any other address),
    it answers any name it is reached by."""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = host.lower() == "localhost"
    if not loopback:
        return None
    names = {"127.0.0.1", "localhost", "[::1]", f"[{host.lower()}]" if ":" in host else host.lower()}
    return {f"{name}:{port}" for name in names} | (names if port == 80 else set())


def refusal(scope, cfg):
    """Why a request is refused before it reaches a route (ApiError), or None. A Host that is not this server's
    (DNS rebinding), and a /v1 POST whose body is not declared JSON: a browser sends text/plain, a form or
    multipart to another site without asking, but application/json only after a CORS preflight (OPTIONS), which
    this server never grants."""
    headers = {}
    for name, value in scope["headers"]:
        if name in (b"host", b"content-type"):
            headers[name] = value.decode("latin-1")
    server = scope.get("server")
    allowed = allowed_hosts(cfg.host, server[1]) if server else None
    given = headers.get(b"host")
    if allowed is not None and given is not None and given.lower() not in allowed:
        here = f"http://{'[::1]' if cfg.host == '::1' else cfg.host}:{server[1]}"
        return ApiError(421, f"the Host header {given[:80]!r} is not this server's address: use {here}/ (or serve "
                             f"with host = '0.0.0.0' to answer other names)")
    media = headers.get(b"content-type", "").split(";")[0].strip().lower()
    if scope["method"] == "POST" and scope["path"].startswith("/v1/") and media != "application/json":
        return ApiError(415, f"Content-Type is {media[:60] or 'missing'!r}: send the body as JSON with the header "
                             f"Content-Type: application/json")
    return None


def error_response(e):
    """An ApiError as its HTTP response: OpenAI's error JSON (ASCII, so any text a client sent can be echoed)."""
    from starlette.responses import Response
    return Response(json.dumps(e.body()), status_code=e.status, media_type="application/json",
                    headers={"WWW-Authenticate": "Bearer"} if e.status == 401 else None)


def serve_app(cfg, model, model_name, batcher):
    """The ASGI app: the page, /health, /openapi.json, /v1/models, /v1/completions, and JSON errors for everything
    else; requests from other sites refused first (refusal), and a fault in a request answered with a JSON 500 and
    one line in the log, never a traceback."""
    import asyncio
    import hmac
    import uuid

    from starlette.applications import Starlette
    from starlette.background import BackgroundTask
    from starlette.exceptions import HTTPException
    from starlette.responses import HTMLResponse, JSONResponse, StreamingResponse
    from starlette.routing import Route
    tokenizer, eot, vocab_size = model[2], model[3], model[1].vocab_size
    document = openapi_document(cfg, vocab_size, model_name)
    created = int(time.time())
    deliver_on = {}                            # event loop -> the Batcher's deliver for it (uvicorn runs one loop)
    streams = [0]                              # streamed responses open now (/health)

    def hand_out(items):                       # on the event loop: each event to its request's queue
        for sink, event in items:
            sink(event)

    error = error_response

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

    async def openapi(request):
        return JSONResponse(document)

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
            req = completion_request(await read_body(request, cfg), cfg, vocab_size)
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
            e = ApiError(404, f"no route {printable(path[:80])}: the API is POST /v1/completions (and GET "
                              f"/v1/models, /health, /openapi.json, the page at /)")
        return error(e)

    async def crashed(request, exc):           # Starlette answers with this, then raises exc again for guarded
        return error(ApiError(500, f"the server failed on this request ({type(exc).__name__}): a bug in slm; "
                                   f"the log says where", kind="server_error"))

    routes = [Route("/", page), Route("/health", health), Route("/openapi.json", openapi),
              Route("/v1/models", models), Route("/v1/completions", completions, methods=["POST"])]
    app = Starlette(routes=routes, exception_handlers={404: not_found, 405: not_found, Exception: crashed})

    async def guarded(scope, receive, send):
        if scope["type"] != "http":
            return await app(scope, receive, send)
        refused = refusal(scope, cfg)
        if refused:
            return await error(refused)(scope, receive, send)
        try:
            await app(scope, receive, send)
        except Exception as e:                 # already answered (crashed), or cut mid-stream: one line, no traceback
            where = traceback.extract_tb(e.__traceback__)[-1]
            print(f"serve: {scope['method']} {printable(scope['path'][:80])} failed ({type(e).__name__}: "
                  f"{printable(str(e)[:200])} at {Path(where.filename).name}:{where.lineno})", file=sys.stderr,
                  flush=True)
    return guarded


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
