package org.ruralconsult.resilience;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * One system through a list of profiles, on one call: the network ({@link Topology}), the server, the TV
 * (shaped) and the two browsers (clean links); a clean stretch of {@code settleSeconds} before each
 * profile, so that what a profile did is over before the next begins; then every reading of every member.
 */
final class ConsultRun {
    static final String DOCTOR = "doctor";
    static final String EXPERT = "expert";
    static final String TV = "tv";
    /** The logins and party ids of loadgen's SeedCounty group 0: caller, callee (the TV), expert. */
    static final Map<String, String> LOGINS = Map.of(DOCTOR, "bench000a", TV, "bench000b", EXPERT, "bench000x");

    static final Map<String, String> PARTIES =
            Map.of(DOCTOR, "doc-bench-000a", TV, "doc-bench-000b", EXPERT, "exp-bench-000");

    /** A system under test. */
    enum Subject {
        SFU_ADAPTIVE("sfu-adaptive", "our SFU, --media-adaptive=true", true, false),
        SFU_PLAIN("sfu-plain", "our SFU, --media-adaptive=false", false, false),
        JANUS("janus", "Janus 1.1 VideoRoom (Debian's), ICE-full", false, true);

        final String id;
        final String label;
        final boolean adaptive;
        /** Janus's VideoRoom instead of our server; the clients speak its HTTP API. */
        final boolean janus;

        Subject(String id, String label, boolean adaptive, boolean janus) {
            this.id = id;
            this.label = label;
            this.adaptive = adaptive;
            this.janus = janus;
        }

        static Subject of(String id) {
            for (Subject s : values()) {
                if (s.id.equals(id)) {
                    return s;
                }
            }
            throw new IllegalArgumentException("unknown system " + id + " (sfu-adaptive, sfu-plain, janus)");
        }
    }

    /** When a profile ran: its first phase's start, its end, and the start of its recovery phase (or 0). */
    record Window(Profile profile, long startMs, long endMs, long recoveryMs, long settleStartMs) {}

    /** Everything one system's run measured. */
    record Result(
            Subject subject,
            List<Window> windows,
            Map<String, List<Sample>> samples,
            JsonNode doctorSent,
            List<String> notes) {}

    private ConsultRun() {}

    /** Starts a member's client, given the member's role. */
    private interface Starter<T> {
        T start(String role) throws Exception;
    }

    static Result run(Subject subject, List<Profile> profiles, int settleSeconds, Path work, Path linkem, Path seed)
            throws Exception {
        Files.createDirectories(work);
        try (Topology net = Topology.create()) {
            Topology.Member doctorNs = net.add(DOCTOR, false);
            Topology.Member expertNs = net.add(EXPERT, false);
            Topology.Member tvNs = net.add(TV, true);
            try (PageServer page = new PageServer(Topology.CONTROL_ADDRESS)) {
                if (subject.janus) {
                    try (JanusServer janus = JanusServer.start(net.sfuNamespace(), work);
                            LinkShaper shaper = LinkShaper.start(tvNs, linkem)) {
                        log(subject.id + ": janus ready, room " + JanusServer.ROOM);
                        String room = String.valueOf(JanusServer.ROOM);
                        return call(
                                subject,
                                profiles,
                                settleSeconds,
                                work,
                                shaper,
                                () -> TvProcess.start(
                                        tvNs, JanusTvMember.class, List.of(janus.url(), room, PARTIES.get(TV)), work),
                                role -> BrowserMember.start(
                                        role.equals(DOCTOR) ? doctorNs : expertNs,
                                        work,
                                        pageUrl(
                                                page,
                                                role,
                                                "&janus=" + enc(janus.url()) + "&room=" + room + "&display="
                                                        + PARTIES.get(role))));
                    }
                }
                try (OurServer server =
                                OurServer.start(net.sfuNamespace(), subject.adaptive, seed, work, page.origin());
                        LinkShaper shaper = LinkShaper.start(tvNs, linkem)) {
                    log(subject.id + ": server ready");
                    String tvToken = server.login(LOGINS.get(TV));
                    return call(
                            subject,
                            profiles,
                            settleSeconds,
                            work,
                            shaper,
                            () -> TvProcess.start(tvNs, TvMember.class, List.of(server.ws(), tvToken), work),
                            role -> BrowserMember.start(
                                    role.equals(DOCTOR) ? doctorNs : expertNs,
                                    work,
                                    pageUrl(
                                            page,
                                            role,
                                            "&ws=" + enc(server.ws()) + "&token="
                                                    + enc(server.login(LOGINS.get(role))))));
                }
            }
        }
    }

