#!/usr/bin/env bash
# Reward server load and fault benchmark, loopback only. Starts `ssl4rl serve-reward` (with a
# token and JSON access logs, as deployed) and the Python peer (peer_server.py: the same
# protocol and reward rule on Python's standard-library HTTP server), then drives both with
# the same load, alternating in ROUNDS, for SECONDS each in all, and prints both reports and
# the ratio. Exits non-zero if any request went unanswered or got the wrong class of status,
# or if the server does not exit 0 on SIGTERM.
#   bash bench/reward-server/run.sh [SECONDS=60] [CONNECTIONS=8] [ROUNDS=6]
set -euo pipefail
cd "$(dirname "$0")/../.."
SECONDS_EACH="${1:-60}"
CONNECTIONS="${2:-8}"
ROUNDS="${3:-6}"
command -v python3 >/dev/null || { apt-get update -qq && apt-get install -y -qq python3; }
OUT="$(mktemp -d)"
trap 'kill "${SERVER:-}" "${PEER:-}" 2>/dev/null || true; rm -rf "$OUT"' EXIT

wait_for() { for _ in $(seq 1 200); do grep -q "$2" "$1" 2>/dev/null && return 0; sleep 0.1; done; echo "did not start: $(cat "$1")" >&2; exit 1; }

PORT=18731
PEER_PORT=18732
node --conditions=@ssl4rl/source --import tsx packages/cli/src/main.ts serve-reward --port "$PORT" --token bench >"$OUT/server.out" 2>"$OUT/access.log" &
SERVER=$!
python3 bench/reward-server/peer_server.py "$PEER_PORT" >"$OUT/peer.out" 2>&1 &
PEER=$!
wait_for "$OUT/server.out" "listening"
wait_for "$OUT/peer.out" "listening"
echo "cpu: $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg); node $(node --version); $(python3 --version)"
LOAD_EXIT=0
node --import tsx bench/reward-server/load.ts --token bench --seconds "$SECONDS_EACH" --connections "$CONNECTIONS" --rounds "$ROUNDS" \
  --target "ssl4rl-ts=http://127.0.0.1:$PORT" --target "python-peer=http://127.0.0.1:$PEER_PORT" || LOAD_EXIT=$?
kill -TERM "$SERVER"
SERVER_EXIT=0
wait "$SERVER" || SERVER_EXIT=$?
SERVER=""
echo "ssl4rl serve-reward exit code after SIGTERM: $SERVER_EXIT; access log lines: $(grep -c '"msg":"access"' "$OUT/access.log")"
[ "$LOAD_EXIT" = 0 ] && [ "$SERVER_EXIT" = 0 ]
