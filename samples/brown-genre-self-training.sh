#!/usr/bin/env bash
# Genre classification of Brown passages (news, romance, government) with all-MiniLM-L6-v2: fine-tuned on a few
# labelled passages alone, then with self-training on unlabelled ones; `basalt train` prints test accuracy per round.
# Usage: samples/brown-genre-self-training.sh [BROWN_FOLDER] [--set key=value ...]   (options of `basalt train`)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# shellcheck source=../scripts/jdk.sh
. "$root/scripts/jdk.sh"
if ! jdk="$(find_jdk)"; then
  echo "brown-genre: no JDK 25 found; set JAVA_HOME to one." >&2
  exit 2
fi
brown="$root/../shared/data/corpora/brown"
if [[ $# -gt 0 && "$1" != --* ]]; then
  brown="$1"
  shift
fi
if [[ ! -f "$brown/cats.txt" || ! -d "$brown/texts" ]]; then
  echo "brown-genre: no Brown corpus at $brown (it needs cats.txt and texts/, as NLTK's brown has);" \
    "give its folder as the first argument." >&2
  exit 2
fi
data="$root/runs/brown-genre-data"
log="$root/.sample-build.log"
if ! JAVA_HOME="$jdk" mvn -B -q test-compile dependency:build-classpath -pl plugins/bert -am \
    -Dmdep.outputFile=target/sample.classpath -Dmdep.includeScope=test >"$log" 2>&1; then
  echo "brown-genre: the build failed; the last lines of $log:" >&2
  tail -n 30 "$log" >&2
  exit 2
fi
(cd plugins/bert && "$jdk/bin/java" -cp "target/test-classes:target/classes:$(cat target/sample.classpath)" \
    dev.basalt.bert.BrownGenreData "$brown" "$data")
# each run gets its own folder, so an earlier one is never overwritten
./basalt train samples/brown-genre.conf --set "run.name=brown-genre-$(date +%Y%m%d-%H%M%S)" "$@"
