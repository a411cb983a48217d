"""Story quality: what a reader of a checkpoint's stories sees, next to the built-in corpus's own stories, measured
in the same run.

    python bench/bench_stories.py                                  # out_dir/best.safetensors, 50 stories
    python bench/bench_stories.py --checkpoint a.safetensors --checkpoint b.safetensors --json quality.json
    python bench/bench_stories.py --stories 20 --tokens 300 --show 0 --real held_out.txt
    python bench/bench_stories.py --make-seeds 60 /tmp/seeds.txt                # first sentences of real stories
    python bench/bench_stories.py --seeds /tmp/seeds.txt --corpus data/builtin/stories.txt   # does it follow them?

For each checkpoint (one table row each), N stories are written from the seed text with the shipped sampling flags
(temperature, top_k, top_p as config.py ships them, frozen in tests/helpers.py: a user's edited config.py does not
move the figures), story i with sample_seed = i, at most --tokens new tokens each, stopping at <|endoftext|>; the
window slides past ctx as write() slides it. All N are written in one batch, each row drawing from its own random
generator exactly as write(sample_seed=i) draws, so story i is the story `write(..., sample_seed=i)` writes.

- hero kept: the share of stories with 1..k distinct child names (whole words from data/stories.py's GIRL_NAMES,
  BOY_NAMES and NEUTRAL_NAMES), k the smallest count that at least 90% of the corpus's own stories stay within
  (2,000 stories of data.stories.generate_stories with the built-in corpus's seed, i.e. its first 2,000 stories);
  a story with no name does not keep a hero. Also the mean distinct-name count and the share with exactly one name.
- hero kept, any kind: as hero kept, but a story with no child's name keeps its hero when a lower-case content word
  of its first sentence (its hero of any kind: "a mighty rhinoceros") is named again at least twice after it.
- repeated 4-grams: 1 - distinct / total word 4-grams within a story, the mean over stories.
- ends: the share of stories that reach <|endoftext|> within the token budget (the corpus's: 100%, every story ends).
- name nats first / again: on the first 100 built-in validation stories (the corpus's own text, scored), the mean
  cost in nats of a child's name where the story names that child first, and where it names the child again. A model
  that has learned to copy the hero's name from earlier in the story pays much less for it again; one that guesses a
  name from the lists at every mention pays about the same both times (and writes a new name each time).
- held-out bits per UTF-8 byte, scored as `python slm.py eval` scores (slm.score_stories): on the built-in
  validation split (the shipped val_fraction, the last 1% of the stories in data/builtin/stories.txt, or under
  SLM_DATA_DIR when it is set, as training splits it: the corpus file there now, so a checkpoint trained on an older
  one is scored on today's split; --val FILE scores another text instead) and on real TinyStories text (--real
  FILE, by default ../shared/data/tinystories/stories.txt beside the project: the last tenth
  of its stories; with no such file the column is skipped).

A name count is a whole-word match, leaving out a name after a title (Mr., Mrs., Ms., Miss, Aunt, Uncle, Farmer, ...:
the generator's grown-ups take surnames and names from the same lists) and "Will" before you/it/we/...; a capitalised
"Hope" or "Joy" at the start of a sentence still counts as a name. The same rule counts the corpus's stories, so the
two rows compare.

With --seeds FILE (one seed a line, or `seed<TAB>its real continuation`), the script measures instead how a checkpoint
writes from seeds other than "Once upon a time" (the user's workflow: change the seed text in the write call). Story
i is written from line i with sample_seed = i (as write(seed, --tokens, sample_seed=i) writes it, --tokens 150 by
default here), and as many stories from --seed-text with the same sample seeds:
- follows its seed: the share of stories whose continuation (the text after the seed) names again a content word of
  its seed: a word of four letters or more, or a capitalised one of any length (a name: Tim, Sue), that is not a
  function word or story glue (NOT_CONTENT: once, upon, time, little, named, happy, said, ...), compared in lower
  case with a final 's or plural s dropped. Seeds with no content word are left out. The same rule judges the real
  continuations: whole (a row of their own), and cut to the model's word count for each seed (beside the model's).
  By chance: the same rule for a continuation that never saw the seed — each seed against the next line's
  continuation (the model's, or the real one in the real row) — since a common name (Lily, Tim) or word matches
  many seeds whatever the story. "names left out" gives the three shares again over the seed's lower-case
  content words only (its things: dragon, robot, cake), which no common name matches by chance.
- unseen 4-grams: the share of written sentences (pieces between . ! ? and line ends, those holding a word 4-gram with
  a word past the seed) that hold a word 4-gram the training corpus never has (--corpus, default the built-in corpus
  file under the data folder; its 4-grams are hashed into a set), for the stories from --seed-text and from the real
  seeds side by side. Lower is cleaner: a model writing from a real seed as it writes from "Once upon a time" scores
  the same on both. It measures distance from the corpus, not grammar: real TinyStories text itself scores high.
--make-seeds N OUT writes such a file from --real (default the shared TinyStories sample): the first sentence of N
stories chosen with a fixed seed (those whose first sentence has a content word), a tab, the rest of the story.
"""
import argparse
import ast
import json
import math
import platform
import random
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

