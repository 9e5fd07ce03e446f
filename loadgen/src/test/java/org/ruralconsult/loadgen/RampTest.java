package org.ruralconsult.loadgen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The ramp against real relays, one short step each (never a benchmark: no figure is asserted beyond
 * "the streams got through").
 */
class RampTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void threeParticipantsGetEachOthersStreamsThroughTheReflector() throws Exception {
        Main.Options o = Main.Options.parse(new String[] {
            "--systems",
            "reflector-w1",
            "--calls",
            "1",
            "--step-seconds",
            "2",
            "--warmup-seconds",
            "0.5",
            "--max-p99-ms",
            "100000",
            "--timeline-dir",
            "target/test-bench/timeline",
            "--relay-cpus",
            firstAllowedCpu()
        });
        o.work = Path.of("target", "test-bench");
        List<String> lines;
        try (SystemDriver d = Main.driver("reflector-w1", o)) {
            lines = Main.ramp(d, o);
        }
        assertEquals(1, lines.size(), lines.toString());
        JsonNode r = JSON.readTree(lines.get(0));
        assertEquals("reflector-w1", r.path("system").asText());
        assertTrue(r.path("sent_packets").asLong() > 3 * 2 * 200, lines.get(0));
        assertEquals(
                2 * r.path("sent_packets").asLong(), r.path("expected_packets").asLong());
        assertTrue(r.path("received_packets").asLong() > 0, lines.get(0));
        assertTrue(r.path("rtcp").path("rr_sent").asLong() > 0, lines.get(0));
        assertTrue(r.has("reflector_self"), "the reflector's own report is read: " + lines.get(0));
        assertEquals(
                firstAllowedCpu(),
                r.path("relay_cpus").asText(),
                "the reflectors were pinned (taskset failing fails the step): " + lines.get(0));
        // the timeline counts the same packets as the step, bucket by bucket
        List<String> csv = Files.readAllLines(Path.of(r.path("timeline").asText()));
        assertEquals("ms,received,over_2000us,max_latency_us,pacer_late_us", csv.get(0));
        long inTimeline = csv.stream()
                .skip(1)
                .mapToLong(l -> Long.parseLong(l.split(",")[1]))
                .sum();
        assertEquals(r.path("received_packets").asLong(), inTimeline);
        // one row per 10 ms of the 2 s window (and the one it ends in); the summary counts those with packets
        // (how many have some depends on how the streams' frame times fall, so only the count is checked)
        assertEquals(201, csv.size() - 1, "rows of the timeline");
        long withPackets = csv.stream()
                .skip(1)
                .filter(l -> Long.parseLong(l.split(",")[1]) > 0)
                .count();
        assertEquals(withPackets, r.path("timeline_summary").path("buckets").asLong(), lines.get(0));
    }

    /** The first CPU this JVM may run on (a CI container's cpuset need not hold CPU 0). */
    private static String firstAllowedCpu() throws Exception {
        return allowedCpus(ProcessHandle.current().pid()).split("[,-]")[0];
    }

    /** Cpus_allowed_list of /proc/PID/status, e.g. "0-1". */
    private static String allowedCpus(long pid) throws Exception {
        return Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                .filter(l -> l.startsWith("Cpus_allowed_list:"))
                .map(l -> l.substring("Cpus_allowed_list:".length()).trim())
                .findFirst()
                .orElseThrow();
    }

    /**
     * ICE + DTLS + SRTP against a real Janus VideoRoom: it needs the private network namespace of
     * netns-run.sh (Janus does not gather plain loopback), hence root; it says so when it cannot run.
     */
    @Test
    void oneCallThroughJanusVideoRoomWithIceDtlsAndSrtp() throws Exception {
        JsonNode r = oneJanusCall("single");
        assertEquals("single", r.path("media").asText(), r.toString());
        assertEquals(0, r.path("rtcp").path("transport_cc_sent").asLong(), "not asked for: " + r);
    }

    /**
     * Three simulcast layers per publisher through real Janus, which forwards one to each subscriber (its
     * default target: the highest; under load it may fall back to a lower one for a while) and stamps
     * transport-wide sequence numbers that the subscribers feed back.
     */
    @Test
    void simulcastThroughJanusReachesTheSubscribersAndIsFedBackWithTransportCc() throws Exception {
        JsonNode r = oneJanusCall("simulcast", "--simulcast", "true", "--transport-cc", "true", "--red", "true");
        assertEquals("simulcast+red+transport-cc", r.path("media").asText(), r.toString());
        JsonNode layers = r.path("video_received_by_layer");
        assertTrue(layers.path("f").asLong() > 0, "the highest layer reached the subscribers: " + r);
        assertTrue(r.path("rtcp").path("transport_cc_packets_noted").asLong() > 0, r.toString());
        assertTrue(r.path("rtcp").path("transport_cc_sent").asLong() > 0, r.toString());
    }

    private JsonNode oneJanusCall(String name, String... extra) throws Exception {
        assumeTrue(
                "root".equals(System.getProperty("user.name")), "NOT RUN: needs root for loadgen/bench/netns-run.sh");
        Path bench = Main.Options.findBenchDir();
        String cp = System.getProperty("java.class.path");
        Path out = Path.of("target", "test-janus-" + name + ".out");
        List<String> cmd = new ArrayList<>(List.of(
                bench.resolve("netns-run.sh").toString(),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                cp,
                Main.class.getName(),
                "--systems",
                "janus",
                "--calls",
                "1",
                "--step-seconds",
                "3",
                "--warmup-seconds",
                "1",
                "--max-p99-ms",
                "100000",
                "--work",
                "target/test-bench"));
        cmd.addAll(List.of(extra));
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(false)
                .redirectOutput(out.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroy(); // SIGTERM: the load generator's shutdown hook stops Janus
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
        String line = Files.readString(out, StandardCharsets.UTF_8).trim();
        JsonNode r = JSON.readTree(line.lines().reduce((a, b) -> b).orElse("{}"));
        assertEquals("janus", r.path("system").asText(), line);
        assertTrue(r.path("received_packets").asLong() > 0, line);
        assertEquals(0, r.path("undecryptable").asLong(), line);
        assertTrue(r.path("rtcp").path("received").asLong() > 0, "SRTCP from Janus: " + line);
        return r;
    }
}
