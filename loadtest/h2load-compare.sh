#!/usr/bin/env bash
# Side by side in one run: ComplianceService's CheckEncounter, the framework baseline (loadtest/GrpcFrameworkBaseline:
# Grpc.AspNetCore answering with a fixed reply as large as the decision, through a byte[] marshaller, on the same host
# settings) and the bare Kestrel echo (loadtest/BareKestrelEcho), driven by the same h2load (Debian's nghttp2-client,
# one thread) with the same request. ROUNDS rounds take the servers in turn, forward then backward, since one run's
# throughput moves by +-20 % on this shared 2-core machine; each round measures, per server:
#   - throughput: `requests` calls over `clients` connections x `streams` concurrent streams, after a warm-up (a long
#     one for each server before the first round, until tiered compilation is done; a short one each round), with
#     the server's CPU per request (from /proc/<pid>/stat, the steadier figure);
#   - one call in flight: `single` calls with h2load -c 1 -m 1, the mean time per request.
# Then the medians, each server against the framework baseline, and the same as round pairs (each server against
# the baseline of its own round; with a variant, the service against the variant of its round).
#
#   [ROUNDS=5] [VARIANT_DLL=other/ComplianceService.dll] [SERVICE_ARGS="--Key=Value ..."] \
#     loadtest/h2load-compare.sh [requests=200000] [clients=4] [streams-per-client=16] [single=20000]
#
# VARIANT_DLL runs another build of ComplianceService beside this one as "variant" (e.g. to measure a change);
# VARIANT_ARGS="--Key=Value ..." are added to the variant's arguments only (e.g. the same build with a setting changed:
# VARIANT_DLL=src/ComplianceService/bin/Release/net10.0/ComplianceService.dll VARIANT_ARGS=--Compliance:Audit:Enabled=false).
# SERVER_CPU=1 LOAD_CPU=0 pins every server to one CPU and h2load to another (taskset): each server then has the same one
# core whatever the others and the load generator do, and its throughput is its own CPU cost per call (on this machine
# the rounds were no steadier for it: the same server moved by 25 % between rounds either way).
# The servers are built in Release, started on free loopback ports and stopped at the end.
set -euo pipefail
requests=${1:-200000}
clients=${2:-4}
streams=${3:-16}
single=${4:-20000}
rounds=${ROUNDS:-5}
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

