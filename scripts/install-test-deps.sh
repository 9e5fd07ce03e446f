#!/usr/bin/env bash
# Installs what the tests need that Maven cannot bring: Chromium and its driver (browser end-to-end
# tests), redis-server (the real Redis of the multi-node tests; the bundled embedded-redis binary is the
# fallback), Janus and a C compiler (the load generator's tests run a call through Janus and through
# loadgen/bench/reflector.c; curl asks Janus whether it is up), and the shared libraries that webrtc-java's native library loads.
# The resilience module's IslandLinkTest (run as root) needs iproute2 (ip netns, veth, bridge, tc tbf) and gcc
# (it compiles its link emulator, linkem.c); no sch_netem is needed.
# The TV app's JavaFX tests draw on Xvfb with the Chinese font Noto Sans CJK SC (GTK 3 and GL for JavaFX).
# Debian packages only.
set -euo pipefail
packages=(chromium chromium-driver redis-server iproute2 janus gcc curl
          libpulse0 libudev1 libx11-6 libxfixes3 libxrandr2 libxcomposite1 libdbus-1-3
          xvfb xauth fonts-noto-cjk libgtk-3-0 libgl1)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# A redis-server that a package install may have started would hold port 6379; tests use their own.
command -v chromium >/dev/null && chromium --version || true
