#!/usr/bin/env bash
# Runs the whole jvs test suite: unit tests, plugin-loading tests, integration tests.
# Installs what the tests need (Debian packages) and finds a JDK >= 25 by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/find-java.sh
. scripts/lib/install-packages.sh
jvs_need maven:mvn tshark:tshark
# DPDK 22.11 (libraries and virtual-device drivers) for jvs-dpdk's tests; they skip without it.
jvs_need dpdk libdpdk-dev || echo "jvs: DPDK 22.11 could not be installed; jvs-dpdk's tests will skip" >&2
# The DPDK network-namespace lab (DpdkNamespaceLabTest, run as root): iproute2, ethtool, curl, python3, wrk and ping.
jvs_need iproute2:ip ethtool:ethtool curl:curl python3:python3 wrk:wrk iputils-ping:ping \
  || echo "jvs: the namespace lab's tools could not be installed; DpdkNamespaceLabTest will skip" >&2
echo "jvs: building and testing with $JAVA_HOME"
exec mvn -B -ntp verify "$@"
