"""bench/bench.py's per-part breakdown: every part of a step is found and timed, and slm is left as it was."""
import sys
from pathlib import Path

import pytest
from helpers import tiny_config

import slm

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "bench"))
import bench  # noqa: E402


@pytest.mark.parametrize("threads", [1, 2])   # whole batch; batch in shards on threads
def test_breakdown_finds_every_part_of_a_step_and_puts_slm_back(monkeypatch, capsys, threads):
    monkeypatch.setattr(slm, "THREADS", threads)
    originals = {name: getattr(slm, name) for name in ("forward", "backward", "matmul", "attention_forward",
                                                       "linear_backward", "adamw_step", "clip_gradients")}
    cfg = tiny_config(n_layer=2, d_model=16, n_head=2, ctx=8, vocab_size=37, batch_size=4)
    parts, total = bench.breakdown(slm, cfg, 2, "tiny")
    expected = {f"{part} {kind}" for kind in ("forward", "backward") for part in (
        "embedding", "layernorm", "attention qkv + proj", "attention core (q k^T, softmax, att v)",
        "MLP fc + ReLU + proj", "output head matmuls (tied wte)", "loss (softmax + cross-entropy)")}
    assert set(parts) == expected | {"optimizer (clip + AdamW)"}
    assert all(seconds > 0 for seconds in parts.values()) and total > 0
    printed = capsys.readouterr().out
    assert "where one training step goes: tiny (L2 C16 H2 T8 V37 B4)" in printed
    assert ("batch in 2 shards" in printed) == (threads == 2)
    assert {name: getattr(slm, name) for name in originals} == originals


def test_the_step_bench_times_is_the_one_train_runs_with_the_fused_kernels_asked_for(monkeypatch):
    """bench.py --device gpu timed the plain CuPy layers when it never turned the kernels on: its step asks for them,
    as train() does (slm.use_kernels: on NumPy the CPU's kernels)."""
    asked = []
    monkeypatch.setattr(slm, "use_kernels",
                        lambda cpu_kernels="auto", log=print, dtypes=("float32",), decode=False: asked.append(dtypes))
    cfg = tiny_config(n_layer=2, d_model=16, n_head=2, ctx=8, vocab_size=37, batch_size=2)
    import numpy as np
    tokens = np.random.default_rng(0).integers(0, cfg.vocab_size, size=(cfg.batch_size, cfg.ctx + 1))
    step = bench.slm_step_function(slm, cfg, slm.init_params(cfg), tokens)
    assert asked == [("float32",)]
    assert np.isfinite(float(step()))


def test_the_float16_step_bench_times_is_train_s_mixed_precision_one(monkeypatch):
    """In float16 the step asks for both dtypes' kernels, runs forward and backward on a float16 copy of the weights
    (every matmul operand float16) and makes that copy again from the float32 master weights after each update."""
    import numpy as np
    asked, seen, original = [], [], slm.matmul
    monkeypatch.setattr(slm, "use_kernels",
                        lambda cpu_kernels="auto", log=print, dtypes=("float32",), decode=False: asked.append(dtypes))

    def spy(a, b, out=None):
        seen.append((a.dtype.name, b.dtype.name))
        return original(a, b, out)
    monkeypatch.setattr(slm, "matmul", spy)
    updates = []
    real_adamw = slm.adamw_step
    monkeypatch.setattr(slm, "adamw_step", lambda params, *a, **k: updates.append(params) or real_adamw(params, *a,
                                                                                                         **k))
    cfg = tiny_config(n_layer=2, d_model=16, n_head=2, ctx=8, vocab_size=37, batch_size=2)
    tokens = np.random.default_rng(0).integers(0, cfg.vocab_size, size=(cfg.batch_size, cfg.ctx + 1))
    flat = slm.init_params(cfg)
    step = bench.slm_step_function(slm, cfg, flat, tokens, "float16")
    losses = [float(step()) for _ in range(3)]
    assert asked == [("float32", "float16")] and np.isfinite(losses).all()
    assert ("float16", "float16") in seen and {s for s in seen if s[0] == "float16"} == {("float16", "float16")}
    params = updates[-1]
    assert params.dtype == np.float32 and not np.array_equal(params, flat)   # the master weights moved


