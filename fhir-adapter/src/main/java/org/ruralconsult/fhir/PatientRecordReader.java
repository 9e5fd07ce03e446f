package org.ruralconsult.fhir;

import ca.uhn.fhir.rest.api.SortSpec;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ClinicalImpression;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.ruralconsult.fhir.mapping.RecordIds;

/**
 * Reads a patient's consults (Encounters, with the closing notes' ClinicalImpressions) and vitals
 * (Observations) back from the FHIR server, as the mapping package wrote them: business ids from the
 * identifiers {@link RecordIds} puts on every reference, codes and units from the mappers.
 */
public final class PatientRecordReader {
    /** Pages followed at most per search: a patient's history is shown, not exported. */
    private static final int MAX_PAGES = 10;

    private static final int PAGE_SIZE = 100;
    private static final String LOINC = "http://loinc.org";

    /** A consult: one call's Encounter. {@code status} is the FHIR Encounter status (finished, cancelled, ...). */
    public record Consult(
            String callId,
            String patientId,
            Instant start,
            Instant end,
            String status,
            List<Participant> participants,
            List<String> reasons,
            String note) {}

    /** A practitioner who took part; {@code type} is the v3 ParticipationType code (PPRF, CON, PART). */
    public record Participant(String practitionerId, String type) {}

    /** One measurement. {@code kind}: systolic, diastolic, heartRate, glucose. */
    public record Vital(String callId, Instant at, String kind, double value, String unit) {}

    /** Newest first. */
    public record History(List<Consult> consults, List<Vital> vitals) {}

    /** The FHIR server could not be asked or did not answer well: the record cannot be shown. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The LOINC codes the mappers write, by the kind the API names them. */
    private static final Map<String, String> KINDS = Map.of(
            "8480-6", "systolic",
            "8462-4", "diastolic",
            "8867-4", "heartRate",
            "15074-8", "glucose");

    private final Function<String, IGenericClient> clients;
    private final Supplier<String> baseUrl;

    PatientRecordReader(Function<String, IGenericClient> clients, Supplier<String> baseUrl) {
        this.clients = clients;
        this.baseUrl = baseUrl;
    }

    /** The patient's consults and vitals, newest first. */
    public History history(String patientId) {
        String subject = "Patient/" + RecordIds.patient(patientId);
        return ask(() -> {
            IGenericClient client = client();
            Map<String, String> notes = new HashMap<>();
            for (Resource r : search(
                    client,
                    client.search()
                            .forResource(ClinicalImpression.class)
                            .where(ClinicalImpression.SUBJECT.hasId(subject))
                            .sort(new SortSpec("date"))
                            .count(PAGE_SIZE)
                            .returnBundle(Bundle.class)
                            .execute())) {
                ClinicalImpression note = (ClinicalImpression) r;
                // sorted oldest first, so the last note of a call wins
                if (note.hasSummary()) notes.put(callIdOf(note.getEncounter()), note.getSummary());
            }
            List<Consult> consults = new ArrayList<>();
            for (Resource r : search(
                    client,
                    client.search()
                            .forResource(Encounter.class)
                            .where(Encounter.SUBJECT.hasId(subject))
                            .sort(new SortSpec("date").setOrder(ca.uhn.fhir.rest.api.SortOrderEnum.DESC))
                            .count(PAGE_SIZE)
                            .returnBundle(Bundle.class)
                            .execute())) {
                Consult c = consult((Encounter) r);
                consults.add(new Consult(
                        c.callId(),
                        c.patientId(),
                        c.start(),
                        c.end(),
                        c.status(),
                        c.participants(),
                        c.reasons(),
                        notes.get(c.callId())));
            }
            List<Vital> vitals = new ArrayList<>();
            for (Resource r : search(
                    client,
                    client.search()
                            .forResource(Observation.class)
                            .where(Observation.SUBJECT.hasId(subject))
                            .sort(new SortSpec("date").setOrder(ca.uhn.fhir.rest.api.SortOrderEnum.DESC))
                            .count(PAGE_SIZE)
                            .returnBundle(Bundle.class)
                            .execute())) {
                vitals.addAll(vitals((Observation) r));
            }
            consults.sort(Comparator.comparing(Consult::start, Comparator.nullsLast(Comparator.reverseOrder())));
            vitals.sort(Comparator.comparing(Vital::at, Comparator.nullsLast(Comparator.reverseOrder())));
            return new History(consults, vitals);
        });
    }

    /**
     * The latest finished consult of each patient, in one request for all of them (a list of every patient
     * in a township must not cost one request per patient). Patients with none are absent.
     */
    public Map<String, Consult> latestConsults(Collection<String> patientIds) {
        if (patientIds.isEmpty()) return Map.of();
        // One batch (https://hl7.org/fhir/R4/http.html#transaction) with one search per patient for her newest
        // finished Encounter: exact for any number of patients and still one HTTP request. (One search listing
        // every subject outgrew the URL at a few hundred patients and stopped at its page limit.)
        Bundle batch = new Bundle().setType(Bundle.BundleType.BATCH);
        for (String id : patientIds) {
            batch.addEntry()
                    .getRequest()
                    .setMethod(Bundle.HTTPVerb.GET)
                    .setUrl("Encounter?subject=Patient/" + RecordIds.patient(id)
                            + "&status=finished&_sort=-date&_count=1");
        }
        return ask(() -> {
            Bundle answers = client().transaction().withBundle(batch).execute();
            Map<String, Consult> latest = new LinkedHashMap<>();
            for (Bundle.BundleEntryComponent answer : answers.getEntry()) {
                if (!(answer.getResource() instanceof Bundle found)) continue; // an OperationOutcome: none known
                for (Bundle.BundleEntryComponent hit : found.getEntry()) {
                    if (hit.getResource() instanceof Encounter encounter) {
                        Consult c = consult(encounter);
                        if (c.patientId() != null) latest.putIfAbsent(c.patientId(), c);
                    }
                }
            }
            return latest;
        });
    }

