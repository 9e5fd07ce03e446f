package org.ruralconsult.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Resource;
import org.ruralconsult.domain.event.CallEnded;
import org.ruralconsult.domain.event.DomainEvent;
import org.ruralconsult.fhir.mapping.ConsultBundleFactory;
import org.ruralconsult.fhir.mapping.RecordIds;
import org.ruralconsult.fhir.outbox.ConsultOutbox;

/**
 * "Is every consult of yesterday in the record?": for each call that ended in a period, builds the whole
 * record its events call for (the same bundle delivery would send, from every event) and reads each of
 * its resources back from the FHIR server in one batch (https://hl7.org/fhir/R4/http.html#transaction),
 * comparing content (ignoring {@code meta}, which the server owns). A search by the call's identifier in
 * the same batch shows whether the Encounter exists more than once. One request per call.
 */
public final class RecordCheck {
    private final ConsultOutbox outbox;
    private final ConsultBundleFactory bundles;
    private final HapiBundleSender clients;
    private final FhirContext fhir;

    /** One call whose record is not what its events say. */
    public record Finding(String callId, String problem, List<String> resources) {}

    /**
     * @param checked calls that ended in the period
     * @param complete those whose record on the server is exactly what their events say
     * @param pending those with events not yet delivered (backlog or parked): not checked
     * @param findings the others, with what is missing, different or duplicated
     */
    public record Report(Instant from, Instant to, int checked, int complete, int pending, List<Finding> findings) {}

    RecordCheck(ConsultOutbox outbox, ConsultBundleFactory bundles, HapiBundleSender clients, FhirContext fhir) {
        this.outbox = outbox;
        this.bundles = bundles;
        this.clients = clients;
        this.fhir = fhir;
    }

    Report check(String baseUrl, Instant from, Instant to) {
        IGenericClient client = clients.client(baseUrl);
        int checked = 0;
        int complete = 0;
        int pending = 0;
        List<Finding> findings = new ArrayList<>();
        for (String callId : outbox.callIds()) {
            List<DomainEvent> events = outbox.events(callId);
            boolean endedInPeriod = events.stream()
                    .anyMatch(e -> e instanceof CallEnded && !e.at().isBefore(from) && e.at().isBefore(to));
            if (!endedInPeriod) continue;
            checked++;
            if (outbox.hasUndelivered(callId)) {
                pending++;
                continue;
            }
            Finding finding = checkCall(client, baseUrl, callId, events);
            if (finding == null) complete++;
            else findings.add(finding);
        }
        return new Report(from, to, checked, complete, pending, List.copyOf(findings));
    }

    private Finding checkCall(IGenericClient client, String baseUrl, String callId, List<DomainEvent> events) {
        Bundle expected = bundles.bundle(baseUrl, callId, events, events);
        Bundle reads = new Bundle().setType(Bundle.BundleType.BATCH);
        for (Bundle.BundleEntryComponent entry : expected.getEntry()) {
            reads.addEntry()
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.GET)
                    .setUrl(entry.getRequest().getUrl());
        }
        // The same request counts the Encounters with the call's identifier (one search, summary count).
        reads.addEntry()
                .getRequest()
                .setMethod(Bundle.HTTPVerb.GET)
                .setUrl("Encounter?identifier=" + RecordIds.CALL_SYSTEM + "|" + callId + "&_summary=count");
        Bundle answers = client.transaction().withBundle(reads).execute();
        List<String> missing = new ArrayList<>();
        List<String> different = new ArrayList<>();
        for (int i = 0; i < expected.getEntry().size(); i++) {
            String url = expected.getEntry().get(i).getRequest().getUrl();
            Bundle.BundleEntryComponent answer =
                    i < answers.getEntry().size() ? answers.getEntry().get(i) : null;
            if (answer == null
                    || answer.getResource() == null
                    || !answer.getResponse().getStatus().startsWith("200")) {
                missing.add(url);
            } else if (!sameContent(expected.getEntry().get(i).getResource(), answer.getResource())) {
                different.add(url);
            }
        }
        if (!missing.isEmpty()) return new Finding(callId, "missing", missing);
        if (!different.isEmpty()) return new Finding(callId, "different", different);
        int count = expected.getEntry().size();
        Bundle.BundleEntryComponent search =
                count < answers.getEntry().size() ? answers.getEntry().get(count) : null;
        int encounters = search != null && search.getResource() instanceof Bundle found ? found.getTotal() : -1;
        if (encounters != 1) {
            return new Finding(callId, "encounters: " + encounters, List.of("Encounter?identifier=" + callId));
        }
        return null;
    }

    /** Equal apart from what the server sets (meta, the versioned id) and the generated narrative. */
    private boolean sameContent(Resource expected, org.hl7.fhir.instance.model.api.IBaseResource stored) {
        Resource a = normalised(expected);
        Resource b = normalised((Resource) stored);
        return a.equalsDeep(b);
    }

    private Resource normalised(Resource resource) {
        // Through JSON and back: the same parser gives both sides the same shape (e.g. decimal scale).
        Resource copy = (Resource)
                fhir.newJsonParser().parseResource(fhir.newJsonParser().encodeResourceToString(resource));
        copy.setMeta(null);
        copy.setIdElement(copy.getIdElement().toUnqualifiedVersionless());
        if (copy instanceof org.hl7.fhir.r4.model.DomainResource domain) domain.setText(null);
        return copy;
    }
}
