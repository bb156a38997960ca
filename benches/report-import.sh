#!/usr/bin/env bash
# Times `vouch report` on the 10k corpus and `vouch import` of a 5,000-row CSV (into a
# copy of the example site and into the 10k corpus), then checks the imported drafts
# with `vouch check --drafts`. Median of RUNS runs (default 5); release build.
#
#   benches/report-import.sh [CORPUS_DIR]      (default /tmp/c10k-report, made if missing)
set -euo pipefail
cd "$(dirname "$0")/.."
corpus=${1:-/tmp/c10k-report}
runs=${RUNS:-5}
cargo build --release --quiet
vouch=$PWD/target/release/vouch
if [ ! -f "$corpus/vouch.yml" ]; then
  python3 ../shared/bench/gen_corpus.py --items 10000 --out "$corpus" >/dev/null
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The median wall time of running "$@" $runs times, in seconds.
median() {
  for _ in $(seq "$runs"); do
    /usr/bin/time -f %e "$@" 2>&1 >/dev/null | tail -1
  done | sort -n | awk '{ t[NR] = $1 } END { print t[int((NR + 1) / 2)] }'
}

echo "vouch report, 10k corpus ($(find "$corpus/content" -name '*.md' | wc -l) files), median of $runs:"
echo "  text:                    $(median "$vouch" --root "$corpus" report) s"
echo "  json --cross:            $(median "$vouch" --root "$corpus" report --format json --cross industry,lifecycle) s"
echo "  html (--out) and text:   $(median "$vouch" --root "$corpus" report --out "$work/report.html") s"

# 5,000 rows naming the site's customers by name, one in ten rows with a BOM-less
# multi-line review, ratings written as exports write them.
csv_for() { # SITE OUT
  python3 - "$1" "$2" <<'PY'
import csv, glob, os, random, sys
site, out = sys.argv[1], sys.argv[2]
names = []
for path in sorted(glob.glob(os.path.join(site, "content/customers/*.md"))):
    for line in open(path, encoding="utf-8"):
        if line.startswith("name:"):
            names.append(line.split(":", 1)[1].strip().strip('"'))
            break
random.seed(7)
ratings = ["5", "4", "4/5", "5.0", "★★★★☆", "3 out of 5"]
with open(out, "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["Reviewer Name", "Job title", "Company", "Stars", "Review", "Date", "Review URL", "Source"])
    for i in range(5000):
        text = f"Review {i}: releases got calmer and faster. " * random.randint(1, 4)
        if i % 10 == 0:
            text += "\nA second paragraph, with \"quotes\", commas; and semicolons."
        w.writerow([f"Reviewer {i}", "Engineer", random.choice(names), random.choice(ratings),
                    text.strip(), f"2026-{1 + i % 9:02d}-{1 + i % 28:02d}",
                    f"https://reviews.example/r/{i}", "G2"])
PY
}

for target in example corpus; do
  site=$work/$target
  if [ "$target" = example ]; then
    mkdir -p "$site" && cp -r vouch.yml content "$site/"
  else
    cp -r "$corpus" "$site"
  fi
  csv_for "$site" "$work/$target.csv"
  start=$(date +%s.%N)
  "$vouch" --root "$site" import "$work/$target.csv" --kind testimonial >/dev/null 2>"$work/import.log"
  end=$(date +%s.%N)
  written=$(grep -c '^' <(find "$site/content/testimonials" -newer "$work/$target.csv" -name '*.md'))
  printf '%s\n' "import of 5,000 rows into the $target site: $(echo "$end - $start" | bc) s ($written files; $(tail -1 "$work/import.log" | cut -c1-60)…)"
  start=$(date +%s.%N)
  if "$vouch" --root "$site" check --drafts 2>"$work/check.log"; then verdict=passes; else verdict=FAILS; fi
  end=$(date +%s.%N)
  echo "  check --drafts $verdict in $(echo "$end - $start" | bc) s: $(tail -1 "$work/check.log")"
done