def test_the_activations_table_counts_the_forward_s_arrays_and_float16_halves_them(capsys):
    """bench.py --activations: the bytes of the arrays a training forward keeps, each buffer once; float16's are half
    of float32's (rstd, float32 in both, is all that is not halved)."""
    from types import SimpleNamespace
    rows = bench.activations_table(SimpleNamespace(sizes="tiny"))
    cfg, mb = rows["tiny"]
    B, T, C, V, L = cfg.batch_size, cfg.ctx, cfg.d_model, cfg.vocab_size, cfg.n_layer
    at_least = 4 * (B * T * V + L * B * cfg.n_head * T * T + L * B * T * 4 * C) / 2 ** 20   # loss, att, hidden units
    assert mb["float32"] > at_least
    assert 0.5 < mb["float16"] / mb["float32"] < 0.51
    assert slm.ATTENTION_BLOCK == 64                                          # put back
    assert "| tiny (L2 C32 H2 T16 V300 B4) | 4 |" in capsys.readouterr().out


# ---------------------------------------------------------------------------------------------------- bench_stories
import json  # noqa: E402
import math  # noqa: E402
import subprocess  # noqa: E402

import bench_stories  # noqa: E402
import numpy as np  # noqa: E402
from helpers import DEFAULTS, train_small_model  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def small_checkpoint(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bench_stories")
    cfg = train_small_model(folder)
    real = folder / "real.txt"
    real.write_text("".join(f"Lily and {n} went to the park. {n} found a red ball and they played.\n<|endoftext|>\n"
                            for n in ["Tom", "Ben", "Max", "Leo"] * 5))
    return folder, slm.checkpoint_path(cfg), real


def test_the_bench_writes_each_story_as_write_does_with_its_own_seed(small_checkpoint, monkeypatch):
    """The batch of stories, each row with its own generator, is story for story what write(sample_seed=i) writes
    (both in float64, so no rounding difference between a batch and a single row can flip a sample)."""
    _, path, _ = small_checkpoint
    P, mcfg, tokenizer, eot = slm.load_model(path)
    model = (slm.views(_flat64(P, mcfg), mcfg), mcfg, tokenizer, eot)
    monkeypatch.setattr(slm, "load_model", lambda p: model)
    sampling = {name: DEFAULTS[name] for name in ("temperature", "top_k", "top_p")}
    texts, ended = bench_stories.write_stories(slm, model, "Once upon a time", 40, [0, 1, 2, 3], **sampling)
    cfg = slm.make_config(file_values=DEFAULTS, device="cpu", checkpoint=str(path), n_samples=1)
    for seed, (text, _) in enumerate(zip(texts, ended)):
        cfg.sample_seed = seed
        assert text == slm.write("Once upon a time", 40, cfg, stream=False)
    assert len(set(texts)) > 1 and any(ended)       # the tiny model ends its short stories within 40 tokens


def _flat64(P, mcfg):
    return np.concatenate([np.asarray(P[name], np.float64).reshape(-1) for name, _ in slm.param_shapes(mcfg)])


def test_the_measures_count_names_repeats_and_the_corpus_threshold():
    pattern = bench_stories.name_pattern()
    assert bench_stories.distinct_names("Lily met Tom. Lily and Tom played. Tomato soup.", pattern) == 2
    assert bench_stories.distinct_names("The little fox ran home.", pattern) == 0
    assert bench_stories.distinct_names("Mr. Lane and Aunt Holly helped. Will you come?", pattern) == 0   # grown-ups
    assert bench_stories.names_in("Will you wait? Miss Rose met Lily Tom.", pattern) == ["Lily", "Tom"]
    assert bench_stories.hero_threshold([0, 1, 1, 1, 1, 1, 1, 1, 2, 5]) == 2      # 90% have at most 2
    assert bench_stories.hero_threshold([1] * 10) == 1
    assert bench_stories.repeated_4grams("a b c d a b c d") == pytest.approx(1 - 4 / 5)
    assert bench_stories.repeated_4grams("one two three") is None
    m = bench_stories.story_measures(["Lily ran.", "Lily and Tom and Sam.", "No one here."], [True, False, True], 2,
                                     pattern)
    assert m["hero_kept"] == pytest.approx(1 / 3) and m["one_name"] == pytest.approx(1 / 3)
    assert m["mean_names"] == pytest.approx(4 / 3) and m["ends"] == pytest.approx(2 / 3)
    # a hero of any kind: no child's name, but the first sentence's rhinoceros comes back twice (not once)
    rhino = "Once upon a time, there was a mighty rhinoceros. The rhinoceros ran. The big rhinoceros slept."
    once = "Once upon a time, there was a mighty rhinoceros. The rhinoceros ran. A duck slept."
    m = bench_stories.story_measures([rhino, once, "Lily ran. Lily sat."], [True] * 3, 2, pattern)
    assert m["hero_kept"] == pytest.approx(1 / 3) and m["hero_kept_any"] == pytest.approx(2 / 3)
    assert bench_stories.keeps_any_hero("Lily and Tom and Sam. Lily ran.", 3, 2) is False


def test_bench_stories_prints_a_row_per_checkpoint_beside_the_corpus_and_saves_the_figures(small_checkpoint, capsys):
    folder, path, real = small_checkpoint
    out = folder / "quality.json"
    rows = bench_stories.main(["--checkpoint", str(path), "--checkpoint", str(path), "--stories", "3", "--tokens", "30",
                               "--corpus-stories", "200", "--real", str(real), "--val", str(real), "--show", "1",
                               "--json", str(out)])
    printed = capsys.readouterr().out
    header = next(line for line in printed.splitlines() if line.startswith("| model"))
    assert [c.strip() for c in header.strip("|").split("|")] == bench_stories.COLUMNS
    assert printed.count(f"| {path} |") == 2 and "| built-in corpus (200 stories) |" in printed
    assert "story 0 (sample_seed=0)" in printed
    saved = json.loads(out.read_text())
    assert saved["k"] >= 1 and saved["real_stories"] == 2 and saved["val_stories"] == 20
    corpus, *checkpoints = saved["rows"]
    assert corpus["ends"] == 1.0 and 0 < corpus["hero_kept"] <= 1 and corpus["mean_names"] > 0.5
    for row in checkpoints:
        assert row["step"] == 60 and row["ctx"] == 32 and row["params"] == slm.n_params(slm.load_model(path)[1])
        for key in ("hero_kept", "one_name", "repeated_4grams", "ends"):
            assert 0 <= row[key] <= 1
        assert math.isfinite(row["bpb_builtin_val"]) and row["bpb_builtin_val"] > 0
        first, again = row["name_nats"]                 # a name costs something, first and again
        assert first > 0 and again > 0 and math.isfinite(first + again)
        assert math.isfinite(row["bpb_real"]) and row["bpb_real"] > 0 and len(row["samples"]) == 1
    assert rows[1]["samples"] == rows[2]["samples"]     # fixed seeds: the same checkpoint writes the same stories


@pytest.mark.parametrize("case", ["missing checkpoint", "empty real file"])
def test_bench_stories_refuses_bad_input_in_one_line(small_checkpoint, tmp_path, case):
    _, path, _ = small_checkpoint
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    args = {"missing checkpoint": ["--checkpoint", str(tmp_path / "nope.safetensors")],
            "empty real file": ["--checkpoint", str(path), "--real", str(empty)]}[case]
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "bench_stories.py"), *args], capture_output=True,
                          text=True, cwd=tmp_path, timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert ("nope.safetensors" if case == "missing checkpoint" else "empty") in lines[0]


