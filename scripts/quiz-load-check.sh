#!/usr/bin/env bash
# Quiz load check (docs/benchmarks.md): 500 residents at once, each "答题" and five answers through
# the encrypted WeChat gateway of the packaged service; prints reply latency and errors.
#   scripts/quiz-load-check.sh [--residents 500]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests package
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" cn.wenming.bench.QuizLoadCheck "$@"
