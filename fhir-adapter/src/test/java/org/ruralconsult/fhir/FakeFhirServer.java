package org.ruralconsult.fhir;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.ruralconsult.fhir.mapping.RecordIds;

/**
 * A {@link BundleSender} that answers as the test says, per call: null commits the bundle, an exception
 * (HAPI's, as the real client throws them) fails it. Remembers which call each attempt was for.
 */
final class FakeFhirServer implements BundleSender {
    final List<String> attempts = new ArrayList<>();
    final List<String> committed = new ArrayList<>();
    private Function<String, RuntimeException> answer = callId -> null;

    void answer(Function<String, RuntimeException> answer) {
        this.answer = answer;
    }

    @Override
    public void send(String baseUrl, Bundle transaction) {
        String callId = callId(transaction);
        attempts.add(callId);
        RuntimeException failure = answer.apply(callId);
        if (failure != null) throw failure;
        committed.add(callId);
    }

    private static String callId(Bundle transaction) {
        return transaction.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(Encounter.class::isInstance)
                .map(r -> ((Encounter) r).getIdentifier())
                .flatMap(List::stream)
                .filter(id -> RecordIds.CALL_SYSTEM.equals(id.getSystem()))
                .map(id -> id.getValue())
                .findFirst()
                .orElseThrow();
    }
}
