#!/usr/bin/env bash
# Conversation load check (issue 11; figures in docs/benchmarks.md §7): 100 000 encrypted messages from
# 2 000 residents in five rounds of 20 000, one message in ten opening a 随手拍 draft, a quiz round or a
# survey (src/test/resources/bench/conversation-mix.txt: 31 lines, so each resident cycles through all
# of them and keeps asking questions inside the flows it opened). Prints messages/s per round and the
# embedded Redis's used_memory and key count after each round.
#   scripts/conversation-load.sh [WXPEER]    (default ../shared/tools/wechat-peer/wxpeer)
set -euo pipefail
cd "$(dirname "$0")/.."
WXPEER="${1:-../shared/tools/wechat-peer/wxpeer}"
PORT=18091
REDIS_PORT=16391
DATA=$(mktemp -d /tmp/wenming-conversation-load.XXXX)
[ -f target/wenming.jar ] || ./mvnw -q -B -DskipTests package
java -Xmx1g -jar target/wenming.jar --server.port=$PORT --wenming.data-dir="$DATA" \
  --wenming.embedded.redis.port=$REDIS_PORT --logging.level.cn.wenming=WARN > "$DATA/service.log" 2>&1 &
SERVICE=$!
trap 'kill $SERVICE 2>/dev/null; wait $SERVICE 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 120); do
  curl -sf "http://127.0.0.1:$PORT/actuator/health" > /dev/null && break
  sleep 1
done
redis_info() {
  exec 3<>/dev/tcp/127.0.0.1/$REDIS_PORT
  printf 'INFO memory\r\nDBSIZE\r\n' >&3
  timeout 1 cat <&3 | tr -d '\r' | awk -F: '/^used_memory:/{m=$2} /^:[0-9]+$/{k=substr($0,2)} END{printf "used_memory=%s keys=%s", m, k}'
  exec 3<&-
}
URL="http://127.0.0.1:$PORT/wx/portal/wxdev0000000000001"
MIX=src/test/resources/bench/conversation-mix.txt
"$WXPEER" load "$URL" --n 4000 --c 32 --residents 2000 --file "$MIX" > /dev/null   # warm-up
echo "after warm-up: $(redis_info)"
for round in 1 2 3 4 5; do
  result=$("$WXPEER" load "$URL" --n 20000 --c 32 --residents 2000 --file "$MIX")
  echo "round $round: $result $(redis_info)"
done
