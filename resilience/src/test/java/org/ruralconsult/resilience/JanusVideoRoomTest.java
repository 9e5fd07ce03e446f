package org.ruralconsult.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The third system's clients against the real Janus 1.1 (Debian's, started by loadgen/bench/start-janus.sh
 * in the server's namespace): two headless Chromium pages and the TV's libwebrtc media code join one
 * VideoRoom, each publishes and subscribes to the two others, on a clean link for 15 s. Checks that media
 * flows every way, that Janus took the doctor's simulcast, that ICE ran over the bridge's address, and that
 * Janus forwards the doctor's highest layer to the TV (its default substream, so the rids' order reached
 * it). Needs root, cc, chromium, chromedriver and janus (scripts/install-test-deps.sh); ≈ 1 min. Never with
 * another resilience run at the same time (the namespace names are fixed).
 */
class JanusVideoRoomTest {
    static final int SECONDS = 15;
    private static final Pattern PATH = Pattern.compile("(publish|subscribe) path (\\S+) -> (\\S+):(\\d+)");

    @AfterAll
    static void removeNamespaces() throws Exception {
        if (root()) {
            Topology.sweep();
        }
    }

    @Test
    void everyMemberPublishesAndReceivesTheOthersThroughTheVideoRoom() throws Exception {
        assumeTrue(root(), "needs root for network namespaces and tc (CI runs the suite as root)");
        Path work = Files.createDirectories(Path.of("target", "janus-test"));
        Path linkem = LinkShaper.compile(work.resolve("bin"));
        Profile clean = new Profile("clean", "clean", List.of(new Profile.Phase("clean", SECONDS, Link.CLEAN)), null);

        ConsultRun.Result r = ConsultRun.run(ConsultRun.Subject.JANUS, List.of(clean), 3, work, linkem, null);

        ConsultRun.Window w = r.windows().get(0);
        for (String member : List.of(ConsultRun.TV, ConsultRun.DOCTOR, ConsultRun.EXPERT)) {
            for (String from : List.of(ConsultRun.TV, ConsultRun.DOCTOR, ConsultRun.EXPERT)) {
                if (from.equals(member)) {
                    continue;
                }
                String party = ConsultRun.PARTIES.get(from);
                Figures audio = Figures.of(r.samples().get(member), party, "audio", w.startMs(), w.endMs());
                Figures video = Figures.of(r.samples().get(member), party, "video", w.startMs(), w.endMs());
                assertNotNull(audio, member + " has audio readings from " + from);
                assertTrue(audio.bytes() > 0, from + "'s audio reached " + member + ": " + audio);
                assertNotNull(video, member + " has video readings from " + from);
                assertTrue(
                        video.frames() != null && video.frames() > 0,
                        from + "'s video decoded at " + member + ": " + video);
            }
        }

        String notes = String.join("\n", r.notes());
        assertTrue(notes.contains("media.answer with simulcast"), "Janus answered the doctor's rids: " + notes);
        Matcher m = PATH.matcher(notes);
        int paths = 0;
        while (m.find()) {
            paths++;
            assertEquals(Topology.SFU_ADDRESS, m.group(3), "ICE ran to the bridge's address: " + m.group());
        }
        assertTrue(paths >= 4, "both pages' publish and subscribe connections logged their path: " + notes);

        List<Sample> doctor = r.samples().get(ConsultRun.DOCTOR);
        long top = 0;
        int layers = 0;
        for (String rid : List.of("q", "h", "f")) {
            Figures layer = Figures.of(doctor, rid, "sent", w.startMs(), w.endMs());
            if (layer != null && layer.frames() != null && layer.frames() > 0) {
                layers++;
                top = Math.max(top, layer.maxHeight() == null ? 0 : layer.maxHeight());
            }
        }
        Figures atTv = Figures.of(
                r.samples().get(ConsultRun.TV),
                ConsultRun.PARTIES.get(ConsultRun.DOCTOR),
                "video",
                w.startMs(),
                w.endMs());
        System.out.println("doctor sent " + layers + " layer(s) " + Report.sentLayers(doctor, w)
                + "; the TV received heights " + atTv.minHeight() + "–" + atTv.maxHeight());
        assertTrue(layers > 1, "the doctor sent simulcast: " + Report.sentLayers(doctor, w));
        assertEquals(top, atTv.maxHeight(), "Janus forwards the highest layer the doctor sends: " + atTv);
    }

    private static boolean root() {
        return "root".equals(System.getProperty("user.name"));
    }
}
