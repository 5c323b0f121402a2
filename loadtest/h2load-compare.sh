#!/usr/bin/env bash
# Throughput of CheckEncounter on ComplianceService against a bare Kestrel handler that only echoes
# the gRPC frame (loadtest/BareKestrelEcho), driven by the same h2load (Debian's nghttp2-client)
# with the same request, one after the other on this machine. Prints both and the ratio.
#
#   loadtest/h2load-compare.sh [requests=200000] [clients=4] [streams-per-client=16]
#
# Both servers are built in Release, started on free loopback ports and stopped at the end.
set -euo pipefail
requests=${1:-200000}
clients=${2:-4}
streams=${3:-16}
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

command -v h2load >/dev/null || { echo "h2load missing: apt-get install -y nghttp2-client" >&2; exit 2; }
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_port() { for _ in $(seq 1 200); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; return 1; }

dotnet build "$repo/src/ComplianceService" -c Release -v q -nologo >/dev/null
dotnet build "$repo/loadtest/BareKestrelEcho" -c Release -v q -nologo >/dev/null

# One CheckEncounter request, serialized by hand so the script needs no protobuf tooling:
# EncounterRequest{jurisdiction:"us-ks-roeland-park" (1), action:VERIFY_STATUS=4 (2),
# contact:TRAFFIC_STOP=1 (3), role:SUSPECT=1 (4), facts:[STATE_CHARGE=1] (6, packed)}, in a
# 5-byte gRPC frame (uncompressed, length 29).
printf '\x00\x00\x00\x00\x1d\x0a\x12us-ks-roeland-park\x10\x04\x18\x01\x20\x01\x32\x01\x01' > "$work/encounter.bin"

service_port=$(free_port)
echo_port=$(free_port)
DOTNET_gcServer=0 dotnet "$repo/src/ComplianceService/bin/Release/net10.0/ComplianceService.dll" \
  --Kestrel:Endpoints:Grpc:Url="http://127.0.0.1:$service_port" --Logging:LogLevel:Default=Warning >"$work/service.log" 2>&1 &
pids+=($!)
dotnet "$repo/loadtest/BareKestrelEcho/bin/Release/net10.0/BareKestrelEcho.dll" --urls "http://127.0.0.1:$echo_port" >"$work/echo.log" 2>&1 &
pids+=($!)
wait_port "$service_port"
wait_port "$echo_port"

# The size of a CheckEncounter reply to this request, for a second baseline that sends as many bytes.
reply_bytes=$(curl -s --http2-prior-knowledge -H 'content-type: application/grpc' -H 'te: trailers' \
  --data-binary @"$work/encounter.bin" "http://127.0.0.1:$service_port/compliance.v1.ComplianceService/CheckEncounter" | wc -c)
sized_port=$(free_port)
dotnet "$repo/loadtest/BareKestrelEcho/bin/Release/net10.0/BareKestrelEcho.dll" --urls "http://127.0.0.1:$sized_port" --ReplyBytes="$reply_bytes" >"$work/sized.log" 2>&1 &
pids+=($!)
wait_port "$sized_port"

run() { # label url
  local out
  # Warm-up (JIT tiering to optimized code, connection setup), then the measured run.
  h2load -n $((requests / 2)) -c "$clients" -m "$streams" -t 1 -d "$work/encounter.bin" \
    -H 'content-type: application/grpc' -H 'te: trailers' "$2" >/dev/null
  out=$(h2load -n "$requests" -c "$clients" -m "$streams" -t 1 -d "$work/encounter.bin" \
    -H 'content-type: application/grpc' -H 'te: trailers' "$2")
  echo "== $1" >&2
  echo "$out" | grep -E '^(finished in|requests:|status codes:|time for request:)' >&2
  echo "$out" | sed -n 's/^finished in .*, \([0-9.]*\) req\/s.*/\1/p'
}

echo_rps=$(run "bare Kestrel echo" "http://127.0.0.1:$echo_port/compliance.v1.ComplianceService/CheckEncounter")
sized_rps=$(run "bare Kestrel, fixed $reply_bytes-byte reply" "http://127.0.0.1:$sized_port/compliance.v1.ComplianceService/CheckEncounter")
service_rps=$(run "ComplianceService CheckEncounter" "http://127.0.0.1:$service_port/compliance.v1.ComplianceService/CheckEncounter")
awk -v s="$service_rps" -v e="$echo_rps" -v z="$sized_rps" -v b="$reply_bytes" 'BEGIN {
  printf "CheckEncounter %.0f req/s; bare echo %.0f req/s: %.1f%% of it; bare Kestrel with a %d-byte reply %.0f req/s: %.1f%% of it\n", s, e, 100 * s / e, b, z, 100 * s / z }'