def test_a_continuation_follows_its_seed_when_it_names_a_content_word_of_it_again():
    """Content words: four letters or more, or capitalised (names), and not a function word or story glue; a
    continuation that repeats only 'the' (or 'little', 'happy', ...) does not follow its seed."""
    seed = "The dragon and the robot flew to the moon."
    assert bench_stories.content_words(seed) == {"dragon", "robot", "flew", "moon"}
    assert bench_stories.content_words("Once upon a time, Tim and Sue had a little red ball.") == {"tim", "sue", "ball"}
    assert bench_stories.follows_seed(seed, " The robot was happy.") is True
    assert bench_stories.follows_seed(seed, " Two dragons came.") is True                # a plural is the same word
    assert bench_stories.follows_seed(seed, " One sunny day, Lily tried to fly. The end.") is False
    assert bench_stories.follows_seed(seed, " Then the cat and the dog sat on the mat.") is False   # only 'the', 'and'
    assert bench_stories.follows_seed("Once upon a time, there was a little girl.", " The little girl was happy.")
    assert bench_stories.follows_seed("It was a hot day.", " It was fun.") is None       # no content word: not judged
    pairs = [(seed, " The moon was big."), (seed, " Lily ran."), ("It was a hot day.", " It was.")]
    assert bench_stories.follow_share(pairs) == pytest.approx(1 / 2)
    assert bench_stories.follow_share([("It was.", " Yes.")]) is None
    assert bench_stories.by_chance(pairs) == [(seed, " Lily ran."), (seed, " It was."), ("It was a hot day.",
                                                                                     " The moon was big.")]
    assert bench_stories.follow_share(bench_stories.by_chance(pairs)) == 0 and bench_stories.by_chance(pairs[:1]) == []
    named = "Tim and Sue found a shiny shell."             # names left out: only the seed's things count
    assert bench_stories.content_words(named, names=False) == {"shiny", "shell"}         # "found": story glue
    assert bench_stories.follows_seed(named, " Tim ran home.") and not bench_stories.follows_seed(named, " Tim ran.",
                                                                                                 names=False)
    assert bench_stories.follow_share([(named, " The shells were pink."), ("Tim ran.", " Tim.")], names=False) == 1


