package org.ruralconsult.fhir.mapping;

import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Resource;
import org.ruralconsult.domain.directory.Directory;
import org.ruralconsult.domain.event.DomainEvent;
import org.ruralconsult.domain.event.ExpertConsultOrdered;

/**
 * One FHIR transaction Bundle (https://hl7.org/fhir/R4/http.html#transaction) per batch of a call's
 * events: the whole current Encounter, the directory resources it refers to, every order of the call
 * (their status follows the call), and the records the batch's own events made.
 *
 * <p>Every entry is a PUT to a deterministic id ({@link RecordIds}). We chose this over conditional
 * creates ({@code ifNoneExist}) on business identifiers because HAPI has made duplicates under parallel
 * conditional creates and silently drops duplicate conditional PUTs in one transaction (STACK.md);
 * update-as-create on a client id is idempotent with neither caveat and needs no search on the server.
 */
public final class ConsultBundleFactory {
    private final DirectoryResources directory;
    private final EncounterMapper encounters;
    private final ClinicalRecordMapper records;

    public ConsultBundleFactory(Directory directory) {
        this.directory = new DirectoryResources(directory);
        this.encounters = new EncounterMapper(this.directory);
        this.records = new ClinicalRecordMapper(this.directory);
    }

    /**
     * @param baseUrl the FHIR server's base, for the entries' fullUrl
     * @param allEvents every stored event of the call up to the last one of the batch, in order
     * @param batch the events not yet delivered
     */
    public Bundle bundle(String baseUrl, String callId, List<DomainEvent> allEvents, List<DomainEvent> batch) {
        CallProjection call = CallProjection.of(callId, allEvents);
        ResourceSet set = new ResourceSet();
        Encounter encounter = encounters.encounter(call, set);
        List<Resource> later = new ArrayList<>();
        for (DomainEvent event : batch) later.addAll(records.resources(event, call, set));
        for (ExpertConsultOrdered order : call.orders()) later.add(records.serviceRequest(order, call, set));
        set.add(encounter);
        later.forEach(set::add);

        Bundle bundle = new Bundle().setType(Bundle.BundleType.TRANSACTION);
        String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        for (Resource resource : set.resources()) {
            String relative =
                    resource.fhirType() + "/" + resource.getIdElement().getIdPart();
            bundle.addEntry()
                    .setFullUrl(base + "/" + relative)
                    .setResource(resource)
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.PUT)
                    .setUrl(relative);
        }
        return bundle;
    }
}
