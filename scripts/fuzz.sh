#!/usr/bin/env sh
# Fuzzes the readers (fuzz/, cargo-fuzz + libFuzzer) on the stable toolchain.
#
#   sh scripts/fuzz.sh [SECONDS_PER_TARGET]   every target for that long (default 60)
#   sh scripts/fuzz.sh --smoke                every target for 10 s (the test command's smoke)
#
# Installs cargo-fuzz when missing. Each target runs on a copy of its committed corpus
# (fuzz/corpus/TARGET, copied to fuzz/target/corpus-run/TARGET), so runs never dirty the
# repository; crashes are written to fuzz/artifacts/TARGET/. Prints the executions and the
# crashes of each target and exits non-zero when any target crashed.
set -eu
cd "$(dirname "$0")/.."

seconds=60
case "${1:-}" in
  "") ;;
  --smoke) seconds=10 ;;
  *[!0-9]* | 0)
    echo "usage : sh scripts/fuzz.sh [SECONDES_PAR_CIBLE | --smoke]" >&2
    exit 64
    ;;
  *) seconds=$1 ;;
esac
if [ "$seconds" -le 0 ]; then
  echo "usage : sh scripts/fuzz.sh [SECONDES_PAR_CIBLE | --smoke]" >&2
  exit 64
fi

targets="establishments_csv workers_csv current_csv scenario_toml annuaire_import"
# cargo-fuzz passes nightly flags (-Z, sanitizer coverage): allowed on stable this way.
export RUSTC_BOOTSTRAP=1
# The readers are safe Rust (unsafe_code = "forbid"): libFuzzer's coverage and Rust's own
# checks (panics, overflow checks, which cargo-fuzz enables) find their bugs; AddressSanitizer
# would only slow the runs down.
sanitizer=none

if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "Installation de cargo-fuzz…"
  cargo install cargo-fuzz --locked
fi

start=$(date +%s)
cargo fuzz build --fuzz-dir fuzz --sanitizer "$sanitizer"
echo "compilation des cibles : $(($(date +%s) - start)) s"

run_dir=fuzz/target/corpus-run
logs=fuzz/target/fuzz-logs
mkdir -p "$logs"
failed=""
for target in $targets; do
  rm -rf "${run_dir:?}/$target"
  mkdir -p "$run_dir/$target" "fuzz/artifacts/$target"
  cp fuzz/corpus/"$target"/* "$run_dir/$target/"
  log="$logs/$target.log"
  before=$(find "fuzz/artifacts/$target" -type f | wc -l)
  status=0
  cargo fuzz run --fuzz-dir fuzz --sanitizer "$sanitizer" "$target" "$run_dir/$target" -- \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 >"$log" 2>&1 || status=$?
  crashes=$(($(find "fuzz/artifacts/$target" -type f | wc -l) - before))
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  corpus=$(find "$run_dir/$target" -type f | wc -l | tr -d ' ')
  echo "$target : ${execs:-?} exécutions en $seconds s, corpus de $corpus entrées, $crashes crash"
  if [ "$status" -ne 0 ]; then
    failed="$failed $target"
    [ "$crashes" -eq 0 ] && echo "  $target a échoué sans plantage enregistré (code $status) : voir $log" >&2
    grep -E "panicked|ERROR: libFuzzer|SUMMARY|Test unit written" "$log" | head -n 8 >&2 || true
    echo "  journal : $log ; rejouer : RUSTC_BOOTSTRAP=1 cargo fuzz run --fuzz-dir fuzz --sanitizer $sanitizer $target fuzz/artifacts/$target/<fichier>" >&2
  fi
done
echo "durée totale : $(($(date +%s) - start)) s"
if [ -n "$failed" ]; then
  echo "ÉCHEC :$failed" >&2
  exit 1
fi
