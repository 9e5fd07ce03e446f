package org.ruralconsult.media.sdp;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The Opus format parameters the relay answers and offers: in-band FEC and DTX on, 10 ms frames
 * allowed, and whatever else the client said about its stream (stereo, sprop-stereo, maxplaybackrate...).
 * On a thin link in-band FEC lets the receiver rebuild a lost frame from the next packet, and DTX sends
 * almost nothing while a member is silent.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7587#section-7">RFC 7587 §7 Opus media type parameters</a>
 */
public final class OpusParameters {
    /** The parameters the relay always sets (written first, in this order). */
    private static final Set<String> RELAY = Set.of("minptime", "useinbandfec", "usedtx");

    private OpusParameters() {}

    /** The client's fmtp (null when none) with minptime=10, useinbandfec=1 and usedtx=1 set. */
    public static String merge(String clientFmtp) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("minptime", "10");
        params.put("useinbandfec", "1");
        params.put("usedtx", "1");
        if (clientFmtp != null) {
            for (String p : clientFmtp.split(";")) {
                int eq = p.indexOf('=');
                String key = (eq < 0 ? p : p.substring(0, eq)).trim();
                if (!key.isEmpty() && !RELAY.contains(key)) {
                    params.put(key, eq < 0 ? "" : p.substring(eq + 1).trim());
                }
            }
        }
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (s.length() > 0) {
                s.append(';');
            }
            s.append(e.getKey());
            if (!e.getValue().isEmpty()) {
                s.append('=').append(e.getValue());
            }
        }
        return s.toString();
    }
}
