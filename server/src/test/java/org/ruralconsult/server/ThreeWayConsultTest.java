package org.ruralconsult.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ruralconsult.signaling.config.OptionsReader;
import org.ruralconsult.signaling.config.SignalingOptions;
import org.ruralconsult.tv.RemoteKey;
import org.ruralconsult.tv.TvOptions;
import org.ruralconsult.tv.TvScreen;
import org.ruralconsult.tv.TvSession;
import org.ruralconsult.tv.media.TvCallMedia;

/**
 * The whole product once, end to end, with every real part: the running system (signaling, in-process
 * SFU, FHIR adapter, embedded HAPI FHIR JPA server), two headless Chromium pages (a township doctor and a
 * county expert, fake camera and microphone) and a libwebrtc peer as the elder's TV. The TV pairs, the
 * doctor calls it, the TV answers with OK, the doctor invites the expert, each of the three decodes video
 * from both others and receives audio, vitals and a note are recorded, the consult ends, and the FHIR
 * server holds the Encounter with three participants, the Observation and the Provenance.
 *
 * <p>Slow (the FHIR server alone takes about a minute to start), so it runs once per suite.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThreeWayConsultTest {
    static final String PASSWORD = "consult2026";
    static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(60);

    Path dataDir;
    SystemNode node;
    String base;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void startSystem() throws Exception {
        dataDir = Files.createTempDirectory("rc-e2e");
        SignalingOptions options = OptionsReader.read(
                new String[] {
                    "--host", "127.0.0.1", "--port", "0", "--media-port", "0", "--data-dir", dataDir.toString()
                },
                Map.of());
        ServerOptions serverOptions =
                ServerOptions.parse(new String[] {"--fhir-port", Integer.toString(freePort())}, Map.of());
        node = SystemNode.start(options, serverOptions);
        base = "http://127.0.0.1:" + node.signaling().port();
    }

    @AfterAll
    void stopSystem() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void aTvDoctorAndExpertHoldAConsultThatEndsUpInTheHealthRecord() throws Exception {
        List<TvScreen> screens = new CopyOnWriteArrayList<>();
        try (TvSession tv = new TvSession(
                        new TvOptions(URI.create(base), dataDir.resolve("tv-token"), true, true), screens::add);
                Browser doctor = new Browser(base);
                Browser expert = new Browser(base)) {
            // The TV pairs once: it shows a code, the admin binds it to the patient.
            tv.start().join();
            String code = waitFor(screens, TvScreen.Pairing.class).code();
            String adminToken = login("admin");
            HttpResponse<String> bound =
                    post("/api/pairings", adminToken, "{\"code\":\"" + code + "\",\"patientId\":\"pat-wang\"}");
            assertEquals(200, bound.statusCode(), bound.body());
            waitFor(screens, TvScreen.Home.class);

            doctor.signIn("liming", PASSWORD);
            expert.signIn("wangjianguo", PASSWORD);

            // The doctor calls the TV; the elder answers with one OK.
            doctor.waitUntil(Duration.ofSeconds(10), () -> !doctor.js(
                            "return document.querySelectorAll('button[data-patient-id=\"pat-wang\"]:not([disabled])').length")
                    .equals(0L));
            doctor.click("button[data-patient-id=\"pat-wang\"]:not([disabled])");
            waitFor(screens, TvScreen.Ringing.class);
            tv.press(RemoteKey.OK);
            doctor.waitUntil(Duration.ofSeconds(15), () -> doctor.visible("call"));

            // The doctor asks the county expert to join; the expert accepts the ring.
            doctor.fill("inviteForm", Map.of("expertId", "exp-wang", "reason", "胸痛 chest pain, ECG unclear"));
            expert.waitUntil(Duration.ofSeconds(15), () -> expert.visible("ringing"));
            expert.click("#acceptBtn");

            // Everyone sees and hears both others.
            awaitMedia(doctor, "doctor");
            awaitMedia(expert, "expert");
            awaitTvMedia(tv);

            doctor.fill("vitalsForm", Map.of("systolicMmHg", "152", "diastolicMmHg", "94", "heartRatePerMin", "88"));
            doctor.fill("noteForm", Map.of("reason", "chest pain", "note", "ECG reviewed with the county expert."));
            Thread.sleep(500);
            doctor.click("#endBtn");
            waitFor(screens, TvScreen.Rating.class);
        }
        assertTheHealthRecordHoldsTheConsult();
    }

    private void awaitMedia(Browser browser, String who) {
        browser.waitUntil(MEDIA_TIMEOUT, () -> {
            List<Map<String, Object>> stats = browser.inboundStats();
            long videoTracks = stats.stream()
                    .filter(s -> "video".equals(s.get("kind")) && number(s.get("framesDecoded")) > 30)
                    .count();
            long audioTracks = stats.stream()
                    .filter(s -> "audio".equals(s.get("kind")) && number(s.get("bytesReceived")) > 1000)
                    .count();
            return videoTracks >= 2 && audioTracks >= 2;
        });
    }

    private void awaitTvMedia(TvSession tv) throws Exception {
        long deadline = System.currentTimeMillis() + MEDIA_TIMEOUT.toMillis();
        while (true) {
            TvCallMedia media = tv.media().join().orElse(null);
            if (media != null) {
                long videoFrom = media.received().stream()
                        .filter(r -> r.videoFrames() > 30)
                        .count();
                long audioFrom = media.inboundStats().join().stream()
                        .filter(s -> "audio".equals(s.get("kind")) && number(s.get("bytesReceived")) > 1000)
                        .count();
                if (videoFrom >= 2 && audioFrom >= 2) {
                    return;
                }
            }
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("the TV did not receive video and audio from both others");
            }
            Thread.sleep(250);
        }
    }

    private void assertTheHealthRecordHoldsTheConsult() throws Exception {
        node.fhir().embeddedServer().orElseThrow().awaitReady(Duration.ofMinutes(3));
        IGenericClient fhir =
                FhirContext.forR4Cached().newRestfulGenericClient(node.fhir().fhirBaseUrl());
        Encounter[] found = new Encounter[1];
        poll(Duration.ofMinutes(2), () -> {
            Bundle b = fhir.search()
                    .forResource(Encounter.class)
                    .where(Encounter.SUBJECT.hasId("Patient/" + patientResourceId(fhir)))
                    .returnBundle(Bundle.class)
                    .execute();
            if (b.getEntry().isEmpty()) return false;
            found[0] = (Encounter) b.getEntryFirstRep().getResource();
            return found[0].getStatus() == Encounter.EncounterStatus.FINISHED;
        });
        Encounter encounter = found[0];
        assertEquals("VR", encounter.getClass_().getCode());
        // The patient is the Encounter's subject; participants are the practitioners (R4 Encounter.participant).
        assertEquals(2, encounter.getParticipant().size(), "the township doctor and the county expert");
        java.util.Set<String> types = new java.util.HashSet<>();
        encounter.getParticipant().forEach(p -> p.getType()
                .forEach(t -> t.getCoding().forEach(c -> types.add(c.getCode()))));
        assertTrue(types.containsAll(java.util.Set.of("PPRF", "CON")), "primary performer and consultant: " + types);
        assertTrue(encounter.getSubject().getReference().contains("Patient/"), "about the patient");
        Bundle observations = fhir.search()
                .byUrl("Observation?encounter=Encounter/"
                        + encounter.getIdElement().getIdPart())
                .returnBundle(Bundle.class)
                .execute();
        assertTrue(observations.getTotal() > 0 || !observations.getEntry().isEmpty(), "vitals are in the record");
        Bundle provenance = fhir.search()
                .byUrl("Provenance?_count=50")
                .returnBundle(Bundle.class)
                .execute();
        assertTrue(!provenance.getEntry().isEmpty(), "who recorded what is in the record");
    }

    private static String patientResourceId(IGenericClient fhir) {
        Bundle patients = fhir.search()
                .byUrl("Patient?identifier=pat-wang")
                .returnBundle(Bundle.class)
                .execute();
        if (patients.getEntry().isEmpty()) {
            return "pat-wang";
        }
        return patients.getEntryFirstRep().getResource().getIdElement().getIdPart();
    }

    private String login(String login) throws Exception {
        HttpResponse<String> r =
                post("/api/login", null, "{\"login\":\"" + login + "\",\"password\":\"" + PASSWORD + "\"}");
        assertEquals(200, r.statusCode(), r.body());
        return new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(r.body())
                .path("token")
                .asText();
    }

    private HttpResponse<String> post(String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SuppressWarnings("unchecked")
    private static <T extends TvScreen> T waitFor(List<TvScreen> screens, Class<T> type) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (System.currentTimeMillis() < deadline) {
            for (int i = screens.size() - 1; i >= 0; i--) {
                if (type.isInstance(screens.get(i))) {
                    return (T) screens.get(i);
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the TV never showed " + type.getSimpleName() + "; it showed " + screens);
    }

    private static void poll(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("not met within " + timeout);
            }
            Thread.sleep(500);
        }
    }

    private static long number(Object o) {
        return o instanceof Number n ? n.longValue() : 0;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
