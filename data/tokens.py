"""Stories and tokens: corpus sources, the byte-level BPE tokenizer, uint16 token files, batches.

Sources, prepare(data=...):
  "builtin"      data/stories.py writes {data_dir}/builtin/stories.txt once; works offline (the default).
  "tinystories"  TinyStories V2 (stories written by GPT-4), downloaded once into {data_dir}/tinystories/ from
                   https://huggingface.co/datasets/roneneldan/TinyStories/resolve/main/TinyStoriesV2-GPT4-train.txt
                   https://huggingface.co/datasets/roneneldan/TinyStories/resolve/main/TinyStoriesV2-GPT4-valid.txt
                 Dataset roneneldan/TinyStories (Ronen Eldan and Yuanzhi Li, 2023, arXiv:2305.07759), license
                 CDLA-Sharing-1.0: whoever shares the data, or data derived from it (the token files too), passes
                 the same license on. The environment variable SLM_TINYSTORIES_URL (a folder URL) replaces the base
                 URL, e.g. for a mirror or a test server. Its own valid file is the validation split.
                 tinystories_mb = N: only the first N MB of the training file (an HTTP Range request, resumable),
                 cut after its last whole story, plus the whole valid file.
  a path         a .txt file, or a folder of .txt files (sorted, not recursive). Stories end at lines that are
                 exactly <|endoftext|> (the TinyStories V2 format), or at blank lines when there are none
                 (--story_separator=auto|eot|blank). The last --val_fraction of the stories validate.

Pipeline (every pass streams the files line by line, so the 2 GB TinyStories file is never loaded whole):
  scan (checks, counts) -> BPE trained on the train split -> for each story [EOT] + its tokens -> uint16 files in
  {data_dir}/prepared/<name>-v<vocab_size>-<hash>/: train.bin, val.bin, tokenizer.json, meta.json.
  A fine-tune gives prepare() its checkpoint's tokenizer instead: no BPE is trained, and the hash covers that
  tokenizer. Each pass shows a progress line on a terminal (share done, MB/s, time left) and logs one summary line.
The EOT comes before every story, like llama2.c's BOS, so writing can start a fresh story from <|endoftext|>.
meta.json holds the fingerprint (source paths, sizes, mtimes, flags, format) and is written last: a folder without
it, or with a stale one, is rebuilt; an interrupted preparation is never taken as complete.

The literal text "<|endoftext|>" inside a story or a prompt encodes to eot_id (the tokenizers library matches
special tokens in text); decode() writes it back, so decode(encode(s)) == s still holds for every string.
"""
import contextlib
import errno
import hashlib
import http.client
import json
import os
import re
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from itertools import islice
from pathlib import Path

import numpy as np

EOT = "<|endoftext|>"
DATA_DIR = Path(__file__).resolve().parent
FORMAT_VERSION = 1                      # bump when the token files' layout or meaning changes
MIN_VOCAB, MAX_VOCAB = 257, 65536       # 256 bytes + <|endoftext|>; ids must fit uint16
SEPARATORS = ("auto", "eot", "blank")
TINYSTORIES_URL = "https://huggingface.co/datasets/roneneldan/TinyStories/resolve/main/"
TINYSTORIES_FILES = ("TinyStoriesV2-GPT4-train.txt", "TinyStoriesV2-GPT4-valid.txt")
ENCODE_CHUNK = 2000                     # stories per encode_batch call: a few MB of text, bounded memory


class SlmError(Exception):
    """A problem the user can fix: its message is one line that names the problem and the fix, and slm prints it with
    no traceback. Every user-facing error of slm (its configuration, data, checkpoints, ...) is one of these."""


class DataError(SlmError):
    """An SlmError about the stories: a source file, a download, or the flags that shape the token files."""


STALE_TEMP = re.compile(r"^\.?.+\.tmp-(\d+)$")   # write_atomically's .NAME.tmp-PID, prepare's NAME.tmp-PID


def remove_stale_temps(folder, log=print):
    """Remove the temporary files a killed process left in folder (write_atomically's and prepare's, named after their
    pid): those whose process no longer runs; a running one's are its work in progress. One line says what went.
    -> the names removed."""
    removed = []
    for path in sorted(Path(folder).glob("*.tmp-*")) if Path(folder).is_dir() else []:
        match = STALE_TEMP.match(path.name)
        if not match or int(match[1]) == os.getpid() or _running(int(match[1])):
            continue
        with contextlib.suppress(OSError):
            size = path.stat().st_size
            path.unlink()
            removed.append((path.name, size))
    if removed:
        log(f"removed {len(removed)} temporary file(s) a stopped run left in {folder}: "
            f"{', '.join(name for name, _ in removed)} ({sum(size for _, size in removed) / 1e6:,.1f} MB)")
    return [name for name, _ in removed]


