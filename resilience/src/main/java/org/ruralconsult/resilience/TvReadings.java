package org.ruralconsult.resilience;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.ruralconsult.tv.media.TvCallMedia;

/**
 * What a TV member process prints for {@link TvProcess}: one JSON line (a {@link Sample}) of inbound-rtp
 * counters per reading, each track named by its publisher (looked up by mid), and {@code #} event lines.
 */
final class TvReadings {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);

    private TvReadings() {}

    /** One reading of {@code media}; {@code publisherByMid} is read under its own lock. */
    static void print(TvCallMedia media, Map<String, String> publisherByMid) {
        if (media == null) {
            return;
        }
        try {
            List<Map<String, Object>> inbound = media.inboundStats().get(2, TimeUnit.SECONDS);
            ObjectNode line = JSON.createObjectNode().put("t", System.currentTimeMillis());
            ArrayNode tracks = line.putArray("tracks");
            for (Map<String, Object> s : inbound) {
                ObjectNode t = tracks.addObject();
                String mid = String.valueOf(s.get("mid"));
                synchronized (publisherByMid) {
                    t.put("from", publisherByMid.getOrDefault(mid, "mid:" + mid));
                }
                t.put("kind", String.valueOf(s.get("kind")));
                put(t, "bytes", s.get("bytesReceived"));
                put(t, "packetsLost", s.get("packetsLost"));
                put(t, "concealed", s.get("concealedSamples"));
                put(t, "silentConcealed", s.get("silentConcealedSamples"));
                put(t, "totalSamples", s.get("totalSamplesReceived"));
                put(t, "interruptions", s.get("interruptionCount"));
                put(t, "interruptionSeconds", s.get("totalInterruptionDuration"));
                put(t, "frames", s.get("framesDecoded"));
                put(t, "height", s.get("frameHeight"));
                put(t, "fps", s.get("framesPerSecond"));
                put(t, "freezes", s.get("freezeCount"));
                put(t, "freezeSeconds", s.get("totalFreezesDuration"));
            }
            OUT.println(line);
        } catch (Exception e) {
            event("stats failed " + e);
        }
    }

    static void event(String text) {
        OUT.println("# " + text);
    }

    private static void put(ObjectNode t, String field, Object v) {
        if (v instanceof Double || v instanceof Float) {
            t.put(field, ((Number) v).doubleValue());
        } else if (v instanceof Number n) {
            t.put(field, n.longValue());
        }
    }
}
