package org.ruralconsult.tv;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The others' video tracks in the relay's subscribe offer: participant id → the msid track id, the id
 * {@code media.prefer} names (docs/protocol.md). The msid stream id is the publisher's party id (RFC 8830
 * §2); a recycled, inactive m-section carries no track.
 */
public final class OfferedVideo {
    private OfferedVideo() {}

    public static Map<String, String> byParticipant(String sdp) {
        Map<String, String> out = new LinkedHashMap<>();
        boolean video = false;
        boolean inactive = false;
        String participant = null;
        String track = null;
        for (String line : (sdp + "\nm=end").split("\\r?\\n")) {
            if (line.startsWith("m=")) {
                if (video && !inactive && participant != null && track != null) {
                    out.put(participant, track);
                }
                video = line.startsWith("m=video");
                inactive = false;
                participant = null;
                track = null;
            } else if (line.startsWith("a=msid:")) {
                String[] ids = line.substring("a=msid:".length()).trim().split(" ");
                if (ids.length == 2 && !"-".equals(ids[0])) {
                    participant = ids[0];
                    track = ids[1];
                }
            } else if (line.equals("a=inactive")) {
                inactive = true;
            }
        }
        return out;
    }
}
