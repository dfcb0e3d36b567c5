#!/usr/bin/env bash
# CI check of the Spark example (issue 10): readout as a map step under Spark local mode.
#
# Installs pyspark into a virtual environment (and a Java 17 runtime from Debian's packages
# when `java` is missing), builds readout --release, replicates fixtures/*.txt to 2,000
# records and runs examples/spark/readout_job.py in local[2] three times:
#   1. 2,000 JSON Lines records: 2,000 documents, identical record for record (and in
#      order) to `readout --input jsonl` run directly on the same file; no port outside
#      loopback is opened while it runs;
#   2. the same with one record made malformed on purpose (an impossible date): exactly one
#      error document for that id and 1,999 documents, the job exits 1 (no --allow-errors);
#   3. 2,000 .txt files in nested folders plus one that is not UTF-8: 2,000 documents equal
#      to `readout DIR` and one error document (--allow-errors);
#   4. job 1 again through spark-submit on a standalone cluster of two worker processes
#      (local-cluster), the binary shipped with --files and run as ./readout;
#   5. job 1 with a stand-in binary that drops a document per partition: the job fails.
# Scratch files go to target/spark-ci (SPARK_CI_DIR); the venv to target/spark-venv
# (SPARK_CI_VENV), kept between runs.
set -euo pipefail
cd "$(dirname "$0")/../.."

PYSPARK_VERSION=${PYSPARK_VERSION:-4.3.0}
WORK=${SPARK_CI_DIR:-target/spark-ci}
VENV=${SPARK_CI_VENV:-target/spark-venv}
HERE=examples/spark
declare -a TIMINGS=()
step() { printf '\n== spark-ci: %s\n' "$*"; STEP_NAME=$*; STEP_START=$SECONDS; }
done_step() { TIMINGS+=("$(printf '%4d s  %s' $((SECONDS - STEP_START)) "$STEP_NAME")"); }
fail() { echo "spark-ci: FAILED: $*" >&2; exit 1; }

step "Java"
if ! command -v java >/dev/null 2>&1; then
  SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq openjdk-17-jre-headless >/dev/null
fi
java -version 2>&1 | head -1
done_step

step "pyspark $PYSPARK_VERSION in $VENV"
if ! "$VENV/bin/python" -c "import pyspark, sys; sys.exit(pyspark.__version__ != '$PYSPARK_VERSION')" 2>/dev/null; then
  if ! python3 -m venv "$VENV"; then # Debian splits venv out of python3
    SUDO=$([ "$(id -u)" = 0 ] || echo sudo)
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq python3-venv >/dev/null
    rm -rf "$VENV"
    python3 -m venv "$VENV"
  fi
  "$VENV/bin/pip" install --quiet "pyspark==$PYSPARK_VERSION"
fi
ROOT=$(pwd)
VENV_ABS=$(cd "$VENV" && pwd)
PYTHON=$VENV_ABS/bin/python
export PYSPARK_PYTHON=$PYTHON PYSPARK_DRIVER_PYTHON=$PYTHON SPARK_LOCAL_IP=127.0.0.1
done_step

step "readout --release"
cargo build --release --quiet
rm -rf "$WORK"
mkdir -p "$WORK"
WORK=$(cd "$WORK" && pwd)
# A private copy: the job and the direct runs must use the same binary even if the tree is
# rebuilt meanwhile.
cp target/release/readout "$WORK/readout"
READOUT=$WORK/readout
done_step

step "test data and direct runs"
python3 "$HERE/ci_data.py" records fixtures "$WORK/records.jsonl" --count 2000 >/dev/null
BAD_ID=$(python3 "$HERE/ci_data.py" records fixtures "$WORK/bad.jsonl" --count 2000 --bad-date-at 1234)
python3 "$HERE/ci_data.py" tree fixtures "$WORK/tree" --count 2000 --bad-file bad/latin1.txt
"$READOUT" --input jsonl "$WORK/records.jsonl" >"$WORK/direct.jsonl" 2>/dev/null \
  || fail "readout --input jsonl on the records exited $?"
status=0
"$READOUT" --input jsonl "$WORK/bad.jsonl" >"$WORK/direct-bad.jsonl" 2>/dev/null || status=$?
[ "$status" = 2 ] || fail "readout on the malformed record exited $status, expected 2"
status=0
(cd "$WORK/tree" && "$READOUT" -j 2 . >"$WORK/direct-tree.jsonl" 2>/dev/null) || status=$?
[ "$status" = 2 ] || fail "readout on the folder with a latin-1 file exited $status, expected 2"
done_step