    /** The consult itself, whatever the server: the TV first, then the expert, then the doctor (who calls). */
    private static Result call(
            Subject subject,
            List<Profile> profiles,
            int settleSeconds,
            Path work,
            LinkShaper shaper,
            Callable<TvProcess> tvStarter,
            Starter<BrowserMember> browsers)
            throws Exception {
        List<String> notes = new ArrayList<>();
        try (TvProcess tv = tvStarter.call();
                BrowserMember expert = browsers.start(EXPERT);
                BrowserMember doctor = browsers.start(DOCTOR)) {
            awaitMedia(tv, doctor, expert);
            log(subject.id + ": media flows between all three");
            List<Window> windows = new ArrayList<>();
            for (Profile profile : profiles) {
                shaper.apply(Link.CLEAN);
                long settle = System.currentTimeMillis();
                Thread.sleep(settleSeconds * 1000L);
                shaper.stats();
                long start = System.currentTimeMillis();
                long recovery = 0;
                for (Profile.Phase phase : profile.phases()) {
                    shaper.apply(phase.link());
                    if (phase.name().equals(profile.recoveryPhase())) {
                        recovery = System.currentTimeMillis();
                    }
                    log(subject.id + ": " + profile.name() + " / " + phase.name() + ": "
                            + phase.link().describe() + " for " + phase.seconds() + " s");
                    Thread.sleep(phase.seconds() * 1000L);
                    doctor.collect();
                    expert.collect();
                }
                windows.add(new Window(profile, start, System.currentTimeMillis(), recovery, settle));
                // linkem's counters at the profile's start and end go into its log (the notes)
                shaper.stats();
                if (!tv.alive()) {
                    throw new IOException("the TV process ended, see " + work.resolve("tv.log"));
                }
            }
            shaper.apply(Link.CLEAN);
            doctor.collect();
            expert.collect();
            JsonNode sent = doctor.sent();
            notes.add("doctor's page: " + doctor.events().replace('\n', ';'));
            notes.add("expert's page: " + expert.events().replace('\n', ';'));
            notes.add("TV: " + String.join("; ", tv.events));
            Map<String, List<Sample>> samples = new LinkedHashMap<>();
            samples.put(TV, new ArrayList<>(tv.samples));
            samples.put(DOCTOR, new ArrayList<>(doctor.samples));
            samples.put(EXPERT, new ArrayList<>(expert.samples));
            notes.add("linkem: " + shaper.log().replace('\n', ' '));
            return new Result(subject, windows, samples, sent, notes);
        }
    }

    /**
     * Until the TV decodes video from the doctor and the expert, and each browser from the two others (the
     * call is placed by the doctor's page as soon as it loads).
     */
    private static void awaitMedia(TvProcess tv, BrowserMember doctor, BrowserMember expert) throws Exception {
        long deadline = System.nanoTime() + 90_000_000_000L;
        while (System.nanoTime() < deadline) {
            doctor.collect();
            expert.collect();
            boolean tvSees = decodes(tv.samples, PARTIES.get(DOCTOR)) && decodes(tv.samples, PARTIES.get(EXPERT));
            boolean doctorSees =
                    decodes(doctor.samples, PARTIES.get(TV)) && decodes(doctor.samples, PARTIES.get(EXPERT));
            boolean expertSees =
                    decodes(expert.samples, PARTIES.get(TV)) && decodes(expert.samples, PARTIES.get(DOCTOR));
            if (tvSees && doctorSees && expertSees) {
                return;
            }
            if (!tv.alive()) {
                throw new IOException("the TV process ended: " + tv.events);
            }
            Thread.sleep(1000);
        }
        throw new IOException("media did not flow within 90 s; TV: " + tv.events + "; doctor: " + doctor.events()
                + "; expert: " + expert.events());
    }

    private static boolean decodes(List<Sample> samples, String from) {
        synchronized (samples) {
            for (int i = samples.size() - 1; i >= 0; i--) {
                Sample.Track t = samples.get(i).track(from, "video");
                if (t != null) {
                    return t.frames() != null && t.frames() > 0;
                }
            }
        }
        return false;
    }

    /** The page for a role; {@code server} names the server and how to reach it (ours or Janus). */
    private static String pageUrl(PageServer page, String role, String server) {
        boolean doctor = role.equals(DOCTOR);
        return page.origin() + "/consult.html?role=" + role + server + "&callee=" + PARTIES.get(TV) + "&expert="
                + PARTIES.get(EXPERT)
                // the doctor: 720p in three layers; the expert as the web console sends its 640×480 camera
                + (doctor ? "&width=1280&height=720&fps=30&simulcast=3" : "&width=640&height=480&fps=15&simulcast=2");
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static void log(String text) {
        System.err.printf("[resilience %tT] %s%n", System.currentTimeMillis(), text);
    }
}
