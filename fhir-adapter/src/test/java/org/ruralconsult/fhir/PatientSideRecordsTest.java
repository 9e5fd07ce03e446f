package org.ruralconsult.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ruralconsult.domain.event.DomainEvent;
import org.ruralconsult.fhir.EmbeddedJpaServerExtension.JpaServer;
import org.ruralconsult.fhir.mapping.ConsultRecordResources;
import org.ruralconsult.fhir.mapping.RecordIds;

/**
 * The patient's side of a consult through the durable outbox into the real JPA server: the doctor's text
 * to the TV as a Communication and the TV's stars, sent after the call ended, as a QuestionnaireResponse
 * linked to the Encounter, with the Questionnaire it answers.
 */
@ExtendWith(EmbeddedJpaServerExtension.class)
class PatientSideRecordsTest {

    @Test
    void theRatingAndTheMessageArriveLinkedToTheEncounter(JpaServer server) throws Exception {
        TestCounty county = TestCounty.withSuffix("patientside");
        List<DomainEvent> events = new ConsultScript(county).threeWayConsultWithMessageAndRating("call-rated");
        Path dir = Files.createTempDirectory(Path.of("target"), "patientside-");
        try (FhirAdapter adapter = new FhirAdapter(
                        county.directory(),
                        new FhirAdapterOptions().setDataDirectory(dir).setFhirBaseUrl(server.baseUrl()),
                        new SimpleMeterRegistry())
                .start()) {
            // The consult first, the stars minutes later: a bundle of their own.
            for (DomainEvent event : events.subList(0, events.size() - 1)) adapter.accept(event);
            Eventually.await("consult delivered", Duration.ofSeconds(60), () -> adapter.backlog() == 0);
            adapter.accept(events.get(events.size() - 1));
            Eventually.await("rating delivered", Duration.ofSeconds(60), () -> adapter.backlog() == 0);
            assertTrue(adapter.parked().isEmpty(), () -> "parked: " + adapter.parked());
        }

        IGenericClient client = server.client();
        String encounterRef = "Encounter/" + RecordIds.encounter("call-rated");
        Bundle answers = client.search()
                .forResource(QuestionnaireResponse.class)
                .where(QuestionnaireResponse.ENCOUNTER.hasId(encounterRef))
                .returnBundle(Bundle.class)
                .execute();
        assertEquals(1, answers.getEntry().size(), "one rating for the consult");
        QuestionnaireResponse answer =
                (QuestionnaireResponse) answers.getEntryFirstRep().getResource();
        assertEquals(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED, answer.getStatus());
        assertEquals(ConsultRecordResources.RATING_CANONICAL, answer.getQuestionnaire());
        assertEquals(
                "Patient/" + RecordIds.patient(county.villager()),
                answer.getSubject().getReference());
        assertEquals(
                4,
                answer.getItemFirstRep()
                        .getAnswerFirstRep()
                        .getValueIntegerType()
                        .getValue());

        Questionnaire questionnaire = client.read()
                .resource(Questionnaire.class)
                .withId(ConsultRecordResources.RATING_QUESTIONNAIRE_ID)
                .execute();
        assertEquals(ConsultRecordResources.RATING_URL, questionnaire.getUrl());
        assertEquals("stars", questionnaire.getItemFirstRep().getLinkId());

        Bundle messages = client.search()
                .forResource(Communication.class)
                .where(Communication.ENCOUNTER.hasId(encounterRef))
                .returnBundle(Bundle.class)
                .execute();
        assertEquals(1, messages.getEntry().size());
        Communication message = (Communication) messages.getEntryFirstRep().getResource();
        assertEquals(
                "氨氯地平改为每天10毫克，本周来卫生院做心电图",
                ((StringType) message.getPayloadFirstRep().getContent()).getValue());
        assertEquals(
                "Practitioner/" + RecordIds.practitioner(TestCounty.DOCTOR),
                message.getSender().getReference());
        assertEquals(
                "Patient/" + RecordIds.patient(county.villager()),
                message.getRecipientFirstRep().getReference());
    }
}
