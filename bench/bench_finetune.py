"""Fine-tuning: teach a trained model a dozen stories about a new hero, and measure what it learned and forgot.

    python bench/bench_finetune.py                         # checkpoints/best.safetensors, the shipped defaults
    python bench/bench_finetune.py --checkpoint /tmp/full/checkpoints/best.safetensors --json finetune.json
    python bench/bench_finetune.py --max_steps 200 --lr 1e-3   # another schedule (the flags go to the command line)

What it does, as a parent would:
  1. writes STORIES below (twelve short stories about Tamsin, her hedgehog Crumpet and the seaside village of
     Thistlewood: names the built-in corpus never uses) as twelve .txt files in a fresh folder;
  2. runs `python slm.py train --init_from=CHECKPOINT --data=FOLDER --out_dir=...` with the shipped settings (config.py
     as shipped, frozen in tests/helpers.py; a user's edited config.py does not move the figures), so the schedule is
     config.py's finetune_* values, and times it from start to end (preparing the stories, loading the kernels,
     training, checkpoints and plots);
  3. scores the checkpoint it started from and the fine-tune's best.safetensors (what `write` uses) alike.

The measures, for each model:
- named: the share of N stories written from "Once upon a time" (seeds 0..N-1, the shipped sampling flags, at most
  --tokens tokens each; bench_stories.write_stories, so story i is `write(..., sample_seed=i)`) that name the new
  hero (whole word), the pet and the place;
- hero kept: bench_stories' measure (1..k distinct child names, k from the corpus's own stories), with the new hero
  counted as a child's name;
- copied: the share of stories that repeat 12 words in a row from one of the twelve (learning the world, or
  reciting it);
- new stories: the mean loss (nats per token, as `python slm.py eval` scores) on a thirteenth story about Tamsin that
  the fine-tune never reads (HELD_OUT), and on the twelve it trains on (twelve stories are too few for val_fraction to
  hold one out, so it trains on all twelve and validates on them too);
- built-in val: the same loss on the built-in corpus's validation split (what the model knew before);
- minutes: the fine-tune command's wall time, start to end.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

HERO, PET, PLACE = "Tamsin", "Crumpet", "Thistlewood"
COPY_WORDS = 12                  # this many words in a row from one of the twelve: a copied passage

# Written for this benchmark (project content). One story a paragraph; each becomes one file, NN.txt.
STORIES = """
Once upon a time, there was a little girl named Tamsin. She lived in Thistlewood, a small village by the sea, with
her hedgehog Crumpet. Every morning Tamsin and Crumpet walked to the old lighthouse to say hello to the gulls. One day
the fog was thick and grey, and Tamsin could not see the path. Crumpet sniffed the ground and led her all the way
home. Tamsin hugged him and said, "You are the best hedgehog in Thistlewood!" From that day on, Tamsin was never
afraid of the fog.

Once upon a time, in the village of Thistlewood, there lived a girl named Tamsin. She had a little hedgehog called
Crumpet who liked to sleep in her red boot. One day Tamsin wanted to go to the beach, but she could not find her
boot. She looked under the bed and behind the door. Then she heard a tiny snore. Crumpet was inside the boot! Tamsin
laughed and put on her other shoes. She let Crumpet sleep, and she was happy.

Once upon a time, there was a kind girl named Tamsin. Tamsin loved to bake bread with her grandma in Thistlewood.
Her hedgehog Crumpet always sat on the table and watched. One day Tamsin made a big round loaf. It was warm and
smelled so good. Crumpet wanted a bite, so Tamsin gave him a small crumb. Then Tamsin shared the bread with all the
neighbors. Everyone in Thistlewood said it was the best bread they had ever eaten.

Once upon a time, a girl named Tamsin found a shiny shell on the beach near Thistlewood. It was pink and white and
very pretty. Tamsin showed it to her hedgehog Crumpet. Crumpet sniffed it and sneezed. Tamsin held the shell to her
ear and heard the sound of the sea. "Listen, Crumpet," she said. "The sea lives inside!" Tamsin put the shell on her
window so she could hear the sea every night. She fell asleep smiling.