def _running(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:          # someone else's process: running
        return True
    return True


def write_atomically(path, payload):
    """Write payload (bytes, or a function that writes into the open binary file) to path so that a reader, a crash or
    a kill -9 sees either the old file or the new one, whole: a temporary file in the same folder, fsynced, renamed
    over path, and the folder fsynced. A full disk is one SlmError naming the folder and the bytes needed; the old
    file stays as it was and the temporary file is removed."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as f:
            if callable(payload):
                payload(f)
            else:
                f.write(payload)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except OSError as e:
        if e.errno not in (errno.ENOSPC, errno.EDQUOT):
            raise
        needed = len(payload) if isinstance(payload, (bytes, bytearray)) else None
        size = ("more room" if needed is None else f"{needed:,} bytes" if needed < 10_000 else
                f"about {needed / 1e6:,.1f} MB")
        left = f"{path} was left as it was" if path.exists() else f"nothing was written to {path}"
        raise SlmError(f"no space left in {path.parent} to write {path.name} (it needs {size}): free some space "
                       f"there or choose another folder; {left}") from None
    finally:
        if tmp.exists():
            tmp.unlink()
    with contextlib.suppress(OSError):  # make the rename itself durable
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@dataclass
class Prepared:
    train: np.ndarray          # uint16 tokens, memory-mapped read-only (np.memmap mode 'r')
    val: np.ndarray            # uint16 tokens, memory-mapped read-only
    tokenizer: "tokenizers.Tokenizer"  # noqa: F821 (imported lazily)
    tokenizer_json: str        # tokenizer.to_str(), stored inside checkpoints by slm.py
    eot_id: int                # id of <|endoftext|>
    vocab_size: int            # tokenizer.get_vocab_size()
    folder: str                # where train.bin/val.bin/tokenizer.json/meta.json live
    given_tokenizer: bool = False  # encoded with a tokenizer prepare() was given (a checkpoint's), not one it trained


# ---------------------------------------------------------------------------------------------------------------
# tokenizer

def new_tokenizer():
    """An untrained byte-level BPE: every string maps to bytes, so nothing is ever unknown or lost."""
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers
    tokenizer = Tokenizer(models.BPE())
    tokenizer.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False)
    tokenizer.decoder = decoders.ByteLevel()
    return tokenizer


def train_tokenizer(stories, vocab_size, length=None):
    """Train the BPE on an iterable of story strings (streamed to the trainer in batches)."""
    from tokenizers import pre_tokenizers, trainers
    tokenizer = new_tokenizer()
    trainer = trainers.BpeTrainer(vocab_size=vocab_size, special_tokens=[EOT], show_progress=False,
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tokenizer.train_from_iterator(_batched(stories, 1000), trainer=trainer, length=length)
    return tokenizer


def tokenizer_from_json(s):
    from tokenizers import Tokenizer
    try:
        return Tokenizer.from_str(s)
    except Exception as e:  # the library raises a bare Exception on malformed JSON
        raise DataError(f"the stored tokenizer cannot be read ({str(e).splitlines()[0]}); "
                        "prepare the data again or use another checkpoint") from None


def encode(tokenizer, text):
    """Token ids of text, no special tokens added (a literal "<|endoftext|>" in text does map to eot_id)."""
    return tokenizer.encode(text, add_special_tokens=False).ids


def decode(tokenizer, ids):
    """Exact inverse of encode(): special tokens are written out, not skipped."""
    return tokenizer.decode([int(i) for i in ids], skip_special_tokens=False)


# ---------------------------------------------------------------------------------------------------------------
# batches

# One read-only np.memmap per split is opened once and kept (nanoGPT re-creates it every batch instead). Indexing
# copies the few windows we need into a fresh small array, so no big array outlives a batch; the pages the mapping
# touches are clean, file-backed page cache: they may show in RSS, up to the file's size, but the kernel drops them
# whenever it needs the memory, so a long run does not grow its real (anonymous) memory.

def sample_batch(tokens, batch_size, ctx, rng):
    """Random windows of ctx+1 consecutive tokens: x = batch[:, :-1], y = batch[:, 1:].  -> (B, T+1) int64"""
    # the spec's rng.integers(0, len-ctx-1) leaves out the last window and fails on a split of exactly ctx+1
    # tokens, the smallest prepare() accepts; len-ctx (exclusive) lets every window that fits be drawn
    starts = rng.integers(0, len(tokens) - ctx, size=batch_size)              # (B,)
    index = starts[:, None] + np.arange(ctx + 1)                              # (B, T+1)
    return np.asarray(tokens)[index].astype(np.int64)                         # (B, T+1)


def val_windows(tokens, n_windows, ctx):
    """n evenly spaced windows over tokens, the same on every call.  -> (n, T+1) int64

    n is capped at the number of windows whose targets do not overlap, so no token is scored twice."""
    fit = max(0, (len(tokens) - 1) // ctx)
    n = max(0, min(int(n_windows), fit))
    starts = np.linspace(0, len(tokens) - ctx - 1, n).astype(np.int64)        # (n,), spacing >= ctx
    index = starts[:, None] + np.arange(ctx + 1)                              # (n, T+1)
    return np.asarray(tokens)[index].astype(np.int64)                         # (n, T+1)


# ---------------------------------------------------------------------------------------------------------------
# reading stories

def _batched(items, size):
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _surrogate_count(text):
    return sum(1 for c in text if "\udc80" <= c <= "\udcff")


def _lines(path, bad=None, progress=None):
    """The lines of a UTF-8 file, streamed. Invalid bytes become U+FFFD; their number is added to bad[0].
    progress: called now and then with the bytes read so far."""
    with open(path, "rb") as f:
        first = True
        for count, raw in enumerate(f):
            if progress is not None and count % 16384 == 0:
                progress(f.tell())
            if first:
                first = False
                if raw.startswith(b"\xef\xbb\xbf"):   # a byte-order mark is not text
                    raw = raw[3:]
            try:
                line = raw.decode("utf-8")
            except UnicodeDecodeError:
                if bad is not None:                   # surrogateescape gives one surrogate per invalid byte
                    bad[0] += _surrogate_count(raw.decode("utf-8", "surrogateescape"))
                line = raw.decode("utf-8", "replace")
            yield line


def _split(lines, separator):
    """Stories from lines of text; separator is 'eot' or 'blank'. Each story is stripped."""
    story_lines = []
    for line in lines:
        stripped = line.strip()
        if (stripped == EOT) if separator == "eot" else not stripped:
            story = "".join(story_lines).strip()
            story_lines = []
            if story:
                yield story.replace("\r\n", "\n") if "\r" in story else story
        else:
            story_lines.append(line)
    story = "".join(story_lines).strip()
    if story:
        yield story.replace("\r\n", "\n") if "\r" in story else story


def _stories(files):
    """Stories from (path, separator) pairs, in order; separator is 'eot' or 'blank'. Each story is stripped."""
    for path, separator in files:
        yield from _split(_lines(path), separator)


@dataclass
class _Scan:
    separator: str      # 'eot' or 'blank', resolved from --story_separator
    stories: int
    bad_bytes: int


def _scan(path, story_separator, log, progress=None):
    """One streaming pass over a source file: refuse binaries, count stories and invalid UTF-8 bytes. progress: as
    _lines takes it."""
    size = path.stat().st_size
    with open(path, "rb") as f:
        head = f.read(8192)
    if b"\0" in head:
        raise DataError(f"{path}: looks like a binary file, not text (NUL bytes in its first 8 KB); "
                        "point --data at UTF-8 text")
    head_bad = _surrogate_count(head.decode("utf-8", "surrogateescape")[:-4])  # a cut character at the end is fine
    if head_bad > 0.3 * len(head):
        raise DataError(f"{path}: looks like a binary file, not text ({head_bad:,} of its first {len(head):,} bytes "
                        "are not UTF-8); point --data at UTF-8 text")
    bad = [0]
    eot_lines = eot_stories = blank_stories = 0
    in_eot_story = in_blank_story = False      # count both ways at once: the separator may be 'auto'
    for line in _lines(path, bad, progress):
        stripped = line.strip()
        if not stripped:
            blank_stories += in_blank_story
            in_blank_story = False
        elif stripped == EOT:
            eot_lines += 1
            eot_stories += in_eot_story
            in_eot_story, in_blank_story = False, True    # with blank-line separators an EOT line is text
        else:
            in_eot_story = in_blank_story = True
    eot_stories += in_eot_story
    blank_stories += in_blank_story
    if bad[0] > 0.3 * size:
        raise DataError(f"{path}: looks like a binary file, not text ({bad[0]:,} of {size:,} bytes are not UTF-8); "
                        "point --data at UTF-8 text")
    if bad[0]:
        log(f"warning: {path}: {bad[0]:,} bytes of invalid UTF-8 replaced by U+FFFD")
    separator = story_separator if story_separator != "auto" else ("eot" if eot_lines else "blank")
    return _Scan(separator, eot_stories if separator == "eot" else blank_stories, bad[0])


def read_stories(path_or_text, story_separator="auto", log=print):
    """The stories of a .txt file, a folder of .txt files, or a text given as a string, split as training splits them
    (lines <|endoftext|>, or blank lines when there are none). Bad files are refused as prepare() refuses them."""
    if story_separator not in SEPARATORS:
        raise DataError(f"--story_separator={story_separator!r}: must be one of {', '.join(SEPARATORS)}")
    text = str(path_or_text)
    one_line = "\n" not in text and len(text) < 4096
    path = Path(text).expanduser() if one_line and (text.endswith(".txt") or Path(text).expanduser().exists()) \
        else None
    if path is None:                                  # the text itself
        separator = story_separator if story_separator != "auto" else (
            "eot" if any(line.strip() == EOT for line in text.splitlines()) else "blank")
        stories = list(_split(text.splitlines(keepends=True), separator))
        if not stories:
            raise DataError("the text to score is empty: give some stories, or a .txt file")
        return stories
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".txt" and p.is_file())
        if not files:
            raise DataError(f"{path}: no .txt files in this folder; add some, or give a .txt file")
    elif path.is_file():
        files = [path]
    else:
        raise DataError(f"{path}: no such file or folder; give a .txt file, a folder of .txt files, or the text itself")
    stories = []
    for file in files:
        if file.stat().st_size == 0:
            raise DataError(f"{file}: the file is empty; put some stories in it, or give another file")
        stories += _stories([(file, _scan(file, story_separator, log).separator)])
    if not stories:
        raise DataError(f"{path}: holds no story (only separators); give a file with some text")
    return stories


# ---------------------------------------------------------------------------------------------------------------
# download

def _content_range(value):
    """'bytes 100-199/1000' -> (100, 1000); 'bytes */1000' -> (None, 1000); total None when '*' or absent."""
    match = re.match(r"bytes\s+(?:(\d+)-\d+|\*)/(\d+|\*)", value or "")
    if not match:
        return None, None
    start, total = match.groups()
    return (int(start) if start else None), (int(total) if total != "*" else None)


class _Progress:
    """One line on stderr, rewritten with \\r: percentage, MB, MB/s."""

    def __init__(self, name, have, total):
        self.name, self.start, self.total = name, have, total
        self.t0 = self.shown = time.perf_counter()

    def show(self, have, final=False):
        now = time.perf_counter()
        if not final and now - self.shown < 0.25:
            return
        self.shown = now
        speed = (have - self.start) / 1e6 / max(now - self.t0, 1e-9)
        if self.total:
            done = have / self.total
            bar = "#" * int(24 * done)
            sys.stderr.write(f"\r{self.name} [{bar:<24}] {100 * done:5.1f}%  "
                             f"{have / 1e6:,.1f}/{self.total / 1e6:,.1f} MB  {speed:.1f} MB/s ")
        else:
            sys.stderr.write(f"\r{self.name} {have / 1e6:,.1f} MB  {speed:.1f} MB/s ")
        if final:
            sys.stderr.write("\n")
        sys.stderr.flush()


class _Cut(Exception):
    """The transfer stopped early in a way a fresh (resumed) attempt may fix."""


def _part_record(part):
    """Where a download keeps which file its .part holds: the URL, the server's ETag / Last-Modified and size."""
    return part.with_name(part.name + ".json")


def _read_part_record(part):
    with contextlib.suppress(OSError, ValueError):
        record = json.loads(_part_record(part).read_text())
        if isinstance(record, dict):
            return record
    return None


def _start_over(part):
    part.unlink(missing_ok=True)
    _part_record(part).unlink(missing_ok=True)


def _fetch(url, part, total, chunk, timeout, log, limit=None):
    """One attempt: resume part from its size (or restart), stream to it. total: the file's size as the server
    announced it before (None if unknown). Returns (the size part must reach: the file's, or with limit its first
    `limit` bytes, None if unknown; the file's size as announced now).

    A .part resumes only from the same file: its record (_part_record) names the URL and the server's validator,
    sent as If-Range, so a server whose file changed answers with the whole new file (200), and a size that differs
    from the recorded one starts the download over too, each with one line."""
    have = part.stat().st_size if part.exists() else 0
    record = _read_part_record(part) if have else None
    if record is not None and record.get("url") != url:
        log(f"{part.name} was downloaded from {record.get('url')}, not {url}; starting over")
        _start_over(part)
        have, record = 0, None
    total = total if total is not None or record is None else record.get("total")
    if limit is not None and have >= limit:
        return limit, total
    headers = {"User-Agent": "slm"}
    if have or limit is not None:
        headers["Range"] = f"bytes={have}-{'' if limit is None else limit - 1}"
    validator = None                            # If-Range takes a strong ETag, or a date
    if record is not None:
        etag = record.get("etag")
        validator = etag if etag and not etag.startswith("W/") else record.get("last_modified")
    if have and validator:
        headers["If-Range"] = validator
    try:
        response = urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=timeout)
    except urllib.error.HTTPError as e:
        if e.code == 416 and have:              # nothing left past `have`: done if the server's total agrees
            _, server_total = _content_range(e.headers.get("Content-Range"))
            if server_total is not None and server_total == have and total in (None, have):
                return have, server_total
            _start_over(part)
            raise _Cut("the server refused to resume; starting over") from None
        raise
    with response:
        if response.status == 206:
            start, range_total = _content_range(response.headers.get("Content-Range"))
            etag = response.headers.get("ETag")
            changed = record is not None and record.get("etag") and etag and etag != record["etag"]
            if changed or not ((have or limit is not None) and start == have
                               and (total is None or range_total == total)):
                _start_over(part)
                raise _Cut("the server resumed at another place, or the file changed; starting over")
            mode, total = "ab", range_total
        else:                                   # 200: the whole file, whether or not we asked for a range
            if have:
                log("the server ignored the resume request, or the file changed since the download began; "
                    "starting over")
            length = response.headers.get("Content-Length")
            mode, have, total = "wb", 0, (int(length) if length else None)
        if mode == "wb" or record is None:      # which file this .part holds, for a later resume
            _, announced = _content_range(response.headers.get("Content-Range")) if response.status == 206 else (
                None, total)
            write_atomically(_part_record(part), json.dumps(
                {"url": url, "etag": response.headers.get("ETag"),
                 "last_modified": response.headers.get("Last-Modified"), "total": announced}).encode())
        wanted = total if limit is None else limit if total is None else min(limit, total)
        progress = _Progress(Path(part).name[:-5], have, wanted)
        with open(part, mode) as f:
            while block := response.read(chunk if wanted is None else max(0, min(chunk, wanted - have))):
                f.write(block)
                have += len(block)
                progress.show(have)
        progress.show(have, final=True)
    if wanted is not None and have < wanted and not (limit is not None and total is None):
        raise _Cut(f"connection closed after {have:,} of {wanted:,} bytes")   # http.client ends a cut body with b""
    if total is not None and have > total:
        part.unlink()
        raise _Cut(f"received {have:,} bytes but the server announced {total:,}")
    return (have if limit is not None and total is None else wanted), total


