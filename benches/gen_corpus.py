#!/usr/bin/env python3
"""Generates a benchmark corpus from fixtures/*.txt: N releases, each a fixture with its
invented names, invented countries, years, months and weekdays swapped so that no two
files are the same, spread over sub-folders of 500; and optionally one big file made of
such releases one after another.

Usage: gen_corpus.py FIXTURES_DIR OUT_DIR N [BIG_FILE BIG_MB]
Prints "files bytes" of the corpus, then "big_bytes" when a big file was asked for.
"""

import pathlib
import random
import re
import sys

# Invented names of the fixtures and invented replacements: only fictional people are
# swapped, so real leaders stay as the rule set's actor dictionary knows them.
SURNAMES = ["Kovač", "Lindqvist", "Horvat", "Holm", "Berg", "Lund", "Radić", "Ostrander", "Doyle"]
SURNAME_POOL = ["Novak", "Dahl", "Marić", "Strand", "Aalto", "Petrović", "Moreau", "Varga",
                "Keane", "Brandt", "Sokol", "Ilves", "Quist", "Barros", "Falk", "Hale"]
FIRST_NAMES = ["Ana", "Marta", "Jon", "Ivan", "Erik"]
FIRST_POOL = ["Lena", "Maja", "Tomas", "Nina", "Pavel", "Ingrid", "Luka", "Sara"]
COUNTRIES = ["Examplestan", "Norland"]
COUNTRY_POOL = ["Westmark", "Ostrava Republic", "Valdoria", "Eskeland", "Marovia"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

YEAR = re.compile(r"\b20[12]\d\b")


def word_map(rng, originals, pool):
    """A random one-to-one renaming of `originals` into `pool` (or into itself)."""
    targets = rng.sample(pool, len(originals)) if len(pool) >= len(originals) else pool
    return dict(zip(originals, targets))


def vary(text, i):
    """Release number `i`: the fixture text with a consistent set of swaps."""
    rng = random.Random(i)
    swaps = {}
    swaps.update(word_map(rng, SURNAMES, SURNAME_POOL))
    swaps.update(word_map(rng, FIRST_NAMES, FIRST_POOL))
    swaps.update(word_map(rng, COUNTRIES, COUNTRY_POOL))
    shift = rng.randrange(12)
    swaps.update({m: MONTHS[(k + shift) % 12] for k, m in enumerate(MONTHS)})
    day_shift = rng.randrange(7)
    swaps.update({d: WEEKDAYS[(k + day_shift) % 7] for k, d in enumerate(WEEKDAYS)})
    words = re.compile(r"\b(" + "|".join(map(re.escape, swaps)) + r")\b")
    text = words.sub(lambda m: swaps[m.group(1)], text)
    year = 2015 + rng.randrange(11)
    return YEAR.sub(str(year), text)


def main():
    fixtures_dir, out_dir, n = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), int(sys.argv[3])
    fixtures = [p.read_text(encoding="utf-8") for p in sorted(fixtures_dir.glob("*.txt"))]
    if not fixtures:
        sys.exit(f"no fixtures in {fixtures_dir}")
    total = 0
    for i in range(n):
        folder = out_dir / f"{i // 500:03d}"
        if i % 500 == 0:
            folder.mkdir(parents=True, exist_ok=True)
        data = vary(fixtures[i % len(fixtures)], i).encode("utf-8")
        (folder / f"release-{i:06d}.txt").write_bytes(data)
        total += len(data)
    print(n, total)
    if len(sys.argv) > 5:
        big_path, target = pathlib.Path(sys.argv[4]), int(float(sys.argv[5]) * 1_000_000)
        written, i = 0, 0
        with big_path.open("wb") as big:
            while written < target:
                data = vary(fixtures[i % len(fixtures)], n + i).encode("utf-8") + b"\n\n"
                big.write(data)
                written += len(data)
                i += 1
        print(written)


if __name__ == "__main__":
    main()
