#!/usr/bin/env python3
"""Test data and checks for examples/spark/ci.sh (standard library only).

    ci_data.py records FIXTURES OUT.jsonl [--count N] [--bad-date-at I]
    ci_data.py tree FIXTURES OUT_DIR [--count N] [--bad-file REL]
    ci_data.py compare JOB_DIR DIRECT.jsonl --documents N [--errors ID,...]
                       [--source-prefix P] [--ordered]

`records` replicates the fixture releases into N records with unique ids (some numeric),
texts with newlines, CRLF and Unicode (including U+2028, which JSON leaves unescaped), and
dates given, null or missing; `--bad-date-at I` gives the I-th record the impossible date
2023-02-30, which readout turns into an error document, and prints its id.
`tree` writes the same texts as N `.txt` files in nested folders; `--bad-file` adds one file
that is not UTF-8.
`compare` checks the job's part files against readout run directly, record for record by
`source` (JSON values), and the counts; `--ordered` also wants `cat part-*` in the direct
run's order, byte for byte when sources are not rewritten (job-made error documents, which
the job writes last, aside).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

# Unicode a release may hold: accents, Cyrillic, CJK, an emoji, curly quotes, U+2028.
EXTRA = "\n\nÇa va — «Привет», 日本語, “quoted” 🎉 end\u2028of line.\n"


def texts(fixtures: Path) -> list[tuple[str, str]]:
    found = sorted(fixtures.glob("*.txt"))
    if not found:
        sys.exit(f"ci_data: no .txt fixtures in {fixtures}")
    return [(p.stem, p.read_text(encoding="utf-8")) for p in found]


def variant(i: int, text: str) -> str:
    """The i-th copy: some with extra Unicode lines, some with CRLF line ends."""
    if i % 3 == 1:
        text += EXTRA
    if i % 7 == 3:
        text = text.replace("\r\n", "\n").replace("\n", "\r\n")
    return text


def records(args: argparse.Namespace) -> None:
    base = texts(Path(args.fixtures))
    with open(args.out, "w", encoding="utf-8", newline="\n") as out:
        for i in range(args.count):
            name, text = base[i % len(base)]
            record = {"id": 900_000 + i if i % 100 == 0 else f"rec-{i:05d}/{name}"}
            record["text"] = variant(i, text)
            if i % 4 == 0:
                record["date"] = "2023-06-25"
            elif i % 4 == 1:
                record["date"] = None
            if i == args.bad_date_at:
                record["date"] = "2023-02-30"
                print(record["id"])
            out.write(json.dumps(record, ensure_ascii=i % 2 == 0) + "\n")
            if i % 500 == 0:
                out.write("\n")  # blank lines are no records


def tree(args: argparse.Namespace) -> None:
    base = texts(Path(args.fixtures))
    root = Path(args.out)
    for i in range(args.count):
        name, text = base[i % len(base)]
        path = root / f"g{i % 20:02d}" / f"s{i % 3}" / f"{i:05d}-{name}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(variant(i, text).encode("utf-8"))
    if args.bad_file:
        path = root / args.bad_file
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes("Déclaration du ministre".encode("latin-1"))


def load(lines: list[str], what: str) -> dict[str, dict]:
    by_source: dict[str, dict] = {}
    for n, line in enumerate(lines, 1):
        doc = json.loads(line)
        if doc["source"] in by_source:
            sys.exit(f"ci_data: {what}: source {doc['source']!r} twice (line {n})")
        by_source[doc["source"]] = doc
    return by_source


def compare(args: argparse.Namespace) -> None:
    parts = sorted(Path(args.job_dir).glob("part-*"))
    if not parts or not (Path(args.job_dir) / "_SUCCESS").exists():
        sys.exit(f"ci_data: {args.job_dir}: no part files or no _SUCCESS")
    job_lines = [l for p in parts for l in p.read_text(encoding="utf-8").split("\n") if l]
    direct_lines = [l for l in Path(args.direct).read_text(encoding="utf-8").split("\n") if l]
    if args.source_prefix:
        cut = len(args.source_prefix)
        for i, line in enumerate(direct_lines):
            doc = json.loads(line)
            if not doc["source"].startswith(args.source_prefix):
                sys.exit(f"ci_data: direct source {doc['source']!r} lacks {args.source_prefix!r}")
            doc["source"] = doc["source"][cut:]
            direct_lines[i] = json.dumps(doc, ensure_ascii=False)
    job = load(job_lines, "job output")
    direct = load(direct_lines, "direct run")
    errors = sorted(s for s, d in job.items() if "error" in d)
    documents = len(job) - len(errors)
    want_errors = sorted(e for e in args.errors.split(",") if e)
    problems = []
    if documents != args.documents:
        problems.append(f"{documents} documents, expected {args.documents}")
    if errors != want_errors:
        problems.append(f"error documents for {errors}, expected {want_errors}")
    missing = sorted(set(direct) - set(job))
    extra = sorted(set(job) - set(direct) - set(want_errors))
    if missing:
        problems.append(f"{len(missing)} sources of the direct run missing, e.g. {missing[:3]}")
    if extra:
        problems.append(f"{len(extra)} sources not in the direct run, e.g. {extra[:3]}")
    differ = [s for s in direct if s in job and job[s] != direct[s]]
    if differ:
        problems.append(f"{len(differ)} documents differ from the direct run, e.g. {differ[:3]}")
    if args.ordered:
        job_order = [s for s in job if s in direct]
        if job_order != list(direct):
            problems.append("cat part-* does not give the documents in the direct run's order")
        elif not args.source_prefix and job_lines[: len(direct_lines)] != direct_lines:
            problems.append("cat part-* is not byte for byte the direct output")
    print(
        f"ci_data: {len(parts)} part files, {documents} documents, {len(errors)} error documents, "
        f"{len(direct)} direct lines, {len(differ)} differ"
    )
    if problems:
        sys.exit("ci_data: FAILED: " + "; ".join(problems))


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("records")
    r.add_argument("fixtures")
    r.add_argument("out")
    r.add_argument("--count", type=int, default=2000)
    r.add_argument(
        "--bad-date-at", type=int, help="index of the record given a bad date; its id is printed"
    )
    t = sub.add_parser("tree")
    t.add_argument("fixtures")
    t.add_argument("out")
    t.add_argument("--count", type=int, default=2000)
    t.add_argument("--bad-file")
    c = sub.add_parser("compare")
    c.add_argument("job_dir")
    c.add_argument("direct")
    c.add_argument("--documents", type=int, required=True)
    c.add_argument("--errors", default="")
    c.add_argument("--source-prefix")
    c.add_argument("--ordered", action="store_true")
    args = p.parse_args()
    {"records": records, "tree": tree, "compare": compare}[args.cmd](args)


if __name__ == "__main__":
    main()