def test_the_4gram_measure_counts_written_sentences_the_corpus_never_has():
    grams = bench_stories.corpus_grams(["The cat sat on the mat. The dog ran to the park!", "Tom saw a big red tree."])
    assert bench_stories.unseen_share(["The cat sat on the mat. Tom saw a big red tree."], [0], grams) == 0
    assert bench_stories.unseen_share(["The cat sat on the park. Tom saw a big red tree."], [0], grams) == 0.5
    assert bench_stories.unseen_share(["The mat. The dog ran to the park."], [0], grams) == 0   # short ones not judged
    assert bench_stories.unseen_share(["Hi there."], [0], grams) is None
    assert bench_stories.unseen_share(["the mat the dog ran"], [0], grams) == 1   # 4-grams never cross a full stop
    seed = "Zorp blip flarg wix quum."                   # the seed's own sentence is not the model's: left out
    assert bench_stories.unseen_share([seed + " The cat sat on the mat."], [len(seed)], grams) == 0
    assert bench_stories.unseen_share(["Once upon a time the cat sat on the mat."], [len("Once upon a time")],
                                      grams) == 1       # 'upon a time the' holds a written word
    assert bench_stories.unseen_share(["THE CAT SAT ON THE MAT"], [0], grams) == 0   # case does not matter


def test_seeds_are_the_first_sentences_of_a_fixed_choice_of_stories(tmp_path):
    assert bench_stories.first_sentence('"Look!" said Tim. He ran\nto the park.') == ('"Look!" said Tim.',
                                                                                      "He ran to the park.")
    assert bench_stories.first_sentence("Mr. Lee had a dog named Rex. Rex ran.") == ("Mr. Lee had a dog named Rex.",
                                                                                     "Rex ran.")
    assert bench_stories.first_sentence("One sentence only.") is None
    stories = tmp_path / "stories.txt"
    stories.write_text("".join(f"{n} had a red kite. {n} flew it in the park.\n<|endoftext|>\nIt was a day. It ended.\n"
                               "<|endoftext|>\n" for n in ["Tom", "Ben", "Max", "Leo"]))
    out = tmp_path / "seeds.txt"
    lines = bench_stories.main(["--make-seeds", "3", str(out), "--real", str(stories)])
    assert out.read_text() == "".join(line + "\n" for line in lines) and len(lines) == 3
    assert all(line.endswith(" had a red kite.\t" + line[:3] + " flew it in the park.") for line in lines)
    assert bench_stories.make_seeds(stories, 3, tmp_path / "again.txt") == lines      # a fixed choice
    with pytest.raises(bench_stories.SlmError, match="only 4 stories"):             # 'It was a day.' has no content
        bench_stories.make_seeds(stories, 5, tmp_path / "more.txt")
    (tmp_path / "mixed.txt").write_text("A dog ran.\tThe dog sat.\n\nTim sang.\n")
    assert bench_stories.read_seeds(tmp_path / "mixed.txt") == [("A dog ran.", "The dog sat."), ("Tim sang.", None)]


