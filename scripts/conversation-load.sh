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
# used_memory, all keys, and the conversation records (count, bytes, largest field count) from Redis.
redis_info() {
  python3 - "$REDIS_PORT" <<'PY'
import socket, sys
s = socket.create_connection(("127.0.0.1", int(sys.argv[1])))
f = s.makefile("rb")
def call(*args):
    s.sendall(("*%d\r\n" % len(args) + "".join("$%d\r\n%s\r\n" % (len(a.encode()), a) for a in args)).encode())
    return read()
def read():
    line = f.readline().decode().rstrip("\r\n")
    kind, rest = line[0], line[1:]
    if kind in "+-": return rest
    if kind == ":": return int(rest)
    if kind == "$": return None if rest == "-1" else f.read(int(rest) + 2)[:-2].decode()
    if kind == "*": return [read() for _ in range(int(rest))]
memory = [l for l in call("INFO", "memory").splitlines() if l.startswith("used_memory:")][0].split(":")[1]
keys, cursor, conv = call("DBSIZE"), "0", []
while True:
    cursor, batch = call("SCAN", cursor, "MATCH", "wenming:conv:*", "COUNT", "1000")
    conv += batch
    if cursor == "0": break
size = sum(call("MEMORY", "USAGE", k) or 0 for k in conv)
fields = max((call("HLEN", k) for k in conv), default=0)
print("used_memory=%s keys=%d conversations=%d conversation_bytes=%d max_fields=%d" % (memory, keys, len(conv), size, fields))
PY
}
URL="http://127.0.0.1:$PORT/wx/portal/wxdev0000000000001"
MIX=src/test/resources/bench/conversation-mix.txt
"$WXPEER" load "$URL" --n 4000 --c 32 --residents 2000 --file "$MIX" > /dev/null   # warm-up
echo "after warm-up: $(redis_info)"
for round in 1 2 3 4 5; do
  result=$("$WXPEER" load "$URL" --n 20000 --c 32 --residents 2000 --file "$MIX")
  echo "round $round: $result $(redis_info)"
done
# Delivery records (dedupe claim and reply) live wechat.dedupe-ttl (60 s): after that only the
# residents' state is left.
sleep 65
echo "65 s later: $(redis_info)"
