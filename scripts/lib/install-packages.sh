# Sourced by jvs scripts: jvs_need PACKAGE:COMMAND ... installs the Debian packages whose command is missing.
# Needs root (or sudo) only when something is missing.

jvs_need() {
  local missing=() spec pkg cmd
  for spec in "$@"; do
    pkg="${spec%%:*}"; cmd="${spec#*:}"
    if [ "$cmd" = "$spec" ]; then
      dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    else
      command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg")
    fi
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
      echo "jvs: please install these Debian packages (as root): ${missing[*]}" >&2
      return 1
    fi
  fi
  echo "jvs: installing ${missing[*]} ..." >&2
  if [ ! -f /tmp/.jvs-apt-updated ]; then
    $sudo apt-get update -qq >/dev/null && touch /tmp/.jvs-apt-updated
  fi
  # wireshark-common asks whether non-root users may capture; answer no without a prompt.
  echo "wireshark-common wireshark-common/install-setuid boolean false" | $sudo debconf-set-selections 2>/dev/null || true
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}
