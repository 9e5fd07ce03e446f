#!/usr/bin/env bash
# Starts Janus 1.1 (Debian package "janus", installed by scripts/install-test-deps.sh) as the peer SFU of
# the benchmark: the VideoRoom plugin and the HTTP API on 127.0.0.1:8088/janus, nothing else (JanusDriver
# creates its own rooms). With --ice-lite Janus answers checks like our SFU does, so the load generator
# is the controlling ICE agent for both. Janus gathers no loopback candidates on a normal host network:
# run it inside loadgen/bench/netns-run.sh. Prints Janus's process id once it answers. JANUS_IP (default
# 127.0.0.1) moves the HTTP API and the only ICE interface to another address of the namespace it runs in
# (the resilience run: the server namespace's bridge, 10.77.0.1).
#   usage: [JANUS_IP=ADDRESS] loadgen/bench/start-janus.sh WORKDIR [--ice-lite]
set -euo pipefail
work=${1:?usage: start-janus.sh WORKDIR [--ice-lite]}
ice_lite=false
if [ "${2:-}" = "--ice-lite" ]; then ice_lite=true; fi
ip=${JANUS_IP:-127.0.0.1}
if ! command -v janus >/dev/null; then
  echo "janus is not installed (Debian package janus; scripts/install-test-deps.sh installs it)" >&2
  exit 1
fi
# The plugin and transport folders of the installed package, e.g. /usr/lib/x86_64-linux-gnu/janus.
modules=$(dirname "$(dpkg -L janus | grep -m1 '/janus/plugins/')")
modules=$(dirname "$modules")
mkdir -p "$work/etc" "$work/log"

cat > "$work/etc/janus.jcfg" <<CONFIG
general: {
  configs_folder = "$work/etc"
  plugins_folder = "$modules/plugins"
  transports_folder = "$modules/transports"
  events_folder = "$modules/events"
  loggers_folder = "$modules/loggers"
  interface = "$ip"
  debug_level = 3
  session_timeout = 60
}
media: { rtp_port_range = "20000-40000" }
nat: { ice_lite = $ice_lite, ice_enforce_list = "$ip", ignore_mdns = true }
plugins: { disable = "libjanus_audiobridge.so,libjanus_duktape.so,libjanus_echotest.so,libjanus_lua.so,libjanus_nosip.so,libjanus_recordplay.so,libjanus_sip.so,libjanus_streaming.so,libjanus_textroom.so,libjanus_videocall.so,libjanus_voicemail.so" }
transports: { disable = "libjanus_websockets.so,libjanus_mqtt.so,libjanus_nanomsg.so,libjanus_pfunix.so,libjanus_rabbitmq.so" }
loggers: { disable = "libjanus_jsonlog.so" }
events: { broadcast = false }
CONFIG
cat > "$work/etc/janus.transport.http.jcfg" <<CONFIG
general: { http = true, ip = "$ip", port = 8088, base_path = "/janus", https = false, json = "compact" }
admin: { admin_http = false, admin_https = false }
CONFIG
echo 'general: { }' > "$work/etc/janus.plugin.videoroom.jcfg"

janus --config "$work/etc/janus.jcfg" --configs-folder "$work/etc" --log-file "$work/log/janus.log" \
  >/dev/null 2>&1 &
pid=$!
for _ in $(seq 100); do
  if curl -sf -X POST "http://$ip:8088/janus" -d '{"janus":"ping","transaction":"ready"}' >/dev/null; then
    echo "$pid"
    exit 0
  fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.1
done
echo "janus did not answer on $ip:8088 (see $work/log/janus.log)" >&2
kill "$pid" 2>/dev/null || true
exit 1
