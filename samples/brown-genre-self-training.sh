#!/usr/bin/env bash
# Genre classification of Brown passages (news, romance, government) with all-MiniLM-L6-v2: fine-tuned on a few
# labelled passages alone, then with self-training on unlabelled ones. Prints test accuracy per round.
# Usage: samples/brown-genre-self-training.sh [BROWN_FOLDER] [key=value ...]   (see BrownGenreSample for the keys)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
brown="${1:-$root/../shared/data/corpora/brown}"
shift || true
mvn -B -o -q test-compile dependency:build-classpath -pl plugins/bert -am \
    -Dmdep.outputFile=target/sample.classpath -Dmdep.includeScope=test
cd plugins/bert
java --add-modules jdk.incubator.vector -XX:+UseParallelGC -Xmx4g \
    -cp "target/test-classes:target/classes:$(cat target/sample.classpath)" \
    dev.basalt.bert.BrownGenreSample "$brown" "$@" 2>&1 | grep -v "^WARNING: Using incubator modules"
