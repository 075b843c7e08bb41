#!/usr/bin/env bash
# The DPDK network-namespace lab: a client, jvs on DPDK's net_af_packet, three HTTP backends, all on
# one Ethernet segment (a bridge); curl and wrk through NAT, FULLNAT and DR.
#
#   jvslab-cl  cl0 10.0.1.10/24, default via 10.0.1.1 (jvs)              --+
#   jvslab-lb  lb0 (no kernel address): jvs, net_af_packet0,iface=lb0    --+-- br0 in jvslab-sw
#   jvslab-bN  bN0 10.0.2.1N/24, 10.0.1.0/24 via 10.0.2.1 (jvs),          --+
#              10.0.3.3/32 on lo (DR), replies from 10.0.3.3 straight to the client
#
#   NAT 10.0.3.1:80, FULLNAT 10.0.3.2:80 (local 10.0.2.100), DR 10.0.3.3:8080 -> backends :8080,
#   TUNNEL 10.0.3.4:8080 (IPIP) when the kernel has ipip (the backends decapsulate on tunl0)
#
# jvs answers ARP for 10.0.1.1, 10.0.2.1, 10.0.2.100 and the virtual addresses; it knows the
# backends' and the client's MACs from its arguments (it resolves no neighbour itself yet).
# Offloads are off on every veth: the engine rewrites checksums incrementally, so frames must carry
# complete ones (no CHECKSUM_PARTIAL), and no GRO/GSO/TSO super-frames may reach a packet socket.
#
# Needs root, iproute2, ethtool, curl, python3, a JDK 25 and the built benchmarks jar; wrk optional.
# Usage: framework/dpdk/lab/netns-lab.sh [seconds of wrk per service, default 5]
set -euo pipefail
cd "$(dirname "$0")/../../.."
. scripts/lib/find-java.sh
. scripts/lib/install-packages.sh
jvs_need dpdk ethtool:ethtool curl:curl
jvs_need wrk:wrk || true
JAR=framework/bench/target/benchmarks.jar
[ -f "$JAR" ] || { echo "build first: mvn -q install -DskipTests" >&2; exit 1; }
SECONDS_WRK="${1:-5}"
P=jvslab
WORK=$(mktemp -d /tmp/jvslab.XXXXXX)
PIDS=()

cleanup() {
  set +e
  [ -n "${JVS_IN:-}" ] && exec {JVS_IN}>&-
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  sleep 0.5
  for pid in "${PIDS[@]}"; do kill -9 "$pid" 2>/dev/null; done
  for ns in cl lb b1 b2 b3 sw; do ip netns del "$P-$ns" 2>/dev/null; done
  rm -rf "$WORK"
}
trap cleanup EXIT

in_ns() { local ns="$1"; shift; ip netns exec "$P-$ns" "$@"; }

for ns in cl lb b1 b2 b3; do ip netns del "$P-$ns" 2>/dev/null || true; done
ip netns del "$P-sw" 2>/dev/null || true
for ns in sw cl lb b1 b2 b3; do ip netns add "$P-$ns"; in_ns "$ns" ip link set lo up; done
in_ns sw ip link add br0 type bridge
in_ns sw ip link set br0 up

# veth <ns> <mac>: <ns>0 in namespace <ns>, its peer sw-<ns> in the bridge.
veth() {
  local ns="$1" mac="$2"
  ip link add "${ns}0" type veth peer name "sw-$ns"
  ip link set "${ns}0" netns "$P-$ns"
  ip link set "sw-$ns" netns "$P-sw"
  in_ns "$ns" ip link set "${ns}0" address "$mac"
  in_ns sw ip link set "sw-$ns" master br0
  in_ns sw ip link set "sw-$ns" up
  in_ns "$ns" ethtool -K "${ns}0" tx off rx off gso off tso off gro off >/dev/null 2>&1 || true
  in_ns sw ethtool -K "sw-$ns" tx off rx off gso off tso off gro off >/dev/null 2>&1 || true
  in_ns "$ns" ip link set "${ns}0" up
}
CLIENT_MAC=02:00:00:00:01:10
veth cl "$CLIENT_MAC"
veth lb 02:00:00:00:00:01
in_ns lb sysctl -qw "net.ipv6.conf.lb0.disable_ipv6=1"
in_ns cl ip addr add 10.0.1.10/24 dev cl0
in_ns cl ip route add default via 10.0.1.1