import numpy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from data.tokens import SlmError  # noqa: E402

DEFAULT_REAL = ROOT.parent / "shared" / "data" / "tinystories" / "stories.txt"
CORPUS_STORIES = 2000
CORPUS_SEED = 1234            # data.stories.generate_stories' default: the built-in corpus's own first stories
HERO_SHARE = 0.90             # k: the smallest name count at least this share of corpus stories stay within
COLUMNS = ["model", "step", "ctx", "d_model", "params", "hero kept", "hero kept, any kind", "mean names", "one name",
           "repeated 4-grams",
           "ends", "name nats first / again", "bpb builtin val", "bpb real", "seconds"]


def frozen_defaults():
    """config.py as shipped (tests/helpers.py's DEFAULTS, read without importing the test helpers)."""
    tree = ast.parse((ROOT / "tests" / "helpers.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "DEFAULTS":
            return ast.literal_eval(node.value)
    raise RuntimeError("tests/helpers.py has no DEFAULTS dict")


def cpu_model():
    try:
        out = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        return next(ln.split(":", 1)[1].strip() for ln in out.splitlines() if ln.startswith("Model name"))
    except (OSError, StopIteration):
        return platform.processor() or "unknown CPU"


# ---------------------------------------------------------------------------------------------------- measures
TITLES = "Mr Mrs Ms Dr Miss Aunt Auntie Uncle Farmer Grandma Grandpa Granny Grandad Nana Mister".split()
NOT_A_NAME_AFTER = {"Will": "you it we i he she they your"}   # "Will you help me?": a verb, not the boy Will


def name_pattern(extra=()):
    """Child names (data/stories.py's GIRL_NAMES, BOY_NAMES, NEUTRAL_NAMES, and `extra`: a fine-tune's new hero) as
    whole words, each with the title or the word before it that says it is no child: Mr. Lane, Aunt Holly and Farmer
    Willow are grown-ups."""
    from data.stories import BOY_NAMES, GIRL_NAMES, NEUTRAL_NAMES
    names = sorted(set(GIRL_NAMES + BOY_NAMES + NEUTRAL_NAMES + list(extra)), key=len, reverse=True)
    titles = "|".join(sorted(TITLES, key=len, reverse=True))
    return re.compile(r"(?:\b(?P<title>" + titles + r")\.?\s+)?\b(?P<name>" + "|".join(map(re.escape, names))
                      + r")\b(?=\s+(?P<after>[A-Za-z]+)|)")


def names_in(text, pattern):
    """The child names a story uses, in order of appearance (titled grown-ups and the verb "Will you" left out)."""
    found = []
    for m in pattern.finditer(text):
        after = (m.group("after") or "").strip().lower()
        if m.group("title") or after in NOT_A_NAME_AFTER.get(m.group("name"), "").split():
            continue
        found.append(m.group("name"))
    return found


def distinct_names(text, pattern):
    """How many different child names a story uses."""
    return len(set(names_in(text, pattern)))


def hero_threshold(counts, share=HERO_SHARE):
    """The smallest k with at least `share` of the counts <= k."""
    counts = sorted(counts)
    return counts[max(0, math.ceil(share * len(counts)) - 1)]


_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)*")


def repeated_4grams(text):
    """1 - distinct / total word 4-grams of one story; None when it has fewer than four words."""
    words = _WORD.findall(text.lower())
    grams = [tuple(words[i:i + 4]) for i in range(len(words) - 3)]
    return 1 - len(set(grams)) / len(grams) if grams else None


def keeps_any_hero(text, count, k):
    """A story keeps its hero: it has 1..k distinct child names, or none and a lower-case content word of its first
    sentence (its hero of any kind: "a mighty rhinoceros", "a red fire truck") named again at least twice after it."""
    if count:
        return count <= k
    split = first_sentence(text)
    if split is None:
        return False
    opening, rest = split
    again = Counter(_key(w) for w in _LETTERS.findall(rest.replace("\u2019", "'")))
    return any(again[w] >= 2 for w in content_words(opening, names=False))


def story_measures(texts, ended, k, pattern):
    """{hero_kept, mean_names, one_name, repeated_4grams, ends} over the stories."""
    counts = [distinct_names(t, pattern) for t in texts]
    repeats = [r for r in map(repeated_4grams, texts) if r is not None]
    return {"hero_kept": sum(1 <= c <= k for c in counts) / len(counts),
            "hero_kept_any": sum(keeps_any_hero(t, c, k) for t, c in zip(texts, counts)) / len(counts),
            "mean_names": sum(counts) / len(counts),
            "one_name": sum(c == 1 for c in counts) / len(counts),
            "repeated_4grams": sum(repeats) / len(repeats) if repeats else 0.0,
            "ends": sum(ended) / len(ended)}


# ---------------------------------------------------------------------------------------------------- seeds
# Not content: function words, and the story glue that a sixth or more of the stories in the real TinyStories sample
# or in the built-in corpus use whatever they are about (most of it a quarter or more; "decided" the least, 17% of the
# real ones): naming it again says nothing about the seed.
NOT_CONTENT = frozenset("""
a an the and but or so if then than that this these those there here their they them he she it his her hers him its
we us our you your i me my mine was were is are be been being am has have had do does did done not no yes to of in
on at by for with from into onto over under up down out off about after before when where what which who whom whose
why how all some any each every very just also too can could would should will shall may might must one oh wow hi
hello okay let let's it's i'm don't didn't can't won't isn't wasn't that's there's what's you're we're they're
once upon time day named little happy said went wanted play played playing friend friends together loved liked like
looked look smiled asked help found felt started came come made make want again thought back away something good
small home took decided lived thank shouted cried gave next ever long first soon everyone
""".split())
_LETTERS = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")


def _key(word):
    """A word as seed and continuation are compared: lower case, no 's, no plural s (dragons and dragon match)."""
    word = word.lower()
    word = word[:-2] if word.endswith("'s") else word
    return word[:-1] if len(word) > 3 and word.endswith("s") and not word.endswith("ss") else word


def content_words(text, names=True):
    """The content words of a text, as _key()s: words of four letters or more, and capitalised words of any length
    (names: Tim, Sue, Max), that are not in NOT_CONTENT. names=False leaves out every capitalised word: the seed's
    things (dragon, robot, cake), which no common name can match by chance."""
    return {_key(w) for w in _LETTERS.findall(text.replace("\u2019", "'")) if w.lower() not in NOT_CONTENT
            and (len(w) >= 4 or w[0].isupper()) and (names or not w[0].isupper())}


def follows_seed(seed, continuation, names=True):
    """Whether the continuation names again a content word of its seed; None when the seed has none."""
    wanted = content_words(seed, names)
    if not wanted:
        return None
    return bool(wanted & {_key(w) for w in _LETTERS.findall(continuation.replace("\u2019", "'"))})


def follow_share(pairs, names=True):
    """The share of (seed, continuation) pairs whose continuation follows its seed, over the seeds with a content word
    (None when there is none)."""
    judged = [f for f in (follows_seed(s, c, names) for s, c in pairs) if f is not None]
    return sum(judged) / len(judged) if judged else None


def first_words(text, n):
    """The first n words of text (whitespace-separated), as one line."""
    return " ".join(text.split()[:n])


_SENTENCE_END = re.compile(r"""[.!?]["\u201d\u2019']*\s+(?=["\u201c\u2018']?[A-Z])""")


def first_sentence(story):
    """(the story's first sentence, the rest of it), each on one line; None when it is one sentence. A sentence ends
    at . ! or ? (and any closing quotes) before a capital letter or an opening quote, so '"Look!" said Tim.' is one
    sentence; a title's full stop ('Mr. Lee') ends none."""
    text = " ".join(story.split())
    for m in _SENTENCE_END.finditer(text):
        if re.search(r"\b(?:" + "|".join(TITLES) + r")\.$", text[:m.start() + 1]):
            continue
        seed, rest = text[:m.start() + len(m.group().rstrip())], text[m.end():]
        return (seed, rest) if rest else None
    return None


def make_seeds(source, n, out, choice_seed=0):
    """Write n lines `seed<TAB>continuation` to out: the first sentence of n stories of source (a fixed, seeded choice
    of stories whose first sentence has a content word), the rest of each story after the tab. -> the lines."""
    stories = read_all(source)
    order = list(range(len(stories)))
    random.Random(choice_seed).shuffle(order)
    lines = []
    for i in order:
        split = first_sentence(stories[i])
        if split and content_words(split[0]) and "\t" not in "".join(split):
            lines.append("\t".join(split))
            if len(lines) == n:
                break
    if len(lines) < n:
        raise SlmError(f"{source}: only {len(lines)} stories have a first sentence to seed with, not {n}; "
                       f"ask for fewer with --make-seeds")
    Path(out).write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return lines


def read_seeds(path):
    """[(seed, real continuation or None)] from a file of lines `seed` or `seed<TAB>continuation` (blank lines
    skipped); one-line errors for a missing or empty file."""
    path = Path(path)
    if not path.is_file():
        raise SlmError(f"--seeds {path}: no such file; give a file with one seed a line (make one with --make-seeds)")
    seeds = []
    for line in path.read_text(encoding="utf-8").splitlines():
        seed, _, continuation = line.partition("\t")
        if seed.strip():
            seeds.append((seed.strip(), continuation.strip() or None))
    if not seeds:
        raise SlmError(f"--seeds {path}: holds no seed; put one seed a line, then optionally a tab and its real "
                       "continuation")
    return seeds


def _sentence_grams(text, start=0):
    """[[4-gram hash, ...] for each sentence]: the word 4-grams within each sentence (pieces between . ! ? and line
    ends) that hold a word ending after character `start` (so a seed's own 4-grams are left out)."""
    text = text.lower().replace("\u2019", "'")
    out = []
    for sentence in re.finditer(r"[^.!?\n]+", text):
        words = list(_WORD.finditer(sentence.group()))
        grams = [hash(tuple(w.group() for w in words[i:i + 4])) for i in range(len(words) - 3)
                 if sentence.start() + words[i + 3].end() > start]
        if grams:
            out.append(grams)
    return out


def corpus_grams(stories):
    """The set of hashed word 4-grams within the sentences of a corpus's stories."""
    grams = set()
    for story in stories:
        for sentence in _sentence_grams(story):
            grams.update(sentence)
    return grams


def unseen_share(texts, starts, grams):
    """The share of written sentences (the sentences of each text that hold a 4-gram with a word after its seed,
    i.e. after character starts[i]) that hold a word 4-gram the corpus never has. Lower is cleaner; None when no
    sentence has four words."""
    judged = [any(g not in grams for g in sentence)
              for text, start in zip(texts, starts) for sentence in _sentence_grams(text, start)]
    return sum(judged) / len(judged) if judged else None


# ---------------------------------------------------------------------------------------------------- writing
def write_stories(slm, model, seed_text, n_tokens, seeds, temperature, top_k, top_p):
    """-> (texts, ended): one story per seed, all in one batch, each as write(seed_text, n_tokens, sample_seed=seed)
    writes it (stop_at_end). A finished story leaves the batch, so the rows still writing are all that is run."""
    P, mcfg, tokenizer, eot = model
    prompt = ([eot] + slm.encode(tokenizer, seed_text))[-mcfg.ctx:]
    n = len(seeds)
    history = numpy.tile(numpy.array(prompt, dtype=numpy.int64), (n, 1))          # (n, len)
    rngs = [numpy.random.default_rng(s) for s in seeds]   # a generator a row: story i draws as write(seed i)
    kv = slm.KVCache.new(mcfg, n, P["wte"].dtype)
    logits = slm.forward(P, mcfg, slm.to_device(history), kv=kv)[0][:, -1]         # (n, V)
    pos, keep = history.shape[1], max(1, mcfg.ctx - mcfg.ctx // 4)
    rows = numpy.arange(n)                         # which story each batch row is writing
    new, ended = [[] for _ in range(n)], [False] * n
    for _ in range(n_tokens):
        nxt = slm.sample_next(slm.to_host(logits).astype(numpy.float64), temperature, top_k, top_p, rngs)
        going = nxt != eot
        for row, story in enumerate(rows):
            if going[row]:
                new[story].append(int(nxt[row]))
            else:
                ended[story] = True
        if not going.any():
            break
        history = numpy.concatenate([history, nxt[:, None]], axis=1)
        if not going.all():                        # finished stories leave the batch and its KV cache
            alive = numpy.flatnonzero(going)
            rows, history, nxt = rows[alive], history[alive], nxt[alive]
            rngs = [rngs[i] for i in alive]
            at = slm.to_device(alive)
            kv = slm.KVCache([k[at] for k in kv.keys], [v[at] for v in kv.values])
        if pos < mcfg.ctx:
            logits = slm.forward(P, mcfg, slm.to_device(nxt[:, None]), kv=kv, pos=pos)[0][:, -1]
            pos += 1
        else:                                      # the window is full: keep its newest tokens, as write() does
            logits = slm.forward(P, mcfg, slm.to_device(history[:, -keep:]), kv=kv)[0][:, -1]
            pos = keep
    start = [t for t in prompt if t != eot]
    return [slm.decode(tokenizer, start + ids) for ids in new], ended


# ---------------------------------------------------------------------------------------------------- held out
def read_all(path):
    """The stories in path, split as training splits them; one-line errors for a missing, empty or binary file."""
    from data.tokens import read_stories
    return read_stories(str(path), "auto", log=lambda *a: None)


def real_stories(path):
    """The last tenth of the stories in path (at least one)."""
    stories = read_all(path)
    return stories[len(stories) - max(1, len(stories) // 10):]


def builtin_val_stories(slm, cfg):
    """The built-in corpus's validation split, as training holds it out (built first when it is not there yet)."""
    return slm.eval_stories("builtin", cfg, log=lambda line: print(line, file=sys.stderr))


def name_nats(slm, model, stories, pattern, n_stories=100):
    """(mean nats at a child name's first mention, mean nats where the story names that child again), scored on the
    first n_stories of `stories` within the first window. Names are the name_pattern's; a mention's cost is that of
    the token its first letter falls in. A model that copies the hero's name from earlier in the story pays far less
    for a name again than for a name first; one that does not pays about the same (it guesses a name each time)."""
    P, mcfg, tokenizer, eot = model
    first, again = [], []
    for story in stories[:n_stories]:
        encoding = tokenizer.encode(story, add_special_tokens=False)
        ids = ([eot] + encoding.ids)[:mcfg.ctx + 1]
        if len(ids) < 2:
            continue
        logits = slm.to_host(slm.forward(P, mcfg, slm.to_device(numpy.array([ids[:-1]])))[0][0]).astype(numpy.float64)
        top = logits.max(axis=-1, keepdims=True)
        nll = numpy.log(numpy.exp(logits - top).sum(axis=-1)) + top[:, 0] - logits[numpy.arange(len(ids) - 1), ids[1:]]
        starts = [a for a, _ in encoding.offsets]
        seen = set()
        for m in pattern.finditer(story):
            after = (m.group("after") or "").strip().lower()
            if m.group("title") or after in NOT_A_NAME_AFTER.get(m.group("name"), "").split():
                continue
            at = m.start("name")
            token = max(i for i, begin in enumerate(starts) if begin <= at)   # the token holding the first letter
            if token < len(ids) - 1:                   # target index: ids[token + 1] is encoding token `token`
                (again if m.group("name") in seen else first).append(nll[token])
            seen.add(m.group("name"))
    def mean(xs):
        return float(numpy.mean(xs)) if xs else None
    return mean(first), mean(again)


def bits_per_byte(slm, model, stories, batch_size=32):
    P, mcfg, tokenizer, eot = model
    with numpy.errstate(over="ignore", invalid="ignore"):
        nats, _, n_bytes = slm.score_stories(P, mcfg, tokenizer, eot, stories, batch_size)
    return nats / math.log(2) / n_bytes


# ---------------------------------------------------------------------------------------------------- rows
def corpus_row(k, pattern, stories):
    return {"model": f"built-in corpus ({len(stories):,} stories)",
            **story_measures(stories, [True] * len(stories), k, pattern)}


def checkpoint_row(slm, path, args, sampling, k, pattern, val, real):
    t0 = time.perf_counter()
    model = slm.load_model(path)
    P, mcfg, _, _ = model
    slm.writing_kernels(SimpleNamespace(cpu_kernels=args.cpu_kernels), P["wte"].dtype)   # as write() runs
    _, meta, _ = slm.load_checkpoint(path)
    if getattr(mcfg, "data", None) == "builtin" and getattr(mcfg, "val_fraction", 1) < args.val_fraction:
        print(f"note: {path} trained on the built-in corpus with val_fraction = {mcfg.val_fraction}, so part of the "
              f"last {args.val_fraction} it is scored on was in its training split", file=sys.stderr)
    texts, ended = write_stories(slm, model, args.seed_text, args.tokens, list(range(args.stories)), **sampling)
    written = time.perf_counter()
    row = {"model": str(path), "step": meta.get("step"), "ctx": mcfg.ctx, "d_model": mcfg.d_model,
           "n_layer": mcfg.n_layer, "params": slm.n_params(mcfg),
           "tokens_seen": meta.get("step", 0) * mcfg.batch_size * mcfg.grad_accum * mcfg.ctx,
           **story_measures(texts, ended, k, pattern),
           "bpb_builtin_val": bits_per_byte(slm, model, val),
           "name_nats": name_nats(slm, model, val, pattern),
           "bpb_real": bits_per_byte(slm, model, real) if real else None,
           "samples": texts[:args.show]}
    row["seconds"] = time.perf_counter() - t0
    row["write_seconds"] = written - t0                  # loading and writing; the rest is scoring
    return row


def cell(row, column):
    key = {"hero kept": "hero_kept", "hero kept, any kind": "hero_kept_any", "mean names": "mean_names",
           "one name": "one_name",
           "repeated 4-grams": "repeated_4grams", "bpb builtin val": "bpb_builtin_val", "bpb real": "bpb_real"
           }.get(column, column)
    if column == "name nats first / again":
        first, again = row.get("name_nats") or (None, None)
        return "-" if first is None or again is None else f"{first:.2f} / {again:.2f}"
    value = row.get(key)
    if value is None:
        return "-"
    if column in ("hero kept", "hero kept, any kind", "one name", "ends"):
        return f"{100 * value:.0f}%"
    if column == "repeated 4-grams":
        return f"{100 * value:.1f}%"
    if column in ("mean names",):
        return f"{value:.2f}"
    if column.startswith("bpb"):
        return f"{value:.3f}"
    if column == "seconds":
        return f"{value:.0f}"
    if column == "params":
        return f"{value / 1e6:.2f}M"
    return str(value)


def table(rows):
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "|".join("---" for _ in COLUMNS) + "|"]
    lines += ["| " + " | ".join(cell(row, c) for c in COLUMNS) + " |" for row in rows]
    return "\n".join(lines)


def seed_columns(seed_text):
    return ["model", "step", "stories", "follows its seed", "by chance", "real, same length",
            "names left out: follows / by chance / real",
            f"unseen 4-grams: {seed_text!r}", "unseen 4-grams: real seeds", f"ends: {seed_text!r} / real seeds",
            "seconds"]


def seeds_row(slm, path, args, sampling, seeds, grams):
    """One checkpoint's stories from each seed line (story i with sample_seed = i) and as many from args.seed_text
    (the same sample seeds): how many follow their seed, beside the real continuations cut to the same number of
    words and beside chance (each seed against the model's continuation of the next seed), and the share of written
    sentences with a 4-gram the corpus never has, from either start."""
    t0 = time.perf_counter()
    model = slm.load_model(path)
    slm.writing_kernels(SimpleNamespace(cpu_kernels=args.cpu_kernels), model[0]["wte"].dtype)   # as write() runs
    _, meta, _ = slm.load_checkpoint(path)
    n = len(seeds)
    once, once_ended = write_stories(slm, model, args.seed_text, args.tokens, list(range(n)), **sampling)
    texts, ended = [], []
    for i, (seed, _) in enumerate(seeds):          # a batch each: the seeds differ in length
        (text,), (end,) = write_stories(slm, model, seed, args.tokens, [i], **sampling)
        texts.append(text)
        ended.append(end)
    written = [text[len(seed):] if text.startswith(seed) else text for text, (seed, _) in zip(texts, seeds)]
    real = [(seed, first_words(theirs, len(mine.split()))) for (seed, theirs), mine in zip(seeds, written) if theirs]
    mine = [(seed, text) for (seed, _), text in zip(seeds, written)]
    chance = by_chance(mine)
    row = {"model": str(path), "step": meta.get("step"), "stories": n,
           "follows": follow_share(mine), "by_chance": follow_share(chance),
           "real_same_length": follow_share(real) if real else None,
           "things": (follow_share(mine, False), follow_share(chance, False),
                      follow_share(real, False) if real else None),
           "unseen_seed_text": unseen_share(once, [len(args.seed_text)] * n, grams),
           "unseen_real_seeds": unseen_share(texts, [len(seed) for seed, _ in seeds], grams),
           "ends": (sum(once_ended) / n, sum(ended) / n),
           "samples": texts[:args.show]}
    row["seconds"] = time.perf_counter() - t0
    return row


def by_chance(pairs):
    """Each seed with the next pair's continuation (the last with the first): continuations that never saw their seed
    ([] for fewer than two pairs)."""
    return [(seed, c) for (seed, _), (_, c) in zip(pairs, pairs[1:] + pairs[:1])] if len(pairs) > 1 else []


def real_seeds_row(seeds, grams):
    """The real continuations' own figures (those lines that give one): a reference for both measures."""
    real = [(seed, c) for seed, c in seeds if c]
    chance = by_chance(real)
    return {"model": f"real continuations ({len(real)} stories, whole)", "stories": len(real),
            "follows": follow_share(real), "by_chance": follow_share(chance),
            "things": (follow_share(real, False), follow_share(chance, False), None),
            "unseen_real_seeds": unseen_share([seed + " " + c for seed, c in real], [len(seed) for seed, _ in real],
                                              grams)}


def seed_cell(row, column):
    key = {"follows its seed": "follows", "by chance": "by_chance", "real, same length": "real_same_length",
           "unseen 4-grams: real seeds": "unseen_real_seeds",
           "names left out: follows / by chance / real": "things"}.get(column, column)
    if key == column and column.startswith(("unseen 4-grams: ", "ends: ")):   # the columns named by the seed text
        key = "unseen_seed_text" if column.startswith("unseen") else "ends"
    value = row.get(key)
    if key in ("ends", "things"):
        return "-" if value is None else " / ".join("-" if v is None else f"{100 * v:.0f}%" for v in value)
    if value is None:
        return "-"
    if key in ("follows", "by_chance", "real_same_length", "unseen_seed_text", "unseen_real_seeds"):
        return f"{100 * value:.0f}%"
    if column == "seconds":
        return f"{value:.0f}"
    return str(value)


def seeds_table(rows, seed_text):
    columns = seed_columns(seed_text)
    lines = ["| " + " | ".join(columns) + " |", "|" + "|".join("---" for _ in columns) + "|"]
    lines += ["| " + " | ".join(seed_cell(row, c) for c in columns) + " |" for row in rows]
    return "\n".join(lines)


def corpus_path(slm, cfg, args):
    """--corpus, else the built-in corpus file under the data folder (built first when it is not there yet)."""
    if args.corpus:
        if not Path(args.corpus).is_file():
            raise SlmError(f"--corpus {args.corpus}: no such file; give the corpus file the checkpoint trained on")
        return Path(args.corpus)
    _, train_files, _, _ = slm.story_sources("builtin", slm.data_folder(), lambda line: print(line, file=sys.stderr),
                                             cfg.tinystories_mb)
    return Path(train_files[0])


def seeds_main(slm, args, cfg, paths, sampling, backend):
    """--seeds FILE: seed following and the 4-gram measure, a row per checkpoint, beside the real continuations."""
    seeds = read_seeds(args.seeds)
    corpus = corpus_path(slm, cfg, args)
    grams = corpus_grams(read_all(corpus))
    rows = [real_seeds_row(seeds, grams)] if any(c for _, c in seeds) else []
    with slm.blas_threads(args.threads):
        for path in paths:
            rows.append(seeds_row(slm, path, args, sampling, seeds, grams))
    judged = sum(1 for seed, _ in seeds if content_words(seed))
    cpu = cpu_model()
    print(f"# following the seed: {len(seeds)} seeds from {args.seeds} ({judged} with a content word), story i with "
          f"sample_seed = i, and as many from {args.seed_text!r} with the same seeds; at most {args.tokens} tokens, "
          f"temperature {sampling['temperature']}, top_k {sampling['top_k']}, top_p {sampling['top_p']}; {backend}, "
          f"{args.threads} threads, {cpu}, {time.strftime('%Y-%m-%d')}")
    print(f"follows its seed: the share of stories whose continuation names again a content word of its seed (a word "
          f"of 4+ letters or a capitalised name, not a function word or story glue); by chance: each seed against "
          f"the next seed's continuation, which never saw it (common names, Lily or Tim, match by chance); real, same "
          f"length: the real continuation cut to the model's word count for that seed; "
          f"names left out: the same three with capitalised words left out (the seed's things: dragon, cake). "
          f"unseen 4-grams: the share of written sentences "
          f"holding a word 4-gram that {corpus} ({len(grams):,} distinct 4-grams) never has; lower is cleaner.")
    print()
    print(seeds_table(rows, args.seed_text))
    for row in rows[-len(paths):]:
        for i, text in enumerate(row["samples"]):
            print(f"\n--- {row['model']}, seed line {i + 1} (sample_seed={i}) ---\n{text}")
    if args.json:
        result = {"cpu": cpu, "backend": backend, "threads": args.threads, "date": time.strftime("%Y-%m-%d %H:%M"),
                  "seeds": str(args.seeds), "n_seeds": len(seeds), "judged_seeds": judged, "tokens": args.tokens,
                  "seed_text": args.seed_text, **sampling, "corpus": str(corpus), "corpus_grams": len(grams),
                  "rows": rows}
        slm.write_atomically(args.json, json.dumps(result, indent=1).encode("utf-8"))
        print(f"\nsaved the figures to {args.json}")
    return rows


# ---------------------------------------------------------------------------------------------------- main
def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint", action="append", help="a checkpoint to score (repeat for several; default "
                   "out_dir/best.safetensors of the shipped config)")
    p.add_argument("--stories", type=int, default=50, help="stories written per checkpoint (seeds 0..N-1)")
    p.add_argument("--tokens", type=int, default=None, help="most new tokens per story (default 400; 150 with "
                   "--seeds)")
    p.add_argument("--seed-text", default="Once upon a time", help="what every story starts with")
    p.add_argument("--real", default=None, help="real stories to score (the last tenth); default "
                   f"{DEFAULT_REAL} when it exists")
    p.add_argument("--val", default=None, help="score these stories (all of them) in the builtin val column instead "
                   "of the built-in validation split")
    p.add_argument("--name", action="append", default=[], help="count this name as a child's name too (repeat for "
                   "several): a hero a fine-tune taught, which data/stories.py never uses")
    p.add_argument("--corpus-stories", type=int, default=CORPUS_STORIES, help="corpus stories for k and its row")
    p.add_argument("--seeds", default=None, metavar="FILE", help="write a story from each line of FILE (`seed` or "
                   "`seed<TAB>real continuation`) and report how many follow their seed and how clean they are, "
                   "instead of the table above")
    p.add_argument("--make-seeds", nargs=2, default=None, metavar=("N", "OUT"), help="write a seeds file OUT: the "
                   "first sentence of N stories of --real (a fixed choice), the rest of each after a tab; then stop")
    p.add_argument("--corpus", default=None, help="with --seeds: the corpus file the checkpoint trained on, for the "
                   "4-gram measure (default data/builtin/stories.txt under the data folder)")
    p.add_argument("--show", type=int, default=2, help="sample stories to print per checkpoint")
    p.add_argument("--json", default=None, help="also save the figures to this file")
    p.add_argument("--device", default="cpu", choices=["cpu", "gpu", "auto"])
    p.add_argument("--cpu-kernels", default="auto", choices=["auto", "numba", "numpy"], help="the cpu_kernels flag "
                   "for writing and scoring (the stories are the same either way, up to float rounding)")
    p.add_argument("--threads", type=int, default=1, help="BLAS threads on the CPU (1: NumPy's stacked (B, T, C) "
                   "matmuls, which slm's forward takes, run several times slower on 2 BLAS threads than on 1)")
    args = p.parse_args(argv)
    if args.tokens is None:
        args.tokens = 150 if args.seeds else 400
    if args.make_seeds:
        if not args.make_seeds[0].isdigit() or int(args.make_seeds[0]) < 1:
            p.error(f"--make-seeds N OUT: N must be a whole number, at least 1 (got {args.make_seeds[0]!r})")
    for name in ("stories", "tokens", "corpus_stories"):
        if getattr(args, name) < 1:
            p.error(f"--{name.replace('_', '-')} must be at least 1")
    if args.show < 0:
        p.error("--show must be 0 or more")
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.make_seeds:
        n, out = int(args.make_seeds[0]), args.make_seeds[1]
        source = Path(args.real) if args.real else DEFAULT_REAL
        if not source.exists():
            raise SlmError(f"--make-seeds: no stories at {source}; give --real FILE (TinyStories' format)")
        lines = make_seeds(source, n, out)
        print(f"wrote {len(lines)} seeds (first sentence<TAB>the rest) from {source} to {out}")
        return lines
    import slm
    from data.stories import generate_stories
    backend = slm.use_backend(args.device)
    defaults = frozen_defaults()
    cfg = slm.make_config(file_values=defaults, device=args.device)
    paths = [Path(c) for c in args.checkpoint] if args.checkpoint else [slm.checkpoint_path(cfg)]
    sampling = {name: defaults[name] for name in ("temperature", "top_k", "top_p")}
    real_path = Path(args.real) if args.real else (DEFAULT_REAL if DEFAULT_REAL.is_file() else None)
    for path in paths:                              # every checkpoint is checked before the slow part starts
        slm.load_checkpoint(path)
    if args.seeds:
        return seeds_main(slm, args, cfg, paths, sampling, backend)
    real = real_stories(real_path) if real_path else None
    val = read_all(args.val) if args.val else builtin_val_stories(slm, cfg)
    args.val_fraction = 0.0 if args.val else cfg.val_fraction

    pattern = name_pattern(args.name)
    corpus = generate_stories(args.corpus_stories, CORPUS_SEED)
    k = hero_threshold([distinct_names(s, pattern) for s in corpus])
    rows = [corpus_row(k, pattern, corpus)]
    with slm.blas_threads(args.threads):
        for path in paths:
            rows.append(checkpoint_row(slm, path, args, sampling, k, pattern, val, real))

    cpu = cpu_model()
    print(f"# story quality: {args.stories} stories per checkpoint from {args.seed_text!r}, "
          f"seeds 0..{args.stories - 1}, "
          f"at most {args.tokens} tokens, temperature {sampling['temperature']}, top_k {sampling['top_k']}, "
          f"top_p {sampling['top_p']}; {backend}, {args.threads} threads, {cpu}, {time.strftime('%Y-%m-%d')}")
    print(f"hero kept: 1..k distinct child names, k = {k} (at least {HERO_SHARE:.0%} of {len(corpus):,} corpus stories "
          f"have at most {k}); bpb builtin val: {len(val):,} stories of "
          + (f"{args.val}; " if args.val else "the built-in validation split; ")
          + (f"bpb real: the last tenth of {real_path} ({len(real):,} stories)" if real else
             f"bpb real: skipped (no file at {DEFAULT_REAL}; give --real FILE)"))
    print()
    print(table(rows))
    for row in rows[1:]:
        for i, text in enumerate(row["samples"]):
            print(f"\n--- {row['model']}, story {i} (sample_seed={i}) ---\n{text}")
    if args.json:
        result = {"cpu": cpu, "backend": backend, "threads": args.threads, "date": time.strftime("%Y-%m-%d %H:%M"),
                  "stories": args.stories, "tokens": args.tokens, "seed_text": args.seed_text, **sampling,
                  "k": k, "corpus_stories": len(corpus), "val_stories": len(val),
                  "real": str(real_path) if real else None, "real_stories": len(real) if real else 0, "rows": rows}
        slm.write_atomically(args.json, json.dumps(result, indent=1).encode("utf-8"))
        print(f"\nsaved the figures to {args.json}")
    return rows


if __name__ == "__main__":
    import slm as _slm
    with _slm.friendly_errors():
        main()