# Every listening socket of the process tree rooted at $1, as "address:port pid=N".
listening() {
  local pids=$1 next=$1
  while next=$(pgrep -d, -P "$next" 2>/dev/null); do pids=$pids,$next; done
  ss -Hltnp 2>/dev/null | awk -v pids=",$pids," '{
    if (match($0, /pid=[0-9]+/)) { p = substr($0, RSTART + 4, RLENGTH - 4);
      if (index(pids, "," p ",")) print $4, "pid=" p } }'
}

job() {
  "$PYTHON" "$HERE/readout_job.py" --master 'local[2]' --binary "$READOUT" "$@"
}

step "job 1: 2,000 records"
job --input "$WORK/records.jsonl" --output "$WORK/out" --partitions 4 &
JOB=$!
: >"$WORK/ports"
while kill -0 "$JOB" 2>/dev/null; do
  listening "$JOB" >>"$WORK/ports" || true
  sleep 0.5
done
status=0
wait "$JOB" || status=$?
[ "$status" = 0 ] || fail "job 1 exited $status"
if command -v ss >/dev/null; then
  sort -u "$WORK/ports" -o "$WORK/ports"
  [ -s "$WORK/ports" ] || fail "saw no listening socket of the job: the port check checks nothing"
  if grep -v -E '^(127\.0\.0\.1|\[::1\]|\[::ffff:127\.0\.0\.1\]):' "$WORK/ports"; then
    fail "job 1 listened outside loopback (above)"
  fi
  echo "spark-ci: job 1 listened on $(wc -l <"$WORK/ports") loopback ports only"
else
  echo "spark-ci: no ss (iproute2) here: listening ports not checked"
fi
python3 "$HERE/ci_data.py" compare "$WORK/out" "$WORK/direct.jsonl" --documents 2000 --ordered
done_step

step "job 2: one malformed record ($BAD_ID)"
status=0
job --input "$WORK/bad.jsonl" --output "$WORK/out-bad" --partitions 3 || status=$?
[ "$status" = 1 ] || fail "job 2 exited $status, expected 1 (an error document, no --allow-errors)"
python3 "$HERE/ci_data.py" compare "$WORK/out-bad" "$WORK/direct-bad.jsonl" \
  --documents 1999 --errors "$BAD_ID" --ordered
done_step

step "job 3: a folder of 2,000 .txt files and one latin-1 file"
job --input "$WORK/tree" --output "$WORK/out-tree" --allow-errors
python3 "$HERE/ci_data.py" compare "$WORK/out-tree" "$WORK/direct-tree.jsonl" \
  --documents 2000 --errors bad/latin1.txt --source-prefix ./ --ordered
done_step

step "job 4: spark-submit to a standalone cluster of 2 workers, the binary shipped with --files"
# local-cluster starts a real standalone master and two worker JVMs on this machine: the
# executors fetch the binary into their working directories, as on a cluster, and run it
# as ./readout; the master comes from spark-submit, not from the job.
# Its workers work in $SPARK_HOME/work (the pyspark package), whatever SPARK_WORKER_DIR says.
WORKERS=$("$PYTHON" -c 'import os, pyspark; print(os.path.dirname(pyspark.__file__))')/work
rm -rf "$WORKERS"
(cd "$WORK" && "$VENV_ABS/bin/spark-submit" --master 'local-cluster[2,1,1024]' \
  --conf spark.ui.enabled=false --conf spark.log.level=WARN --files "$READOUT" \
  "$ROOT/$HERE/readout_job.py" --input records.jsonl --output out-cluster --binary ./readout --partitions 3)
ls "$WORKERS"/app-*/*/readout >/dev/null || fail "job 4 ran no executor of a worker"
rm -rf "$WORKERS"
python3 "$HERE/ci_data.py" compare "$WORK/out-cluster" "$WORK/direct.jsonl" --documents 2000 --ordered
done_step

step "job 5: a readout that loses records fails the job"
# A stand-in that drops the first document of each partition and exits 0: only the job's
# count can notice. Shell builtins only: pipe() gives it no PATH.
cat >"$WORK/lossy-readout" <<EOF
#!/bin/sh
n=0
"$READOUT" "\$@" | while IFS= read -r line; do
  n=\$((n + 1))
  [ "\$n" -eq 1 ] || printf '%s\\n' "\$line"
done
EOF
chmod +x "$WORK/lossy-readout"
status=0
job --input "$WORK/records.jsonl" --output "$WORK/out-lossy" --partitions 2 \
  --binary "$WORK/lossy-readout" 2>"$WORK/lossy.err" || status=$?
grep '^readout_job' "$WORK/lossy.err" || true
[ "$status" = 1 ] || fail "job 5 exited $status, expected 1"
grep -q 'FAILED: 2000 records in but 1998 lines out' "$WORK/lossy.err" \
  || fail "job 5 did not report the 2 lost records"
done_step

printf '\n== spark-ci: passed\n'
printf '%s\n' "${TIMINGS[@]}"
