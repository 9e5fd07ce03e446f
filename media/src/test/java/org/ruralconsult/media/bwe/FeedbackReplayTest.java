package org.ruralconsult.media.bwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.ruralconsult.media.rtcp.TransportCcFeedback;

/**
 * The estimator replayed on transport-cc feedback that real webrtc-java subscribers sent through the relay
 * (recorded by TwoPeerCallTest with -Dbwe.record=...; see media/README.md): every message decodes, the
 * estimate appears with the first feedback and stays plausible for an idle loopback link, at least the rate
 * that actually arrived. Without probes in the recording the replay must give the live estimates, up to the
 * rounding of times to microseconds in the recording (the estimator depends only on what it is given); probe clusters themselves are not recorded (their padding is
 * reported like any packet but not measured as a probe), so with probes the replay may stay below.
 */
class FeedbackReplayTest {
    private record Sent(int seq, long sendMicros, int size, int cluster) {}

    private record Message(String participant, long nowMicros, long liveEstimate, byte[] rtcp, List<Sent> sent) {}

    private static List<Message> load(String resource) throws Exception {
        List<Message> messages = new ArrayList<>();
        try (InputStream in = FeedbackReplayTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            String line;
            while ((line = r.readLine()) != null) {
                String[] f = line.split(" ");
                if (f[0].equals("F")) {
                    messages.add(new Message(
                            f[1],
                            Long.parseLong(f[2]),
                            Long.parseLong(f[3]),
                            HexFormat.of().parseHex(f[4]),
                            new ArrayList<>()));
                } else if (f[0].equals("S")) {
                    messages.get(messages.size() - 1)
                            .sent()
                            .add(new Sent(
                                    Integer.parseInt(f[1]),
                                    Long.parseLong(f[2]),
                                    Integer.parseInt(f[3]),
                                    Integer.parseInt(f[4])));
                }
            }
        }
        return messages;
    }

    @Test
    void realFeedbackFromALoopbackCallGivesAPlausibleEstimate() throws Exception {
        List<Message> messages = load("/bwe/two-peer-loopback.txt");
        assertTrue(messages.size() > 20, "a recording of several seconds: " + messages.size() + " messages");
        Map<String, SendSideEstimator> estimators = new HashMap<>();
        Map<String, SentPacketHistory> histories = new HashMap<>();
        Map<String, long[]> arrived = new HashMap<>(); // bytes reported received, first and last time
        TransportCcFeedback fb = new TransportCcFeedback();
        for (Message m : messages) {
            SendSideEstimator e = estimators.computeIfAbsent(m.participant(), k -> new SendSideEstimator());
            SentPacketHistory h = histories.computeIfAbsent(m.participant(), k -> new SentPacketHistory());
            Map<Integer, Sent> bySeq = new HashMap<>();
            for (Sent s : m.sent()) {
                bySeq.put(s.seq(), s);
                int ahead = (s.seq() - h.nextSequence()) & 0xffff;
                if (ahead >= 0x8000) {
                    continue; // replayed already
                }
                for (int gap = 0; gap < ahead; gap++) {
                    h.onSent(0, s.sendMicros() * 1000); // not reported in the recording: unknown to the estimator
                }
                h.probeCluster(s.cluster());
                h.onSent(s.size(), s.sendMicros() * 1000);
                h.probeCluster(-1);
            }
            fb.parse(m.rtcp(), 0, m.rtcp().length);
            long[] a = arrived.computeIfAbsent(m.participant(), k -> new long[] {0, Long.MAX_VALUE, Long.MIN_VALUE});
            for (int i = 0; i < fb.count(); i++) {
                Sent s = bySeq.get(fb.sequence(i));
                if (fb.received(i) && s != null) {
                    a[0] += s.size();
                    a[1] = Math.min(a[1], fb.arrivalMicros(i));
                    a[2] = Math.max(a[2], fb.arrivalMicros(i));
                }
            }
            e.onFeedback(fb, h, m.nowMicros() * 1000);
            if (!m.sent().isEmpty()) {
                assertTrue(e.estimate() > 0, "an estimate from the first feedback on");
            }
        }
        long probes = messages.stream()
                .flatMap(m -> m.sent().stream())
                .filter(x -> x.cluster() >= 0)
                .count();
        for (var entry : estimators.entrySet()) {
            long[] a = arrived.get(entry.getKey());
            long arrivedBps = a[0] * 8 * 1_000_000 / Math.max(1, a[2] - a[1]);
            long estimate = entry.getValue().estimate();
            long live = 0;
            for (Message m : messages) {
                if (m.participant().equals(entry.getKey())) {
                    live = m.liveEstimate();
                }
            }
            System.out.printf(
                    "%s: replayed estimate %d bit/s, live %d bit/s, arrived %d bit/s over %d ms%n",
                    entry.getKey(), estimate, live, arrivedBps, (a[2] - a[1]) / 1000);
            assertTrue(
                    estimate >= 0.85 * arrivedBps,
                    entry.getKey() + ": loopback carried " + arrivedBps + ", estimate " + estimate);
            assertTrue(estimate <= SendSideEstimator.DEFAULT_MAX_BPS);
            if (probes == 0) {
                // the same up to rounding: the recording has send and relay times in µs, the live run had ns
                assertTrue(
                        Math.abs(live - estimate) <= live / 1000,
                        "no probes in the recording: the replay is the live run: " + estimate + " vs " + live);
            } else {
                assertTrue(estimate <= live + 1, "without the probe clusters the replay does not exceed the live run");
            }
        }
        assertEquals(2, estimators.size(), "both subscribers' feedback");
    }
}
