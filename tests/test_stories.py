"""The built-in story generator (data/stories.py): determinism, size, variety, text hygiene, the V2 file format."""

import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from data import heroes
from data import stories as stories_module
from data.stories import generate_stories, story_stats, write_corpus

EOT = "<|endoftext|>"
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def corpus():
    """The default corpus, generated once for the whole module."""
    return generate_stories()


@pytest.fixture(scope="module")
def stats(corpus):
    return story_stats(corpus)


def _metas(stories):
    return [stories_module._META[s] for s in stories]


# --- determinism -------------------------------------------------------------------------------------------------

def test_same_seed_same_stories():
    assert generate_stories(300, seed=5) == generate_stories(300, seed=5)


def test_different_seeds_differ():
    a, b = generate_stories(300, seed=5), generate_stories(300, seed=6)
    assert a != b
    assert len(set(a) & set(b)) < 30


def test_shorter_run_is_a_prefix():
    assert generate_stories(120, seed=9) == generate_stories(300, seed=9)[:120]


def test_determinism_does_not_depend_on_hash_seed(tmp_path):
    code = ("import hashlib, sys; sys.path.insert(0, '.'); from data.stories import generate_stories; "
            "print(hashlib.sha256('\\n'.join(generate_stories(200, 3)).encode()).hexdigest())")
    digests = set()
    for hash_seed in ("0", "1", "12345"):
        env = dict(os.environ, PYTHONHASHSEED=hash_seed)
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                             check=True)
        digests.add(out.stdout.strip())
    assert len(digests) == 1


# --- size and variety --------------------------------------------------------------------------------------------

def test_default_corpus_is_20000_distinct_stories(corpus, stats):
    assert len(corpus) == 20000
    assert len(set(corpus)) == 20000
    assert stats["stories"] == 20000 and stats["distinct"] == 20000


def test_variety_actually_used(stats):
    assert stats["plot_shapes"] >= 30
    assert stats["openings"] >= 4
    assert stats["connectors"] >= 4
    assert stats["endings"] >= 4
    assert stats["words"] >= 1500
    assert stats["bytes"] > 3_000_000          # several MB of text


def test_stats_count_what_was_used_not_constants():
    few = generate_stories(5, seed=2)
    s = story_stats(few)
    assert s["plot_shapes"] == len({m["plot"] for m in _metas(few)}) <= 5
    assert s["endings"] <= 5 and s["openings"] <= 5
    outside = story_stats(["A story nobody generated. \"Hi,\" said Tom."])
    assert outside["plot_shapes"] == outside["openings"] == outside["connectors"] == outside["endings"] == 0
    assert outside["words"] == 7


def test_every_plot_shape_is_used_often(corpus):
    counts = {}
    for m in _metas(corpus):
        counts[m["plot"]] = counts.get(m["plot"], 0) + 1
    assert len(counts) >= 30
    assert min(counts.values()) > 60


def test_plot_shapes_read_differently(corpus):
    # a plot shape is its own sequence of events, not one template with swapped nouns: words typical of one plot
    # (in a quarter or more of its stories) are rare elsewhere (in under 5% of the other plots' stories)
    by_plot = {}
    for story, m in zip(corpus[:6000], _metas(corpus[:6000])):
        by_plot.setdefault(m["plot"], []).append(set(re.findall(r"[a-z]+", story.lower())))
    counts = {plot: Counter(w for s in sets for w in s) for plot, sets in by_plot.items()}
    total = sum(counts.values(), Counter())
    n_all = sum(len(sets) for sets in by_plot.values())
    for plot, sets in by_plot.items():
        n = len(sets)
        typical = [w for w, k in counts[plot].items() if k >= n / 4 and (total[w] - k) < 0.05 * (n_all - n)]
        assert len(typical) >= 3, (plot, typical)


