#!/usr/bin/env bash
# End-to-end benchmark of the proxy data plane: wrk through jvs (io.jvs.proxy.ProxyMain) and through
# HAProxy in TCP mode to the same two nginx backends on 127.0.0.1, in one run, with keep-alive and with
# a new connection per request (wrk -H "Connection: close"). Prints req/s and p50/p99 latency per target
# and the ratio jvs / HAProxy (median over ROUNDS rounds; each round runs HAProxy, then jvs).
#
# Usage: framework/bench/e2e/proxy-vs-haproxy.sh            (from anywhere; builds the jars it needs)
# Knobs (environment): DURATION=10 (s per load)  ROUNDS=3  CONNS=50 (wrk connections)  THREADS=1 (wrk)
#                      LOOPS=1 (jvs event loops = HAProxy nbthread)  NGINX_WORKERS=1  SKIP_BUILD=1
#                      PIN=1 pins wrk and nginx to CPU 0 and the proxies to CPU 1 (taskset), so that the
#                      proxies do not compete with the load generator for a core
#                      WITH_VIRTUAL_THREADS=1 adds a third target: io.jvs.bench.proxy.VirtualThreadRelay, the
#                      blocking-sockets-on-virtual-threads design the data plane was measured against
# Installs wrk, nginx and haproxy (Debian packages) when missing. Writes its configs into a temporary
# directory and kills only the processes it started.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$ROOT"
. scripts/lib/find-java.sh
. scripts/lib/install-packages.sh
jvs_need wrk:wrk nginx-light:nginx haproxy:haproxy

DURATION=${DURATION:-10}
ROUNDS=${ROUNDS:-3}
CONNS=${CONNS:-50}
THREADS=${THREADS:-1}
LOOPS=${LOOPS:-1}
NGINX_WORKERS=${NGINX_WORKERS:-1}

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "building jvs-proxy ..." >&2
  mvn -q -o -B package -pl framework/proxy,framework/bench -am -DskipTests >/dev/null 2>&1 \
    || mvn -q -B package -pl framework/proxy,framework/bench -am -DskipTests >/dev/null
