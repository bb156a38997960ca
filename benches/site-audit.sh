#!/usr/bin/env bash
# Builds a site with vouch and audits the output the way issue #16 measures it: sizes,
# reachability by <a href> links from the home page (no JavaScript), Lighthouse 12 in
# Debian's Chromium (median of three runs per URL) and sideways scrolling at 390 px.
# Prints a markdown report (tables ready for the README) on standard output; progress
# goes to standard error. Not run by `cargo test`.
#
#   benches/site-audit.sh [OPTIONS]
#
#   --vouch BIN       vouch binary (default: target/release/vouch, built if missing)
#   --site DIR        site to build (a folder with vouch.yml)
#   --example         the example site at the repo root
#   --items N         the generated corpus of N items (default: 10000), made with
#                     ../shared/bench/gen_corpus.py into $CORPUS_BASE/N if not there yet
#   --out DIR         output folder (default: $OUT_BASE/<site name>); emptied first
#   --no-build        audit --out as it is
#   --base-url URL    default https://example.gitlab.io/bench/ (served under /bench/)
#   --desktop         Lighthouse's desktop preset (default: mobile)
#   --runs N          Lighthouse runs per URL (default 3, the median is reported)
#   --timeout S       seconds per Lighthouse run before it is killed (default 300); after a
#                     timeout the URL's remaining runs are skipped
#   --retry-timeouts  run them anyway
#   --no-lighthouse   sizes and links only (no browser)
#   --no-overflow     skip the 390 px sideways-scrolling check
#   --overflow-all    check sideways scrolling on every HTML page, not only the audited URLs
#   --no-gzip         the local server ignores the .gz copies (default: sends them when the
#                     browser accepts gzip, as GitLab Pages does)
#   --term PATH       term page to audit (default: stages/verify/, else the first term page)
#   --item PATH       item page to audit (default: the first case study by folder name)
#   --url PATH        another page to audit (repeatable), e.g. --url case-studies/page/2/
#   --report FILE     also write the markdown report to FILE
#   --json FILE       write every figure (all runs, failing audits) as JSON
#
# Env: CORPUS_BASE (default /tmp/vouch-corpus, shared with benches/compare.sh), OUT_BASE
# (default /tmp/vouch-site-audit), GEN (gen_corpus.py), CHROMIUM (default /usr/bin/chromium).
# The first run installs benches/lighthouse/node_modules with `npm ci` (lighthouse 12.8.2,
# which runs on Node 20; Lighthouse 13 needs Node 22).
#
# Examples:
#   benches/site-audit.sh --report /tmp/lh-10k.md              # the 10k corpus, mobile
#   benches/site-audit.sh --example --report /tmp/lh-example.md
#   benches/site-audit.sh --items 10000 --desktop --runs 1
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
cd "$repo"

VOUCH=target/release/vouch
SITE=""
ITEMS=10000
OUT=""
BUILD=1
BASE_URL=https://example.gitlab.io/bench/
REPORT=""
TITLE=""
PASS=()
CORPUS_BASE=${CORPUS_BASE:-/tmp/vouch-corpus}
OUT_BASE=${OUT_BASE:-/tmp/vouch-site-audit}
GEN=${GEN:-$repo/../shared/bench/gen_corpus.py}

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d' | sed 's/^# \{0,1\}//' >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --vouch) VOUCH=$2; shift 2 ;;
    --site) SITE=$2; shift 2 ;;
    --example) SITE=$repo; shift ;;
    --items) ITEMS=$2; SITE=""; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --base-url) BASE_URL=$2; shift 2 ;;
    --report) REPORT=$2; shift 2 ;;
    --desktop|--no-lighthouse|--no-overflow|--overflow-all|--no-gzip|--retry-timeouts) PASS+=("$1"); shift ;;
    --runs|--timeout|--term|--item|--url|--json) PASS+=("$1" "$2"); shift 2 ;;
    -h|--help) usage ;;
    *) echo "unknown option: $1" >&2; usage ;;
  esac
done

if [[ -z $SITE ]]; then
  SITE=$CORPUS_BASE/$ITEMS
  if [[ ! -f $SITE/vouch.yml ]]; then
    echo "[site-audit] generating the $ITEMS-item corpus into $SITE" >&2
    python3 "$GEN" --items "$ITEMS" --out "$SITE" >&2
  fi
  NAME=corpus-$ITEMS
elif [[ $(cd "$SITE" && pwd) == "$repo" ]]; then
  NAME=example
else
  NAME=$(basename "$(cd "$SITE" && pwd)")
fi
[[ -f $SITE/vouch.yml ]] || { echo "no vouch.yml in $SITE" >&2; exit 2; }
OUT=${OUT:-$OUT_BASE/$NAME}
TITLE="$NAME"

if [[ ! -d benches/lighthouse/node_modules/lighthouse ]]; then
  echo "[site-audit] installing benches/lighthouse/node_modules (npm ci)" >&2
  (cd benches/lighthouse && npm ci --no-audit --no-fund >&2)
fi

if [[ $BUILD == 1 ]]; then
  if [[ $VOUCH == target/release/vouch && ! -x $VOUCH ]]; then
    nice cargo build --release --quiet >&2
  fi
  # Only a folder that is empty or holds a previous build (an index.html) is emptied.
  if [[ -d $OUT && -n $(ls -A "$OUT") && ! -f $OUT/index.html ]]; then
    echo "$OUT is not empty and holds no previous build; refusing to empty it" >&2
    exit 2
  fi
  rm -rf "$OUT"
  mkdir -p "$(dirname "$OUT")"
  echo "[site-audit] $VOUCH build --root $SITE --base-url $BASE_URL --out $OUT" >&2
  start=$(date +%s.%N)
  "$VOUCH" build --root "$SITE" --base-url "$BASE_URL" --out "$OUT" >&2
  end=$(date +%s.%N)
  TITLE="$NAME ($(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }') s build, $("$VOUCH" --version 2>/dev/null || echo vouch)$(git -C "$repo" rev-parse --short HEAD 2>/dev/null | sed 's/^/, commit /'))"
fi

result=$(node benches/lighthouse/audit.mjs --out "$OUT" --base-url "$BASE_URL" --title "$TITLE" ${PASS[@]+"${PASS[@]}"})
printf '%s\n' "$result"
if [[ -n $REPORT ]]; then printf '%s\n' "$result" > "$REPORT"; fi
