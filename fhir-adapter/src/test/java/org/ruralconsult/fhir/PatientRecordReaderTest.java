package org.ruralconsult.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ruralconsult.domain.event.DomainEvent;
import org.ruralconsult.fhir.EmbeddedJpaServerExtension.JpaServer;
import org.ruralconsult.fhir.PatientRecordReader.Consult;
import org.ruralconsult.fhir.PatientRecordReader.History;
import org.ruralconsult.fhir.PatientRecordReader.Participant;
import org.ruralconsult.fhir.PatientRecordReader.Vital;

/**
 * Consults written through the real delivery path (durable outbox, bundles, the real JPA server) and read
 * back by {@link PatientRecordReader}: the patient page's history, the township list's last consults in
 * one search, and an expert's recent consults.
 */
@ExtendWith(EmbeddedJpaServerExtension.class)
class PatientRecordReaderTest {

    @Test
    void readsBackWhatDeliveryWrote(JpaServer server) throws Exception {
        TestCounty county = TestCounty.withSuffix("reader");
        // a day after the other tests' consults on the shared server, so that these are the newest
        ConsultScript script = new ConsultScript(county, ConsultScript.START.plus(Duration.ofDays(1)));
        List<DomainEvent> events = new ArrayList<>();
        events.addAll(script.threeWayConsult("call-reader-3way"));
        events.addAll(script.missedCall("call-reader-missed"));
        events.addAll(script.careHomeConsult("call-reader-home"));
        Path dir = Files.createTempDirectory(Path.of("target"), "reader-");
        try (FhirAdapter adapter = new FhirAdapter(
                        county.directory(),
                        new FhirAdapterOptions().setDataDirectory(dir).setFhirBaseUrl(server.baseUrl()),
                        new SimpleMeterRegistry())
                .start()) {
            events.forEach(adapter::accept);
            Eventually.await("delivered", Duration.ofSeconds(90), () -> adapter.backlog() == 0);
            assertTrue(adapter.parked().isEmpty(), () -> "parked: " + adapter.parked());

            PatientRecordReader reader = adapter.records();
            History villager = reader.history(county.villager());
            assertEquals(
                    List.of("call-reader-missed", "call-reader-3way"),
                    villager.consults().stream().map(Consult::callId).toList(),
                    "newest first, the missed call too");
            Consult missed = villager.consults().get(0);
            assertEquals("cancelled", missed.status());
            Consult consult = villager.consults().get(1);
            assertEquals("finished", consult.status());
            assertEquals(script.start().plusSeconds(10), consult.start(), "from the answer");
            assertEquals(script.start().plusSeconds(16 * 60 + 5), consult.end());
            assertEquals(
                    List.of(new Participant(TestCounty.DOCTOR, "PPRF"), new Participant(TestCounty.EXPERT, "CON")),
                    consult.participants());
            assertEquals(List.of("Hypertension follow-up with palpitations"), consult.reasons());
            assertEquals("Adjust amlodipine to 10 mg; ECG at the township centre this week.", consult.note());
            assertNull(missed.note());

            assertEquals(
                    List.of(
                            new Vital("call-reader-3way", script.start().plusSeconds(360), "systolic", 152, "mmHg"),
                            new Vital("call-reader-3way", script.start().plusSeconds(360), "diastolic", 94, "mmHg"),
                            new Vital(
                                    "call-reader-3way",
                                    script.start().plusSeconds(360),
                                    "heartRate",
                                    88,
                                    "beats/minute"),
                            new Vital("call-reader-3way", script.start().plusSeconds(360), "glucose", 7.8, "mmol/L")),
                    sortedByKind(villager.vitals()));

            Map<String, Consult> latest =
                    reader.latestConsults(List.of(county.villager(), county.resident(), "nobody"));
            assertEquals("call-reader-3way", latest.get(county.villager()).callId(), "finished consults only");
            assertEquals("call-reader-home", latest.get(county.resident()).callId());
            assertEquals(2, latest.size(), "a patient without consults is absent");

            // the JPA server is shared with the module's other tests, whose consults have the same people:
            // look at this test's calls, in the order the reader gave
            assertEquals(List.of("call-reader-3way"), thisTestsCalls(reader.consultsOf(TestCounty.EXPERT, 500)));
            assertEquals(
                    List.of("call-reader-home", "call-reader-3way"),
                    thisTestsCalls(reader.consultsOf(TestCounty.DOCTOR, 500)),
                    "newest first");
            assertEquals(List.of(), reader.history("nobody").consults());
        }
    }

    private static List<String> thisTestsCalls(List<Consult> consults) {
        return consults.stream()
                .map(Consult::callId)
                .filter(id -> id.startsWith("call-reader-"))
                .toList();
    }

    @Test
    void aServerThatDoesNotAnswerIsUnavailableNotEmpty() {
        FhirContext fhir = FhirContext.forR4();
        fhir.getRestfulClientFactory()
                .setServerValidationMode(ca.uhn.fhir.rest.client.api.ServerValidationModeEnum.NEVER);
        fhir.getRestfulClientFactory().setConnectTimeout(2000);
        String closed = "http://127.0.0.1:" + EmbeddedJpaServerExtension.freePort() + "/fhir";
        PatientRecordReader reader = new PatientRecordReader(fhir::newRestfulGenericClient, () -> closed);
        assertThrows(PatientRecordReader.Unavailable.class, () -> reader.history("pat-x"));
        assertThrows(PatientRecordReader.Unavailable.class, () -> reader.latestConsults(List.of("pat-x")));
        assertThrows(PatientRecordReader.Unavailable.class, () -> reader.consultsOf("doc-x", 5));
        PatientRecordReader notUp = new PatientRecordReader(fhir::newRestfulGenericClient, () -> null);
        assertThrows(PatientRecordReader.Unavailable.class, () -> notUp.history("pat-x"));
    }

    private static List<Vital> sortedByKind(List<Vital> vitals) {
        List<String> order = List.of("systolic", "diastolic", "heartRate", "glucose");
        return vitals.stream()
                .sorted((a, b) -> Integer.compare(order.indexOf(a.kind()), order.indexOf(b.kind())))
                .toList();
    }
}
