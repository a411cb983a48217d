"""data/tokens.py: tokenizer round trip, prepared token files and their reuse, bad inputs, downloads, batches.

Everything runs in tmp_path; the only network is an http.server on 127.0.0.1 started here."""
import functools
import hashlib
import json
import os
import random
import re
import socket
import sys
import threading
import types
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data.tokens import (
    EOT,
    DataError,
    decode,
    download,
    encode,
    prepare,
    sample_batch,
    tokenizer_from_json,
    train_tokenizer,
    val_windows,
)

WORDS = ("once upon a time there was little girl named Lily she loved to play in the park with her dog Max one "
         "day they found big red ball and ran happy sun tree bird sang said mom because wanted share friend").split()


def make_stories(n, seed=0, words=(30, 70)):
    rng = random.Random(seed)
    stories = []
    for i in range(n):
        first = " ".join(rng.choice(WORDS) for _ in range(rng.randint(*words)))
        second = " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 15)))
        stories.append(f"Story {i}: {first.capitalize()}.\n{second.capitalize()}!")
    return stories


def write_eot(path, stories):
    path.write_text("".join(f"{s}\n{EOT}\n" for s in stories), encoding="utf-8")
    return path


def quiet(lines=None):
    return (lambda s: None) if lines is None else lines.append


def snapshot(root):
    """Every file under root with its size, mtime and content hash."""
    return {str(p.relative_to(root)): (p.stat().st_size, p.stat().st_mtime_ns,
                                       hashlib.sha256(p.read_bytes()).hexdigest())
            for p in sorted(root.rglob("*")) if p.is_file()}


# ---------------------------------------------------------------------------------------------------------------
# tokenizer

@functools.lru_cache(maxsize=None)
def small_tokenizer():
    text = make_stories(40) + ["héllo wörld, naïve café — 日本語のテキスト 😀👍🏽",
                               "tabs\tand\r\nnewlines  \n\n  spaces"]
    return train_tokenizer(text, 400)


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_decode_inverts_encode_for_any_string(s):
    tokenizer = small_tokenizer()
    assert decode(tokenizer, encode(tokenizer, s)) == s


@pytest.mark.parametrize("s", ["", " ", "\x00\x01\x7f", "\r\n\r\n", "  leading and trailing  ", "\ufeffbom",
                               "🏳️‍🌈 zwj", "\U0010ffff", "a<|endoftext|>b", EOT + EOT, "<|endoftext",
                               "Story 3:"])
def test_decode_inverts_encode_edge_cases(s):
    tokenizer = small_tokenizer()
    assert decode(tokenizer, encode(tokenizer, s)) == s
    assert decode(tokenizer, np.array(encode(tokenizer, s), dtype=np.uint16)) == s    # ids from a token file


def test_literal_endoftext_in_text_maps_to_eot_id():
    # documented choice: the tokenizers library matches special tokens in text; decoding writes them back
    tokenizer = small_tokenizer()
    eot_id = tokenizer.token_to_id(EOT)
    ids = encode(tokenizer, f"the end{EOT}Once")
    assert ids.count(eot_id) == 1
    assert eot_id not in encode(tokenizer, "the end. Once upon a time")


def test_tokenizer_json_round_trip():
    tokenizer = small_tokenizer()
    again = tokenizer_from_json(tokenizer.to_str())
    s = "Lily and Max played. 日本"
    assert encode(again, s) == encode(tokenizer, s) and decode(again, encode(again, s)) == s
    with pytest.raises(DataError, match="tokenizer"):
        tokenizer_from_json("{not json")


# ---------------------------------------------------------------------------------------------------------------
# prepare

@pytest.fixture
def corpus(tmp_path):
    stories = make_stories(60)
    return write_eot(tmp_path / "stories.txt", stories), stories