fi
jar_of() { ls "$1"/target/"$2"-*.jar | grep -v -e sources -e javadoc | head -n 1; }
PF4J=$(ls "$HOME"/.m2/repository/org/pf4j/pf4j/*/pf4j-*.jar | grep -v sources | tail -n 1)
CP="$(jar_of framework/proxy jvs-proxy):$(jar_of framework/engine jvs-engine):$(jar_of framework/spi jvs-spi)"
CP="$CP:$(jar_of plugins/ipvs jvs-ipvs-schedulers):$PF4J"

TMP=$(mktemp -d /tmp/jvs-proxy-bench.XXXXXX)
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
wait_port() {
  for _ in $(seq 1 200); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.05
  done
  echo "nothing listens on 127.0.0.1:$1" >&2; tail -n 5 "$TMP"/*.log >&2; return 1
}

LOAD_CPU=(); PROXY_CPU=()
if [ -n "${PIN:-}" ] && command -v taskset >/dev/null && [ "$(nproc)" -ge 2 ]; then
  LOAD_CPU=(taskset -c 0); PROXY_CPU=(taskset -c 1)
fi

B1=$(free_port); B2=$(free_port); HP=$(free_port); JP=$(free_port); VP=$(free_port)
TARGETS="haproxy jvs"
[ -n "${WITH_VIRTUAL_THREADS:-}" ] && TARGETS="haproxy jvs vthreads"

cat >"$TMP/nginx.conf" <<CONF
daemon off;
worker_processes $NGINX_WORKERS;
pid $TMP/nginx.pid;
error_log $TMP/nginx-error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  keepalive_requests 1000000;
  keepalive_timeout 60s;
  client_body_temp_path $TMP;
  proxy_temp_path $TMP;
  fastcgi_temp_path $TMP;
  uwsgi_temp_path $TMP;
  scgi_temp_path $TMP;
  server { listen 127.0.0.1:$B1 backlog=4096; location / { return 200 "backend-1\n"; } }
  server { listen 127.0.0.1:$B2 backlog=4096; location / { return 200 "backend-2\n"; } }
}
CONF

cat >"$TMP/haproxy.cfg" <<CONF
global
  nbthread $LOOPS
  maxconn 8000
defaults
  mode tcp
  timeout connect 3s
  timeout client 60s
  timeout server 60s
frontend web
  bind 127.0.0.1:$HP
  default_backend nginx
backend nginx
  balance roundrobin
  server b1 127.0.0.1:$B1
  server b2 127.0.0.1:$B2
CONF

"${LOAD_CPU[@]}" nginx -c "$TMP/nginx.conf" -p "$TMP" >/dev/null 2>&1 &
PIDS+=($!)
"${PROXY_CPU[@]}" haproxy -f "$TMP/haproxy.cfg" -db >"$TMP/haproxy.log" 2>&1 &
PIDS+=($!)
"${PROXY_CPU[@]}" "$JAVA_HOME/bin/java" -Xms256m -Xmx512m -XX:+UseParallelGC -cp "$CP" io.jvs.proxy.ProxyMain --loops "$LOOPS" \
  "tcp/127.0.0.1:$JP/rr/127.0.0.1:$B1,127.0.0.1:$B2" >"$TMP/jvs.log" 2>&1 &
PIDS+=($!)
if [ -n "${WITH_VIRTUAL_THREADS:-}" ]; then
  # As many carrier threads as jvs has event loops (and HAProxy threads).
  "${PROXY_CPU[@]}" "$JAVA_HOME/bin/java" -Xms256m -Xmx512m -XX:+UseParallelGC \
    -Djdk.virtualThreadScheduler.parallelism="$LOOPS" \
    -cp "framework/bench/target/classes" \
    io.jvs.bench.proxy.VirtualThreadRelay "$VP" "$B1" "$B2" >"$TMP/vthreads.log" 2>&1 &
  PIDS+=($!)
  wait_port "$VP"
fi
for p in "$B1" "$B2" "$HP" "$JP"; do wait_port "$p"; done
for p in "$HP" "$JP"; do
  curl -sf "http://127.0.0.1:$p/" >/dev/null || { echo "no answer through 127.0.0.1:$p" >&2; cat "$TMP"/*.log >&2; exit 1; }
done

# run_wrk PORT MODE -> "req_per_s p50_ms p99_ms"
run_wrk() {
  local port=$1 mode=$2 extra=() out
  [ "$mode" = close ] && extra=(-H "Connection: close")
  out=$("${LOAD_CPU[@]}" wrk -t "$THREADS" -c "$CONNS" -d "${DURATION}s" --latency "${extra[@]}" "http://127.0.0.1:$port/" 2>&1)
  echo "$out" >>"$TMP/wrk.log"
  local rps p50 p99
  rps=$(echo "$out" | awk '/^Requests\/sec:/ {print $2}')
  p50=$(echo "$out" | awk '$1=="50%" {print $2}')
  p99=$(echo "$out" | awk '$1=="99%" {print $2}')
  echo "$rps $(to_ms "$p50") $(to_ms "$p99")"
}
to_ms() { # wrk prints 812.00us, 1.23ms or 1.02s
  local v=$1
  case "$v" in
    *us) awk -v x="${v%us}" 'BEGIN {printf "%.3f", x / 1000}' ;;
    *ms) awk -v x="${v%ms}" 'BEGIN {printf "%.3f", x}' ;;
    *s)  awk -v x="${v%s}" 'BEGIN {printf "%.3f", x * 1000}' ;;
    *)   echo nan ;;
  esac
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

echo "warming up jvs (JIT) for 5 s ..." >&2
DURATION_SAVED=$DURATION; DURATION=5; run_wrk "$JP" keepalive >/dev/null; run_wrk "$JP" close >/dev/null
[ -n "${WITH_VIRTUAL_THREADS:-}" ] && { run_wrk "$VP" keepalive >/dev/null; run_wrk "$VP" close >/dev/null; }
DURATION=$DURATION_SAVED

declare -A RESULTS
for round in $(seq 1 "$ROUNDS"); do
  for mode in keepalive close; do
    for target in $TARGETS; do
      port=$HP; [ "$target" = jvs ] && port=$JP; [ "$target" = vthreads ] && port=$VP
      echo "round $round: $target, $mode, ${DURATION}s ..." >&2
      RESULTS["$target.$mode.$round"]=$(run_wrk "$port" "$mode")
    done
  done
done

printf '\nwrk -t%s -c%s -d%ss through each proxy to 2 nginx backends on 127.0.0.1 (jvs loops = HAProxy nbthread = %s, nginx workers = %s, %s cores%s), median of %s rounds\n\n' \
  "$THREADS" "$CONNS" "$DURATION" "$LOOPS" "$NGINX_WORKERS" "$(nproc)" "${PIN:+, proxies pinned to CPU 1}" "$ROUNDS"
printf '%-22s %-8s %12s %10s %10s\n' "mode" "proxy" "req/s" "p50 ms" "p99 ms"
for mode in keepalive close; do
  label="keep-alive"; [ "$mode" = close ] && label="new conn per request"
  for target in $TARGETS; do
    vals=()
    for col in 1 2 3; do
      vals+=("$(for r in $(seq 1 "$ROUNDS"); do echo "${RESULTS[$target.$mode.$r]}" | cut -d' ' -f"$col"; done | median)")
    done
    printf '%-22s %-8s %12.0f %10.3f %10.3f\n' "$label" "$target" "${vals[0]}" "${vals[1]}" "${vals[2]}"
    eval "M_${target}_${mode}=${vals[0]}"
  done
  h=$(eval echo "\$M_haproxy_${mode}"); j=$(eval echo "\$M_jvs_${mode}")
  printf '%-22s %-8s %12s\n' "$label" "jvs/hap" "$(awk -v a="$j" -v b="$h" 'BEGIN {printf "%.2fx", a / b}')"
done
echo
echo "jvs counters (after the warm-up and all rounds):"; kill -TERM "${PIDS[2]}" 2>/dev/null || true
wait "${PIDS[2]}" 2>/dev/null || true
grep -E "new-connections|connect-failures|closed-by-error|bytes-to-clients" "$TMP/jvs.log" | sed 's/^/  /' || true
