#!/usr/bin/env bash
# The preview bench (benches/serve.rs) of this tree and of an earlier commit, one after
# the other in one run, each on a fresh copy of the same corpus:
#
#   benches/serve-compare.sh REV [ITEMS]      (ITEMS default 10000)
#
# REV is built in a temporary git worktree (sharing this tree's target folder, so only
# vouch itself is compiled again). Env: CORPUS_BASE (default /tmp/vouch-corpus), GEN
# (path of gen_corpus.py).
set -euo pipefail
cd "$(dirname "$0")/.."
REV=${1:?usage: benches/serve-compare.sh REV [ITEMS]}
N=${2:-10000}
CORPUS_BASE=${CORPUS_BASE:-/tmp/vouch-corpus}
GEN=${GEN:-../shared/bench/gen_corpus.py}
corpus="$CORPUS_BASE/$N"
[[ -f "$corpus/vouch.yml" ]] || python3 "$GEN" --items "$N" --out "$corpus" > /dev/null
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$PWD/target}
work=$(mktemp -d)
trap 'git worktree remove --force "$work/rev" > /dev/null 2>&1 || true; rm -rf "$work"' EXIT

# Builds the serve bench in folder $1 and prints the path of its executable.
bench_of() {
  (cd "$1" && cargo bench --bench serve --no-run --message-format=json 2> /dev/null) \
    | python3 -c 'import json, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["target"]["name"] == "serve":
        print(m["executable"])'
}
git worktree add --detach "$work/rev" "$REV" > /dev/null 2>&1
# Both builds may name their executable alike: each is copied away once built.
cp "$(bench_of .)" "$work/now"
cp "$(bench_of "$work/rev")" "$work/then"
now="$work/now"
then="$work/then"
for which in "this tree:$now" "$REV:$then"; do
  rm -rf "$work/corpus"
  cp -r "$corpus" "$work/corpus"
  echo "== ${which%%:*}"
  "${which#*:}" "$work/corpus"
done
