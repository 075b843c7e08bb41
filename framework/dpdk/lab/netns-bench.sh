#!/usr/bin/env bash
# The DPDK lab benchmark: the same namespace topology and the same nginx backends behind three load
# balancers in turn, in one run: jvs (jvs run, data-plane dpdk, net_af_packet, NAT), the kernel's
# nftables DNAT (numgen inc mod 3) and HAProxy (mode tcp, roundrobin). wrk measures each.
#
#   P-cl  cl0 198.51.100.10/25, default via 198.51.100.1                  --+
#   P-lb  lb0: jvs's port (no kernel address), or 198.51.100.1/25 and     --+-- br0 in P-sw
#         203.0.113.1/24 on the kernel for nftables and HAProxy
#   P-bN  bN0 203.0.113.1N/24, 198.51.100.0/24 via 203.0.113.1; nginx :8081 --+
#
#   virtual service 198.51.100.201:80 -> 203.0.113.11-13:8081, round robin
#
# Needs root, iproute2, ethtool, wrk, nginx, nftables, haproxy, DPDK 22.11, a JDK 25 and the built
# server (mvn -q install -DskipTests). Every load is bounded: wrk runs SECONDS per row.
# Usage: framework/dpdk/lab/netns-bench.sh [seconds per row, default 5] [connections, default 16]
set -euo pipefail
cd "$(dirname "$0")/../../.."
. scripts/lib/find-java.sh
. scripts/lib/install-packages.sh
jvs_need dpdk ethtool:ethtool wrk:wrk nginx:nginx nftables:nft haproxy:haproxy curl:curl
JAR=framework/server/target/jvs-server.jar
PLUGINS=framework/server/target/plugins
[ -f "$JAR" ] || { echo "build first: mvn -q install -DskipTests" >&2; exit 1; }
SECS="${1:-5}"
CONNS="${2:-16}"
P=jvsbench$$
WORK=$(mktemp -d /tmp/jvsbench.XXXXXX)
PIDS=()
VIP=198.51.100.201

cleanup() {
  set +e
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  sleep 1
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done
  for ns in cl lb b1 b2 b3 sw; do ip netns del "$P-$ns" 2>/dev/null; done
  rm -rf "$WORK" "/var/run/dpdk/$P"
}
trap cleanup EXIT

in_ns() { local ns="$1"; shift; ip netns exec "$P-$ns" "$@"; }

for ns in sw cl lb b1 b2 b3; do
  ip netns add "$P-$ns"
  in_ns "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
  ip -n "$P-$ns" link set lo up
done
ip -n "$P-sw" link add br0 type bridge
in_ns sw sysctl -qw net.bridge.bridge-nf-call-iptables=0 2>/dev/null || true
ip -n "$P-sw" link set br0 up

veth() {
  local ns="$1" mac="$2"
  ip -n "$P-sw" link add "sw-$ns" type veth peer name "${ns}0" netns "$P-$ns"
  ip -n "$P-$ns" link set "${ns}0" address "$mac"
  ip -n "$P-sw" link set "sw-$ns" master br0
  in_ns sw ethtool -K "sw-$ns" tx off rx off gso off tso off gro off >/dev/null
  in_ns "$ns" ethtool -K "${ns}0" tx off rx off gso off tso off gro off >/dev/null
  ip -n "$P-sw" link set "sw-$ns" up
  ip -n "$P-$ns" link set "${ns}0" up
}
CLIENT_MAC=02:00:00:00:01:10
veth cl "$CLIENT_MAC"
veth lb 02:00:00:00:00:01
in_ns cl ip addr add 198.51.100.10/25 dev cl0
in_ns cl ip route add default via 198.51.100.1
NEIGHBOURS=""
for n in 1 2 3; do
  ns="b$n"; mac="02:00:00:00:02:1$n"
  veth "$ns" "$mac"
  NEIGHBOURS="$NEIGHBOURS    203.0.113.1$n: \"$mac\"
"
  in_ns "$ns" ip addr add "203.0.113.1$n/24" dev "${ns}0"
  in_ns "$ns" ip route add 198.51.100.0/24 via 203.0.113.1
  mkdir -p "$WORK/$ns/logs"
  cat > "$WORK/$ns/nginx.conf" <<EOF
worker_processes 1;
daemon off;
pid $WORK/$ns/nginx.pid;
error_log $WORK/$ns/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  server { listen 8081 reuseport; location / { return 200 "backend $n\n"; } }
}
EOF
  ip netns exec "$P-$ns" nginx -p "$WORK/$ns" -c "$WORK/$ns/nginx.conf" &
  PIDS+=($!)
done
sleep 1

