#!/usr/bin/env bash
# Runs COMMAND in a network namespace of its own (unshare -n), where nothing can leave the machine and
# the only address is loopback. WebRTC stacks that will not gather candidates on a loopback interface
# (Janus through libnice, libwebrtc) get 127.0.0.1 on a dummy "ifb" device as well, so the load generator,
# our SFU and Janus all meet on 127.0.0.1. Needs root (unshare, ip from iproute2).
#   usage: loadgen/bench/netns-run.sh COMMAND [ARG...]
set -euo pipefail
if [ $# -eq 0 ]; then
  echo "usage: $0 COMMAND [ARG...]" >&2
  exit 2
fi
exec unshare --net -- bash -euc '
  ip link set dev lo up
  ip link add name rcbench0 type ifb
  ip address add 127.0.0.1/32 dev rcbench0
  ip link set dev rcbench0 up
  exec "$@"
' netns-run.sh "$@"