def test_prepare_writes_token_files(tmp_path, corpus):
    path, stories = corpus
    lines = []
    p = prepare(str(path), vocab_size=300, ctx=16, val_fraction=0.1, data_dir=tmp_path / "d", log=lines.append)
    folder = tmp_path / "d" / "prepared"
    assert p.folder.startswith(str(folder)) and os.path.basename(p.folder).startswith("stories-v300-")
    for name in ("train.bin", "val.bin", "tokenizer.json", "meta.json"):
        assert os.path.isfile(os.path.join(p.folder, name))
    assert not [f for f in os.listdir(p.folder) if ".tmp" in f]
    assert isinstance(p.train, np.memmap) and p.train.dtype == np.uint16 and p.val.dtype == np.uint16
    assert p.train.mode == "r" and not p.train.flags.writeable
    assert p.vocab_size == p.tokenizer.get_vocab_size() == 300 and p.eot_id == p.tokenizer.token_to_id(EOT)
    assert p.tokenizer_json == p.tokenizer.to_str()
    # 60 stories, val_fraction 0.1: the first 54 train, the last 6 validate; an EOT before every story
    assert p.train[0] == p.eot_id and int((p.train == p.eot_id).sum()) == 54
    assert int((p.val == p.eot_id).sum()) == 6
    assert decode(p.tokenizer, p.train) == "".join(EOT + s for s in stories[:54])
    expected_val = [t for s in stories[54:] for t in [p.eot_id] + encode(p.tokenizer, s)]
    assert p.val.tolist() == expected_val
    meta = json.loads(open(os.path.join(p.folder, "meta.json")).read())
    assert meta["train_tokens"] == len(p.train) and meta["val_tokens"] == len(p.val)
    assert (meta["train_stories"], meta["val_stories"]) == (54, 6)
    assert meta["fingerprint"]["train_files"][0]["size"] == path.stat().st_size
    text = "\n".join(lines)
    assert "60 stories" in text and "trained" in text and "MB/s" in text and f"train {len(p.train):,} tokens" in text


def test_prepare_reuses_then_rebuilds_on_change(tmp_path, corpus):
    path, stories = corpus
    kw = dict(vocab_size=300, ctx=16, val_fraction=0.1, data_dir=tmp_path / "d")
    first = prepare(str(path), **kw, log=quiet())
    before = snapshot(tmp_path / "d")
    lines = []
    again = prepare(str(path), **kw, log=lines.append)
    assert len(lines) == 1 and lines[0].startswith("reusing") and not any("trained" in l for l in lines)
    assert again.folder == first.folder and snapshot(tmp_path / "d") == before
    assert np.array_equal(again.train, first.train)

    lines = []
    other = prepare(str(path), **{**kw, "vocab_size": 320}, log=lines.append)
    assert other.folder != first.folder and other.vocab_size == 320 and any("trained" in l for l in lines)

    write_eot(path, stories[:50])                                     # edit the source: rebuilt in place
    st = path.stat()
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))
    lines = []
    edited = prepare(str(path), **kw, log=lines.append)
    assert edited.folder == first.folder and any("trained" in l for l in lines)
    assert int((edited.train == edited.eot_id).sum()) + int((edited.val == edited.eot_id).sum()) == 50

    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 4_000_000_000))  # touching alone rebuilds too
    lines = []
    prepare(str(path), **kw, log=lines.append)
    assert any("trained" in l for l in lines)


def test_incomplete_folder_is_rebuilt(tmp_path, corpus):
    path, _ = corpus
    kw = dict(vocab_size=300, ctx=16, val_fraction=0.1, data_dir=tmp_path / "d")
    p = prepare(str(path), **kw, log=quiet())
    os.remove(os.path.join(p.folder, "meta.json"))                   # as if killed before the last rename
    lines = []
    prepare(str(path), **kw, log=lines.append)
    assert any("trained" in l for l in lines)
    with open(os.path.join(p.folder, "train.bin"), "ab") as f:         # a token file of the wrong size
        f.write(b"\0\0")
    lines = []
    prepare(str(path), **kw, log=lines.append)
    assert any("trained" in l for l in lines)


def test_story_separators(tmp_path):
    # three stories of two paragraphs each, separated by <|endoftext|> lines; paragraphs by blank lines
    stories = make_stories(3)
    text = "".join(s.replace("\n", "\n\n") + f"\n\n{EOT}\n\n" for s in stories)
    path = tmp_path / "mixed.txt"
    path.write_text(text, encoding="utf-8")
    counts = {}
    for separator in ("auto", "eot", "blank"):
        p = prepare(str(path), vocab_size=300, ctx=4, val_fraction=0.4, story_separator=separator,
                    data_dir=tmp_path / "d", log=quiet())
        meta = json.loads(open(os.path.join(p.folder, "meta.json")).read())
        counts[separator] = meta["train_stories"] + meta["val_stories"]
    # blank: the 6 paragraphs plus the 3 <|endoftext|> lines, each its own "story"
    assert counts == {"auto": 3, "eot": 3, "blank": 9}

    blank_only = tmp_path / "blank.txt"
    blank_only.write_text("\n\n".join(s.replace("\n", " ") for s in stories) + "\n", encoding="utf-8")
    p = prepare(str(blank_only), vocab_size=300, ctx=4, val_fraction=0.4, data_dir=tmp_path / "d", log=quiet())
    assert decode(p.tokenizer, np.concatenate([p.train, p.val])) == "".join(EOT + s.replace("\n", " ") for s in stories)


