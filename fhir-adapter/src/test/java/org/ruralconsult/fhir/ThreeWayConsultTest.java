package org.ruralconsult.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.validation.SingleValidationMessage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ClinicalImpression;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ruralconsult.domain.event.DomainEvent;
import org.ruralconsult.fhir.EmbeddedJpaServerExtension.JpaServer;
import org.ruralconsult.fhir.mapping.EncounterMapper;
import org.ruralconsult.fhir.mapping.RecordIds;

/** A full three-way consult through the adapter into the real JPA server, read back by search. */
@ExtendWith(EmbeddedJpaServerExtension.class)
class ThreeWayConsultTest {

    @Test
    void threeWayConsultIsRecordedAndFoundByPatient(JpaServer server) throws Exception {
        TestCounty county = TestCounty.withSuffix("threeway");
        ConsultScript script = new ConsultScript(county);
        List<DomainEvent> events = script.threeWayConsult("call-3way");
        List<Bundle> sent = new CopyOnWriteArrayList<>();
        SimpleMeterRegistry metrics = new SimpleMeterRegistry();
        Path dir = Files.createTempDirectory(Path.of("target"), "threeway-");
        try (FhirAdapter adapter = new FhirAdapter(
                        county.directory(),
                        new FhirAdapterOptions()
                                .setDataDirectory(dir)
                                .setFhirBaseUrl(server.baseUrl())
                                .setBundleObserver(sent::add),
                        metrics)
                .start()) {
            for (DomainEvent event : events) adapter.accept(event);
            Eventually.await("delivery", Duration.ofSeconds(60), () -> adapter.backlog() == 0);
            assertEquals(events.size(), metrics.counter("fhir.outbox.delivered").count());
            assertTrue(adapter.parked().isEmpty());
        }

        IGenericClient client = server.client();
        Bundle found = client.search()
                .forResource(Encounter.class)
                .where(Encounter.PATIENT.hasId("Patient/" + RecordIds.patient(county.villager())))
                .returnBundle(Bundle.class)
                .execute();
        assertEquals(1, found.getEntry().size(), "one Encounter for the patient");
        Encounter encounter = (Encounter) found.getEntryFirstRep().getResource();

        assertEquals(Encounter.EncounterStatus.FINISHED, encounter.getStatus());
        assertEquals("VR", encounter.getClass_().getCode());
        assertEquals("call-3way", encounter.getIdentifierFirstRep().getValue());
        assertEquals(
                "Organization/" + RecordIds.organization(TestCounty.TOWNSHIP),
                encounter.getServiceProvider().getReference());
        assertEquals(
                java.time.Instant.parse("2026-11-20T02:00:10Z"),
                encounter.getPeriod().getStart().toInstant());
        assertEquals(15.9, encounter.getLength().getValue().doubleValue(), 0.01, "answered 02:00:10, ended 02:16:05");
        assertEquals(2, encounter.getLocation().size(), "the patient's home and the township clinic");
        assertEquals(
                "Location/" + RecordIds.home(county.villager()),
                encounter.getLocation().get(0).getLocation().getReference());
        assertEquals(
                "Hypertension follow-up with palpitations",
                encounter.getReasonCodeFirstRep().getText());
        assertEquals(
                "ServiceRequest/" + RecordIds.serviceRequest("order-call-3way"),
                encounter.getBasedOnFirstRep().getReference());
        assertEquals(
                EncounterMapper.CHANNEL_TV_VIDEO,
                encounter
                                        .getExtensionByUrl(EncounterMapper.VIRTUAL_SERVICE_EXTENSION)
                                        .getExtensionByUrl("channelType")
                                        .getValue()
                                        .primitiveValue()
                                == null
                        ? ((org.hl7.fhir.r4.model.Coding) encounter
                                        .getExtensionByUrl(EncounterMapper.VIRTUAL_SERVICE_EXTENSION)
                                        .getExtensionByUrl("channelType")
                                        .getValue())
                                .getCode()
                        : "");
        assertEquals(
                "Device/" + RecordIds.device(county.villagerTv()),
                ((org.hl7.fhir.r4.model.Reference) encounter
                                .getExtensionByUrl(EncounterMapper.PATIENT_DEVICE_EXTENSION)
                                .getValue())
                        .getReference());

        Map<String, Encounter.EncounterParticipantComponent> byType = encounter.getParticipant().stream()
                .collect(Collectors.toMap(
                        p -> p.getTypeFirstRep().getCodingFirstRep().getCode(), Function.identity()));
        assertEquals(2, byType.size(), "doctor and expert; the TV is the subject");
        Encounter.EncounterParticipantComponent doctor = byType.get("PPRF");
        Encounter.EncounterParticipantComponent expert = byType.get("CON");
        assertEquals(
                "Practitioner/" + RecordIds.practitioner(TestCounty.DOCTOR),
                doctor.getIndividual().getReference());
        assertEquals(
                "Practitioner/" + RecordIds.practitioner(TestCounty.EXPERT),
                expert.getIndividual().getReference());
        assertEquals(
                java.time.Instant.parse("2026-11-20T02:00:01Z"),
                doctor.getPeriod().getStart().toInstant());
        assertEquals(
                java.time.Instant.parse("2026-11-20T02:16:05Z"),
                doctor.getPeriod().getEnd().toInstant());
        assertEquals(
                java.time.Instant.parse("2026-11-20T02:05:00Z"),
                expert.getPeriod().getStart().toInstant());
        assertEquals(
                java.time.Instant.parse("2026-11-20T02:15:00Z"),
                expert.getPeriod().getEnd().toInstant());

        String encounterRef = "Encounter/" + RecordIds.encounter("call-3way");
        Bundle observations = client.search()
                .forResource(Observation.class)
                .where(Observation.ENCOUNTER.hasId(encounterRef))
                .returnBundle(Bundle.class)
                .execute();
        Map<String, Observation> byCode = observations.getEntry().stream()
                .map(e -> (Observation) e.getResource())
                .collect(Collectors.toMap(o -> o.getCode().getCodingFirstRep().getCode(), Function.identity()));
        assertEquals(3, byCode.size(), "blood pressure, heart rate, glucose");
        Observation bp = byCode.get("85354-9");
        assertEquals(
                "8480-6", bp.getComponent().get(0).getCode().getCodingFirstRep().getCode());
        assertEquals(
                152, ((Quantity) bp.getComponent().get(0).getValue()).getValue().intValue());
        assertEquals(
                "8462-4", bp.getComponent().get(1).getCode().getCodingFirstRep().getCode());
        assertEquals(
                94, ((Quantity) bp.getComponent().get(1).getValue()).getValue().intValue());
        assertEquals("mm[Hg]", ((Quantity) bp.getComponent().get(1).getValue()).getCode());
        assertEquals(88, byCode.get("8867-4").getValueQuantity().getValue().intValue());
        assertEquals("mmol/L", byCode.get("15074-8").getValueQuantity().getCode());
        assertEquals(7.8, byCode.get("15074-8").getValueQuantity().getValue().doubleValue(), 1e-9);

        Bundle provenances = client.search()
                .forResource(Provenance.class)
                .where(Provenance.TARGET.hasId(
                        bp.getIdElement().toUnqualifiedVersionless().getValue()))
                .returnBundle(Bundle.class)
                .execute();
        assertEquals(1, provenances.getEntry().size());
        Provenance provenance = (Provenance) provenances.getEntryFirstRep().getResource();
        assertEquals(
                "Practitioner/" + RecordIds.practitioner(TestCounty.DOCTOR),
                provenance.getAgentFirstRep().getWho().getReference());
        assertEquals(3, provenance.getTarget().size(), "the three observations of one vitals entry");

        ServiceRequest order = client.read()
                .resource(ServiceRequest.class)
                .withId(RecordIds.serviceRequest("order-call-3way"))
                .execute();
        assertEquals(
                ServiceRequest.ServiceRequestStatus.COMPLETED,
                order.getStatus(),
                "the expert joined and the call ended");
        assertEquals(ServiceRequest.ServiceRequestPriority.URGENT, order.getPriority());
        ClinicalImpression note = (ClinicalImpression) client.search()
                .forResource(ClinicalImpression.class)
                .where(ClinicalImpression.ENCOUNTER.hasId(encounterRef))
                .returnBundle(Bundle.class)
                .execute()
                .getEntryFirstRep()
                .getResource();
        assertNotNull(note);
        assertTrue(note.getSummary().contains("amlodipine"));

        // Every bundle actually sent is valid base R4.
        assertTrue(!sent.isEmpty());
        BaseR4Validator validator = new BaseR4Validator();
        for (Bundle bundle : sent) {
            List<SingleValidationMessage> errors = validator.errors(bundle);
            assertTrue(errors.isEmpty(), () -> errors.stream()
                    .map(SingleValidationMessage::getMessage)
                    .collect(Collectors.joining("\n")));
        }
    }
}