def download(url, dest, *, log=print, chunk=1 << 20, attempts=5, backoff=1.0, timeout=60, limit=None):
    """Download url to dest, resumably: bytes go to dest + '.part' and a later call (or a retry after a cut
    connection) continues it with an HTTP Range request. dest appears (os.replace) only once the size matches the
    size the server announced, so an existing dest is complete and a .part never is. limit: only the first `limit`
    bytes (a Range request; a server that ignores ranges is read up to limit).  -> str(dest)"""
    dest = Path(dest)
    if dest.exists():
        return str(dest)
    part = dest.with_name(dest.name + ".part")
    dest.parent.mkdir(parents=True, exist_ok=True)
    by_hand = f"check your network, or download it by hand to {dest}"
    log(f"downloading {url} -> {dest}" + (f" (resuming {part.stat().st_size / 1e6:,.1f} MB)" if part.exists() else ""))
    total, wanted, reason, answered = None, None, "", False
    for attempt in range(attempts):
        if attempt:
            wait = backoff * 2 ** (attempt - 1)
            log(f"download interrupted ({reason}); resuming in {wait:g} s (attempt {attempt + 1} of {attempts})")
            time.sleep(wait)
        try:
            wanted, total = _fetch(url, part, total, chunk, timeout, log, limit)
        except urllib.error.HTTPError as e:
            reason = f"HTTP {e.code} {e.reason}"
            if e.code not in (408, 429) and e.code < 500:      # 404, 403...: retrying will not help
                raise DataError(f"cannot download {url} ({reason}): {by_hand}") from None
            answered = True
            continue
        except urllib.error.URLError as e:     # no connection at all: offline, DNS, refused
            reason = str(getattr(e, "reason", e))
            if not answered:                   # fail fast when the network was never there
                raise DataError(f"cannot download {url} ({reason}): {by_hand}") from None
            continue
        except _Cut as e:
            reason, answered = str(e), True
            continue
        except ValueError as e:                # not a URL urllib can open, or a malformed answer
            raise DataError(f"cannot download {url} ({e}): check the URL, or download it by hand to {dest}") from None
        except (OSError, http.client.HTTPException) as e:
            reason, answered = f"{type(e).__name__}: {e}", True   # reset, timeout, IncompleteRead mid-body
            continue
        size = part.stat().st_size
        if wanted is not None and size != wanted:
            reason = f"{size:,} bytes on disk, {wanted:,} expected"
            continue
        os.replace(part, dest)
        _part_record(part).unlink(missing_ok=True)
        log(f"downloaded {dest} ({size / 1e6:,.1f} MB)")
        return str(dest)
    have = part.stat().st_size if part.exists() else 0
    raise DataError(f"cannot download {url} (incomplete after {attempts} attempts: {reason}; {have:,} bytes kept in "
                    f"{part.name} and resumed next time): {by_hand}")


