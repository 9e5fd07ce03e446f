package org.ruralconsult.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One getStats reading of a member's receiving PeerConnection: wall-clock time (ms) and, per inbound-rtp
 * stream, the cumulative counters the figures are made of. A counter the stack does not report is null.
 * Browsers (the test page) and the TV ({@link TvMember}) write the same JSON shape.
 */
record Sample(long t, List<Track> tracks) {
    /**
     * @param from the publisher (party id, from the msid of the subscribe offer)
     * @param kind audio or video
     * @param silentConcealed of the concealed samples, those the stack made of silence or comfort noise
     *     (libwebrtc: expansion while the last audio was not voice, e.g. after a lost DTX frame)
     */
    record Track(
            String from,
            String kind,
            long bytes,
            Long packetsLost,
            Long concealed,
            Long silentConcealed,
            Long totalSamples,
            Long interruptions,
            Double interruptionSeconds,
            Long frames,
            Long height,
            Double fps,
            Long freezes,
            Double freezeSeconds) {}

    static Sample of(JsonNode n) {
        List<Track> tracks = new ArrayList<>();
        for (JsonNode t : n.path("tracks")) {
            tracks.add(new Track(
                    t.path("from").asText(""),
                    t.path("kind").asText(""),
                    t.path("bytes").asLong(0),
                    longOrNull(t, "packetsLost"),
                    longOrNull(t, "concealed"),
                    longOrNull(t, "silentConcealed"),
                    longOrNull(t, "totalSamples"),
                    longOrNull(t, "interruptions"),
                    doubleOrNull(t, "interruptionSeconds"),
                    longOrNull(t, "frames"),
                    longOrNull(t, "height"),
                    doubleOrNull(t, "fps"),
                    longOrNull(t, "freezes"),
                    doubleOrNull(t, "freezeSeconds")));
        }
        return new Sample(n.path("t").asLong(), tracks);
    }

    Track track(String from, String kind) {
        for (Track t : tracks) {
            if (t.from().equals(from) && t.kind().equals(kind)) {
                return t;
            }
        }
        return null;
    }

    private static Long longOrNull(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isNumber() ? null : v.asLong();
    }

    private static Double doubleOrNull(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isNumber() ? null : v.asDouble();
    }
}
