package org.ruralconsult.fhir.mapping;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.hl7.fhir.r4.model.ClinicalImpression;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Provenance;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.ruralconsult.domain.directory.Role;
import org.ruralconsult.domain.event.ConsultMessageSent;
import org.ruralconsult.domain.event.ConsultNoteRecorded;
import org.ruralconsult.domain.event.ConsultRated;
import org.ruralconsult.domain.event.DomainEvent;
import org.ruralconsult.domain.event.ExpertConsultOrdered;
import org.ruralconsult.domain.event.Party;
import org.ruralconsult.domain.event.VitalsRecorded;

/**
 * What is recorded during a call besides the Encounter: vitals as Observations, the expert consult
 * order as a ServiceRequest, the closing note as a ClinicalImpression, and a Provenance for each saying
 * who recorded it.
 */
public final class ClinicalRecordMapper {
    static final String LOINC = "http://loinc.org";
    static final String UCUM = "http://unitsofmeasure.org";
    static final String OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category";
    static final String PROVENANCE_AGENT_TYPE = "http://terminology.hl7.org/CodeSystem/provenance-participant-type";
    static final String DATA_OPERATION = "http://terminology.hl7.org/CodeSystem/v3-DataOperation";

    private final DirectoryResources directory;

    public ClinicalRecordMapper(DirectoryResources directory) {
        this.directory = directory;
    }

    /** Resources for one event (none for events that only change the Encounter). */
    public List<Resource> resources(DomainEvent event, CallProjection call, ResourceSet set) {
        List<Resource> written = new ArrayList<>();
        Party recorder = null;
        if (event instanceof VitalsRecorded vitals) {
            written.addAll(observations(vitals, call));
            recorder = vitals.recordedBy();
        } else if (event instanceof ExpertConsultOrdered order) {
            written.add(serviceRequest(order, call, set));
            recorder = order.orderedBy();
        } else if (event instanceof ConsultNoteRecorded note) {
            written.add(impression(note, call));
            recorder = note.author();
        } else if (event instanceof ConsultMessageSent sent) {
            written.add(ConsultRecordResources.message(sent, call));
            recorder = sent.sender();
        } else if (event instanceof ConsultRated rated) {
            // The Questionnaire goes first: the answer refers to it by canonical URL.
            Questionnaire questionnaire = ConsultRecordResources.ratingQuestionnaire();
            set.add(questionnaire);
            Reference tv = rated.rater() == null
                    ? null
                    : directory.addDevice(rated.rater().id(), set);
            written.add(ConsultRecordResources.rating(rated, call, tv));
            recorder = rated.rater();
        }
        if (written.isEmpty()) return written;
        if (recorder != null && recorder.role() == Role.PATIENT_DEVICE) {
            directory.addDevice(recorder.id(), set);
        } else if (recorder != null) {
            directory.addPractitioner(recorder.id(), set);
        }
        written.add(provenance(event, recorder, written));
        return written;
    }

    /**
     * The vital-signs profiles of base R4 (https://hl7.org/fhir/R4/observation-vitalsigns.html) for blood
     * pressure and heart rate. Glucose arrives in mmol/L as Chinese clinics report it, so it is coded
     * 15074-8 (Glucose [Moles/volume] in Blood) and not 2339-0, which is mass/volume (mg/dL).
     */
    List<Observation> observations(VitalsRecorded vitals, CallProjection call) {
        List<Observation> observations = new ArrayList<>();
        if (vitals.systolicMmHg() != null || vitals.diastolicMmHg() != null) {
            Observation bp =
                    observation(vitals, call, "bp", "85354-9", "Blood pressure panel with all children optional");
            bp.getMeta().addProfile("http://hl7.org/fhir/StructureDefinition/bp");
            component(bp, "8480-6", "Systolic blood pressure", vitals.systolicMmHg());
            component(bp, "8462-4", "Diastolic blood pressure", vitals.diastolicMmHg());
            observations.add(bp);
        }
        if (vitals.heartRatePerMin() != null) {
            Observation hr = observation(vitals, call, "hr", "8867-4", "Heart rate");
            hr.getMeta().addProfile("http://hl7.org/fhir/StructureDefinition/heartrate");
            hr.setValue(quantity(vitals.heartRatePerMin(), "beats/minute", "/min"));
            observations.add(hr);
        }
        if (vitals.glucoseMmolPerL() != null) {
            Observation glucose = observation(vitals, call, "glucose", "15074-8", "Glucose [Moles/volume] in Blood");
            glucose.getCategoryFirstRep()
                    .getCodingFirstRep()
                    .setCode("laboratory")
                    .setDisplay("Laboratory");
            glucose.setValue(quantity(vitals.glucoseMmolPerL(), "mmol/L", "mmol/L"));
            observations.add(glucose);
        }
        return observations;
    }

