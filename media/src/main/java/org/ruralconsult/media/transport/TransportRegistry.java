package org.ruralconsult.media.transport;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A worker's transports, found by local ICE ufrag (STUN: the USERNAME's first half) and by the
 * remote address ICE selected (DTLS, SRTP). Worker thread only.
 */
final class TransportRegistry {
    private final Map<String, WebRtcTransport> byUfrag = new HashMap<>();
    private final Map<InetSocketAddress, WebRtcTransport> byAddress = new HashMap<>();
    private final List<WebRtcTransport> transports = new ArrayList<>();

    void add(WebRtcTransport t) {
        transports.add(t);
        byUfrag.put(t.ufrag(), t);
    }

    void registerUfrag(String ufrag, WebRtcTransport t) {
        byUfrag.put(ufrag, t);
    }

    void unregisterUfrag(String ufrag) {
        byUfrag.remove(ufrag);
    }

    /** The transport's selected address moved (or was first selected, {@code from == null}). */
    void moveAddress(InetSocketAddress from, InetSocketAddress to, WebRtcTransport t) {
        if (from != null && byAddress.get(from) == t) {
            byAddress.remove(from);
        }
        if (to != null) {
            byAddress.put(to, t);
        }
    }

    void remove(WebRtcTransport t) {
        transports.remove(t);
        byUfrag.values().remove(t);
        byAddress.values().remove(t);
    }

    WebRtcTransport byUfrag(String ufrag) {
        return byUfrag.get(ufrag);
    }

    WebRtcTransport byAddress(InetSocketAddress address) {
        return byAddress.get(address);
    }

    /** The live list (iterate a copy when closing transports while iterating). */
    List<WebRtcTransport> all() {
        return transports;
    }

    int size() {
        return transports.size();
    }
}
