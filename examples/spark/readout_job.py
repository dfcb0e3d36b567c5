#!/usr/bin/env python3
"""Run `readout` as a map step under Apache Spark.

Reads a folder of `.txt` releases (or a JSON Lines file of records), turns the inputs into
`{"id", "text", "date"}` records, pipes every partition through
`readout --input jsonl --bad-records-ok` with `rdd.pipe(..., checkCode=True)`, and writes the
documents as JSON Lines, one part file per partition, to an output folder.

    python readout_job.py --input statements/ --output docs/ --binary /usr/local/bin/readout
    spark-submit --master yarn --files target/release/readout \\
        readout_job.py --input hdfs:///releases/ --output hdfs:///docs/ --binary ./readout

Inputs
  * a folder (or one file): every file ending in --ext (default `.txt`), recursively, is one
    record; its id is its path relative to the folder (`a/b.txt`), its date is --date or
    null (readout then takes the dateline). Hidden files (`.x`, `_x`) are skipped, as Hadoop
    does.
  * a `.jsonl` file (or --input-format jsonl): each non-blank line is a record as readout
    reads them; `date` missing or null falls back to --date.

Output
  The records are sorted (folders: by id; JSON Lines: by line) and range-partitioned, so the
  part files read in order, `cat part-*`, give the same lines as `readout --input jsonl` on the
  same records. Every line is a document or an error document `{"source", "error"}`.

Nothing is lost silently
  * The job counts records in and lines out (read back from the output folder) and fails when
    they differ, or when an output line is not a JSON object.
  * `checkCode=True`: a readout process that fails (crash, a killed process, a usage error)
    fails the task, and Spark retries or fails the job.
  * A malformed record is not such a failure: readout writes it as an error document and,
    with `--bad-records-ok`, exits 0. The job does the same for what it cannot hand to
    readout: a line that is not a JSON object with an `id` (source `FILE:LINE`), a file that
    is not UTF-8 text. Error documents are counted and listed; the job exits 1 when there is
    any, unless --allow-errors.

Exit status: 0 success; 1 error documents (without --allow-errors) or a count mismatch;
2 bad arguments. A failed Spark job raises (exit 1 with the Spark error).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import re
import shlex
import shutil
import sys
import time

APP_NAME = "readout"
DATE = re.compile(r"\d{4}-\d{2}-\d{2}\Z")


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description="Run readout over a folder of releases or a JSON Lines file under Spark.",
    )
    p.add_argument(
        "--input",
        required=True,
        help="folder of releases, a release, or a .jsonl file (any Hadoop path)",
    )
    p.add_argument(
        "--output",
        required=True,
        help="output folder (must not exist): part-NNNNN JSON Lines files",
    )
    p.add_argument(
        "--binary",
        default="readout",
        help="readout on the workers: an absolute path, a relative one such as ./readout for a "
        "binary shipped with spark-submit --files (resolved in the executor's working "
        "directory), or a bare name looked up on the driver's PATH (local mode)",
    )
    p.add_argument(
        "--partitions",
        type=int,
        default=0,
        help="number of part files (default: as a JSON Lines input is split; for folders, "
        "spark.default.parallelism)",
    )
    p.add_argument("--date", help="reference date YYYY-MM-DD for records without one")
    p.add_argument(
        "--input-format",
        choices=["auto", "text", "jsonl"],
        default="auto",
        help="auto: jsonl for a file ending in .jsonl, text otherwise",
    )
    p.add_argument(
        "--ext",
        default="txt",
        help="extensions of release files in folders, comma-separated (default: txt)",
    )
    p.add_argument(
        "--master", help="Spark master, e.g. local[2] (default: spark-submit's, else local[*])"
    )
    p.add_argument(
        "--allow-errors",
        action="store_true",
        help="exit 0 even when some records gave error documents",
    )
    args = p.parse_args(argv)
    if args.partitions < 0:
        p.error("--partitions must be 0 (the default) or more")
    if args.date is not None:
        try:
            if not DATE.match(args.date):
                raise ValueError
            datetime.date.fromisoformat(args.date)
        except ValueError:
            p.error(f"--date {args.date!r}: expected a calendar day YYYY-MM-DD")
    if args.input_format == "auto":
        args.input_format = "jsonl" if args.input.endswith(".jsonl") else "text"
    return args


def resolve_binary(binary: str) -> str:
    """The path the workers run: absolute, or relative to an executor's working directory."""
    if os.sep in binary:
        return binary if binary.startswith(".") else os.path.abspath(binary)
    found = shutil.which(binary)
    if found is None:
        sys.exit(f"readout_job: {binary!r} is not on PATH; give --binary /path/to/readout")
    return os.path.abspath(found)


