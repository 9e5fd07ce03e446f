package org.ruralconsult.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ruralconsult.signaling.CallFlowTest.act;
import static org.ruralconsult.signaling.CallFlowTest.create;
import static org.ruralconsult.signaling.MediaAcrossNodesTest.answerOffer;
import static org.ruralconsult.signaling.MediaAcrossNodesTest.receives;
import static org.ruralconsult.signaling.testing.MediaPublish.publish;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ruralconsult.signaling.testing.TestNode;
import org.ruralconsult.signaling.testing.WsClient;
import org.ruralconsult.tv.media.TvCallMedia;
import org.ruralconsult.tv.media.TvMediaEngine;

/**
 * Issue 13: the media relay's figures at GET /metrics of a real server, after a real call between two
 * libwebrtc peers (the TV's media code) through the in-process SFU: packets in and out, forwarded RTP,
 * consent checks, the residence-time histogram filled, drops by reason; and the counters do not go
 * down when the call's router closes.
 */
class MediaMetricsTest {
    private static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(30);

    static TestNode node;
    static TvMediaEngine peers;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(MediaAcrossNodesTest::withMedia, null, null);
        peers = new TvMediaEngine(true);
    }

    @AfterAll
    static void stop() throws Exception {
        if (peers != null) peers.close();
        if (node != null) node.close();
    }

    @Test
    void aCallsMediaShowsAtMetricsPerWorkerAndStaysAfterTheCall() throws Exception {
        Map<String, Double> before = scrape();
        assertEquals(0.0, before.get("rc_media_rtp_forwarded_total{worker=\"0\"}"), "no call yet");
        assertEquals(0.0, before.get("rc_media_residence_seconds_count{worker=\"0\"}"));

        String tvToken = node.pairTv("pat-wang");
        Map<String, Double> during;
        String id;
        try (WsClient doctor = node.ws("liming");
                WsClient tv = node.wsWithToken(tvToken);
                TvCallMedia doctorMedia = peers.newCall();
                TvCallMedia tvMedia = peers.newCall()) {
            id = create(doctor, "patient_tv", "pat-wang").getString("id");
            act(tv, "call.accept", id);
            publish(doctor, doctorMedia, id);
            publish(tv, tvMedia, id);
            String doctorOffer = "";
            String tvOffer = "";
            long deadline = System.nanoTime() + MEDIA_TIMEOUT.toNanos();
            while (!(receives(doctorMedia, "tv-wang") && receives(tvMedia, "doc-li"))) {
                assertTrue(
                        System.nanoTime() < deadline,
                        "no media both ways within " + MEDIA_TIMEOUT + ": doctor got " + doctorMedia.received()
                                + ", TV got " + tvMedia.received());
                doctorOffer = answerOffer(doctor, doctorMedia, id, doctorOffer);
                tvOffer = answerOffer(tv, tvMedia, id, tvOffer);
            }
            during = scrape();
            act(doctor, "call.end", id);
        }

        String w = "{worker=\"0\"}";
        for (String name : new String[] {
            "rc_media_packets_in_total",
            "rc_media_bytes_in_total",
            "rc_media_packets_out_total",
            "rc_media_bytes_out_total",
            "rc_media_rtp_forwarded_total",
            "rc_media_consent_checks_total",
            "rc_media_residence_seconds_count",
            "rc_media_residence_seconds_sum"
        }) {
            assertTrue(during.getOrDefault(name + w, 0.0) > 0, name + " during the call: " + during.get(name + w));
        }
        assertEquals(1.0, during.get("rc_media_routers" + w), "one call on the worker");
        assertTrue(during.get("rc_media_transports" + w) >= 4, "publish and subscribe transport of each member");
        double count = during.get("rc_media_residence_seconds_count" + w);
        TreeMap<Double, Double> buckets = buckets(during);
        assertEquals(17, buckets.size(), "1, 2, 5 × 10^k µs up to 100 ms, and +Inf: " + buckets);
        assertEquals(count, buckets.lastEntry().getValue(), "the +Inf bucket holds every packet");
        double previous = 0;
        for (double cumulative : buckets.values()) {
            assertTrue(cumulative >= previous, "buckets are cumulative: " + buckets);
            previous = cumulative;
        }
        assertTrue(
                during.containsKey("rc_media_drops_total{reason=\"srtp_unprotect_failed\",worker=\"0\"}"),
                "every drop reason is exported, from zero: " + during.keySet());
        System.out.printf(
                "media at /metrics during the call: %.0f packets in, %.0f out, %.0f RTP forwarded,"
                        + " %.0f timed, mean residence %.1f µs, cumulative buckets (s) %s%n",
                during.get("rc_media_packets_in_total" + w),
                during.get("rc_media_packets_out_total" + w),
                during.get("rc_media_rtp_forwarded_total" + w),
                count,
                during.get("rc_media_residence_seconds_sum" + w) / count * 1e6,
                buckets);

        // the router closes after the call; what it counted stays in the worker's totals
        Map<String, Double> after = scrape();
        long deadline = System.nanoTime() + MEDIA_TIMEOUT.toNanos();
        while (after.get("rc_media_routers" + w) > 0) {
            assertTrue(System.nanoTime() < deadline, "the call's router did not close");
            Thread.sleep(100);
            after = scrape();
        }
        for (String name : new String[] {"rc_media_packets_in_total", "rc_media_rtp_forwarded_total"}) {
            assertTrue(after.get(name + w) >= during.get(name + w), name + " went down when the router closed");
        }
    }

    /** The residence histogram's cumulative buckets of worker 0, by upper bound in seconds. */
    private static TreeMap<Double, Double> buckets(Map<String, Double> values) {
        String prefix = "rc_media_residence_seconds_bucket{worker=\"0\",le=\"";
        TreeMap<Double, Double> buckets = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                String le = k.substring(prefix.length(), k.length() - 2);
                buckets.put(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), v);
            }
        });
        return buckets;
    }

    /** The /metrics text as name{labels} → value, labels as the server writes them. */
    private static Map<String, Double> scrape() throws Exception {
        var r = node.get("/metrics", null);
        assertEquals(200, r.statusCode());
        Map<String, Double> values = new HashMap<>();
        for (String line : r.bodyAsString().split("\n")) {
            if (line.startsWith("rc_media_")) {
                int space = line.lastIndexOf(' ');
                values.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
            }
        }
        assertTrue(values.containsKey("rc_media_packets_in_total{worker=\"0\"}"), "media figures at /metrics");
        return values;
    }
}
