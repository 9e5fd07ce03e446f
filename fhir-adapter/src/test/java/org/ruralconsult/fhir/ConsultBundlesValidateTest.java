package org.ruralconsult.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ca.uhn.fhir.validation.SingleValidationMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ruralconsult.domain.event.DomainEvent;
import org.ruralconsult.fhir.mapping.ConsultBundleFactory;

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