def test_story_length_is_typical(corpus):
    lengths = sorted(len(s.split()) for s in corpus)
    inside = sum(80 <= n <= 300 for n in lengths)
    assert inside >= 0.95 * len(lengths)
    assert 80 <= lengths[len(lengths) // 2] <= 300


# --- text hygiene ------------------------------------------------------------------------------------------------

def test_every_story_has_dialogue_and_ends_with_punctuation(corpus):
    dialogue = re.compile(r'"[A-Z][^"\n]*[.!?,]"')
    for story in corpus:
        assert dialogue.search(story), story
        assert story[-1] in '.!?"', story
        assert story == story.strip()
        assert "\n\n" not in story


def test_no_story_contains_the_separator_or_template_leftovers(corpus):
    for story in corpus:
        assert EOT not in story
        assert "{" not in story and "}" not in story
        assert "  " not in story
        assert not re.search(r"\b(\w+) \1\b", story), story     # "a wooden wooden sword" ("Drew drew" is fine)


def test_grammar_basics(corpus):
    text = "\n".join(corpus)
    assert not re.search(r"[.!?] [a-z]", text), "a sentence starts with a lowercase letter"
    assert not re.search(r"\b[Tt]hey (was|has|is)\b", text)
    assert not re.search(r"(?<!does )(?<!did )\b([Hh]e|[Ss]he|[Ii]t) (were|have|are)\b", text)
    a_vowel = [m.group(0) for m in re.finditer(r"\b[Aa] [aeiouAEIOU][a-z]*", text)
               if not m.group(0)[2:].lower().startswith(("uni", "use", "one", "eu"))]
    assert not a_vowel, a_vowel[:5]
    an_consonant = [m.group(0) for m in re.finditer(r"\b[Aa]n [b-df-hj-np-tv-zB-DF-HJ-NP-TV-Z][a-z]*", text)
                    if not m.group(0)[3:].lower().startswith(("hon", "hour"))]
    assert not an_consonant, an_consonant[:5]


def test_pronouns_are_consistent(corpus):
    """The generator records each character's pronoun. A story with no 'he' character never says he/him/his,
    and one with no 'she' character never says she/her."""
    checked = {"he": 0, "she": 0}
    for story, m in zip(corpus, _metas(corpus)):
        pronouns = set(m["cast"].values())
        low = story.lower()
        for name in m["cast"]:
            assert name.lower() in low
        if "he" not in pronouns:
            assert not re.search(r"\b(he|him|his|himself)\b", low), story
            checked["he"] += 1
        if "she" not in pronouns:
            assert not re.search(r"\b(she|her|hers|herself)\b", low), story
            checked["she"] += 1
    assert checked["he"] > 1000 and checked["she"] > 1000     # both checks really ran


def test_they_characters_get_plural_verbs(corpus):
    they_heroes = [s for s, m in zip(corpus, _metas(corpus))
                   if list(m["cast"].values())[0] == "they"]   # the hero is cast first
    assert len(they_heroes) > 200
    joined = "\n".join(they_heroes)
    assert re.search(r"\b(they|their|them|themselves)\b", joined.lower())
    assert not re.search(r"\b[Tt]hey was\b", joined)


# --- the file ----------------------------------------------------------------------------------------------------

def _read_v2(path):
    stories, lines = [], []
    with open(path, encoding="utf-8", newline="") as f:
        for line in f.read().split("\n"):
            if line == EOT:
                stories.append("\n".join(lines))
                lines = []
            else:
                lines.append(line)
    assert lines == [""]            # the file ends with "<|endoftext|>\n"
    return stories


def test_write_corpus_v2_format(tmp_path):
    path = tmp_path / "deep" / "builtin" / "stories.txt"
    logged = []
    stats = write_corpus(str(path), n_stories=300, seed=11, log=logged.append)
    assert _read_v2(path) == generate_stories(300, seed=11)
    assert stats["bytes"] == path.stat().st_size
    assert stats == story_stats(generate_stories(300, seed=11))
    assert not Path(str(path) + ".tmp").exists()
    assert len(logged) == 1
    assert logged[0].startswith("built-in corpus: 300 stories (300 distinct), ")
    assert str(path) in logged[0] and "plot shapes" in logged[0] and "MB" in logged[0]


def test_write_corpus_replaces_an_existing_file(tmp_path):
    path = tmp_path / "stories.txt"
    path.write_text("old text\n")
    write_corpus(path, n_stories=20, seed=1, log=lambda line: None)
    assert _read_v2(path) == generate_stories(20, seed=1)


def test_command_line(tmp_path):
    path = tmp_path / "out" / "s.txt"
    out = subprocess.run([sys.executable, "-m", "data.stories", "40", str(path)], cwd=ROOT, capture_output=True,
                         text=True, check=True)
    assert out.stdout.startswith("built-in corpus: 40 stories (40 distinct)")
    assert len(_read_v2(path)) == 40


def test_the_default_corpus_path_is_beside_the_generator_from_any_folder(tmp_path):
    code = "from data import stories; print(stories.DEFAULT_PATH)"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    assert Path(out.stdout.strip()) == ROOT / "data" / "builtin" / "stories.txt"


def test_the_corpus_is_written_by_the_one_atomic_writer(tmp_path, monkeypatch):
    import data.tokens
    written = []
    real = data.tokens.write_atomically
    monkeypatch.setattr(stories_module, "write_atomically", lambda path, payload: written.append(path) or
                        real(path, payload))
    write_corpus(tmp_path / "c.txt", 5, log=lambda *a: None)
    assert written == [str(tmp_path / "c.txt"), str(tmp_path / "c.txt.version")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.txt", "c.txt.version"]


# --- what the corpus teaches a model: one hero per story, plain and varied language --------------------------------

def test_every_story_keeps_its_hero(corpus):
    """One child hero per story, named first and more than once, and at most one other named child (a friend): the
    lead measures whether a trained model keeps its hero, so the corpus must never switch."""
    one = 0
    for story, m in zip(corpus, _metas(corpus)):
        hero, names = m["hero"], stories_module.child_names(story)
        assert len(re.findall(rf"\b{re.escape(hero)}\b", story)) >= 2, story
        assert len(names) <= 2, (names, story)
        if hero in stories_module._CHILD_NAMES:
            assert names[0] == hero, story
        else:   # a thing with a name ("a little red car named Beep"), or a hero with none ("the rhinoceros")
            assert hero in stories_module.THING_NAMES + heroes.THING_NAMES or hero == m["kind"], story
        one += len(names) <= 1
    assert one > 0.6 * len(corpus)               # most stories have at most one named child (or a hero of a kind)


def test_child_names_counts_only_children():
    text = ('Lily and Tom met Mr. Green, Aunt Ruth and Grandma by the lake. Spot barked. "Lily!" said Tom. '
            'Beep the car went by, and a kind man waved.')
    assert stories_module.child_names(text) == ["Lily", "Tom"]
    assert stories_module.child_names("Nobody is named here.") == []


def test_name_lists_do_not_collide():
    # a grown-up's, a pet's or a surname must never be counted as a child: the lists are kept apart
    kids = set(stories_module.GIRL_NAMES + stories_module.BOY_NAMES + stories_module.NEUTRAL_NAMES)
    others = (stories_module.AUNT_NAMES + stories_module.UNCLE_NAMES + stories_module.SURNAMES
              + stories_module.PET_NAMES + stories_module.THING_NAMES)
    assert not kids & set(others)
    assert set(stories_module.COMMON_GIRL_NAMES + stories_module.COMMON_BOY_NAMES
               + stories_module.COMMON_NEUTRAL_NAMES) <= kids


def test_every_plot_is_reachable(corpus):
    used = {m["plot"] for m in _metas(corpus)}
    plots = stories_module._PLOTS + stories_module._ANY_PLOTS
    assert used == {plot.name for plot in plots}
    assert len(used) == len(plots) >= 80


def test_articles_are_fixed_once_the_next_word_is_known():
    fix = stories_module._fix_articles
    assert fix("a apple, a hour, a egg and A owl") == "an apple, an hour, an egg and An owl"
    assert fix("an banana, an unicorn, an one-eyed cat, An kite") == "a banana, a unicorn, a one-eyed cat, A kite"
    assert fix("a honest man and a useful key") == "an honest man and a useful key"


def test_the_plain_forms_of_childrens_stories_are_there(corpus):
    """Openings, morals and speech the way most children's stories have them, each in a fair share of stories."""
    n = len(corpus)
    share = lambda pattern: sum(bool(re.search(pattern, s)) for s in corpus) / n   # noqa: E731
    assert share(r"^Once upon a time") > 0.3
    assert share(r"^One day, ") > 0.05
    assert share(r"The moral of the story is") > 0.03
    assert share(r"\b(didn't|couldn't|wasn't|don't)\b") > 0.2
    assert share(r'\b(he|she) said\.') > 0.1
    assert share(r"\breplied\b") > 0.05
    assert share(r"\bbecame (the best of|best|good) friends\b") > 0.01
    assert not re.search(r"\b(colour|favourite|neighbour|practise)", "\n".join(corpus))   # one spelling: American


def test_the_new_plots_use_their_big_word_lists(corpus):
    """The everyday-things plot really draws on its list: most of the things turn up in the default corpus."""
    text = "\n".join(s for s, m in zip(corpus, _metas(corpus)) if m["plot"] == "finding a new thing")
    found = [t for t in stories_module.FIND_THINGS if re.search(rf"\b{re.escape(t)}\b", text)]
    assert len(found) > 0.9 * len(stories_module.FIND_THINGS)
    trips = "\n".join(s for s, m in zip(corpus, _metas(corpus)) if m["plot"] == "a trip somewhere")
    assert all(f"the {place}" in trips for place in stories_module._TRIPS)


# --- stories about a hero of any kind (data/heroes.py, data/plots.py) ------------------------------------------------

_ANY = {plot.name for plot in stories_module._ANY_PLOTS}


def heroes_in(group):
    return [h["kind"] for h in heroes.HEROES if h["group"] == group]


def test_the_catalogue_is_whole():
    heroes.check()     # every home a place, every move three forms, no duplicates (raises otherwise)
    groups = {h["group"] for h in heroes.HEROES}
    assert groups == set(stories_module._GROUP_WEIGHTS)
    assert len(heroes.HEROES) >= 300 and len(heroes.PLACES) >= 40 and len(heroes.THINGS) >= 150


def test_half_the_stories_have_a_hero_of_any_kind_and_every_group_is_used(corpus):
    metas = _metas(corpus)
    share = sum(m["plot"] in _ANY for m in metas) / len(metas)
    assert abs(share - stories_module.ANY_HERO_SHARE) < 0.03
    kinds = {m["kind"] for m in metas if m["plot"] in _ANY}
    by_kind = {h["kind"]: h["group"] for h in heroes.HEROES}
    used = {by_kind.get(k) for k in kinds}
    assert set(stories_module._GROUP_WEIGHTS) <= used
    assert len(kinds) > 0.9 * len(heroes.HEROES)      # nearly every kind in the catalogue is somebody's hero
    counts = Counter(m["kind"] for m in metas if m["plot"] in _ANY)
    assert counts["dog"] > 5 * counts[heroes_in("pet")[-1]]   # the common kinds often, the rest now and then


def test_the_opening_chooses_the_hero_and_the_story_names_it_again(corpus):
    """What a model is to learn from these stories: whatever the first sentence names (a rhinoceros, Roxy, twins)
    comes back, by name or by kind, again and again."""
    checked = 0
    for story, m in zip(corpus, _metas(corpus)):
        if m["plot"] not in _ANY:
            continue
        first, rest = re.split(r"(?<=[.!?]) ", story, maxsplit=1)
        hero, kind = m["hero"], m["kind"]
        assert hero in first or kind in first, story
        again = len(re.findall(rf"\b{re.escape(hero)}\b", rest)) + (hero != kind) * len(
            re.findall(rf"\b[Tt]he (\w+ )?{re.escape(kind)}\b", rest))
        assert again >= 2, story
        checked += 1
    assert checked > 0.4 * len(corpus)


def test_openings_take_the_forms_real_stories_use(corpus):
    firsts = [re.split(r"(?<=[.!?]) ", s, maxsplit=1)[0] for s, m in zip(corpus, _metas(corpus)) if m["plot"] in _ANY]
    assert sum(f.startswith("Once upon a time, there was a") for f in firsts) > 0.1 * len(firsts)
    assert sum(", there lived a" in f for f in firsts) > 0.05 * len(firsts)
    assert sum(" named " not in f and " called " not in f for f in firsts) > 0.2 * len(firsts)   # unnamed heroes
    assert any(f.startswith("Once upon a time, there were two friends, ") for f in firsts)
    assert any(re.match(r"Once upon a time, there were twins named \w+ and \w+\.", f) for f in firsts)


def test_a_plot_with_an_unknown_line_is_refused_with_its_name():
    with pytest.raises(ValueError, match="plot 'x'.*unknown line 'stpe: oops'"):
        stories_module._read_plots("plot: x\nfor: any\nstpe: oops\n")
    plot = stories_module._read_plots("plot: y\nfor: any -sky\nstep: {lead}, {H} ran\n   to {F}. | {H.He} sat.\n")[0]
    assert plot["body"] == [("step", None, 1.0, ["{lead}, {A} ran to {B}.", "{A.He} sat."])]
    assert "sky" not in stories_module._groups_for(plot["groups"]) and "kid" in stories_module._groups_for(["any"])
    bare = stories_module._read_plots("plot: z\nstep: {lead}, {H} ran.\n")[0]     # no `for:`: every group
    assert stories_module._groups_for(bare["groups"]) == sorted(stories_module._GROUP_WEIGHTS)


def test_the_corpus_version_follows_the_content_files_too(tmp_path):
    import shutil
    code = "import sys; sys.path.insert(0, '.'); from data.stories import corpus_version; print(corpus_version())"
    versions = []
    for edit in (None, "heroes.py", "plots.py"):
        root = tmp_path / str(edit)
        skip = shutil.ignore_patterns("builtin", "prepared", "__pycache__")
        shutil.copytree(ROOT / "data", root / "data", ignore=skip)
        if edit:
            with open(root / "data" / edit, "a") as f:
                f.write("\n# a contributor's new line\n")
        out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
        versions.append(out.stdout.strip())
    assert len(set(versions)) == 3