def test_folder_of_txt_files(tmp_path):
    folder = tmp_path / "books"
    folder.mkdir()
    a, b = make_stories(10, seed=1), make_stories(10, seed=2)
    write_eot(folder / "b.txt", b)
    write_eot(folder / "a.txt", a)
    (folder / "empty.txt").write_text("  \n", encoding="utf-8")
    (folder / "notes.md").write_text("not a story source", encoding="utf-8")
    lines = []
    p = prepare(str(folder), vocab_size=300, ctx=8, val_fraction=0.1, data_dir=tmp_path / "d", log=lines.append)
    assert os.path.basename(p.folder).startswith("books-v300-")
    assert any("skipping" in l and "empty.txt" in l for l in lines)
    assert decode(p.tokenizer, np.concatenate([p.train, p.val])) == "".join(EOT + s for s in a + b)
    assert decode(p.tokenizer, p.val) == EOT + b[-2] + EOT + b[-1]            # the last 10%: 2 of 20


def test_invalid_utf8_is_replaced_with_one_warning_per_file(tmp_path):
    folder = tmp_path / "src"
    folder.mkdir()
    stories = make_stories(20)
    good = "".join(f"{s}\n{EOT}\n" for s in stories).encode()
    (folder / "a.txt").write_bytes(good[:100] + b"\xff\xfe" + good[100:500] + b"\x80" + good[500:])  # 3 bad bytes
    (folder / "b.txt").write_bytes(b"Tom had a \xc3 cat.\n" + good)                               # 1 bad byte
    lines = []
    p = prepare(str(folder), vocab_size=300, ctx=8, val_fraction=0.1, data_dir=tmp_path / "d", log=lines.append)
    warnings = [l for l in lines if "invalid UTF-8" in l]
    assert len(warnings) == 2
    assert "a.txt" in warnings[0] and "3 bytes" in warnings[0]
    assert "b.txt" in warnings[1] and "1 bytes" in warnings[1]
    assert "\ufffd" in decode(p.tokenizer, p.train)


def test_builtin_writes_the_corpus_once(tmp_path, monkeypatch):
    calls = []

    def write_corpus(path, n_stories=20000, seed=1234, log=print):
        calls.append(path)
        write_eot(tmp_path / "tmp.txt", make_stories(30, seed=seed))
        os.replace(tmp_path / "tmp.txt", path)
        log("wrote 30 stories")
        return {"stories": 30}

    monkeypatch.setitem(sys.modules, "data.stories", types.SimpleNamespace(write_corpus=write_corpus))
    p = prepare("builtin", vocab_size=300, ctx=16, data_dir=tmp_path, log=quiet())
    assert calls == [str(tmp_path / "builtin" / "stories.txt")]
    assert os.path.basename(p.folder).startswith("builtin-v300-")
    assert int((p.val == p.eot_id).sum()) == 1                      # 1% of 30 stories, at least one
    lines = []
    prepare("builtin", vocab_size=300, ctx=16, data_dir=tmp_path, log=lines.append)
    assert len(calls) == 1 and lines[0].startswith("reusing")



def test_an_older_builtin_corpus_is_kept_and_named(tmp_path):
    # after a git pull that changes data/stories.py, the corpus on disk is not today's: it is kept (a resumed run
    # needs the tokenizer trained on it) and one line says so and how to rebuild
    from data.stories import corpus_version, write_corpus
    path = tmp_path / "builtin" / "stories.txt"
    path.parent.mkdir()
    write_corpus(str(path), n_stories=40, seed=3, log=quiet())
    assert (tmp_path / "builtin" / "stories.txt.version").read_text() == corpus_version()
    lines = []
    prepare("builtin", vocab_size=300, ctx=16, data_dir=tmp_path, log=lines.append)
    assert not [l for l in lines if "another version" in l]
    before = path.read_bytes()
    (tmp_path / "builtin" / "stories.txt.version").write_text("0123456789ab")
    lines = []
    prepare("builtin", vocab_size=300, ctx=16, data_dir=tmp_path, log=lines.append)
    notes = [l for l in lines if "another version of data/stories.py" in l]
    assert len(notes) == 1 and "0123456789ab" in notes[0] and "delete it" in notes[0]
    assert path.read_bytes() == before and lines[-1].startswith("reusing")