# ---------------------------------------------------------------------------------------------------------------
# prepare

def _check_flags(vocab_size, ctx, val_fraction, story_separator):
    if not isinstance(vocab_size, (int, np.integer)) or not MIN_VOCAB <= vocab_size <= MAX_VOCAB:
        raise DataError(f"--vocab_size={vocab_size}: must be between {MIN_VOCAB} (256 bytes + {EOT}) and "
                        f"{MAX_VOCAB:,} (token ids are stored as uint16)")
    if not isinstance(ctx, (int, np.integer)) or ctx < 1:
        raise DataError(f"--ctx={ctx}: the context window must be a whole number of tokens, at least 1")
    if not 0 < val_fraction < 1:
        raise DataError(f"--val_fraction={val_fraction}: must be between 0 and 1 (e.g. 0.01), not inclusive")
    if story_separator not in SEPARATORS:
        raise DataError(f"--story_separator={story_separator!r}: must be one of {', '.join(SEPARATORS)}")


def _first_stories(url, folder, mb, log):
    """The first `mb` MB of the TinyStories training file (one HTTP Range request, resumable), cut after its last
    whole story, as {folder}/TinyStoriesV2-GPT4-train.first{mb}MB.txt. From the whole file when it is already here."""
    name = TINYSTORIES_FILES[0]
    dest = folder / f"{Path(name).stem}.first{mb}MB.txt"
    if dest.exists():
        return dest
    limit = int(mb * 1e6)
    whole = folder / name
    if whole.exists():
        with open(whole, "rb") as f:
            head = f.read(limit)
    else:
        raw = folder / f"{Path(name).stem}.first{mb}MB.download"
        download(url, raw, log=log, limit=limit)
        head = raw.read_bytes()
    end = head.rfind(f"\n{EOT}".encode())            # the story cut by the limit is dropped
    if end < 0:
        raise DataError(f"the first {mb} MB of {url} hold no whole story: raise --tinystories_mb")
    write_atomically(dest, head[:end + len(EOT) + 1] + b"\n")
    if not whole.exists():
        raw.unlink()
    log(f"kept the first {mb} MB of {name}, cut after its last whole story: {dest}")
    return dest