def spark_session(args: argparse.Namespace):
    """A SparkSession; in local mode bound to loopback with the UI off (no outside port)."""
    # Under spark-submit the JVM runs already (and knows the master); otherwise we start it,
    # in local mode unless --master says otherwise, and it reads these when it starts.
    if "PYSPARK_GATEWAY_PORT" not in os.environ and (args.master or "local").startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    from pyspark import SparkConf, SparkContext
    from pyspark.sql import SparkSession

    # A SparkConf made before the JVM is reached is empty; made after, it holds
    # spark-submit's settings (--master, --conf), which must not be overridden.
    SparkContext._ensure_initialized()
    conf = SparkConf().setAppName(APP_NAME)
    # Releases are small files: Spark's default open cost (4 MB a file) would give one read
    # task per ~30 files; 64 kB packs a few thousand releases a task.
    if not conf.contains("spark.sql.files.openCostInBytes"):
        conf.set("spark.sql.files.openCostInBytes", str(64 * 1024))
    if args.master:
        conf.setMaster(args.master)
    elif not conf.contains("spark.master"):
        conf.setMaster("local[*]")
    if conf.get("spark.master").startswith("local"):
        # On a cluster the executors must reach the driver: only local mode stays on loopback.
        conf.set("spark.driver.host", "127.0.0.1")
        conf.set("spark.driver.bindAddress", "127.0.0.1")
        conf.set("spark.ui.enabled", "false")
        conf.set("spark.ui.showConsoleProgress", "false")
    spark = SparkSession.builder.config(conf=conf).getOrCreate()
    spark.sparkContext.setLogLevel("WARN")
    return spark


def qualified(sc, path: str) -> str:
    """`path` as Hadoop names the files under it (`file:/abs/dir`, `hdfs://nn/dir`)."""
    jvm = sc._jvm
    hpath = jvm.org.apache.hadoop.fs.Path(path)
    fs = hpath.getFileSystem(sc._jsc.hadoopConfiguration())
    return fs.makeQualified(hpath).toString().rstrip("/")


def error_document(source: str, reason: str) -> str:
    """An error document as readout writes one for a record it cannot use (compact JSON)."""
    document = {"source": source, "error": reason}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"))


def text_records(spark, args: argparse.Namespace):
    """(id, line) pairs for a folder of releases; line is a record, or an error document
    prefixed with NUL (never the start of a JSON record) for a file that is not text."""
    root = qualified(spark.sparkContext, args.input)
    exts = [e.strip().lstrip(".") for e in args.ext.split(",") if e.strip()]
    date = args.date
    # The DataFrame file source lists and packs many small files well (sc.binaryFiles
    # takes ~25 ms per file); its glob filter and recursive lookup do what a walk does.
    files = (
        spark.read.format("binaryFile")
        .option(
            "pathGlobFilter", "*." + (exts[0] if len(exts) == 1 else "{" + ",".join(exts) + "}")
        )
        .option("recursiveFileLookup", "true")
        .load(args.input)
        .select("path", "content")
        .rdd
    )

    def record(row):
        path, data = row.path, bytes(row.content)
        rel = path[len(root) + 1 :] if path.startswith(root + "/") else path.rsplit("/", 1)[-1]
        nul = data.find(b"\0")
        if nul >= 0:
            return rel, "\0" + error_document(rel, f"binary file (NUL byte at byte {nul})")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as err:
            return rel, "\0" + error_document(
                rel, f"invalid UTF-8 at byte {err.start} (convert the file to UTF-8)"
            )
        return rel, json.dumps({"id": rel, "text": text, "date": date}, ensure_ascii=False)

    return files.map(record)


