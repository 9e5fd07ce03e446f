package org.ruralconsult.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ruralconsult.domain.event.DomainEvent;
import org.ruralconsult.fhir.mapping.ConsultBundleFactory;
import org.ruralconsult.fhir.mapping.ConsultRecordResources;
import org.ruralconsult.fhir.mapping.RecordIds;

/**
 * Every bundle the adapter can produce for the scripted consults validates against base R4: one
 * bundle per event (as when delivery keeps up) and one per whole call (as after an outage).
 */
class ConsultBundlesValidateTest {
    private static final TestCounty COUNTY = TestCounty.withSuffix("validate");
    private static final ConsultScript SCRIPT = new ConsultScript(COUNTY);
    private static BaseR4Validator validator;

    @BeforeAll
    static void validator() {
        validator = new BaseR4Validator();
    }

    @Test
    void threeWayConsultBundlesAreValidR4() {
        assertAllValid("three-way", SCRIPT.threeWayConsult("call-v1"));
    }

    @Test
    void careHomeConsultBundlesAreValidR4() {
        assertAllValid("care-home", SCRIPT.careHomeConsult("call-v2"));
    }

    @Test
    void threeWayConsultWithMessageAndRatingBundlesAreValidR4() {
        assertAllValid("three-way rated", SCRIPT.threeWayConsultWithMessageAndRating("call-v4"));
    }

    @Test
    void careHomeConsultWithMessageAndRatingBundlesAreValidR4() {
        assertAllValid("care-home rated", SCRIPT.careHomeConsultWithMessageAndRating("call-v5"));
    }

    /** The rating's bundle alone (as when it comes minutes after the rest) carries the Questionnaire too. */
    @Test
    void theRatingBundleHoldsTheQuestionnaireAndAnAnswerLinkedToTheEncounter() {
        List<DomainEvent> events = SCRIPT.threeWayConsultWithMessageAndRating("call-v6");
        DomainEvent rating = events.get(events.size() - 1);
        Bundle bundle = new ConsultBundleFactory(COUNTY.directory())
                .bundle("http://127.0.0.1:8090/fhir", "call-v6", events, List.of(rating));
        Questionnaire questionnaire = only(bundle, Questionnaire.class);
        assertEquals(ConsultRecordResources.RATING_URL, questionnaire.getUrl());
        assertEquals("1", questionnaire.getVersion());
        assertEquals(
                "Questionnaire/" + ConsultRecordResources.RATING_QUESTIONNAIRE_ID, entryUrl(bundle, questionnaire));
        QuestionnaireResponse answer = only(bundle, QuestionnaireResponse.class);
        assertEquals(ConsultRecordResources.RATING_CANONICAL, answer.getQuestionnaire());
        assertEquals(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED, answer.getStatus());
        assertEquals(
                "Encounter/" + RecordIds.encounter("call-v6"),
                answer.getEncounter().getReference());
        assertEquals(
                "Patient/" + RecordIds.patient(COUNTY.villager()),
                answer.getSubject().getReference());
        assertEquals(
                "Patient/" + RecordIds.patient(COUNTY.villager()),
                answer.getSource().getReference());
        assertEquals(
                "Device/" + RecordIds.device(COUNTY.villagerTv()),
                answer.getAuthor().getReference());
        assertEquals("stars", answer.getItemFirstRep().getLinkId());
        assertEquals(
                4,
                answer.getItemFirstRep()
                        .getAnswerFirstRep()
                        .getValueIntegerType()
                        .getValue());
        assertEquals(rating.at(), answer.getAuthored().toInstant());
        assertEquals(
                answer.getIdElement().getIdPart(),
                new ConsultBundleFactory(COUNTY.directory())
                        .bundle("http://x/fhir", "call-v6", events, List.of(rating)).getEntry().stream()
                                .map(Bundle.BundleEntryComponent::getResource)
                                .filter(QuestionnaireResponse.class::isInstance)
                                .findFirst()
                                .orElseThrow()
                                .getIdElement()
                                .getIdPart(),
                "deterministic id");
        bundle.getEntry()
                .forEach(e -> assertEquals(Bundle.HTTPVerb.PUT, e.getRequest().getMethod()));
    }

    private static <T extends Resource> T only(Bundle bundle, Class<T> type) {
        List<T> found = bundle.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(type::isInstance)
                .map(type::cast)
                .toList();
        assertEquals(1, found.size(), type.getSimpleName());
        return found.get(0);
    }

    private static String entryUrl(Bundle bundle, Resource resource) {
        return bundle.getEntry().stream()
                .filter(e -> e.getResource() == resource)
                .findFirst()
                .orElseThrow()
                .getRequest()
                .getUrl();
    }

    @Test
    void missedCallBundlesAreValidR4() {
        assertAllValid("missed", SCRIPT.missedCall("call-v3"));
    }

    private static void assertAllValid(String name, List<DomainEvent> events) {
        ConsultBundleFactory factory = new ConsultBundleFactory(COUNTY.directory());
        List<Bundle> bundles = new ArrayList<>();
        String callId = events.get(0).callId();
        for (int i = 0; i < events.size(); i++) {
            bundles.add(factory.bundle(
                    "http://127.0.0.1:8090/fhir", callId, events.subList(0, i + 1), List.of(events.get(i))));
        }
        bundles.add(factory.bundle("http://127.0.0.1:8090/fhir", callId, events, events));
        for (int i = 0; i < bundles.size(); i++) {
            List<SingleValidationMessage> errors = validator.errors(bundles.get(i));
            String text = errors.stream()
                    .map(m -> m.getLocationString() + ": " + m.getMessage())
                    .collect(Collectors.joining("\n"));
            assertTrue(errors.isEmpty(), name + " bundle " + i + " has validation errors:\n" + text);
        }
        assertEquals(events.size() + 1, bundles.size());
    }
}
