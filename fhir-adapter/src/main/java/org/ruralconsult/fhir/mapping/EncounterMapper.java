package org.ruralconsult.fhir.mapping;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.Set;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Encounter.EncounterStatus;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.ruralconsult.domain.directory.Role;
import org.ruralconsult.domain.event.CallCreated;
import org.ruralconsult.domain.event.CallEnded;
import org.ruralconsult.domain.event.ConsultNoteRecorded;
import org.ruralconsult.domain.event.ExpertConsultOrdered;
import org.ruralconsult.domain.event.Party;

/**
 * One call as one R4 Encounter (https://hl7.org/fhir/R4/encounter.html), always written whole from the
 * {@link CallProjection}.
 */
public final class EncounterMapper {
    static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
    static final String PARTICIPATION_TYPE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
    static final String SNOMED = "http://snomed.info/sct";

    /**
     * How the visit was held, shaped like R5's Encounter.virtualService (VirtualServiceDetail:
     * channelType, sessionKey; https://hl7.org/fhir/R5/encounter-definitions.html#Encounter.virtualService).
     * The R5 cross-version URL (http://hl7.org/fhir/5.0/StructureDefinition/extension-Encounter.virtualService)
     * is what we would use, but HAPI 8.8's R4 validator rejects it as an error ("invalid Version '5.0'"),
     * so the same structure is carried under our own URL.
     */
    public static final String VIRTUAL_SERVICE_EXTENSION =
            "https://ruralconsult.org/fhir/StructureDefinition/encounter-virtual-service";
    /** Our channel type for R5 virtual-service-type (an example binding that has no entry for TVs). */
    public static final String CHANNEL_SYSTEM = "https://ruralconsult.org/fhir/CodeSystem/virtual-service-type";

    public static final String CHANNEL_TV_VIDEO = "tv-video";
    /** Which TV the patient was seen through: R4 Encounter has no place for a device. */
    public static final String PATIENT_DEVICE_EXTENSION =
            "https://ruralconsult.org/fhir/StructureDefinition/encounter-patient-device";

    private final DirectoryResources directory;

    public EncounterMapper(DirectoryResources directory) {
        this.directory = directory;
    }

    public Encounter encounter(CallProjection call, ResourceSet set) {
        Encounter encounter = new Encounter();
        encounter.setId(RecordIds.encounter(call.callId()));
        encounter.addIdentifier(RecordIds.identifier(RecordIds.CALL_SYSTEM, call.callId()));
        encounter.setStatus(status(call));
        statusHistory(call, encounter);
        // VR "virtual": the patient and the practitioners were not in the same place.
        encounter.setClass_(new Coding(ACT_CODE, "VR", "virtual"));
        encounter.addType(new CodeableConcept(
                new Coding(SNOMED, "448337001", "Telemedicine consultation with patient (procedure)")));

        String patientId = call.patientId();
        if (patientId != null) {
            directory.addPatient(patientId, set);
            encounter.setSubject(DirectoryResources.patientReference(patientId));
        }
        participants(call, encounter, set);
        period(call, encounter);
        locations(call, encounter, set);
        CallCreated created = call.created();
        if (created != null && created.townshipId() != null) {
            directory.addOrganization(created.townshipId(), set);
            encounter.setServiceProvider(DirectoryResources.organizationReference(created.townshipId()));
        }
        for (ExpertConsultOrdered order : call.orders()) {
            encounter.addBasedOn(new Reference("ServiceRequest/" + RecordIds.serviceRequest(order.orderId()))
                    .setIdentifier(RecordIds.identifier(RecordIds.ORDER_SYSTEM, order.orderId())));
        }
        reasons(call, encounter);
        virtualService(call, encounter, set);
        return encounter;
    }

    /**
     * planned until answered, in-progress while live, finished after; a call that was never answered
     * is cancelled ("the Encounter has ended before it has begun", R4 encounter-status).
     */
    static EncounterStatus status(CallProjection call) {
        if (call.ended() != null) return call.answered() != null ? EncounterStatus.FINISHED : EncounterStatus.CANCELLED;
        return call.answered() != null ? EncounterStatus.INPROGRESS : EncounterStatus.PLANNED;
    }

