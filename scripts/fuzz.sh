#!/usr/bin/env bash
# `make fuzz`: builds the libFuzzer targets of server/fuzz/ with clang (preset `fuzz`) and runs
# each for FUZZ_SECONDS (default 600) from its committed seed corpus (docs/reliability.md).
#
#   FUZZ_SECONDS=600   time per target        FUZZ_TARGETS="framing jwt"   a subset
#   JOBS=2             build parallelism
#
# New inputs go to build/fuzz/runs/<time>/<target>/corpus (not committed); a finding lands in
# .../artifacts/ and makes the script fail: fix it, then commit the input to
# server/fuzz/corpus/<target>/ as a regression case (make test replays every corpus).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-600}
jobs=${JOBS:-2}
targets=${FUZZ_TARGETS:-framing router json_input jwt auth_header}

scripts/install-deps.sh test
cmake --preset fuzz >/dev/null
cmake --build --preset fuzz -j "$jobs"

run_dir=build/fuzz/runs/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$run_dir"
summary=$run_dir/summary.txt
printf '%-12s %12s %9s %7s %7s %9s %s\n' target execs exec/s cov corpus rss_mb findings | tee "$summary"
failed=0
for target in $targets; do
  dir=$run_dir/$target
  mkdir -p "$dir/corpus" "$dir/artifacts" "$dir/tmp"
  status=0
  # TMPDIR: the pipeline targets keep their SQLite database there.
  TMPDIR=$dir/tmp "build/fuzz/server/fuzz/fuzz_$target" \
    -max_total_time="$seconds" -timeout=1 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$dir/artifacts/" "$dir/corpus" "server/fuzz/corpus/$target" \
    >"$dir/log" 2>&1 || status=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$dir/log" | tail -1)
  rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$dir/log" | tail -1)
  rss=$(sed -n 's/^stat::peak_rss_mb: *//p' "$dir/log" | tail -1)
  cov=$(grep -o 'cov: [0-9]*' "$dir/log" | tail -1 | cut -d' ' -f2)
  corpus=$(find "$dir/corpus" "server/fuzz/corpus/$target" -type f | wc -l)
  findings=$(find "$dir/artifacts" -type f | wc -l)
  printf '%-12s %12s %9s %7s %7s %9s %s\n' "$target" "${execs:-?}" "${rate:-?}" "${cov:-?}" "$corpus" \
    "${rss:-?}" "$findings" | tee -a "$summary"
  if [ "$status" -ne 0 ] || [ "$findings" -ne 0 ]; then
    failed=1
    echo "fuzz_$target: exit $status, findings in $dir/artifacts (log: $dir/log)" >&2
    grep -m5 -E 'ERROR|invariant|runtime error|SUMMARY' "$dir/log" >&2 || true
  fi
done
echo "logs and new corpus entries: $run_dir"
exit "$failed"
