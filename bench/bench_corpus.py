"""How close the built-in corpus's language is to real TinyStories text, measured without training a model.

    python bench/bench_corpus.py                                  # the built-in generator vs the shared sample
    python bench/bench_corpus.py --real=FILE --stories=20000 --seed=1234
    python bench/bench_corpus.py --before=3264e51               # also the generator as it was at a git revision

The peer is real text: a sample of TinyStories (default /work/shared/data/tinystories/stories.txt, or any file in the
V2 format); its last tenth is held out. In the same run the corpus is generated (timed), and so is a corpus of the
sample's first nine tenths, so every figure has a real-text reference beside it:
  - coverage: the share of the held-out text's word tokens whose word occurs in the corpus, and the share of its
    distinct words;
  - bytes per token of the held-out text under slm's BPE (data/tokens.py, vocab 4096) trained on the corpus (timed);
  - cross-entropy in bits per word of the held-out text under an interpolated (Witten-Bell) word bigram model of the
    corpus, backed off to an add-one unigram over the union vocabulary (so unseen words cost a lot but are finite);
  - content words: the share of the held-out text's distinct content words (four letters or more, not story glue:
    bench_stories.py's NOT_CONTENT) the corpus uses;
  - opening forms: the share of held-out stories whose first sentence has a form some corpus story's first sentence
    has, a form being the sentence with every word outside a short list of function words (FORM_WORDS: once, upon,
    there, was, named, in, ...) written as "_": "Once upon a time, in a big forest, there lived a rhinoceros named
    Roxy." -> "once upon a _ , in a _ _ , there lived a _ named _ .".
Words are lowercased runs of letters/apostrophes; punctuation marks count as words for the bigram model.
"""
import argparse
import math
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from data.stories import generate_stories  # noqa: E402
from data.tokens import EOT, encode, read_stories, train_tokenizer  # noqa: E402

WORD = re.compile(r"[a-z]+(?:'[a-z]+)*|[.,!?\"]")
FORM_WORDS = frozenset("""
a an the and or but so in on at of to by for from with near under over into inside behind far away
once upon there here was were is are lived live had has named called who that which whose one day
his her their its my name names long ago two friends they he she it them him very all
""".split())
SENTENCE = re.compile(r"^.*?[.!?](?=\s|$)", re.S)


def words(stories):
    out = []
    for s in stories:
        out.append("<s>")
        out.extend(WORD.findall(s.lower().replace("\u201c", '"').replace("\u201d", '"').replace("\u2019", "'")))
        out.append("</s>")
    return out


def content_words(word_list):
    from bench_stories import NOT_CONTENT
    return {w for w in word_list if len(w) >= 4 and w[0].isalpha() and w not in NOT_CONTENT}


def opening_form(story):
    """The first sentence's form: function words kept, every other word "_"."""
    match = SENTENCE.match(story.strip())
    sentence = match.group(0) if match else story.strip()
    return " ".join(w if w in FORM_WORDS or not w[0].isalpha() else "_" for w in words([sentence])[1:-1])


def coverage(corpus_words, held_words):
    vocab = set(corpus_words)
    held = [w for w in held_words if w[0].isalpha()]
    tokens = sum(w in vocab for w in held) / len(held)
    distinct = set(held)
    return tokens, len(distinct & vocab) / len(distinct)


def bigram_bits(corpus_words, held_words):
    uni = Counter(corpus_words)
    n = sum(uni.values())
    vocab = set(uni) | set(held_words)
    big = Counter(zip(corpus_words, corpus_words[1:]))
    follow, types = Counter(), Counter()              # tokens after a, distinct words after a
    for (a, _), k in big.items():
        follow[a] += k
        types[a] += 1
    total = 0.0
    for a, b in zip(held_words, held_words[1:]):
        if a == "</s>":
            continue
        p_uni = (uni[b] + 1) / (n + len(vocab))
        c, t = follow[a], types[a]
        p = (big[(a, b)] + t * p_uni) / (c + t) if c else p_uni
        total -= math.log2(p)
    return total / (len(held_words) - held_words.count("</s>"))


def measure(name, stories, held, held_words, vocab_size):
    w = words(stories)
    tok, dist = coverage(w, held_words)
    held_content = content_words(held_words)
    content = len(held_content & set(w)) / len(held_content)
    forms = {opening_form(s) for s in stories}
    opened = sum(opening_form(s) in forms for s in held) / len(held)
    t = time.perf_counter()
    tokenizer = train_tokenizer(stories, vocab_size, length=len(stories))
    t_tok = time.perf_counter() - t
    text = "".join(EOT + s for s in held)
    bpt = len(text.encode("utf-8")) / len(encode(tokenizer, text))
    bits = bigram_bits(w, held_words)
    mb = sum(len(s.encode("utf-8")) for s in stories) / 1e6
    return (f"| {name} | {len(stories):,} | {mb:.1f} | {len(set(w)):,} | {100 * tok:.1f}% | {100 * dist:.1f}% "
            f"| {100 * content:.1f}% | {len(forms):,} | {100 * opened:.1f}% | {bpt:.2f} | {bits:.2f} | {t_tok:.1f} |")


def generator_at(rev):
    """generate_stories as data/ was at git revision rev (its generator and its content files, heroes.py and
    plots.py, together), run in a child process from a copy of that folder."""
    folder = Path(tempfile.mkdtemp())
    archive = subprocess.run(["git", "archive", rev, "data"], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)

    def generate(n, seed):
        out = folder / "stories.txt"
        code = (f"import sys; sys.path.insert(0, {str(folder)!r}); from data.stories import write_corpus; "
                f"write_corpus({str(out)!r}, {n}, {seed}, log=lambda *a: None)")
        subprocess.run([sys.executable, "-c", code], cwd=folder, check=True)
        return read_stories(str(out), "auto", log=lambda *a: None)
    return generate


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--real", default="/work/shared/data/tinystories/stories.txt")
    ap.add_argument("--stories", type=int, default=20000)
    ap.add_argument("--seed", type=int, default=1234)
    ap.add_argument("--vocab", type=int, default=4096)
    ap.add_argument("--before", help="a git revision: measure the generator as it was there too")
    args = ap.parse_args()
    real = read_stories(args.real, "auto", log=lambda *a: None)
    cut = len(real) - len(real) // 10
    held = real[cut:]
    held_words = words(held)
    rows = []
    for name, generate in ([(f"built-in generator at {args.before}", generator_at(args.before))] if args.before else
                           []) + [("built-in generator", generate_stories)]:
        t = time.perf_counter()
        corpus = generate(args.stories, args.seed)
        rows.append((name, corpus, time.perf_counter() - t))
    print(f"held out: the last {len(held):,} stories of {args.real}; "
          + "; ".join(f"{name} generated {len(c):,} stories in {t:.1f} s" for name, c, t in rows))
    print("| corpus | stories | MB | distinct words | held-out word tokens covered | held-out distinct words "
          "covered | held-out distinct content words covered | opening forms | held-out openings of a form it has "
          "| held-out bytes/token (BPE 4096) | held-out bits/word (bigram) | tokenizer s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, corpus, _ in rows:
        print(measure(name, corpus, held, held_words, args.vocab))
    print(measure("real sample, first 9/10", real[:cut], held, held_words, args.vocab))


if __name__ == "__main__":
    main()