def test_bench_stories_seeds_writes_a_story_from_each_seed_beside_the_real_continuations(small_checkpoint, capsys):
    folder, path, _ = small_checkpoint
    seeds = folder / "seeds.txt"
    seeds.write_text("Once upon a time there was a bird.\tA bird who liked to play. The end.\n"
                     "Once upon a time there was a fish.\tThe dog liked to play. The end.\n"
                     "Once upon a time there was a cat.\n")            # 'cat': too short to be a content word
    out = folder / "seeds.json"
    args = ["--checkpoint", str(path), "--checkpoint", str(path), "--seeds", str(seeds), "--corpus",
            str(folder / "stories.txt"), "--tokens", "30", "--show", "1", "--json", str(out)]
    rows = bench_stories.main(args)
    printed = capsys.readouterr().out
    header = next(line for line in printed.splitlines() if line.startswith("| model"))
    assert [c.strip() for c in header.strip("|").split("|")] == bench_stories.seed_columns("Once upon a time")
    assert "| real continuations (2 stories, whole) | - | 2 | 50% | 0% |" in printed   # chance: bird/dog, fish/bird
    assert printed.count(f"| {path} |") == 2
    real, first, second = rows
    assert real["follows"] == 0.5 and real["unseen_real_seeds"] == 0.5   # 'the dog liked to' is not in the corpus
    assert real["things"] == (0.5, 0.0, None)
    for row in (first, second):
        assert row["step"] == 60 and row["stories"] == 3
        assert all(0 <= row[key] <= 1 for key in ("follows", "by_chance", "real_same_length"))
        assert all(0 <= share <= 1 for share in row["things"]) and len(row["things"]) == 3
        assert len(row["ends"]) == 2
        for value in (row["unseen_seed_text"], row["unseen_real_seeds"], *row["ends"]):
            assert value is None or 0 <= value <= 1          # None: no written sentence of four words to judge
        assert row["samples"][0].startswith("Once upon a time there was a bird.")
    assert first["samples"] == second["samples"] and first["follows"] == second["follows"]   # fixed sample seeds
    saved = json.loads(out.read_text())
    assert saved["n_seeds"] == 3 and saved["judged_seeds"] == 2 and saved["tokens"] == 30 and saved["corpus_grams"] > 0
    assert "seed line 1 (sample_seed=0)" in printed


def test_bench_stories_refuses_a_missing_seeds_file_in_one_line(small_checkpoint, tmp_path):
    _, path, _ = small_checkpoint
    done = subprocess.run([sys.executable, str(ROOT / "bench" / "bench_stories.py"), "--checkpoint", str(path),
                           "--seeds", str(tmp_path / "nope.txt")], capture_output=True, text=True, cwd=tmp_path,
                          timeout=120)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: --seeds ") and "nope.txt" in lines[0]


# ---------------------------------------------------------------------------------------------------- bench_quality
import bench_quality  # noqa: E402
from helpers import story_text  # noqa: E402