RESULTS="$WORK/results"
: > "$RESULTS"
# row NAME EXTRA-WRK-ARGS...: a bounded wrk run from the client; one result line.
row() {
  local name="$1"; shift
  local out
  out=$(in_ns cl timeout $((SECS + 15)) wrk -t1 -c"$CONNS" -d"${SECS}s" --timeout 2s --latency "$@" "http://$VIP/" 2>&1)
  echo "$out" > "$WORK/$name.wrk"
  local rps avg stdev p50 p99 errors
  rps=$(echo "$out" | awk '/^Requests\/sec/ {print $2}')
  avg=$(echo "$out" | awk '/^    Latency/ {print $2}')
  stdev=$(echo "$out" | awk '/^    Latency/ {print $3}')
  p50=$(echo "$out" | awk '/^ +50%/ {print $2}')
  p99=$(echo "$out" | awk '/^ +99%/ {print $2}')
  errors=$(echo "$out" | grep -E "Socket errors|Non-2xx" | tr -s ' ' | tr '\n' ';' || true)
  printf '| %-34s | %9s | %8s | %8s | %8s | %8s | %s |\n' "$name" "$rps" "$avg" "$stdev" "$p50" "$p99" "${errors:-0}" \
      | tee -a "$RESULTS"
}
check() {
  local body
  for _ in $(seq 50); do body=$(in_ns cl curl -s -m 1 "http://$VIP/") && break; sleep 0.2; done
  [ -n "${body:-}" ] || { echo "no answer through $1" >&2; cat "$WORK/$1.log" >&2 2>/dev/null; return 1; }
}

# 1. jvs
cat > "$WORK/jvs.yaml" <<EOF
engine:
  data-plane: dpdk
  workers: 1
  connections-per-worker: 256Ki
  forwarding:
    gateway-mac: "$CLIENT_MAC"
  neighbors:
$NEIGHBOURS  dpdk:
    device: net_af_packet0
    virtual-devices: ["net_af_packet0,iface=lb0,qpairs=1,framecnt=4096"]
    file-prefix: $P
    addresses: [198.51.100.1, 203.0.113.1]
admin:
  port: 9180
services:
  - protocol: tcp
    address: $VIP
    port: 80
    scheduler: rr
    destinations:
      - {address: 203.0.113.11, port: 8081, forwarding: nat}
      - {address: 203.0.113.12, port: 8081, forwarding: nat}
      - {address: 203.0.113.13, port: 8081, forwarding: nat}
EOF
ip netns exec "$P-lb" "$JAVA_HOME/bin/java" -Xmx512m --enable-native-access=ALL-UNNAMED -jar "$JAR" run \
    -c "$WORK/jvs.yaml" --plugins "$PLUGINS" --no-watch >"$WORK/jvs.log" 2>&1 &
JVS=$!
PIDS+=($JVS)
for _ in $(seq 150); do grep -q "jvs: running" "$WORK/jvs.log" && break; sleep 0.2; done
grep -q "jvs: running" "$WORK/jvs.log" || { cat "$WORK/jvs.log"; exit 1; }
echo "| load balancer (wrk -t1 -c$CONNS -d${SECS}s)    |  req/s    | avg      | stdev    | p50      | p99      | errors |"
echo "|------------------------------------|-----------|----------|----------|----------|----------|--------|"
check jvs
row "jvs NAT (DPDK net_af_packet)"
row "jvs NAT, new connection each" -H "Connection: close"
kill "$JVS"; wait "$JVS" 2>/dev/null || true

# 2. the kernel: nftables DNAT, round robin by numgen, on the same namespace as a router
in_ns lb ip addr add 198.51.100.1/25 dev lb0
in_ns lb ip addr add 203.0.113.1/24 dev lb0
in_ns lb sysctl -qw net.ipv4.ip_forward=1
if in_ns lb nft -f - <<EOF
table ip jvsbench {
  chain prerouting {
    type nat hook prerouting priority dstnat;
    ip daddr $VIP tcp dport 80 dnat ip to numgen inc mod 3 map { 0 : 203.0.113.11 . 8081, 1 : 203.0.113.12 . 8081, 2 : 203.0.113.13 . 8081 }
  }
}
EOF
then
  check nftables
  row "nftables DNAT (numgen inc mod 3)"
  row "nftables DNAT, new connection each" -H "Connection: close"
  in_ns lb nft delete table ip jvsbench
else
  echo "| nftables DNAT: this kernel lacks nf_tables (nft -f failed) |" | tee -a "$RESULTS"
fi

# 3. HAProxy, layer 4 (mode tcp), round robin, the virtual address local to the namespace
in_ns lb ip addr add "$VIP/32" dev lo
cat > "$WORK/haproxy.cfg" <<EOF
global
  maxconn 4000
  nbthread 1
defaults
  mode tcp
  timeout connect 2s
  timeout client 30s
  timeout server 30s
frontend vip
  bind $VIP:80
  default_backend web
backend web
  balance roundrobin
  server b1 203.0.113.11:8081
  server b2 203.0.113.12:8081
  server b3 203.0.113.13:8081
EOF
ip netns exec "$P-lb" haproxy -db -f "$WORK/haproxy.cfg" >"$WORK/haproxy.log" 2>&1 &
HAP=$!
PIDS+=($HAP)
check haproxy
row "HAProxy 2.6 (mode tcp, roundrobin)"
row "HAProxy, new connection each" -H "Connection: close"
kill "$HAP"; wait "$HAP" 2>/dev/null || true
echo "(cores: $(nproc); kernel $(uname -r); $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'))"
