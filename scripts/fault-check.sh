#!/usr/bin/env bash
# Issue 14, "No acknowledged report is ever lost": kills, pauses and a slow WeChat against two
# instances of the packaged jar on one PostgreSQL and one Redis (figures in docs/benchmarks.md).
#   scripts/fault-check.sh [--trials 25] [--restarts 8] [--residents 3] [--hang-seconds 10]
#                          [--media-delay-ms 6000] [--only backend-kill,slow-wechat,redis-hang,instance-kill,redis-down,stop-pg-dead]
#   --synchronous-commit off: a negative control for backend-kill (the service's connections commit
#   without waiting for the WAL flush), to see the check find the losses the default setting prevents.
# Prints, per experiment, acknowledged / stored / lost / duplicates / slowest reply; exits 1 if a
# ticket is lost or duplicated, a reply took over 5 s, or an experiment's expectation failed.
set -euo pipefail
exec "$(dirname "$0")/run-check.sh" FaultCheck "$@"