def test_bench_quality_trains_both_sides_and_scores_them_with_one_scorer(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SLM_DATA_DIR", str(tmp_path / "prepared"))
    text = tmp_path / "stories.txt"
    text.write_text(story_text(200))
    held_out = tmp_path / "held_out.txt"
    held_out.write_text(story_text(12))
    out = tmp_path / "quality.json"
    flags = ["--data=" + str(text), "--vocab_size=300", "--n_layer=2", "--d_model=32", "--n_head=2", "--ctx=16",
             "--batch_size=4", "--warmup_steps=5", "--max_steps=100"]
    results = bench_quality.main(["--minutes", "0.05", "--threads", "1", "--real", str(held_out), "--val",
                                  str(held_out), "--json", str(out)] + [f"--set={f}" for f in flags])
    printed = capsys.readouterr().out
    header = next(line for line in printed.splitlines() if line.startswith("| side"))
    assert [c.strip() for c in header.strip("|").split("|")] == bench_quality.COLUMNS
    assert "| slm |" in printed and "| pytorch |" in printed and "| slm / pytorch |" in printed
    for side in bench_quality.SIDES:
        r = results[side]
        assert r["steps"] > 0 and r["tokens"] == r["steps"] * 4 * 16
        assert r["seconds"] >= 0.05 * 60 and math.isfinite(r["train_loss"])
        assert math.isfinite(r["builtin"]) and r["builtin"] > 0 and math.isfinite(r["real"]) and r["real"] > 0
    check = results["pytorch"]
    assert check["slm_loss_on_copy"] == pytest.approx(check["torch_loss"], rel=1e-4)
    saved = json.loads(out.read_text())
    assert saved["sides"]["slm"]["steps"] == results["slm"]["steps"] and saved["real_stories"] == 1


def test_the_pytorch_twin_smooths_towards_a_prior_as_soft_targets_do():
    """bench.py's PyTorch twin with a prior (bench_quality's, as slm.train smooths) trains on torch's cross-entropy
    against the soft target (1 - s) one_hot + s prior, and keeps the plain loss that slm reports."""
    torch = pytest.importorskip("torch")
    import bench
    cfg = tiny_config(n_layer=2, d_model=16, n_head=2, ctx=8, vocab_size=37, label_smoothing=0.2)
    model, _ = bench.torch_model(torch, cfg, slm.init_params(cfg), slm, "cpu")
    prior = slm.unigram_prior(np.random.default_rng(1).integers(0, 5, 300), cfg.vocab_size)
    model.prior, model.keep_plain = torch.from_numpy(prior.astype(np.float32)), True
    tokens = torch.from_numpy(np.random.default_rng(0).integers(0, cfg.vocab_size, size=(3, cfg.ctx + 1)))
    with torch.no_grad():
        loss = float(model(tokens[:, :-1], tokens[:, 1:]))
        model.keep_plain = False
        model.prior = None
        uniform = float(model(tokens[:, :-1], tokens[:, 1:]))
        model.keep_plain, model.prior = True, torch.from_numpy(prior.astype(np.float32))
        model(tokens[:, :-1], tokens[:, 1:])
        plain = float(model.plain)
        x = model.wte(tokens[:, :-1]) + model.wpe.weight[:cfg.ctx]
        for block in model.blocks:
            x = block(x)
        logits = (model.ln_f(x) @ model.wte.weight.T).reshape(-1, cfg.vocab_size)
        target = tokens[:, 1:].reshape(-1)
        soft = 0.8 * torch.nn.functional.one_hot(target, cfg.vocab_size).float() + 0.2 * torch.from_numpy(prior).float()
        expected = float(torch.nn.functional.cross_entropy(logits, soft))
    assert loss == pytest.approx(expected, rel=1e-5)
    assert plain == pytest.approx(float(torch.nn.functional.cross_entropy(logits, target)), rel=1e-6)
    assert uniform == pytest.approx(float(torch.nn.functional.cross_entropy(logits, target, label_smoothing=0.2)),
                                    rel=1e-6) and abs(uniform - loss) > 1e-3


def test_torch_weights_copied_into_slm_give_slm_the_same_loss():
    """The copy bench_quality scores PyTorch's weights through: slm's forward on it gives PyTorch's loss."""
    torch = pytest.importorskip("torch")
    import bench
    cfg = tiny_config(n_layer=2, d_model=16, n_head=2, ctx=8, vocab_size=37)
    flat = slm.init_params(cfg)
    model, _ = bench.torch_model(torch, cfg, flat, slm, "cpu")
    with torch.no_grad():
        torch.manual_seed(0)
        for p in model.parameters():                # every weight moved off slm's init, so the copy is the test
            p.add_(0.1 * torch.randn_like(p))
    tokens = np.random.default_rng(0).integers(0, cfg.vocab_size, size=(3, cfg.ctx + 1))
    with torch.no_grad():
        expected = float(model(torch.from_numpy(tokens[:, :-1]), torch.from_numpy(tokens[:, 1:]), smoothing=0.0))
        smoothed = float(model(torch.from_numpy(tokens[:, :-1]), torch.from_numpy(tokens[:, 1:])))
    assert cfg.label_smoothing > 0 and smoothed != pytest.approx(expected, rel=1e-4)   # it trains on the smoothed loss
    copied = bench_quality.torch_to_flat(slm, cfg, model)
    got = float(slm.forward(slm.views(copied, cfg), cfg, tokens[:, :-1], tokens[:, 1:])[1])
    assert got == pytest.approx(expected, rel=1e-5)
    assert not np.allclose(copied, slm.to_host(flat))


# --- bench_corpus.py: how close the corpus's words and openings are to real stories --------------------------------

import bench_corpus  # noqa: E402


def test_bench_corpus_opening_forms_keep_function_words_only():
    form = bench_corpus.opening_form("Once upon a time, in a big forest, there lived a rhinoceros named Roxy. It ran.")
    assert form == "once upon a _ , in a _ _ , there lived a _ named _ ."
    assert bench_corpus.opening_form("There was a tall gorilla.") == "there was a _ _ ."
    assert bench_corpus.opening_form('"Look!" said Tim. He ran.') == '" _ ! " _ _ .'   # the first sentence only
    assert bench_corpus.opening_form("Tim and Sue were best friends") == "_ and _ were _ friends"   # no full stop


def test_bench_corpus_content_words_leave_out_glue_and_short_words():
    words = bench_corpus.words(["Once upon a time, the mighty rhinoceros said hello to a cat."])
    assert bench_corpus.content_words(words) == {"mighty", "rhinoceros"}