Once upon a time, there was a brave girl named Tamsin. One night a big storm came to Thistlewood. The wind was loud
and the rain hit the windows. Crumpet the hedgehog hid under the blanket. Tamsin was scared too, but she held Crumpet
close. "It is only the wind," she said. "We are safe inside." Tamsin sang a soft song until the storm went away. In
the morning the sun came out, and Tamsin and Crumpet went out to jump in the puddles.

Once upon a time, in Thistlewood, there was a little girl named Tamsin. Tamsin wanted to plant a garden. She dug
small holes and put seeds in them. Her hedgehog Crumpet helped by digging too, but he dug in the wrong places! Tamsin
laughed and fixed the holes. Every day Tamsin gave the seeds water. Soon green shoots came up, and then big yellow
flowers. Tamsin picked one flower and put it next to Crumpet's bed. Crumpet was very proud of his garden.

Once upon a time, there was a girl named Tamsin who lived by the sea in Thistlewood. One day Tamsin saw a little
boat stuck on the rocks. An old fisherman was pulling a rope, but the boat did not move. Tamsin ran to help him. She
pulled and pulled, and her hedgehog Crumpet pushed with his nose. At last the boat floated free. The fisherman smiled
and gave Tamsin a shiny blue button. "Thank you, Tamsin," he said. "You have a big heart."

Once upon a time, a little girl named Tamsin had a hedgehog named Crumpet. Crumpet loved apples more than anything.
One day Tamsin went to the market in Thistlewood to buy apples. She put them in her basket and walked home. But when
she got home, the basket was empty! Tamsin looked back and saw a line of apples on the road. At the end of the line
was Crumpet, eating the last apple. Tamsin laughed and said, "Next time I will carry you too!"

Once upon a time, there was a girl named Tamsin. Tamsin did not like the dark. Every night she asked her mom to
leave the light on. One night the light went out, and Tamsin was scared. Then she saw something glowing in the garden.
It was a group of tiny fireflies! Her hedgehog Crumpet was watching them too. Tamsin opened the window and watched
the fireflies dance over Thistlewood. "The dark has little lights in it," she said. After that, Tamsin was not afraid
of the dark anymore.

Once upon a time, in the village of Thistlewood, there lived a girl named Tamsin and her hedgehog Crumpet. One day
Crumpet was sad. He did not want to eat or play. Tamsin was worried. She gave him a warm blanket and sat with him all
day. She told him stories about the sea and the lighthouse. By the evening Crumpet climbed onto her lap and ate a
little apple. Tamsin smiled. She knew that friends help each other feel better.

Once upon a time, there was a girl named Tamsin who wanted to fly a kite. She made a kite from paper and string. She
painted a hedgehog on it that looked just like Crumpet. Tamsin ran up the hill above Thistlewood. The wind caught the
kite, and it went up high into the sky. Crumpet watched from the grass. "Look, Crumpet, you are flying!" Tamsin said.
The kite danced in the wind all afternoon, and Tamsin was very happy.

Once upon a time, it was Tamsin's birthday in Thistlewood. Tamsin woke up early and ran downstairs. There was a big
cake on the table with six candles. Her hedgehog Crumpet had a little blue hat on his head. Tamsin laughed so much!
Her friends came to play games in the garden. They ate cake and sang songs. At night Tamsin hugged Crumpet and said,
"This was the best birthday ever." Then Tamsin and Crumpet went to sleep, happy and full.
"""

# A thirteenth story, never trained on: how well the fine-tune knows the world beyond the twelve it read.
HELD_OUT = """
Once upon a time, there was a girl named Tamsin who found a lost puppy on the beach near Thistlewood. The puppy was
wet and cold. Tamsin wrapped him in her scarf and carried him home. Her hedgehog Crumpet sniffed the puppy and then
curled up next to him to keep him warm. The next day Tamsin put up a sign at the market. A little boy came running.
"That is my puppy!" he cried. Tamsin gave the puppy back, and the boy hugged her. Tamsin felt warm inside.
"""


def hero_stories(text=STORIES):
    """The twelve stories (or HELD_OUT's one), each one paragraph joined into one line."""
    return [" ".join(block.split()) for block in text.strip().split("\n\n")]


def write_folder(folder):
    """The stories as a parent's folder: one .txt file each, 01.txt .. 12.txt."""
    folder.mkdir(parents=True, exist_ok=True)
    for i, story in enumerate(hero_stories(), start=1):
        (folder / f"{i:02d}.txt").write_text(story + "\n", encoding="utf-8")
    return folder


def fine_tune_command(checkpoint, stories, out_dir, extra):
    """`python slm.py train` with every flag as config.py ships it (tests/helpers.py's DEFAULTS) except the model's
    shape (the checkpoint's) and the schedule (config.py's finetune_* values, unless `extra` gives one)."""
    from bench_stories import frozen_defaults

    import slm
    skip = set(slm.SHAPE_FLAGS) | set(slm.FINETUNE_FLAGS) | {"init_from", "data", "out_dir", "device"}
    flags = [f"--{k}={v if isinstance(v, str) else repr(v)}" for k, v in frozen_defaults().items() if k not in skip]
    return [sys.executable, str(ROOT / "slm.py"), "train", *flags, "--device=cpu", f"--init_from={checkpoint}",
            f"--data={stories}", f"--out_dir={out_dir}", *extra]


def run_fine_tune(command, env):
    """Run it, echoing its lines to stderr. -> (seconds, its lines)."""
    t0 = time.perf_counter()
    lines = []
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env,
                          cwd=ROOT) as proc:
        for line in proc.stdout:
            print(line, end="", file=sys.stderr)
            lines.append(line.rstrip("\n"))
    seconds = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"the fine-tune failed (exit status {proc.returncode}): {lines[-1] if lines else ''}")
    return seconds, lines


