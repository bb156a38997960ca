#!/usr/bin/env bash
# What pictures cost a build of the example site (issue #18).
#
# Builds two copies of the example site with the release binary:
#   with     the example as it is (two 8-10 MP team photos, two 1.8 MP headshots)
#   without  the same site with every raster picture taken out (the front matter
#            `image:` lines and the Markdown picture removed, the two photo avatars
#            pointing at the SVG avatars the example also has, the JPEGs deleted)
# and prints:
#   - the cold build of `with` (empty `.vouch-cache/`) minus a warm one, per source
#     megapixel: what making the WebP widths, fallbacks and link previews costs;
#   - the warm builds of both (median of RUNS, default 5) and their difference: what a
#     rebuild with nothing new to make adds (probing, cache look-ups, copying).
# Usage: benches/images.sh [--vouch BIN] [--runs N]
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
vouch="$here/target/release/vouch"
runs=5
while [ $# -gt 0 ]; do
  case "$1" in
    --vouch) vouch="$2"; shift 2 ;;
    --runs) runs="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done
[ -x "$vouch" ] || (cd "$here" && cargo build --release)

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for site in with without; do
  mkdir -p "$work/$site"
  cp -r "$here/content" "$here/vouch.yml" "$work/$site/"
  [ -d "$here/themes" ] && cp -r "$here/themes" "$work/$site/"
done

w="$work/without/content"
sed -i '/^image: .*\.jpg$/d' "$w"/case-studies/*.md
sed -i '/^!\[.*\](.*\.jpg)$/d' "$w"/case-studies/*.md
sed -i 's#^avatar: /advocates/photos/\(.*\)\.jpg$#avatar: /advocates/avatars/\1.svg#' \
  "$w"/advocates/*.md "$w"/testimonials/*.md
find "$w" \( -name '*.jpg' -o -name '*.png' -o -name '*.webp' -o -name '*.gif' \) -delete
if grep -rqE '\.(jpg|png|webp|gif)' "$w" --include='*.md'; then
  echo "the picture-free copy still names a raster picture:" >&2
  grep -rnE '\.(jpg|png|webp|gif)' "$w" --include='*.md' >&2
  exit 1
fi

# Milliseconds of one build, wall clock.
build_ms() {
  local start end
  start=$(date +%s%N)
  (cd "$1" && "$vouch" build >/dev/null 2>&1)
  end=$(date +%s%N)
  echo $(((end - start) / 1000000))
}
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

megapixels=$(find "$here/content" -name '*.jpg' -o -name '*.png' | while read -r f; do
  file "$f" | grep -oE '[0-9]+x[0-9]+' | tail -1
done | awk -Fx '{s += $1 * $2} END {printf "%.1f", s / 1e6}')

rm -rf "$work/with/.vouch-cache"
cold=$(build_ms "$work/with")
build_ms "$work/without" >/dev/null
# Alternated, so a busy moment on a shared machine falls on both.
: >"$work/with.ms"
: >"$work/without.ms"
for _ in $(seq "$runs"); do
  build_ms "$work/with" >>"$work/with.ms"
  build_ms "$work/without" >>"$work/without.ms"
done
with=$(median <"$work/with.ms")
without=$(median <"$work/without.ms")
with_min=$(sort -n "$work/with.ms" | head -1)
without_min=$(sort -n "$work/without.ms" | head -1)
made=$(find "$work/with/.vouch-cache/images" -type f | wc -l)

echo "source pictures: ${megapixels} MP; files made: $made"
echo "cold build (empty cache): ${cold} ms"
echo "warm build with pictures:    ${with} ms (median of $runs)"
echo "warm build without pictures: ${without} ms (median of $runs)"
echo "pictures add to a warm build: $((with - without)) ms (fastest runs: $with_min and $without_min ms, $((with_min - without_min)) ms)"
awk -v c="$cold" -v w="$with" -v mp="$megapixels" \
  'BEGIN {printf "making pictures: %d ms, %.0f ms per source megapixel\n", c - w, (c - w) / mp}'