NEIGHBOURS=()
TUNNEL=no
for n in 1 2 3; do
  ns="b$n"; mac="02:00:00:00:02:1$n"; ip4="10.0.2.1$n"
  veth "$ns" "$mac"
  NEIGHBOURS+=("$ip4=$mac")
  in_ns "$ns" ip addr add "$ip4/24" dev "${ns}0"
  in_ns "$ns" ip route add 10.0.1.0/24 via 10.0.2.1
  # DR: the virtual address on lo, never announced; its replies go straight to the client.
  in_ns "$ns" ip addr add 10.0.3.3/32 dev lo
  in_ns "$ns" sysctl -qw net.ipv4.conf.all.arp_ignore=1 net.ipv4.conf.all.arp_announce=2
  in_ns "$ns" ip rule add from 10.0.3.3 table 100
  in_ns "$ns" ip route add 10.0.1.0/24 dev "${ns}0" table 100
  # TUNNEL: IPIP in on tunl0 (any remote), the virtual address on lo, replies straight to the client.
  if in_ns "$ns" ip link add jvs-probe type ipip 2>/dev/null; then
    in_ns "$ns" ip link del jvs-probe
    TUNNEL=yes
    in_ns "$ns" ip link set tunl0 up
    in_ns "$ns" ip addr add 10.0.3.4/32 dev lo
    in_ns "$ns" sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.tunl0.rp_filter=0
    in_ns "$ns" ip rule add from 10.0.3.4 table 100
  fi
  mkdir -p "$WORK/$ns"
  echo "backend $n" > "$WORK/$ns/index.html"
  # ip netns exec execs its command: $! is the server's own pid.
  ip netns exec "$P-$ns" python3 -m http.server 8080 --directory "$WORK/$ns" >"$WORK/$ns.log" 2>&1 &
  PIDS+=($!)
done

mkfifo "$WORK/jvs.in"
ip netns exec "$P-lb" "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -cp "$JAR" \
    io.jvs.bench.dpdk.NamespaceLabEngine lb0 "client=$CLIENT_MAC" "${NEIGHBOURS[@]}" \
    <"$WORK/jvs.in" >"$WORK/jvs.log" 2>&1 &
PIDS+=($!)
exec {JVS_IN}>"$WORK/jvs.in"
for _ in $(seq 100); do grep -q "jvs-lab: up" "$WORK/jvs.log" && break; sleep 0.2; done
grep "jvs-lab: up" "$WORK/jvs.log" || { cat "$WORK/jvs.log"; exit 1; }
for n in 1 2 3; do
  for _ in $(seq 50); do in_ns "b$n" curl -s -o /dev/null "http://10.0.2.1$n:8080/" && break; sleep 0.1; done
done

status=0
check() {
  local name="$1" url="$2" seen="" body ok=0
  for _ in 1 2 3 4 5 6; do
    if body=$(in_ns cl curl -s --max-time 3 "$url"); then
      ok=$((ok + 1)); seen="$seen ${body##* }"
    fi
  done
  printf '%-8s %-24s %d/6 answered, backends:%s\n' "$name" "$url" "$ok" "$seen"
  [ "$ok" -eq 6 ] || status=1
  if command -v wrk >/dev/null; then
    in_ns cl wrk -t1 -c8 -d"${SECONDS_WRK}s" "$url" | sed -n 's/^\(Requests\/sec\|  Latency\|.*requests in\)/  &/p'
  fi
}
check NAT http://10.0.3.1/
check FULLNAT http://10.0.3.2/
check DR http://10.0.3.3:8080/
if [ "$TUNNEL" = yes ]; then
  check TUNNEL http://10.0.3.4:8080/
else
  echo "TUNNEL   skipped: this kernel cannot make ipip devices, so the backends cannot decapsulate"
fi
exec {JVS_IN}>&-
JVS_IN=
sleep 1
tail -n 2 "$WORK/jvs.log"
exit $status
