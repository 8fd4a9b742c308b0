#!/usr/bin/env bash
# Runs one of the documented checks against the packaged service (figures in docs/benchmarks.md):
#   scripts/run-check.sh ReportCrashCheck [--reports 200] [--residents 20] [--kill-after 100]
#   scripts/run-check.sh QuizLoadCheck [--residents 500]
set -euo pipefail
cd "$(dirname "$0")/.."
check="$1"
shift
./mvnw -q -B -DskipTests package
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" "cn.wenming.bench.$check" "$@"