    /** The consults a practitioner took part in, newest first, at most {@code limit}. */
    public List<Consult> consultsOf(String practitionerId, int limit) {
        String who = "Practitioner/" + RecordIds.practitioner(practitionerId);
        return ask(() -> {
            IGenericClient client = client();
            Bundle page = client.search()
                    .forResource(Encounter.class)
                    .where(Encounter.PARTICIPANT.hasId(who))
                    .sort(new SortSpec("date").setOrder(ca.uhn.fhir.rest.api.SortOrderEnum.DESC))
                    .count(limit)
                    .returnBundle(Bundle.class)
                    .execute();
            List<Consult> consults = new ArrayList<>();
            for (Bundle.BundleEntryComponent e : page.getEntry()) {
                if (e.getResource() instanceof Encounter encounter) consults.add(consult(encounter));
            }
            consults.sort(Comparator.comparing(Consult::start, Comparator.nullsLast(Comparator.reverseOrder())));
            return consults;
        });
    }

    private IGenericClient client() {
        String base = baseUrl.get();
        if (base == null) throw new Unavailable("the FHIR server is not up yet", null);
        return clients.apply(base);
    }

    /** Every resource of a search, following next links (bounded). */
    private static List<Resource> search(IGenericClient client, Bundle first) {
        List<Resource> all = new ArrayList<>();
        Bundle page = first;
        for (int pages = 0; page != null && pages < MAX_PAGES; pages++) {
            for (Bundle.BundleEntryComponent e : page.getEntry()) {
                if (e.getSearch().getMode() != Bundle.SearchEntryMode.INCLUDE && e.hasResource()) {
                    all.add(e.getResource());
                }
            }
            page = page.getLink(Bundle.LINK_NEXT) == null
                    ? null
                    : client.loadPage().next(page).execute();
        }
        return all;
    }

    private static <T> T ask(Supplier<T> read) {
        try {
            return read.get();
        } catch (FhirClientConnectionException e) {
            throw new Unavailable("the FHIR server does not answer: " + e.getMessage(), e);
        } catch (BaseServerResponseException e) {
            throw new Unavailable("the FHIR server answered " + e.getStatusCode() + ": " + e.getMessage(), e);
        }
    }

    private static Consult consult(Encounter encounter) {
        String callId = businessId(encounter.getIdentifier(), RecordIds.CALL_SYSTEM);
        if (callId == null) callId = encounter.getIdElement().getIdPart();
        List<Participant> participants = new ArrayList<>();
        for (Encounter.EncounterParticipantComponent p : encounter.getParticipant()) {
            String id = referencedId(p.getIndividual());
            if (id == null) continue;
            String type = p.getTypeFirstRep().getCodingFirstRep().getCode();
            if (participants.stream().noneMatch(x -> x.practitionerId().equals(id))) {
                participants.add(new Participant(id, type));
            }
        }
        List<String> reasons = encounter.getReasonCode().stream()
                .map(CodeableConcept::getText)
                .filter(t -> t != null && !t.isBlank())
                .toList();
        return new Consult(
                callId,
                referencedId(encounter.getSubject()),
                instant(encounter.getPeriod().getStart()),
                instant(encounter.getPeriod().getEnd()),
                encounter.hasStatus() ? encounter.getStatus().toCode() : null,
                participants,
                reasons,
                null);
    }

    private static List<Vital> vitals(Observation observation) {
        String callId = referencedId(observation.getEncounter());
        Instant at = observation.hasEffectiveDateTimeType()
                        && observation.getEffectiveDateTimeType().hasValue()
                ? observation.getEffectiveDateTimeType().getValue().toInstant()
                : instant(observation.getIssued());
        List<Vital> out = new ArrayList<>();
        if (observation.hasValueQuantity()) {
            add(out, callId, at, loinc(observation.getCode()), observation.getValueQuantity());
        }
        for (Observation.ObservationComponentComponent c : observation.getComponent()) {
            if (c.hasValueQuantity()) add(out, callId, at, loinc(c.getCode()), c.getValueQuantity());
        }
        return out;
    }

    private static void add(List<Vital> out, String callId, Instant at, String loinc, Quantity q) {
        String kind = KINDS.get(loinc);
        if (kind == null || !q.hasValue()) return;
        out.add(new Vital(callId, at, kind, q.getValue().doubleValue(), q.getUnit()));
    }

    private static String loinc(CodeableConcept code) {
        for (Coding c : code.getCoding()) {
            if (LOINC.equals(c.getSystem())) return c.getCode();
        }
        return null;
    }

    private static String callIdOf(Reference encounter) {
        return referencedId(encounter);
    }

    /** The business id the mapping put on the reference, else the FHIR id without our prefix. */
    private static String referencedId(Reference reference) {
        if (reference == null || reference.isEmpty()) return null;
        if (reference.hasIdentifier() && reference.getIdentifier().hasValue()) {
            return reference.getIdentifier().getValue();
        }
        String idPart = reference.getReferenceElement().getIdPart();
        if (idPart == null) return null;
        int dash = idPart.indexOf('-');
        return dash < 0 ? idPart : idPart.substring(dash + 1);
    }

    private static String businessId(List<Identifier> identifiers, String system) {
        for (Identifier i : identifiers) {
            if (system.equals(i.getSystem())) return i.getValue();
        }
        return null;
    }

    private static Instant instant(java.util.Date date) {
        return date == null ? null : date.toInstant();
    }
}
