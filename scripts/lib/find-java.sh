# Sourced by jvs scripts: sets JAVA_HOME to a JDK >= 25 or exits with a message saying what to install.
# Order: $JAVA_HOME, then the usual install places, then the java on PATH.

jvs_java_major() {
  # Prints the feature version of the java binary $1 (e.g. 25), or nothing.
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9][0-9]*\).*/\1/p' | head -n 1
}

jvs_find_java() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  local d
  for d in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* /usr/java/* \
           "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -x "$d/bin/java" ] && [ -x "$d/bin/javac" ] && candidates+=("$d")
  done
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  local best="" best_major=0 c major
  for c in "${candidates[@]}"; do
    [ -x "$c/bin/java" ] || continue
    major=$(jvs_java_major "$c/bin/java")
    [ -n "$major" ] || continue
    if [ "$major" -ge 25 ] && { [ -z "$best" ] || [ "$c" = "${JAVA_HOME:-}" ]; }; then
      best="$c"; best_major="$major"
      [ "$c" = "${JAVA_HOME:-}" ] && break
    fi
  done
  if [ -z "$best" ]; then
    echo "jvs needs a JDK 25 or newer and found none (looked at \$JAVA_HOME, /usr/lib/jvm, /opt/java, ~/.sdkman, PATH): install one, e.g. 'apt-get install temurin-25-jdk' from the Adoptium repository, and set JAVA_HOME to it." >&2
    exit 3
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}

jvs_find_java
