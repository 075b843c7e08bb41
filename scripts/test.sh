#!/usr/bin/env bash
# Runs the whole jvs test suite: unit tests, plugin-loading tests, integration tests.
# Installs what the tests need (Debian packages) and finds a JDK >= 25 by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib/find-java.sh
. scripts/lib/install-packages.sh
jvs_need maven:mvn tshark:tshark
echo "jvs: building and testing with $JAVA_HOME"
exec mvn -B -ntp verify "$@"