    private static void statusHistory(CallProjection call, Encounter encounter) {
        Instant createdAt = call.created() != null ? call.created().at() : null;
        Instant answeredAt = call.answered() != null ? call.answered().at() : null;
        Instant endedAt = call.ended() != null ? call.ended().at() : null;
        if (createdAt != null) {
            Instant plannedEnd = answeredAt != null ? answeredAt : endedAt;
            encounter.addStatusHistory().setStatus(EncounterStatus.PLANNED).setPeriod(period(createdAt, plannedEnd));
        }
        if (answeredAt != null) {
            encounter.addStatusHistory().setStatus(EncounterStatus.INPROGRESS).setPeriod(period(answeredAt, endedAt));
        }
    }

    private void participants(CallProjection call, Encounter encounter, ResourceSet set) {
        for (CallProjection.Span span : call.practitionerSpans()) {
            Party party = span.party();
            directory.addPractitioner(party.id(), set);
            encounter
                    .addParticipant()
                    .addType(participationType(party.role()))
                    .setPeriod(period(span.joined(), span.left()))
                    .setIndividual(DirectoryResources.practitionerReference(party.id()));
        }
    }

    /** v3-ParticipationType (https://hl7.org/fhir/R4/valueset-encounter-participant-type.html). */
    static CodeableConcept participationType(Role role) {
        Coding coding =
                switch (role) {
                    case TOWNSHIP_DOCTOR -> new Coding(PARTICIPATION_TYPE, "PPRF", "primary performer");
                    case COUNTY_EXPERT -> new Coding(PARTICIPATION_TYPE, "CON", "consultant");
                    default -> new Coding(PARTICIPATION_TYPE, "PART", "Participation");
                };
        return new CodeableConcept(coding);
    }

    /** The visit itself: from answer to end; a call never answered spans its ringing. */
    private static void period(CallProjection call, Encounter encounter) {
        Instant start = call.answered() != null
                ? call.answered().at()
                : call.created() != null ? call.created().at() : null;
        CallEnded ended = call.ended();
        if (start == null) return;
        encounter.setPeriod(period(start, ended != null ? ended.at() : null));
        if (ended != null && call.answered() != null) {
            double minutes = Duration.between(start, ended.at()).toMillis() / 60000.0;
            encounter
                    .getLength()
                    .setValue(Math.round(minutes * 10) / 10.0)
                    .setUnit("min")
                    .setSystem("http://unitsofmeasure.org")
                    .setCode("min");
        }
    }

    private void locations(CallProjection call, Encounter encounter, ResourceSet set) {
        CallCreated created = call.created();
        if (created == null) return;
        Period whole = encounter.getPeriod();
        Encounter.EncounterLocationStatus status = call.ended() != null
                ? Encounter.EncounterLocationStatus.COMPLETED
                : Encounter.EncounterLocationStatus.ACTIVE;
        if (created.patientId() != null) {
            Reference place = directory.addPatientPlace(created.patientId(), created.locationOrganizationId(), set);
            if (place != null) {
                encounter.addLocation().setLocation(place).setStatus(status).setPeriod(whole.copy());
            }
        }
        if (created.townshipId() != null) {
            Reference clinic = directory.addPremises(created.townshipId(), set);
            if (clinic != null) {
                encounter.addLocation().setLocation(clinic).setStatus(status).setPeriod(whole.copy());
            }
        }
    }

    /** The doctor's reasons; the closing note itself is a ClinicalImpression (R4 Encounter has no note). */
    private static void reasons(CallProjection call, Encounter encounter) {
        Set<String> reasons = new LinkedHashSet<>();
        for (ConsultNoteRecorded note : call.notes()) {
            if (note.reason() != null && !note.reason().isBlank()) reasons.add(note.reason());
        }
        for (String reason : reasons) encounter.addReasonCode(new CodeableConcept().setText(reason));
    }

    private void virtualService(CallProjection call, Encounter encounter, ResourceSet set) {
        Extension service = new Extension(VIRTUAL_SERVICE_EXTENSION);
        service.addExtension(
                "channelType", new Coding(CHANNEL_SYSTEM, CHANNEL_TV_VIDEO, "Video consult on the patient's TV"));
        service.addExtension("sessionKey", new StringType(call.callId()));
        encounter.addExtension(service);
        Party tv = call.tv();
        if (tv != null) {
            Reference device = directory.addDevice(tv.id(), set);
            if (device != null) encounter.addExtension(PATIENT_DEVICE_EXTENSION, device);
        }
    }

    static Period period(Instant start, Instant end) {
        Period period = new Period();
        if (start != null) period.setStart(Date.from(start));
        if (end != null) period.setEnd(Date.from(end));
        return period;
    }
}