def _note_an_old_corpus(path, log):
    """One line when the built-in corpus on disk was written by another version of data/stories.py. It is kept, not
    rebuilt: a run resuming from a checkpoint needs the tokenizer trained on it."""
    try:
        from data.stories import corpus_version
    except ImportError:
        return
    stamp = path.with_name(path.name + ".version")
    made_by = stamp.read_text(encoding="ascii", errors="replace").strip() if stamp.is_file() else "an older one"
    if made_by != corpus_version():
        log(f"note: {path} was written by another version of data/stories.py ({made_by}, now {corpus_version()}): "
            f"kept for the runs trained on it; delete it to train on today's built-in corpus")


def _sources(data, data_dir, log, tinystories_mb=0):
    """-> (name, train files, val files or [] when split by --val_fraction, files from a folder?)"""
    if str(data) == "builtin":
        path = data_dir / "builtin" / "stories.txt"
        if not path.exists():
            try:
                from data.stories import write_corpus
            except ImportError as e:
                raise DataError(f"--data=builtin needs the story generator data/stories.py ({e}); "
                                "restore it or use --data=tinystories or a .txt file") from None
            path.parent.mkdir(parents=True, exist_ok=True)
            write_corpus(str(path), log=log)
        else:
            _note_an_old_corpus(path, log)
        return "builtin", [path], [], False
    if str(data) == "tinystories":
        base = (os.environ.get("SLM_TINYSTORIES_URL") or TINYSTORIES_URL).rstrip("/") + "/"
        train_name, valid_name = TINYSTORIES_FILES
        folder = data_dir / "tinystories"
        if tinystories_mb:                             # a slice: real stories a minute after the start
            name = f"tinystories{tinystories_mb}mb"
            train = _first_stories(base + train_name, folder, tinystories_mb, log)
        else:
            name, train = "tinystories", Path(download(base + train_name, folder / train_name, log=log))
        return name, [train], [Path(download(base + valid_name, folder / valid_name, log=log))], False
    path = Path(data).expanduser()
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", path.resolve().stem or "text")
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix.lower() == ".txt" and p.is_file())
        if not files:
            raise DataError(f"{path}: no .txt files in this folder; add some, or point --data at a .txt file")
        return name, files, [], True
    if path.is_file():
        return name, [path], [], False
    raise DataError(f"--data={data}: no such file or folder; give a .txt file, a folder of .txt files, "
                    "'builtin' or 'tinystories'")