# ---------------------------------------------------------------------------------------------------------------
# bad input: a one-line DataError naming the file or flag, and the prepared data left alone

def _bad_inputs(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text(" \n\t\n\n  \n", encoding="utf-8")
    (tmp_path / "nul.txt").write_bytes(b"Once upon a time\0\0\0" + bytes(range(256)) * 4)
    (tmp_path / "noise.txt").write_bytes(bytes(random.Random(0).randrange(0x80, 0x100) for _ in range(20000)))
    (tmp_path / "nofiles").mkdir()
    (tmp_path / "nofiles" / "readme.md").write_text("no stories here", encoding="utf-8")
    write_eot(tmp_path / "short.txt", ["Tom ran.", "Sue sat."])
    (tmp_path / "one.txt").write_text("One single story with no separators at all.\n", encoding="utf-8")
    return [
        (dict(data=str(tmp_path / "missing.txt")), ["missing.txt", "no such file"]),
        (dict(data=str(tmp_path / "empty.txt")), ["empty.txt", "empty"]),
        (dict(data=str(tmp_path / "blank.txt")), ["blank.txt", "no text"]),
        (dict(data=str(tmp_path / "nul.txt")), ["nul.txt", "binary"]),
        (dict(data=str(tmp_path / "noise.txt")), ["noise.txt", "binary"]),
        (dict(data=str(tmp_path / "nofiles")), ["nofiles", "no .txt files"]),
        (dict(data=str(tmp_path / "short.txt"), ctx=128), ["short.txt", "train split has", "at least 129",
                                                           "--ctx"]),
        (dict(data=str(tmp_path / "one.txt")), ["one.txt", "at least 2"]),
        (dict(vocab_size=70000), ["--vocab_size=70000", "257", "65,536"]),
        (dict(vocab_size=100), ["--vocab_size=100", "257", "65,536"]),
        (dict(story_separator="comma"), ["--story_separator", "auto"]),
        (dict(val_fraction=1.5), ["--val_fraction"]),
    ]


def test_bad_inputs_raise_one_line_and_leave_prepared_data_alone(tmp_path, corpus):
    path, _ = corpus
    data_dir = tmp_path / "d"
    prepare(str(path), vocab_size=300, ctx=16, val_fraction=0.1, data_dir=data_dir, log=quiet())
    before = snapshot(data_dir)
    for kwargs, words in _bad_inputs(tmp_path):
        kwargs = {"data": str(path), "vocab_size": 300, "ctx": 16, "val_fraction": 0.1, **kwargs}
        with pytest.raises(DataError) as error:
            prepare(**kwargs, data_dir=data_dir, log=quiet())
        message = str(error.value)
        assert "\n" not in message, message
        for word in words:
            assert word in message, (kwargs, message)
        assert snapshot(data_dir) == before, kwargs


def test_too_little_text_names_counts_and_keeps_old_tokens(tmp_path, corpus):
    path, stories = corpus
    data_dir = tmp_path / "d"
    kw = dict(vocab_size=300, val_fraction=0.1, data_dir=data_dir, log=quiet())
    p = prepare(str(path), ctx=16, **kw)
    before = snapshot(data_dir)
    with pytest.raises(DataError, match=r"val split has [\d,]+ tokens but --ctx=3000 needs at least 3,001"):
        prepare(str(path), ctx=3000, **kw)                         # reused tokens, too short a val split
    write_eot(path, stories[:2])                                    # the source shrinks: rebuild refused,
    st = path.stat()                                                # the old tokens stay as they were
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 2_000_000_000))
    with pytest.raises(DataError, match="split has"):
        prepare(str(path), ctx=500, **kw)
    assert snapshot(data_dir) == before
    assert not [f for f in os.listdir(p.folder) if ".tmp" in f]


def test_a_story_longer_than_the_context_is_fine(tmp_path):
    path = write_eot(tmp_path / "long.txt", [" ".join(WORDS * 3), "Short one.", " ".join(WORDS * 2)])
    p = prepare(str(path), vocab_size=300, ctx=8, val_fraction=0.3, data_dir=tmp_path / "d", log=quiet())
    assert len(p.train) > 8 * 10