    private static Observation observation(
            VitalsRecorded vitals, CallProjection call, String what, String loinc, String display) {
        Observation observation = new Observation();
        // One id per (event, measurement): re-delivery overwrites, never adds (as the PHD IG does).
        observation.setId(RecordIds.observation(vitals.callId(), vitals.sequence(), what));
        observation.addIdentifier(RecordIds.identifier(RecordIds.OBSERVATION_SYSTEM, vitals.eventId() + "/" + what));
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.addCategory(new CodeableConcept(new Coding(OBSERVATION_CATEGORY, "vital-signs", "Vital Signs")));
        observation.setCode(new CodeableConcept(new Coding(LOINC, loinc, display)).setText(display));
        String patientId = vitals.patientId() != null ? vitals.patientId() : call.patientId();
        if (patientId != null) observation.setSubject(DirectoryResources.patientReference(patientId));
        observation.setEncounter(encounterReference(vitals.callId()));
        observation.setEffective(new org.hl7.fhir.r4.model.DateTimeType(Date.from(vitals.at())));
        observation.setIssued(Date.from(vitals.at()));
        if (vitals.recordedBy() != null && vitals.recordedBy().role() != Role.PATIENT_DEVICE) {
            observation.addPerformer(
                    DirectoryResources.practitionerReference(vitals.recordedBy().id()));
        }
        return observation;
    }

    private static void component(Observation bp, String loinc, String display, Integer mmHg) {
        Observation.ObservationComponentComponent component = bp.addComponent();
        component.setCode(new CodeableConcept(new Coding(LOINC, loinc, display)));
        if (mmHg != null) {
            component.setValue(quantity(mmHg, "mmHg", "mm[Hg]"));
        } else {
            component.setDataAbsentReason(new CodeableConcept(new Coding(
                    "http://terminology.hl7.org/CodeSystem/data-absent-reason", "not-performed", "Not Performed")));
        }
    }

    private static Quantity quantity(Number value, String unit, String ucum) {
        return new Quantity()
                .setValue(value.doubleValue())
                .setUnit(unit)
                .setSystem(UCUM)
                .setCode(ucum);
    }