def jsonl_records(spark, args: argparse.Namespace):
    """(line number, line) pairs for a JSON Lines file; a line readout could not name (not a
    JSON object with a string or number id) becomes a NUL-prefixed error document
    `{"source": "FILE:LINE"}`; readout checks everything else (text, date)."""
    name = args.input
    lines = spark.sparkContext.textFile(args.input).zipWithIndex()

    def record(item):
        line, index = item
        number = index + 1
        try:
            value = json.loads(line)
        except ValueError as err:
            return number, "\0" + error_document(f"{name}:{number}", f"not a JSON record: {err}")
        if not isinstance(value, dict):
            reason = 'expected a JSON object {"id": ..., "text": ..., "date": ...}'
        elif "id" not in value:
            reason = 'missing "id"'
        elif isinstance(value["id"], bool) or not isinstance(value["id"], (str, int, float)):
            reason = '"id" must be a string or a number'
        else:
            return number, line
        return number, "\0" + error_document(f"{name}:{number}", reason)

    return lines.filter(lambda item: item[0].strip()).map(record)


def run(args: argparse.Namespace) -> int:
    binary = resolve_binary(args.binary)
    # One worker thread per readout: Spark already runs one task per executor core.
    command = [binary, "--input", "jsonl", "--bad-records-ok", "--jobs", "1"]
    if args.date:
        command += ["--date", args.date]
    # pipe() starts the command with this environment only (no shell, no inherited PATH).
    env = {"LC_ALL": "C.UTF-8", "RUST_BACKTRACE": "1"}
    started = time.monotonic()
    spark = spark_session(args)
    sc = spark.sparkContext
    from pyspark import StorageLevel

    if args.input_format == "text":
        records = text_records(spark, args)
        default_partitions = sc.defaultParallelism
    else:
        records = jsonl_records(spark, args)
        default_partitions = records.getNumPartitions()
    # Read once: counted, sampled for the range partitioning, then piped.
    records = records.persist(StorageLevel.MEMORY_AND_DISK)
    is_made = lambda item: item[1].startswith("\0")  # noqa: E731
    kinds = records.map(is_made).countByValue()
    total, made_count = kinds[False] + kinds[True], kinds[True]
    read_s = time.monotonic() - started
    if total == 0:
        print(f"readout_job: no records in {args.input}", file=sys.stderr)
        spark.stop()
        return 1
    partitions = args.partitions or default_partitions
    ready = records.filter(lambda item: not is_made(item))
    docs = (
        ready.sortByKey(numPartitions=partitions)
        .values()
        .pipe(shlex.join(command), env=env, checkCode=True)
    )
    # Error documents the job made itself (input it cannot hand to readout) come last, in
    # one part file of their own.
    if made_count:
        made = records.filter(is_made).sortByKey(numPartitions=1)
        docs = docs.union(made.map(lambda item: item[1][1:]))
    part_files = docs.getNumPartitions()
    docs.saveAsTextFile(args.output)
    records.unpersist()
    convert_s = time.monotonic() - started - read_s

    # Count what was written, read back from the output folder.
    written = sc.textFile(args.output).map(lambda line: (classify(line), line))
    counts = written.map(lambda kv: kv[0]).countByValue()
    failures = written.filter(lambda kv: kv[0] != "document").values().take(20)
    spark.stop()
    documents, errors, invalid = (counts.get(k, 0) for k in ("document", "error", "invalid"))
    out = documents + errors + invalid
    print(
        f"readout_job: {total} records in, {documents} documents and {errors} error documents "
        f"out, in {part_files} part files under {args.output}; {time.monotonic() - started:.1f} s "
        f"(start and read {read_s:.1f} s, convert and write {convert_s:.1f} s)",
        file=sys.stderr,
    )
    for line in failures:
        print(f"readout_job: {line}", file=sys.stderr)
    status = 0
    if out != total or invalid:
        print(
            f"readout_job: FAILED: {total} records in but {out} lines out "
            f"({invalid} not a document)",
            file=sys.stderr,
        )
        status = 1
    elif errors and not args.allow_errors:
        print(f"readout_job: {errors} error documents (--allow-errors to accept)", file=sys.stderr)
        status = 1
    return status


def classify(line: str) -> str:
    """`document`, `error` (an error document) or `invalid` for one output line."""
    try:
        value = json.loads(line)
    except ValueError:
        return "invalid"
    if not isinstance(value, dict) or not isinstance(value.get("source"), str):
        return "invalid"
    return "error" if "error" in value else "document"


if __name__ == "__main__":
    sys.exit(run(parse_args(sys.argv[1:])))