command -v h2load >/dev/null || { echo "h2load missing: apt-get install -y nghttp2-client" >&2; exit 2; }
server_pin=(); load_pin=()
if [ -n "${SERVER_CPU:-}" ]; then server_pin=(taskset -c "$SERVER_CPU"); fi
if [ -n "${LOAD_CPU:-}" ]; then load_pin=(taskset -c "$LOAD_CPU"); fi
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_port() { for _ in $(seq 1 300); do (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0; sleep 0.1; done; echo "port $1 never opened" >&2; return 1; }

for project in src/ComplianceService loadtest/GrpcFrameworkBaseline loadtest/BareKestrelEcho; do
  dotnet build "$repo/$project" -c Release -v q -nologo >/dev/null
done
bin() { echo "$repo/$1/bin/Release/net10.0/$2.dll"; }

# One CheckEncounter request, serialized by hand so the script needs no protobuf tooling:
# EncounterRequest{jurisdiction:"us-ks-roeland-park" (1), action:VERIFY_STATUS=4 (2),
# contact:TRAFFIC_STOP=1 (3), role:SUSPECT=1 (4), facts:[STATE_CHARGE=1] (6, packed)}, in a
# 5-byte gRPC frame (uncompressed, length 29).
printf '\x00\x00\x00\x00\x1d\x0a\x12us-ks-roeland-park\x10\x04\x18\x01\x20\x01\x32\x01\x01' > "$work/encounter.bin"
path=/compliance.v1.ComplianceService/CheckEncounter

names=(); urls=(); server_pids=()
start() { # name command...
  local name=$1 port; shift
  port=$(free_port)
  "$@" "$port" >"$work/$name.log" 2>&1 &
  pids+=($!); server_pids+=($!); names+=("$name"); urls+=("http://127.0.0.1:$port$path")
  wait_port "$port"
}
# Each server keeps its audit trail in the run's own folder (removed at the end).
service() { exec "${server_pin[@]}" dotnet "$1" --Kestrel:Endpoints:Grpc:Url="http://127.0.0.1:$2" --Kestrel:Endpoints:Http:Url=http://127.0.0.1:0 --Logging:LogLevel:Default=Warning --Compliance:Audit:Directory="$work/audit-$2" ${SERVICE_ARGS:-} ${3:-}; }
variant_service() { service "$1" "$2" "${VARIANT_ARGS:-}"; }
start service service "$(bin src/ComplianceService ComplianceService)"
if [ -n "${VARIANT_DLL:-}" ]; then start variant variant_service "$VARIANT_DLL"; fi

# The framework baseline answers as many bytes as the service's decision for this request.
reply_bytes=$(curl -s --http2-prior-knowledge -H 'content-type: application/grpc' -H 'te: trailers' \
  --data-binary @"$work/encounter.bin" "${urls[0]}" | wc -c)
baseline() { exec "${server_pin[@]}" dotnet "$(bin loadtest/GrpcFrameworkBaseline GrpcFrameworkBaseline)" --urls "http://127.0.0.1:$1" --ReplyBytes=$((reply_bytes - 5)); }
echo_server() { exec "${server_pin[@]}" dotnet "$(bin loadtest/BareKestrelEcho BareKestrelEcho)" --urls "http://127.0.0.1:$1"; }
start baseline baseline
start echo echo_server

# CPU (user + system, in clock ticks) of a process or thread from its stat file (/proc/<pid>/stat,
# /proc/<pid>/task/<tid>/stat): fields 14 and 15, counted after the ")" that ends the command name.
stat_ticks() { sed 's/^.*) //' "$1" | awk '{ print $12 + $13 }'; }
cpu_ticks() { stat_ticks "/proc/$1/stat"; }
ticks_per_second=$(getconf CLK_TCK)
h2() { "${load_pin[@]}" h2load -t 1 -d "$work/encounter.bin" -H 'content-type: application/grpc' -H 'te: trailers' "$@"; }

measure() { # index -> appends "req/s cpu-us-per-request mean-us-one-in-flight" to $work/<name>.txt
  local i=$1 name=${names[$1]} url=${urls[$1]} pid=${server_pids[$1]} out before after rps mean
  # Warm-up (JIT tiering to optimized code, connection setup), then the measured run.
  h2 -n $((requests / 2)) -c "$clients" -m "$streams" "$url" >/dev/null
  before=$(cpu_ticks "$pid")
  out=$(h2 -n "$requests" -c "$clients" -m "$streams" "$url")
  after=$(cpu_ticks "$pid")
  echo "$out" | grep -q "$requests succeeded" || { echo "$name: not every request succeeded:" >&2; echo "$out" >&2; exit 1; }
  rps=$(echo "$out" | sed -n 's/^finished in .*, \([0-9.]*\) req\/s.*/\1/p')
  # One call in flight: h2load's "time for request" line is min, max, mean, sd; the mean in microseconds.
  out=$(h2 -n "$single" -c 1 -m 1 "$url")
  mean=$(echo "$out" | awk '/^time for request:/ { v = $6; if (v ~ /ms$/) { sub(/ms$/, "", v); v *= 1000 } else if (v ~ /us$/) { sub(/us$/, "", v) } else { sub(/s$/, "", v); v *= 1000000 } print v }')
  awk -v n="$name" -v r="$rps" -v b="$before" -v a="$after" -v t="$ticks_per_second" -v q="$requests" -v m="$mean" \
    'BEGIN { printf "%s %.0f req/s, %.2f us CPU/req, one in flight %.1f us\n", n, r, (a - b) * 1e6 / t / q, m }' >&2
  awk -v r="$rps" -v b="$before" -v a="$after" -v t="$ticks_per_second" -v q="$requests" -v m="$mean" \
    'BEGIN { printf "%s %.3f %s\n", r, (a - b) * 1e6 / t / q, m }' >>"$work/$name.txt"
}

# "tid ticks" of each tiered-compilation thread of a process (the runtime names it ".NET Tiered Com[pilation Worker]";
# it ends when idle and a new one starts when there is work again).
jit_threads() {
  local task
  for task in /proc/"$1"/task/*; do
    if [ "$(cat "$task/comm" 2>/dev/null)" = ".NET Tiered Com" ]; then
      echo "${task##*/} $(stat_ticks "$task/stat")"
    fi
  done
}
# The JIT's ticks between two jit_threads listings: a thread's growth, or all of a thread new since the first.
jit_ticks_between() { awk 'FILENAME == ARGV[1] { before[$1] = $2; next } { total += $2 - before[$1] } END { print total + 0 }' "$1" "$2"; }

count=${#names[@]}
# Before the first round, each server is driven until tiered compilation is done: until its JIT thread, having
# compiled for at least 20 ticks (0.2 s; it starts only once the call-counting delay lets it), used at most 2 ticks
# (20 ms) over `requests` calls; at most 15 times `requests`. The JIT thread of ComplianceService was still compiling
# after 600,000 calls (pinned to one CPU, about 1.4 s of JIT in all), and the baseline's started only after 200,000,
# which made the first rounds slow.
for i in $(seq 0 $((count - 1))); do
  jit_total=0
  for chunk in $(seq 1 15); do
    jit_threads "${server_pids[$i]}" >"$work/jit-before"
    h2 -n "$requests" -c "$clients" -m "$streams" "${urls[$i]}" >/dev/null
    jit_threads "${server_pids[$i]}" >"$work/jit-after"
    jit=$(jit_ticks_between "$work/jit-before" "$work/jit-after")
    jit_total=$((jit_total + jit))
    [ "$jit" -le 2 ] && [ "$jit_total" -ge 20 ] && break
  done
  echo "${names[$i]}: warmed up with $chunk x $requests calls (JIT $jit_total ticks)" >&2
done
for round in $(seq 1 "$rounds"); do
  echo "-- round $round of $rounds" >&2
  if [ $((round % 2)) -eq 1 ]; then order=$(seq 0 $((count - 1))); else order=$(seq $((count - 1)) -1 0); fi
  for i in $order; do measure "$i"; done
done

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
column() { cut -d' ' -f"$2" "$work/$1.txt" | median; }
# A server's figure in column $2 over that of server $3 (default the baseline) in the same round, for each round:
# "median (lowest-highest)".
paired() {
  local ratios
  ratios=$(paste -d' ' "$work/$1.txt" "$work/${3:-baseline}.txt" | awk -v c="$2" '{ print $c / $(c + 3) }')
  awk -v m="$(echo "$ratios" | median)" -v lo="$(echo "$ratios" | sort -n | head -1)" -v hi="$(echo "$ratios" | sort -n | tail -1)" \
    'BEGIN { printf "%.2fx (%.2f-%.2f)", m, lo, hi }'
}
# One line of pairs: server $1 against server $2 (default the baseline), for throughput, CPU and one call in flight.
pairs_line() {
  printf "  %-9s throughput %s  CPU/req %s  one in flight %s\n" "$1" "$(paired "$1" 1 "${2:-}")" "$(paired "$1" 2 "${2:-}")" "$(paired "$1" 3 "${2:-}")"
}
base_rps=$(column baseline 1); base_mean=$(column baseline 3)
echo "medians of $rounds rounds ($requests requests, $clients x $streams streams; $single calls one in flight; reply $reply_bytes bytes):"
for name in "${names[@]}"; do
  awk -v n="$name" -v r="$(column "$name" 1)" -v c="$(column "$name" 2)" -v m="$(column "$name" 3)" -v br="$base_rps" -v bm="$base_mean" \
    'BEGIN { printf "  %-9s %8.0f req/s (%.2fx baseline)  %6.2f us CPU/req  one in flight %6.1f us (%.2fx baseline)\n", n, r, r / br, c, m, m / bm }'
done
# The machine's speed moves between rounds (the same server by up to 25 %), more than between the servers of one round,
# which run one after another: each server against the baseline of its own round, as pairs.
echo "each round's pair against that round's baseline, median (lowest-highest) of $rounds rounds:"
for name in "${names[@]}"; do
  [ "$name" = baseline ] && continue
  pairs_line "$name"
done
if [ -n "${VARIANT_DLL:-}" ]; then
  echo "the service against the variant of its round, median (lowest-highest) of $rounds rounds:"
  pairs_line service variant
fi
