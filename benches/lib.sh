# Shared by the benches that time `sectoria plan` on real départements (sourced, not run):
# the annuaire import of a département and the timed runs of one plan.

# import_departement BIN DATA CODE DIR: the annuaire import of département CODE (budget-only at
# 1 ETP per 1,600 pupils) into DIR, unless DIR already holds one.
import_departement() {
  if [ ! -f "$4/establishments.csv" ]; then
    rm -rf "$4"
    "$1" import --departement "$3" --donnees "$2" --pupils-per-fte 1600 --out "$4" >/dev/null
  fi
}

# with_solver SCENARIO LIMIT GAP > FILE: SCENARIO with its [solver] table, if any, replaced by a
# time limit and a relative gap.
with_solver() {
  awk '/^\[/{skip = ($0 == "[solver]")} !skip' "$1"
  printf '\n[solver]\ntime_limit_s = %s\nrelative_gap = %s\n' "$2" "$3"
}

# timed_plans BIN RUNS INSTANCE SCENARIO OUT: runs `sectoria plan` RUNS times into OUT (the last
# run's plan stays there) and prints each run's start and end ("t0:t1", seconds), space-separated.
timed_plans() {
  times=""
  i=0
  while [ "$i" -lt "$2" ]; do
    i=$((i + 1))
    rm -rf "$5"
    t0=$(date +%s.%N)
    "$1" plan --instance "$3" --scenario "$4" --out "$5" >/dev/null 2>&1 || true
    t1=$(date +%s.%N)
    times="$times $t0:$t1"
  done
  echo "$times"
}
