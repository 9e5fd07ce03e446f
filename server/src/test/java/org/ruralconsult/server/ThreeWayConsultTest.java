package org.ruralconsult.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import io.vertx.core.json.JsonObject;
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
import java.util.Optional;
import java.util.function.BooleanSupplier;
import javafx.scene.input.KeyCode;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.ruralconsult.fhir.mapping.ConsultRecordResources;
import org.ruralconsult.signaling.config.OptionsReader;
import org.ruralconsult.signaling.config.SignalingOptions;
import org.ruralconsult.tv.TvScreen;
import org.ruralconsult.tv.TvSession;
import org.ruralconsult.tv.fx.FxTv;
import org.ruralconsult.tv.media.TvCallMedia;

/**
 * The whole product once, end to end, with every real part: the running system (signaling, in-process
 * SFU, FHIR adapter, embedded HAPI FHIR JPA server), two headless Chromium pages (a township doctor and a
 * county expert, fake camera and microphone) and a libwebrtc peer as the elder's TV. The TV pairs, the
 * doctor calls it, the TV answers with OK, the doctor records vitals and invites a specialty from the
 * county's list, the expert on duty sees the invitation with the patient, the reason, the urgency and the
 * vitals read back from the FHIR server, and accepts; each of the three decodes video from both others and
 * receives audio; a text reaches the TV, a note is recorded, the consult ends with its summary, and the
 * patient's page shows the new consult and its vitals on the chart, read from the FHIR server, which holds
 * the Encounter with its participants, the Observations and the Provenance.
 *
 * <p>Slow (the FHIR server alone takes about a minute to start), so it runs once per suite.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ThreeWayConsultTest {
    static final String PASSWORD = "consult2026";
    static final Duration MEDIA_TIMEOUT = Duration.ofSeconds(60);
    static final Duration SCREEN_TIMEOUT = Duration.ofSeconds(20);
    /** The TV switches after 1.5 s of clear dominance; generous for a loaded 2-core CI machine. */
    static final Duration SPEAKER_TIMEOUT = Duration.ofSeconds(20);

    static final String LARGE = "video-large";
    static final String SMALL = "video-small";
    static final int STARS = 4;

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
        try (FxTv tv = FxTv.open(URI.create(base), dataDir.resolve("tv-token"));
                Browser doctor = new Browser(base);
                Browser expert = new Browser(base)) {
            // The TV pairs once: it shows a code, the admin binds it to the patient.
            String code = tv.waitFor(TvScreen.Pairing.class, SCREEN_TIMEOUT).code();
            String adminToken = login("admin");
            HttpResponse<String> bound =
                    post("/api/pairings", adminToken, "{\"code\":\"" + code + "\",\"patientId\":\"pat-wang\"}");
            assertEquals(200, bound.statusCode(), bound.body());
            tv.waitFor(TvScreen.Home.class, SCREEN_TIMEOUT);

            doctor.signIn("liming", PASSWORD);
            expert.signIn("wangjianguo", PASSWORD);
            // The expert goes on duty, so that an invitation to her specialty rings her.
            expert.click("#onDuty");
            String doctorToken = login("liming");
            poll(
                    SCREEN_TIMEOUT,
                    () -> get("/api/experts", doctorToken).contains("\"id\":\"exp-wang\"")
                            && expertOnDuty(get("/api/experts", doctorToken)));

            // The doctor calls the TV; the elder answers with one OK (a key event on the TV window).
            doctor.waitUntil(Duration.ofSeconds(10), () -> !doctor.js(
                            "return document.querySelectorAll('button[data-patient-id=\"pat-wang\"]:not([disabled])').length")
                    .equals(0L));
            doctor.click("button[data-patient-id=\"pat-wang\"]:not([disabled])");
            tv.waitFor(TvScreen.Ringing.class, SCREEN_TIMEOUT);
            tv.key(KeyCode.ENTER);
            doctor.waitUntil(Duration.ofSeconds(15), () -> doctor.visible("call"));

            String callId = (String) doctor.js("return window.consult.state.call.id");

            // Vitals first; they reach the FHIR server during the call, and the expert's invitation reads
            // them back from there through our API.
            doctor.fill(
                    "vitalsForm",
                    Map.of(
                            "systolicMmHg",
                            "152",
                            "diastolicMmHg",
                            "94",
                            "heartRatePerMin",
                            "88",
                            "glucoseMmolPerL",
                            "7.8"));
            node.fhir().embeddedServer().orElseThrow().awaitReady(Duration.ofMinutes(3));
            poll(Duration.ofMinutes(1), () -> get("/api/patients/pat-wang/record", doctorToken)
                    .contains("\"callId\":\"" + callId + "\""));

            // The doctor asks for a cardiologist (a specialty from the county's list, not a name); the expert
            // on duty sees who, why, how urgent and this call's vitals, and accepts.
            doctor.choose("inviteForm", "specialty", "cardiology");
            doctor.choose("inviteForm", "urgency", "urgent");
            doctor.fill("inviteForm", Map.of("reason", "胸痛 chest pain, ECG unclear"));
            expert.waitUntil(Duration.ofSeconds(15), () -> expert.visible("ringing"));
            String invitation = "#inviteState li[data-expert=exp-wang]";
            doctor.waitUntil(SCREEN_TIMEOUT, () -> "RINGING".equals(doctor.attribute(invitation, "data-state")));
            expert.waitUntil(SCREEN_TIMEOUT, () -> "this-call".equals(expert.attribute("#invVitals", "data-state")));
            assertEquals("王秀兰", expert.text("#invPatient"));
            assertTrue(expert.text("#invDoctor").contains("李明"), expert.text("#invDoctor"));
            assertTrue(expert.text("#invReason").contains("胸痛"), expert.text("#invReason"));
            assertEquals("urgent", expert.attribute("#invUrgency", "data-urgency"));
            String vitals = expert.text("#invVitals");
            assertTrue(
                    vitals.contains("152 mmHg") && vitals.contains("94 mmHg") && vitals.contains("7.8 mmol/L"), vitals);
            expert.click("#acceptBtn");
            doctor.waitUntil(SCREEN_TIMEOUT, () -> "JOINED".equals(doctor.attribute(invitation, "data-state")));

            // Everyone sees and hears both others (each browser decodes the TV's video and the other's).
            awaitMedia(doctor, "doctor");
            awaitMedia(expert, "expert");
            awaitTvMedia(tv.session());

            // On the TV's screen: both remote pictures drawn from decoded frames, not a uniform tile.
            String doctorId = partyId(doctor);
            String expertId = partyId(expert);
            poll(MEDIA_TIMEOUT, () -> {
                try {
                    return tv.screen() instanceof TvScreen.InCall c
                            && c.threeWay()
                            && tv.participantIn(LARGE).isPresent()
                            && tv.participantIn(SMALL).isPresent()
                            && tv.framesShownIn(LARGE) > 30
                            && tv.framesShownIn(SMALL) > 30;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            assertEquals(
                    java.util.Set.of(doctorId, expertId),
                    java.util.Set.of(
                            tv.participantIn(LARGE).orElseThrow(),
                            tv.participantIn(SMALL).orElseThrow()),
                    "the doctor and the expert on the TV");
            for (String slot : List.of(LARGE, SMALL)) {
                int colours = tv.coloursIn(slot);
                // A name tile with black bars has 2 colours; Chromium's fake camera (a green field, a
                // turning pie, a counter) shows 5 to 12 at 4 bits a channel.
                assertTrue(colours >= 4, "#" + slot + " shows a picture, not a uniform tile: " + colours + " colours");
            }

            // The large view follows the one remote that sends speech-level audio: first the one small now,
            // then the other again. The speaker sends a steady tone (Chromium's fake microphone only beeps
            // 20 ms in 500 ms, too little for the TV's 1.5 s of clear dominance); the other is muted.
            String first = tv.participantIn(SMALL).orElseThrow();
            String second = tv.participantIn(LARGE).orElseThrow();
            for (String speaker : List.of(first, second)) {
                Browser talking = speaker.equals(doctorId) ? doctor : expert;
                Browser quiet = talking == doctor ? expert : doctor;
                quiet.js(MUTE);
                talking.js(SPEAK);
                long since = System.nanoTime();
                poll(SPEAKER_TIMEOUT, () -> {
                    try {
                        return Optional.of(speaker).equals(tv.participantIn(LARGE));
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                System.out.printf(
                        "the TV showed %s large %d ms after only they spoke%n",
                        speaker, (System.nanoTime() - since) / 1_000_000);
                if (speaker.equals(first)) {
                    tv.screenshot(Path.of(System.getProperty("tv.screenshots", "target/screenshots"))
                            .resolve("tv-e2e-three-way.png"));
                }
            }

            // A short text for the elder, shown large on the TV; a note; the end and its summary.
            doctor.fill("messageForm", Map.of("text", "请明早空腹再量一次血糖"));
            TvScreen.Message shown = tv.waitFor(TvScreen.Message.class, SCREEN_TIMEOUT);
            assertEquals("请明早空腹再量一次血糖", shown.text());
            doctor.fill("noteForm", Map.of("reason", "chest pain", "note", "ECG reviewed with the county expert."));
            doctor.waitUntil(SCREEN_TIMEOUT, () -> doctor.text("#toasts").length() > 0);
            doctor.click("#endBtn");
            doctor.waitUntil(SCREEN_TIMEOUT, () -> doctor.visible("summary"));
            String summary = doctor.text("#summaryList");
            assertTrue(summary.contains("152/94") && summary.contains("王建国"), summary);

            // The stars, with the remote: 3 to start, Right makes 4, OK sends them.
            tv.waitFor(TvScreen.Rating.class, SCREEN_TIMEOUT);
            tv.key(KeyCode.RIGHT);
            poll(Duration.ofSeconds(5), () -> {
                try {
                    return tv.screen() instanceof TvScreen.Rating r && r.stars() == STARS;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            tv.key(KeyCode.ENTER);
            tv.waitFor(TvScreen.Home.class, SCREEN_TIMEOUT);

            // The patient's page, read from the FHIR server: the new consult, and its vitals on the chart.
            doctor.click("#summaryCloseBtn");
            poll(Duration.ofMinutes(2), () -> recordedConsult(get("/api/patients/pat-wang/record", doctorToken), callId)
                    .map(c -> c.getString("end") != null
                            && "ECG reviewed with the county expert.".equals(c.getString("note")))
                    .orElse(false));
            doctor.click("button[data-open-record=\"pat-wang\"]");
            doctor.waitUntil(SCREEN_TIMEOUT, () -> "shown".equals(doctor.attribute("#patientPage", "data-state")));
            assertTrue(
                    doctor.text("#patientConsults li.consult[data-call-id=\"" + callId + "\"]")
                            .contains("ECG reviewed"),
                    "the new consult with its note");
            assertTrue(Integer.parseInt(doctor.attribute("#patientChart", "data-points")) >= 3, "BP and glucose drawn");
            assertEquals(
                    152L,
                    doctor.js("return window.consult.patientChart.data[1].filter((v) => v != null).at(-1)"),
                    "the systolic point of this consult on the chart");
        }
        Encounter encounter = assertTheHealthRecordHoldsTheConsult();
        assertTheStarsAreInTheRecord(encounter);
    }

    /** The party id of the person signed in to this page (also the participant id of their media). */
    private static String partyId(Browser browser) {
        return (String) browser.js("return window.consult.state.me.id");
    }

    /** Silences this page's microphone (the track stays; the TV receives silence). */
    static final String MUTE = "window.consult.state.localStream.getAudioTracks().forEach(t => t.enabled = false);"
            + "const s = window.consult.session; if (window.__speaker && s && s.publishPc) {"
            + " s.publishPc.getSenders().filter(x => x.track && x.track.kind === 'audio')"
            + ".forEach(x => x.replaceTrack(window.consult.state.localStream.getAudioTracks()[0])); }";

    /**
     * Makes this page send a steady speech-level tone (a 220 Hz oscillator at a quarter of full scale, made
     * once) instead of its microphone.
     */
    static final String SPEAK = "const s = window.consult.session;"
            + "if (!window.__speaker) { const ctx = new AudioContext(); const osc = ctx.createOscillator();"
            + " const gain = ctx.createGain(); gain.gain.value = 0.25; osc.frequency.value = 220;"
            + " const out = ctx.createMediaStreamDestination(); osc.connect(gain).connect(out); osc.start();"
            + " ctx.resume(); window.__speaker = out.stream.getAudioTracks()[0]; }"
            + "s.publishPc.getSenders().filter(x => x.track && x.track.kind === 'audio')"
            + ".forEach(x => x.replaceTrack(window.__speaker));";

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

    private Encounter assertTheHealthRecordHoldsTheConsult() throws Exception {
        node.fhir().embeddedServer().orElseThrow().awaitReady(Duration.ofMinutes(3));
        IGenericClient fhir = fhirClient();
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
        return encounter;
    }

    /**
     * The elder's stars: a QuestionnaireResponse for the consult's Encounter, completed, against the
     * Questionnaire we publish, with the stars given, valid (base R4 and that Questionnaire).
     */
    private void assertTheStarsAreInTheRecord(Encounter encounter) throws Exception {
        IGenericClient fhir = fhirClient();
        String search = "QuestionnaireResponse?encounter=Encounter/"
                + encounter.getIdElement().getIdPart();
        QuestionnaireResponse[] found = new QuestionnaireResponse[1];
        poll(Duration.ofMinutes(1), () -> {
            Bundle b = fhir.search().byUrl(search).returnBundle(Bundle.class).execute();
            if (b.getEntry().isEmpty()) return false;
            found[0] = (QuestionnaireResponse) b.getEntryFirstRep().getResource();
            return true;
        });
        QuestionnaireResponse qr = found[0];
        assertEquals(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED, qr.getStatus());
        assertTrue(
                qr.getQuestionnaire().startsWith(ConsultRecordResources.RATING_URL),
                "against the published Questionnaire: " + qr.getQuestionnaire());
        assertEquals(1, qr.getItem().size());
        assertEquals(ConsultRecordResources.STARS_LINK_ID, qr.getItemFirstRep().getLinkId());
        assertEquals(
                STARS,
                qr.getItemFirstRep().getAnswerFirstRep().getValueIntegerType().getValue(),
                "the stars given on the TV");
        assertTrue(qr.getSubject().getReference().contains("Patient/"), "about the patient");

        Bundle questionnaires = fhir.search()
                .byUrl("Questionnaire?url=" + ConsultRecordResources.RATING_URL)
                .returnBundle(Bundle.class)
                .execute();
        assertEquals(1, questionnaires.getEntry().size(), "the Questionnaire is published");
        FhirContext r4 = FhirContext.forR4Cached();
        PrePopulatedValidationSupport published = new PrePopulatedValidationSupport(r4);
        published.addResource(questionnaires.getEntryFirstRep().getResource());
        FhirValidator validator = r4.newValidator()
                .registerValidatorModule(new FhirInstanceValidator(new ValidationSupportChain(
                        published,
                        new DefaultProfileValidationSupport(r4),
                        new SnapshotGeneratingValidationSupport(r4),
                        new InMemoryTerminologyServerValidationSupport(r4),
                        new CommonCodeSystemsTerminologyService(r4))));
        List<SingleValidationMessage> errors = validator.validateWithResult(qr).getMessages().stream()
                .filter(m -> m.getSeverity() == ResultSeverityEnum.ERROR || m.getSeverity() == ResultSeverityEnum.FATAL)
                .toList();
        assertEquals(
                List.of(),
                errors.stream().map(SingleValidationMessage::toString).toList(),
                "a valid record");
    }

    /**
     * A client of the embedded FHIR server. Its first request (the capability statement) can take longer than
     * HAPI's 10 s read timeout on a loaded 2-core machine right after the server's boot: 60 s here.
     */
    private IGenericClient fhirClient() {
        FhirContext r4 = FhirContext.forR4Cached();
        r4.getRestfulClientFactory().setSocketTimeout(60_000);
        return r4.newRestfulGenericClient(node.fhir().fhirBaseUrl());
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

    /** A GET's body (an error's JSON included); the caller looks for what it waits for. */
    private String get(String path, String token) {
        try {
            return http.send(
                            HttpRequest.newBuilder(URI.create(base + path))
                                    .header("authorization", "Bearer " + token)
                                    .build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The consult of this call in a record read through our API, if the FHIR server has it yet. */
    private static Optional<JsonObject> recordedConsult(String record, String callId) {
        var json = new JsonObject(record);
        if (json.getJsonArray("consults") == null) return Optional.empty(); // e.g. 503 records_unavailable
        return json.getJsonArray("consults").stream()
                .map(c -> (JsonObject) c)
                .filter(c -> callId.equals(c.getString("callId")))
                .findFirst();
    }

    private static boolean expertOnDuty(String experts) {
        for (var expert : new JsonObject(experts).getJsonArray("experts")) {
            var x = (JsonObject) expert;
            if ("exp-wang".equals(x.getString("id"))) return Boolean.TRUE.equals(x.getBoolean("onDuty"));
        }
        return false;
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