def story_sources(data, data_dir=DATA_DIR, log=print, tinystories_mb=0):
    """(name, train files, val files or [] when split by --val_fraction, files from a folder?) for --data, building
    the built-in corpus or downloading TinyStories first when they are not there yet."""
    return _sources(data, Path(data_dir), log, tinystories_mb)


def _stat(path):
    st = path.stat()
    return {"path": str(path.resolve()), "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _open(folder, meta):
    tokenizer_json = (folder / "tokenizer.json").read_text(encoding="utf-8")
    tokenizer = tokenizer_from_json(tokenizer_json)
    return Prepared(train=np.memmap(folder / "train.bin", dtype=np.uint16, mode="r"),
                    val=np.memmap(folder / "val.bin", dtype=np.uint16, mode="r"),
                    tokenizer=tokenizer, tokenizer_json=tokenizer_json, eot_id=meta["eot_id"],
                    vocab_size=tokenizer.get_vocab_size(), folder=str(folder),
                    given_tokenizer="tokenizer" in meta["fingerprint"])


def _complete(folder, fingerprint):
    """The meta.json of folder, if it matches fingerprint and the files it describes are all there."""
    try:
        meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
        ok = (meta.get("fingerprint") == fingerprint and (folder / "tokenizer.json").is_file()
              and (folder / "train.bin").stat().st_size == 2 * meta["train_tokens"]
              and (folder / "val.bin").stat().st_size == 2 * meta["val_tokens"])
        return meta if ok else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _check_enough(meta, ctx, data, split_by_fraction, short_windows=False):
    """Each split must hold a window of ctx + 1 tokens; with short_windows, two tokens (training then takes windows
    as long as a split allows)."""
    for split in ("train", "val"):
        n = meta[f"{split}_tokens"]
        if short_windows and n < 2:
            raise DataError(f"--data={data}: the {split} split has {n} token(s): there is nothing to learn from; "
                            f"add some stories")
        if not short_windows and n < ctx + 1:
            more = " or raise --val_fraction" if split == "val" and split_by_fraction else ""
            raise DataError(f"--data={data}: the {split} split has {n:,} tokens but --ctx={ctx} needs at least "
                            f"{ctx + 1:,}; lower --ctx{more}, or add more text (or, to teach a trained model a few "
                            f"stories, fine-tune it on them: --init_from=checkpoints)")


class _Meter:
    """A long pass's progress on a terminal: one line on stderr, rewritten with \\r at most every `every` seconds,
    with the share done, MB/s and the time left; cleared when the pass ends, whose summary line is then logged.
    Nothing at all when stderr is not a terminal (a log file, a pipe): there the summary line is the whole story."""

    def __init__(self, what, total_mb, every=0.5, on=None):
        self.what, self.total_mb, self.every = what, total_mb, every
        self.on = sys.stderr.isatty() if on is None else on
        self.t0 = self.shown = time.perf_counter()
        self.width = 0

    def show(self, share, note="", force=False):
        now = time.perf_counter()
        if not self.on or (now - self.shown < self.every and not force):
            return
        self.shown, elapsed, share = now, now - self.t0, min(max(share, 0.0), 1.0)
        left = f"{_duration(elapsed * (1 - share) / share)} left" if share > 0 else "time left unknown"
        line = (f"{self.what}: {100 * share:5.1f}% of {self.total_mb:,.1f} MB | "
                f"{share * self.total_mb / max(elapsed, 1e-9):,.1f} MB/s | {note or left}")
        sys.stderr.write("\r" + line.ljust(self.width))
        sys.stderr.flush()
        self.width = len(line)

    def close(self):
        if self.on and self.width:
            sys.stderr.write("\r" + " " * self.width + "\r")
            sys.stderr.flush()


def _duration(seconds):
    """'42 s', '3 min 05 s', '1 h 02 min'."""
    seconds = int(round(seconds))
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


def _metered(stories, meter, total, done=0, every=1000):
    """The stories, passed through, telling meter the share of `total` stories done (`done` before these), and when
    they are all read (a BPE trainer then computes its merges)."""
    for i, story in enumerate(stories, start=done + 1):
        if i % every == 0:
            meter.show(i / max(total, 1))
        yield story
    meter.show(1.0, "all read; merging pairs into tokens", force=True)     # the trainer's last stretch


def _write_tokens(tokenizer, stories, path, eot_id, meter=None, done=0, total=1):
    """Encode stories in chunks and append [eot] + tokens per story to path as uint16.  -> (tokens, stories)
    meter: shown the share of `total` stories encoded (`done` of them before these)."""
    n_tokens = n_stories = 0
    with open(path, "wb") as f:
        for chunk in _batched(stories, ENCODE_CHUNK):
            flat = []
            for encoding in tokenizer.encode_batch_fast(chunk, add_special_tokens=False):
                flat.append(eot_id)
                flat += encoding.ids
            np.array(flat, dtype=np.uint16).tofile(f)
            n_tokens += len(flat)
            n_stories += len(chunk)
            if meter is not None:
                meter.show((done + n_stories) / max(total, 1))
    return n_tokens, n_stories


def prepare(data="builtin", *, vocab_size=4096, ctx=128, val_fraction=0.01, story_separator="auto",
            data_dir=DATA_DIR, log=print, tinystories_mb=0, tokenizer_json=None, short_windows=False):
    """Text -> tokenizer + uint16 train/val token files, built once and reused while the sources are unchanged.

    tokenizer_json: encode with this tokenizer (a checkpoint's, when fine-tuning) instead of training one; the token
    files are then keyed by it. short_windows: a split may be shorter than ctx + 1 tokens (training takes shorter
    windows from it), and stories too few for val_fraction of them to make one are all trained on and validated on
    (a dozen stories to fine-tune on)."""
    _check_flags(vocab_size, ctx, val_fraction, story_separator)
    data_dir = Path(data_dir)
    name, train_files, val_files, from_folder = _sources(data, data_dir, log, tinystories_mb)
    for path in train_files + val_files:
        if path.stat().st_size == 0 and not from_folder:
            raise DataError(f"{path}: the file is empty; put some stories in it, or point --data at another file")
    split_by_fraction = not val_files
    settings = {"format": FORMAT_VERSION, "source": name, "vocab_size": vocab_size,
                "val_fraction": val_fraction if split_by_fraction else None, "story_separator": story_separator}
    given = None
    if tokenizer_json is not None:          # the tokens are keyed by the tokenizer itself, not by a vocabulary size
        given = tokenizer_from_json(tokenizer_json)
        if given.token_to_id(EOT) is None:
            raise DataError(f"the given tokenizer has no {EOT} token, which begins every story: use a checkpoint "
                            f"trained by slm (or imported with `python slm.py import`)")
        settings["vocab_size"] = vocab_size = given.get_vocab_size()
        settings["tokenizer"] = hashlib.sha256(tokenizer_json.encode()).hexdigest()
    if short_windows:                       # it decides the split of a few stories
        settings["short_windows"] = True
    # the folder is named by what does not change when a source is edited, so an edit rebuilds in place
    # instead of leaving an old copy of the tokens behind; sizes and mtimes decide whether to rebuild
    key = json.dumps({**settings, "paths": [str(p.resolve()) for p in train_files + val_files]}, sort_keys=True)
    folder = data_dir / "prepared" / f"{name}-v{vocab_size}-{hashlib.sha256(key.encode()).hexdigest()[:8]}"
    fingerprint = {**settings, "train_files": [_stat(p) for p in train_files],
                   "val_files": [_stat(p) for p in val_files]}
    fingerprint = json.loads(json.dumps(fingerprint))      # as it reads back from meta.json

    meta = _complete(folder, fingerprint)
    if meta is not None:
        _check_enough(meta, ctx, data, split_by_fraction, short_windows)
        log(f"reusing prepared tokens in {folder} (train {meta['train_tokens']:,} tokens, "
            f"val {meta['val_tokens']:,} tokens, vocab {meta['vocab_size']:,})")
        return _open(folder, meta)

    # scan: refuse bad files before anything is written, count stories, resolve the separator
    t0 = time.perf_counter()
    scans = {}
    sizes = {p: p.stat().st_size for p in train_files + val_files}
    all_mb, done = sum(sizes.values()) / 1e6, 0
    meter = _Meter("reading the stories", all_mb)
    for path in train_files + val_files:
        scan = _scan(path, story_separator, log, progress=lambda at, before=done: meter.show((before + at) / 1e6
                                                                                           / max(all_mb, 1e-9)))
        done += sizes[path]
        if scan.stories == 0:
            if from_folder:
                log(f"skipping {path}: no text in it")
                continue
            raise DataError(f"{path}: the file has no text (empty or only whitespace); put some stories in it, "
                            "or point --data at another file")
        scans[path] = scan
    meter.close()
    train_files = [p for p in train_files if p in scans]
    if not train_files:
        raise DataError(f"{data}: all its .txt files are empty; put some stories in them")
    total = sum(scans[p].stories for p in train_files)
    # a few stories to fine-tune on, too few for val_fraction of them to be one: all train, and they validate too
    scored = split_by_fraction and short_windows and round(total * val_fraction) < 1
    if split_by_fraction:
        if total < 2 and not short_windows:
            raise DataError(f"{data}: found 1 story, but training needs at least 2 (one to train on, one to "
                            "validate); add text, or separate stories by blank lines or <|endoftext|> lines")
        n_val = total if scored else min(total - 1, max(1, round(total * val_fraction)))
        n_train = total if scored else total - n_val
    else:
        n_train, n_val = total, sum(scans[p].stories for p in val_files)
    scan_seconds = time.perf_counter() - t0
    train_sources = [(p, scans[p].separator) for p in train_files]
    val_sources = [(p, scans[p].separator) for p in val_files]
    ends = " and ".join(sorted({"<|endoftext|> lines" if s == "eot" else "blank lines" for _, s in train_sources}))
    counts = (f"{total:,} {'story' if total == 1 else 'stories'}, all trained on and scored as the validation text "
              f"too (val_fraction = {val_fraction} of them is none)") if scored else \
        f"{n_train + n_val:,} stories ({n_train:,} train, {n_val:,} val)"
    log(f"{name}: {counts} in {len(train_files) + len(val_files)} file(s); stories end at {ends}; read "
        f"{all_mb:,.1f} MB in {scan_seconds:.1f} s ({all_mb / max(scan_seconds, 1e-9):,.1f} MB/s)")

    temps = []
    new_folder = not folder.exists()
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale_temps(folder, log)             # a preparation killed before it finished: its token files' temps
    try:
        train_mb = sum(sizes[p] for p in train_files) / 1e6
        t0 = time.perf_counter()
        if given is None:
            meter = _Meter("training the tokenizer", train_mb)
            tokenizer = train_tokenizer(_metered(islice(_stories(train_sources), n_train), meter, n_train),
                                        vocab_size, length=n_train)
            meter.close()
            train_seconds = seconds = time.perf_counter() - t0
            log(f"trained a byte-level BPE tokenizer ({tokenizer.get_vocab_size():,} tokens) on {train_mb:,.1f} MB "
                f"in {seconds:.1f} s ({train_mb / max(seconds, 1e-9):.1f} MB/s)")
        else:
            tokenizer, train_seconds = given, 0.0
            log(f"encoding with the given tokenizer ({tokenizer.get_vocab_size():,} tokens): none is trained")
        eot_id = tokenizer.token_to_id(EOT)

        def temp(filename):
            temps.append((folder / f"{filename}.tmp-{os.getpid()}", folder / filename))
            return temps[-1][0]

        t0 = time.perf_counter()
        mb = sum(sizes[p] for p in train_files + val_files) / 1e6
        meter, n_all = _Meter("encoding", mb), n_train + (0 if scored else n_val)
        if scored:                              # the stories trained on are the validation text too
            train_tokens, _ = _write_tokens(tokenizer, _stories(train_sources), temp("train.bin"), eot_id, meter,
                                            0, n_all)
            val_tokens, _ = _write_tokens(tokenizer, _stories(train_sources), temp("val.bin"), eot_id)
        elif split_by_fraction:                 # one pass: the first n_train stories train, the rest validate
            stories = _stories(train_sources)
            train_tokens, _ = _write_tokens(tokenizer, islice(stories, n_train), temp("train.bin"), eot_id, meter,
                                            0, n_all)
            val_tokens, _ = _write_tokens(tokenizer, stories, temp("val.bin"), eot_id, meter, n_train, n_all)
        else:
            train_tokens, _ = _write_tokens(tokenizer, _stories(train_sources), temp("train.bin"), eot_id, meter,
                                            0, n_all)
            val_tokens, _ = _write_tokens(tokenizer, _stories(val_sources), temp("val.bin"), eot_id, meter,
                                          n_train, n_all)
        meter.close()
        seconds = time.perf_counter() - t0
        log(f"encoded {mb:,.1f} MB in {seconds:.1f} s ({mb / max(seconds, 1e-9):.1f} MB/s): "
            f"train {train_tokens:,} tokens, val {val_tokens:,} tokens")

        tokenizer_json = tokenizer.to_str()
        meta = {"fingerprint": fingerprint, "train_tokens": train_tokens, "val_tokens": val_tokens,
                "train_stories": n_train, "val_stories": n_val, "eot_id": eot_id,
                "vocab_size": tokenizer.get_vocab_size(), "prepared": time.strftime("%Y-%m-%d %H:%M:%S"),
                "seconds": {"scan": scan_seconds, "tokenizer": train_seconds, "encode": seconds}}
        _check_enough(meta, ctx, data, split_by_fraction, short_windows)   # before anything in folder is replaced
        temp("tokenizer.json").write_text(tokenizer_json, encoding="utf-8")
        temp("meta.json").write_text(json.dumps(meta, indent=1), encoding="utf-8")
        (folder / "meta.json").unlink(missing_ok=True)    # from here on the folder reads as incomplete
        for tmp, final in temps:                          # meta.json was added last, so it lands last
            os.replace(tmp, final)
    except BaseException:
        for tmp, _ in temps:
            tmp.unlink(missing_ok=True)
        if new_folder:
            try:
                folder.rmdir()                  # only if empty: never removes prepared data
            except OSError:
                pass
        raise
    log(f"prepared {folder}")
    return _open(folder, meta)