    /**
     * The order for a county expert (https://hl7.org/fhir/R4/servicerequest.html). It stays active while
     * the call runs and is completed when a call with the expert in it ends.
     */
    ServiceRequest serviceRequest(ExpertConsultOrdered order, CallProjection call, ResourceSet set) {
        ServiceRequest request = new ServiceRequest();
        request.setId(RecordIds.serviceRequest(order.orderId()));
        request.addIdentifier(RecordIds.identifier(RecordIds.ORDER_SYSTEM, order.orderId()));
        boolean expertJoined = call.practitionerSpans().stream()
                .anyMatch(s -> s.party().role() == Role.COUNTY_EXPERT
                        && (order.expertId() == null
                                || order.expertId().equals(s.party().id())));
        request.setStatus(
                call.ended() == null
                        ? ServiceRequest.ServiceRequestStatus.ACTIVE
                        : expertJoined
                                ? ServiceRequest.ServiceRequestStatus.COMPLETED
                                : ServiceRequest.ServiceRequestStatus.REVOKED);
        request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
        request.setCode(new CodeableConcept(new Coding(EncounterMapper.SNOMED, "11429006", "Consultation")));
        if (order.urgency() != null)
            request.setPriority(ServiceRequest.ServiceRequestPriority.fromCode(order.urgency()));
        String patientId = order.patientId() != null ? order.patientId() : call.patientId();
        if (patientId != null) request.setSubject(DirectoryResources.patientReference(patientId));
        request.setEncounter(encounterReference(order.callId()));
        request.setAuthoredOn(Date.from(order.at()));
        if (order.orderedBy() != null) {
            directory.addPractitioner(order.orderedBy().id(), set);
            request.setRequester(
                    DirectoryResources.practitionerReference(order.orderedBy().id()));
        }
        if (order.specialty() != null) request.setPerformerType(new CodeableConcept().setText(order.specialty()));
        if (order.expertId() != null) {
            directory.addPractitioner(order.expertId(), set);
            request.addPerformer(DirectoryResources.practitionerReference(order.expertId()));
        }
        if (order.reason() != null) request.addReasonCode(new CodeableConcept().setText(order.reason()));
        return request;
    }

    /** The closing note: R4 Encounter has no note element, ClinicalImpression is the assessment record. */
    ClinicalImpression impression(ConsultNoteRecorded note, CallProjection call) {
        ClinicalImpression impression = new ClinicalImpression();
        impression.setId(RecordIds.id("note", note.callId(), Long.toString(note.sequence())));
        impression.addIdentifier(RecordIds.identifier(RecordIds.PROVENANCE_SYSTEM, note.eventId()));
        impression.setStatus(ClinicalImpression.ClinicalImpressionStatus.COMPLETED);
        if (call.patientId() != null) impression.setSubject(DirectoryResources.patientReference(call.patientId()));
        impression.setEncounter(encounterReference(note.callId()));
        impression.setDate(Date.from(note.at()));
        if (note.author() != null && note.author().role() != Role.PATIENT_DEVICE) {
            impression.setAssessor(
                    DirectoryResources.practitionerReference(note.author().id()));
        }
        if (note.reason() != null) impression.setDescription(note.reason());
        if (note.note() != null) impression.setSummary(note.note());
        return impression;
    }

    /** Who recorded what, when (https://hl7.org/fhir/R4/provenance.html). */
    private static Provenance provenance(DomainEvent event, Party recorder, List<Resource> targets) {
        Provenance provenance = new Provenance();
        provenance.setId(RecordIds.provenance(event.callId(), event.sequence()));
        for (Resource target : targets) {
            provenance.addTarget(new Reference(
                    target.fhirType() + "/" + target.getIdElement().getIdPart()));
        }
        provenance.setRecorded(Date.from(event.at()));
        provenance.setActivity(new CodeableConcept(new Coding(DATA_OPERATION, "CREATE", "create")));
        Provenance.ProvenanceAgentComponent agent = provenance.addAgent();
        agent.setType(new CodeableConcept(new Coding(PROVENANCE_AGENT_TYPE, "author", "Author")));
        if (recorder != null && recorder.role() != Role.PATIENT_DEVICE) {
            agent.setWho(DirectoryResources.practitionerReference(recorder.id()));
            if (recorder.organizationId() != null) {
                agent.setOnBehalfOf(DirectoryResources.organizationReference(recorder.organizationId()));
            }
        } else if (recorder != null) {
            agent.setWho(new Reference("Device/" + RecordIds.device(recorder.id())));
        }
        // The source event, so an auditor can find the outbox entry this came from.
        provenance
                .addEntity()
                .setRole(Provenance.ProvenanceEntityRole.SOURCE)
                .setWhat(new Reference()
                        .setIdentifier(RecordIds.identifier(RecordIds.PROVENANCE_SYSTEM, event.eventId())));
        return provenance;
    }

    static Reference encounterReference(String callId) {
        return RecordIds.reference("Encounter", RecordIds.encounter(callId), RecordIds.CALL_SYSTEM, callId);
    }
}
