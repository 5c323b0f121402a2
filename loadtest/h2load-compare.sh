#!/usr/bin/env bash
# Throughput of CheckEncounter on ComplianceService against a bare Kestrel handler that only echoes
# the gRPC frame (loadtest/BareKestrelEcho), driven by the same h2load (Debian's nghttp2-client)
# with the same request on this machine, in rounds (echo, echo with a reply as large as ours, then the
# service, each round). Prints each run, then the medians: throughput, server CPU per request, ratios.
#
#   [ROUNDS=3] [SERVICE_ARGS="--Key=Value ..."] loadtest/h2load-compare.sh [requests=200000] [clients=4] [streams-per-client=16]
#
# The servers are built in Release, started on free loopback ports and stopped at the end.
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
dotnet "$repo/src/ComplianceService/bin/Release/net10.0/ComplianceService.dll" \
  --Kestrel:Endpoints:Grpc:Url="http://127.0.0.1:$service_port" --Logging:LogLevel:Default=Warning ${SERVICE_ARGS:-} >"$work/service.log" 2>&1 &
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

# Server CPU (user + system, in clock ticks) from /proc/<pid>/stat: fields 14 and 15, counted after
# the ")" that ends the command name.
cpu_ticks() { sed 's/^.*) //' "/proc/$1/stat" | awk '{ print $12 + $13 }'; }
ticks_per_second=$(getconf CLK_TCK)

run() { # label url pid -> "req/s cpu-us-per-request"
  local out before after rps
  # Warm-up (JIT tiering to optimized code, connection setup), then the measured run.
  h2load -n $((requests / 2)) -c "$clients" -m "$streams" -t 1 -d "$work/encounter.bin" \
    -H 'content-type: application/grpc' -H 'te: trailers' "$2" >/dev/null
  before=$(cpu_ticks "$3")
  out=$(h2load -n "$requests" -c "$clients" -m "$streams" -t 1 -d "$work/encounter.bin" \
    -H 'content-type: application/grpc' -H 'te: trailers' "$2")
  after=$(cpu_ticks "$3")
  echo "== $1" >&2
  echo "$out" | grep -E '^(finished in|requests:|status codes:|time for request:)' >&2
  rps=$(echo "$out" | sed -n 's/^finished in .*, \([0-9.]*\) req\/s.*/\1/p')
  awk -v r="$rps" -v b="$before" -v a="$after" -v t="$ticks_per_second" -v n="$requests" 'BEGIN { printf "%s %.2f\n", r, (a - b) * 1e6 / t / n }' | tee /dev/stderr
}

# Throughput on this 2-core machine moves by +-20 % from run to run (h2load and the server share
# the cores), so each round runs all three targets and the medians over the rounds are compared.
# Server CPU per request is the steadier figure: it does not depend on how the cores were shared.
rounds=${ROUNDS:-3}
service_url="http://127.0.0.1:$service_port/compliance.v1.ComplianceService/CheckEncounter"
echo_url="http://127.0.0.1:$echo_port/compliance.v1.ComplianceService/CheckEncounter"
sized_url="http://127.0.0.1:$sized_port/compliance.v1.ComplianceService/CheckEncounter"
: >"$work/echo.txt"; : >"$work/sized.txt"; : >"$work/service.txt"
for round in $(seq 1 "$rounds"); do
  echo "-- round $round of $rounds" >&2
  run "bare Kestrel echo" "$echo_url" "${pids[1]}" >>"$work/echo.txt"
  run "bare Kestrel, fixed $reply_bytes-byte reply" "$sized_url" "${pids[2]}" >>"$work/sized.txt"
  run "ComplianceService CheckEncounter" "$service_url" "${pids[0]}" >>"$work/service.txt"
done

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo_rps=$(cut -d' ' -f1 "$work/echo.txt" | median); echo_cpu=$(cut -d' ' -f2 "$work/echo.txt" | median)
sized_rps=$(cut -d' ' -f1 "$work/sized.txt" | median); sized_cpu=$(cut -d' ' -f2 "$work/sized.txt" | median)
service_rps=$(cut -d' ' -f1 "$work/service.txt" | median); service_cpu=$(cut -d' ' -f2 "$work/service.txt" | median)
awk -v s="$service_rps" -v e="$echo_rps" -v z="$sized_rps" -v b="$reply_bytes" -v sc="$service_cpu" -v ec="$echo_cpu" -v zc="$sized_cpu" -v r="$rounds" 'BEGIN {
  printf "medians of %d rounds:\n", r
  printf "  CheckEncounter %.0f req/s, %.2f us of server CPU per request\n", s, sc
  printf "  bare echo %.0f req/s, %.2f us; CheckEncounter has %.1f%% of its throughput, %.1f%% of its CPU cost per request inverted\n", e, ec, 100 * s / e, 100 * ec / sc
  printf "  bare Kestrel with a %d-byte reply %.0f req/s, %.2f us; CheckEncounter has %.1f%% of its throughput, %.1f%% inverted\n", b, z, zc, 100 * s / z, 100 * zc / sc }'