def test_a_given_tokenizer_encodes_without_training_and_keys_the_tokens(tmp_path, corpus):
    path, stories = corpus
    tokenizer = small_tokenizer()
    kw = dict(vocab_size=300, ctx=16, val_fraction=0.1, data_dir=tmp_path / "d")
    lines = []
    p = prepare(str(path), **kw, tokenizer_json=tokenizer.to_str(), log=lines.append)
    assert not any("trained a byte-level" in line for line in lines)
    assert any("none is trained" in line for line in lines) and p.given_tokenizer
    assert p.tokenizer_json == tokenizer.to_str() and p.vocab_size == 400
    eot = tokenizer.token_to_id(EOT)
    assert p.train.tolist() == [t for s in stories[:54] for t in [eot] + encode(tokenizer, s)]
    trained = prepare(str(path), **kw, log=quiet())                       # the same text with its own tokenizer
    assert trained.folder != p.folder and not trained.given_tokenizer
    lines = []
    again = prepare(str(path), **kw, tokenizer_json=tokenizer.to_str(), log=lines.append)
    assert again.folder == p.folder and lines[0].startswith("reusing") and again.given_tokenizer
    other = train_tokenizer(make_stories(40, seed=1), 400)                # another tokenizer: other token files
    assert prepare(str(path), **kw, tokenizer_json=other.to_str(), log=quiet()).folder != p.folder
    no_eot = train_tokenizer(make_stories(5), 300)
    no_eot.add_special_tokens(["<|other|>"])
    plain = json.loads(no_eot.to_str())
    plain["added_tokens"] = [t for t in plain["added_tokens"] if t["content"] != EOT]
    plain["model"]["vocab"].pop(EOT, None)
    with pytest.raises(DataError, match="has no <.endoftext.> token"):
        prepare(str(path), **kw, tokenizer_json=json.dumps(plain), log=quiet())


def test_short_windows_take_a_short_text_and_a_single_story(tmp_path):
    short = write_eot(tmp_path / "short.txt", ["Tom ran.", "Sue sat.", "Max hid."])
    kw = dict(vocab_size=300, ctx=128, val_fraction=0.1, data_dir=tmp_path / "d", short_windows=True)
    p = prepare(str(short), **kw, log=quiet())                          # every split far below ctx + 1 tokens
    assert 2 <= len(p.val) < 129 and 2 <= len(p.train) < 129
    one = tmp_path / "one.txt"
    one.write_text("One single story with no separators at all.\n", encoding="utf-8")
    lines = []
    p = prepare(str(one), **kw, log=lines.append)
    assert p.train.tolist() == p.val.tolist() and int((p.train == p.eot_id).sum()) == 1
    assert any("1 story, all trained on and scored as the validation text too" in line for line in lines), lines
    lines = []
    p = prepare(str(short), **{**kw, "val_fraction": 0.01}, log=lines.append)   # 1% of 3 stories is none
    assert p.train.tolist() == p.val.tolist() and int((p.train == p.eot_id).sum()) == 3
    assert any("3 stories, all trained on and scored" in line for line in lines), lines
    p = prepare(str(short), **{**kw, "val_fraction": 0.34}, log=quiet())      # 34% of 3 is one: held out
    assert int((p.val == p.eot_id).sum()) == 1 and int((p.train == p.eot_id).sum()) == 2
    with pytest.raises(DataError, match=r"train split has \d+ tokens but --ctx=128") as error:
        prepare(str(short), **{**kw, "short_windows": False}, log=quiet())
    assert "--init_from" in str(error.value)


def test_long_passes_show_progress_on_a_terminal_and_one_summary_line_elsewhere(tmp_path, monkeypatch, capsys):
    import data.tokens as tokens
    path = write_eot(tmp_path / "many.txt", make_stories(2500, words=(3, 6)))
    lines = []
    prepare(str(path), vocab_size=300, ctx=8, data_dir=tmp_path / "a", log=lines.append)
    assert capsys.readouterr().err == ""                                # not a terminal: no progress lines
    assert lines[0].startswith("many: 2,500 stories") and "read 0.2 MB in" in lines[0]   # one line a pass
    assert lines[1].startswith("trained a byte-level BPE tokenizer") and lines[2].startswith("encoded 0.2 MB in")
    assert all("MB/s" in line for line in lines[:3]) and lines[3].startswith("prepared ")
    shown = []
    real = tokens._Meter

    class Terminal(real):                      # a terminal, redrawn at every call
        def __init__(self, what, total_mb):
            super().__init__(what, total_mb, every=0.0, on=True)

        def show(self, share, note="", force=False):
            shown.append((self.what, share))
            super().show(share, note, force)
    monkeypatch.setattr(tokens, "_Meter", Terminal)
    prepare(str(path), vocab_size=300, ctx=8, data_dir=tmp_path / "b", log=quiet())
    err = capsys.readouterr().err
    for what in ("reading the stories", "training the tokenizer", "encoding"):
        assert any(w == what for w, _ in shown), shown
        assert f"\r{what}: " in err
    assert re.search(r"encoding: +\d+\.\d% of 0\.2 MB \| [\d.,]+ MB/s \| (\d+ s|\d+ min \d\d s) left", err), err
    assert "training the tokenizer: 100.0% of 0.2 MB | " in err and "all read; merging pairs into tokens" in err
    assert err.endswith("\r")                                          # each line cleared when its pass ends
    assert tokens._duration(42) == "42 s" and tokens._duration(185) == "3 min 05 s"
    assert tokens._duration(3720) == "1 h 02 min"


