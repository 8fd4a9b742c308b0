#!/usr/bin/env bash
# 随手拍 "nothing acknowledged is lost" check (docs/benchmarks.md): 200 photo reports from 20
# residents through the encrypted WeChat gateway, the service killed with SIGKILL half-way, started
# again, and every ticket that was replied looked up in PostgreSQL with its photo.
#   scripts/report-crash-check.sh [--reports 200] [--residents 20] [--kill-after 100]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -DskipTests package
./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
exec java -cp "target/test-classes:target/classes:$(cat target/test-classpath.txt)" cn.wenming.bench.ReportCrashCheck "$@"