def copied(text, sources, n=COPY_WORDS):
    """Whether text repeats n words in a row from one of the sources (case and punctuation aside)."""
    def grams(s):
        words = re.findall(r"[a-z']+", s.lower())
        return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}
    seen = set().union(*(grams(s) for s in sources))
    return bool(grams(text) & seen)


def nats_per_token(slm, model, stories):
    P, mcfg, tokenizer, eot = model
    with numpy.errstate(over="ignore", invalid="ignore"):
        nats, tokens, _ = slm.score_stories(P, mcfg, tokenizer, eot, stories)
    return nats / tokens


def model_row(slm, name, path, args, sampling, k, pattern, builtin_val):
    from bench_stories import story_measures, write_stories
    model = slm.load_model(path)
    slm.writing_kernels(slm.make_config(file_values=args.defaults, device="cpu"), model[0]["wte"].dtype)
    _, meta, _ = slm.load_checkpoint(path)
    stories = hero_stories()
    texts, ended = write_stories(slm, model, "Once upon a time", args.tokens, list(range(args.stories)), **sampling)
    def share(word):
        return sum(bool(re.search(rf"\b{word}\b", t)) for t in texts) / len(texts)
    return {"model": name, "path": str(path), "step": meta.get("step"),
            "named": share(HERO), "pet": share(PET), "place": share(PLACE),
            "hero_kept": story_measures(texts, ended, k, pattern)["hero_kept"],
            "copied": sum(copied(t, stories) for t in texts) / len(texts),
            "new_held_out": nats_per_token(slm, model, hero_stories(HELD_OUT)),
            "new_all": nats_per_token(slm, model, stories),
            "builtin_val": nats_per_token(slm, model, builtin_val),
            "samples": texts[:args.show]}