# ---------------------------------------------------------------------------------------------------------------
# download

class Server:
    """http.server on 127.0.0.1 serving bytes by path, with Range support and ways to misbehave."""

    def __init__(self, files):
        self.files, self.requests = files, []
        self.cut_first, self.ignore_range, self.extra_length = set(), False, 0
        self.etags = False                     # send an ETag, and honour If-Range
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                body = server.files.get(self.path)
                asked = self.headers.get("Range")
                server.requests.append((self.path, asked))
                if body is None:
                    self.send_error(404)
                    return
                start, stop = 0, len(body)
                etag = f'"{hashlib.sha256(body).hexdigest()[:16]}"'
                if_range = self.headers.get("If-Range")
                if server.etags and if_range is not None and if_range != etag:
                    asked = None                                   # the file changed: the whole new one
                if asked and not server.ignore_range:
                    first, last = re.match(r"bytes=(\d+)-(\d*)", asked).groups()
                    start, stop = int(first), min(len(body), int(last) + 1 if last else len(body))
                    if start >= len(body):
                        self.send_response(416)
                        self.send_header("Content-Range", f"bytes */{len(body)}")
                        self.send_header("Content-Length", "0")
                        self.end_headers()
                        return
                    self.send_response(206)
                    self.send_header("Content-Range", f"bytes {start}-{stop - 1}/{len(body)}")
                else:
                    self.send_response(200)
                rest = body[start:stop]
                if server.etags:
                    self.send_header("ETag", etag)
                self.send_header("Content-Length", str(len(rest) + server.extra_length))
                self.end_headers()
                if self.path in server.cut_first:                  # half the body, then close the socket
                    server.cut_first.discard(self.path)
                    self.wfile.write(rest[:len(rest) // 2])
                    self.wfile.flush()
                    self.connection.shutdown(socket.SHUT_RDWR)
                    return
                self.wfile.write(rest)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = Server({"/blob.bin": random.Random(1).randbytes(300_000)})
    yield s
    s.close()


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_download_resumes_a_cut_connection_with_range(tmp_path, server):
    server.cut_first.add("/blob.bin")
    dest = tmp_path / "sub" / "blob.bin"
    lines = []
    assert download(server.url + "/blob.bin", dest, log=lines.append, chunk=8192, backoff=0, timeout=10) == str(dest)
    assert dest.read_bytes() == server.files["/blob.bin"]
    assert not (tmp_path / "sub" / "blob.bin.part").exists()
    assert server.requests[0] == ("/blob.bin", None)
    assert server.requests[1] == ("/blob.bin", "bytes=150000-")
    assert any("interrupted" in l for l in lines)
    n = len(server.requests)
    download(server.url + "/blob.bin", dest, log=quiet(), backoff=0)     # an existing dest is complete
    assert len(server.requests) == n


def test_download_restarts_when_the_server_ignores_range(tmp_path, server):
    server.ignore_range = True
    dest = tmp_path / "blob.bin"
    (tmp_path / "blob.bin.part").write_bytes(b"stale bytes from elsewhere" * 40)
    download(server.url + "/blob.bin", dest, log=quiet(), backoff=0, timeout=10)
    assert dest.read_bytes() == server.files["/blob.bin"]
    assert server.requests == [("/blob.bin", "bytes=1040-")]


def test_a_part_file_alone_is_never_complete(tmp_path, server):
    body = server.files["/blob.bin"]
    dest = tmp_path / "blob.bin"
    part = tmp_path / "blob.bin.part"
    part.write_bytes(body)                                          # every byte there, but unverified
    url = f"http://127.0.0.1:{closed_port()}/blob.bin"
    with pytest.raises(DataError, match=re.escape(url)):
        download(url, dest, log=quiet(), backoff=0, timeout=10)
    assert not dest.exists() and part.exists()
    download(server.url + "/blob.bin", dest, log=quiet(), backoff=0, timeout=10)   # the server confirms the size
    assert server.requests == [("/blob.bin", f"bytes={len(body)}-")]
    assert dest.read_bytes() == body and not part.exists()


@pytest.mark.parametrize("etags", [True, False])
def test_a_later_resume_of_a_file_that_changed_on_the_server_starts_over(tmp_path, server, etags):
    """A .part left by an earlier call is resumed only from the same file: with an ETag, If-Range makes a changed
    file come back whole; without one, the size recorded at the start must still be the file's."""
    server.etags = etags
    server.cut_first.add("/blob.bin")
    dest = tmp_path / "blob.bin"
    with pytest.raises(DataError, match="incomplete after 1 attempts"):
        download(server.url + "/blob.bin", dest, log=quiet(), attempts=1, backoff=0, timeout=10)
    assert (tmp_path / "blob.bin.part").exists()
    new = random.Random(2).randbytes(300_000 if etags else 200_000)    # changed, the same size (or not) as before
    server.files["/blob.bin"] = new
    lines = []
    download(server.url + "/blob.bin", dest, log=lines.append, backoff=0, timeout=10)
    assert dest.read_bytes() == new                                  # never the old half with the new one's end
    assert any("starting over" in line for line in lines)
    assert not (tmp_path / "blob.bin.part").exists() and not (tmp_path / "blob.bin.part.json").exists()


def test_download_detects_a_size_mismatch(tmp_path, server):
    server.extra_length, server.ignore_range = 10, True            # announces 10 bytes it never sends
    dest = tmp_path / "blob.bin"
    with pytest.raises(DataError) as error:
        download(server.url + "/blob.bin", dest, log=quiet(), attempts=3, backoff=0, timeout=10)
    assert "incomplete" in str(error.value) and "300,010" in str(error.value)
    assert not dest.exists() and len(server.requests) == 3


def test_download_unreachable_and_missing(tmp_path, server):
    url = f"http://127.0.0.1:{closed_port()}/TinyStoriesV2-GPT4-train.txt"
    with pytest.raises(DataError) as error:
        download(url, tmp_path / "x.txt", log=quiet(), timeout=10)
    message = str(error.value)
    assert url in message and "by hand" in message and str(tmp_path / "x.txt") in message and "\n" not in message
    with pytest.raises(DataError, match="404"):
        download(server.url + "/nothing.txt", tmp_path / "y.txt", log=quiet(), backoff=0, timeout=10)


def test_prepare_tinystories_from_a_local_server(tmp_path, monkeypatch):
    train, valid = make_stories(40, seed=3), make_stories(5, seed=4)
    s = Server({"/ts/TinyStoriesV2-GPT4-train.txt": "".join(f"{x}\n{EOT}\n" for x in train).encode(),
                "/ts/TinyStoriesV2-GPT4-valid.txt": "".join(f"{x}\n{EOT}\n" for x in valid).encode()})
    try:
        monkeypatch.setenv("SLM_TINYSTORIES_URL", s.url + "/ts/")
        p = prepare("tinystories", vocab_size=300, ctx=16, data_dir=tmp_path, log=quiet())
        assert (tmp_path / "tinystories" / "TinyStoriesV2-GPT4-train.txt").is_file()
        assert os.path.basename(p.folder).startswith("tinystories-v300-")
        assert decode(p.tokenizer, p.train) == "".join(EOT + x for x in train)
        assert decode(p.tokenizer, p.val) == "".join(EOT + x for x in valid)   # TinyStories' own valid file
        n = len(s.requests)
        lines = []
        prepare("tinystories", vocab_size=300, ctx=16, data_dir=tmp_path, log=lines.append)
        assert len(s.requests) == n and lines[-1].startswith("reusing")
    finally:
        s.close()


def test_tinystories_mb_fetches_a_slice_cut_after_its_last_whole_story(tmp_path, monkeypatch):
    train, valid = make_stories(400, seed=5), make_stories(5, seed=6)
    body = "".join(f"{x}\n{EOT}\n" for x in train).encode()
    s = Server({"/ts/TinyStoriesV2-GPT4-train.txt": body,
                "/ts/TinyStoriesV2-GPT4-valid.txt": "".join(f"{x}\n{EOT}\n" for x in valid).encode()})
    s.cut_first.add("/ts/TinyStoriesV2-GPT4-train.txt")          # the slice's connection is cut once: it resumes
    try:
        monkeypatch.setenv("SLM_TINYSTORIES_URL", s.url + "/ts/")
        mb = 0.02                                                 # 20,000 bytes of a larger file
        assert len(body) > 2 * mb * 1e6
        import data.tokens as tokens
        lines = []
        p = tokens.prepare("tinystories", vocab_size=300, ctx=16, data_dir=tmp_path, log=lines.append,
                           tinystories_mb=mb)
        asked = [r for path, r in s.requests if path.endswith("train.txt")]
        assert asked[0] == "bytes=0-19999" and asked[1].startswith("bytes=") and asked[1].endswith("-19999")
        kept = (tmp_path / "tinystories" / "TinyStoriesV2-GPT4-train.first0.02MB.txt").read_bytes()
        assert body.startswith(kept) and kept.endswith(f"\n{EOT}\n".encode()) and len(kept) <= 20_000
        n = kept.count(f"\n{EOT}\n".encode())
        assert decode(p.tokenizer, p.train) == "".join(EOT + x for x in train[:n])   # whole stories only
        assert decode(p.tokenizer, p.val) == "".join(EOT + x for x in valid)
        assert not (tmp_path / "tinystories" / "TinyStoriesV2-GPT4-train.txt").exists()   # never the whole file
        assert os.path.basename(p.folder).startswith("tinystories0.02mb-v300-")
        assert not [f for f in (tmp_path / "tinystories").iterdir() if f.suffix in (".download", ".part")]
    finally:
        s.close()


def test_prepare_tinystories_offline(tmp_path, monkeypatch):
    url = f"http://127.0.0.1:{closed_port()}"
    monkeypatch.setenv("SLM_TINYSTORIES_URL", url)
    folder = tmp_path / "tinystories"
    folder.mkdir()
    (folder / "TinyStoriesV2-GPT4-train.txt.part").write_text(f"Once.\n{EOT}\n" * 100, encoding="utf-8")
    with pytest.raises(DataError) as error:
        prepare("tinystories", data_dir=tmp_path, log=quiet())
    assert f"{url}/TinyStoriesV2-GPT4-train.txt" in str(error.value) and "by hand" in str(error.value)
    assert not (folder / "TinyStoriesV2-GPT4-train.txt").exists() and not (tmp_path / "prepared").exists()


# ---------------------------------------------------------------------------------------------------------------
# batches

def test_sample_batch(tmp_path):
    tokens = np.arange(1000, dtype=np.uint16)
    tokens.tofile(tmp_path / "t.bin")
    mapped = np.memmap(tmp_path / "t.bin", dtype=np.uint16, mode="r")
    batch = sample_batch(mapped, 8, 16, np.random.default_rng(0))
    assert batch.shape == (8, 17) and batch.dtype == np.int64 and type(batch) is np.ndarray
    assert np.all(np.diff(batch, axis=1) == 1)                     # consecutive tokens
    assert batch.min() >= 0 and batch.max() < 1000
    assert np.array_equal(batch, sample_batch(mapped, 8, 16, np.random.default_rng(0)))
    assert not np.array_equal(batch, sample_batch(mapped, 8, 16, np.random.default_rng(1)))
    exact = np.arange(17, dtype=np.uint16)                          # the smallest split prepare() accepts
    assert np.array_equal(sample_batch(exact, 3, 16, np.random.default_rng(0)), np.tile(np.arange(17), (3, 1)))
    starts = sample_batch(tokens, 20000, 16, np.random.default_rng(2))[:, 0]
    assert starts.min() == 0 and starts.max() == 1000 - 17          # every window that fits can be drawn


def test_val_windows():
    tokens = np.arange(1000, dtype=np.uint16)
    windows = val_windows(tokens, 10, 16)
    assert windows.shape == (10, 17) and windows.dtype == np.int64
    assert np.array_equal(windows, val_windows(tokens, 10, 16))
    assert windows[0, 0] == 0 and windows[-1, -1] == 999            # spread over the whole split
    assert np.all(np.diff(windows, axis=1) == 1)
    capped = val_windows(tokens, 10_000, 16)
    assert capped.shape == ((1000 - 1) // 16, 17)                   # as many as fit without sharing targets
    assert np.all(np.diff(capped[:, 0]) >= 16)
    assert val_windows(tokens[:10], 5, 16).shape == (0, 17)