def table(rows, minutes):
    head = ["model", "step", f"names {HERO}", f"{PET} / {PLACE}", "hero kept", "copied", "new: 13th / the twelve",
            "built-in val", "minutes"]
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    for row in rows:
        lines.append("| " + " | ".join([
            row["model"], str(row["step"]), f"{100 * row['named']:.0f}%",
            f"{100 * row['pet']:.0f}% / {100 * row['place']:.0f}%", f"{100 * row['hero_kept']:.0f}%",
            f"{100 * row['copied']:.0f}%", f"{row['new_held_out']:.3f} / {row['new_all']:.3f}",
            f"{row['builtin_val']:.3f}", "-" if row is rows[0] else f"{minutes:.1f}"]) + " |")
    return "\n".join(lines)


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--checkpoint", default=str(ROOT / "checkpoints" / "best.safetensors"),
                   help="the trained model to fine-tune (default: checkpoints/best.safetensors)")
    p.add_argument("--work", default=None, help="folder for the stories, the prepared tokens and the fine-tune's "
                   "checkpoints (default: a new temporary folder); must not hold a fine-tune yet")
    p.add_argument("--stories", type=int, default=50, help="stories written per model (seeds 0..N-1)")
    p.add_argument("--tokens", type=int, default=400, help="most new tokens per story")
    p.add_argument("--show", type=int, default=2, help="sample stories to print per model")
    p.add_argument("--json", default=None, help="also save the figures to this file")
    for flag, kind in (("max_steps", int), ("lr", float), ("min_lr", float), ("warmup_steps", int)):
        p.add_argument(f"--{flag}", type=kind, default=None, help=f"the fine-tune's {flag} (default: config.py's "
                       f"finetune_{flag} as shipped)")
    args = p.parse_args(argv)
    if args.stories < 1 or args.tokens < 1 or args.show < 0:
        p.error("--stories and --tokens must be at least 1, --show at least 0")
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    from bench_stories import (
        CORPUS_SEED,
        CORPUS_STORIES,
        builtin_val_stories,
        cpu_model,
        distinct_names,
        frozen_defaults,
        hero_threshold,
        name_pattern,
    )

    import slm
    from data.stories import generate_stories
    slm.use_backend("cpu")
    args.defaults = frozen_defaults()
    base = Path(args.checkpoint)
    slm.load_checkpoint(base)                           # a missing or damaged checkpoint: one line, before any work
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="slm-finetune-"))
    stories_dir, out_dir = write_folder(work / "my_stories"), work / "mine"
    extra = [f"--{k}={getattr(args, k)}" for k in ("max_steps", "lr", "min_lr", "warmup_steps")
             if getattr(args, k) is not None]
    command = fine_tune_command(base, stories_dir, out_dir, extra)
    print("$ " + " ".join(command[1:3] + command[-3 - len(extra):]), file=sys.stderr)
    seconds, lines = run_fine_tune(command, {**os.environ, "SLM_DATA_DIR": str(work / "data")})

    cfg = slm.make_config(file_values=args.defaults, device="cpu")
    sampling = {name: args.defaults[name] for name in ("temperature", "top_k", "top_p")}
    pattern = name_pattern([HERO])
    k = hero_threshold([distinct_names(s, pattern) for s in generate_stories(CORPUS_STORIES, CORPUS_SEED)])
    builtin_val = builtin_val_stories(slm, cfg)
    with slm.blas_threads(1):
        rows = [model_row(slm, "before: " + str(base), base, args, sampling, k, pattern, builtin_val),
                model_row(slm, "after: the fine-tune's best", out_dir / "best.safetensors", args, sampling, k,
                          pattern, builtin_val)]
    ft = slm.load_checkpoint(out_dir / "best.safetensors")[2]
    worse = rows[1]["builtin_val"] / rows[0]["builtin_val"] - 1
    print(f"# fine-tune: {len(hero_stories())} stories about {HERO} ({sum(map(len, hero_stories())):,} bytes), "
          f"{ft.max_steps} steps at lr {ft.lr:g} (min_lr {ft.min_lr:g}, warm-up {ft.warmup_steps}), batch "
          f"{ft.batch_size} x ctx {ft.ctx}; {args.stories} stories from 'Once upon a time' per model, at most "
          f"{args.tokens} tokens, temperature {sampling['temperature']}, top_p {sampling['top_p']}; hero kept: 1..{k} "
          f"child names; losses in nats/token; {cpu_model()}, {os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d')}")
    print()
    print(table(rows, seconds / 60))
    print(f"\nbuilt-in val {100 * worse:+.1f}% after fine-tuning; the fine-tune command took {seconds / 60:.1f} "
          f"minutes start to end")
    for row in rows:
        for i, text in enumerate(row["samples"]):
            print(f"\n--- {row['model']}, story {i} (sample_seed={i}) ---\n{text}")
    if args.json:
        result = {"cpu": cpu_model(), "cpus": os.cpu_count(), "date": time.strftime("%Y-%m-%d %H:%M"),
                  "seconds": seconds, "k": k, "stories": args.stories, "tokens": args.tokens,
                  "schedule": {n: getattr(ft, n) for n in slm.FINETUNE_FLAGS}, "rows": rows,
                  "builtin_val_change": worse, "log": lines}
        slm.write_atomically(args.json, json.dumps(result, indent=1).encode("utf-8"))
        print(f"\nsaved the figures to {args.json}")
    return rows


if __name__ == "__main__":
    import slm as _slm
    with _slm.friendly_errors():
        main()
