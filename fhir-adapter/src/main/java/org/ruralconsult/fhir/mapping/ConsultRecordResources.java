package org.ruralconsult.fhir.mapping;

import java.util.Date;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Communication;
import org.hl7.fhir.r4.model.ContactDetail;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.ruralconsult.domain.directory.Role;
import org.ruralconsult.domain.event.ConsultMessageSent;
import org.ruralconsult.domain.event.ConsultRated;

/**
 * The patient's side of the record: the stars given on the TV after a consult (a QuestionnaireResponse
 * against the {@link #ratingQuestionnaire() Questionnaire we publish}), and the texts a clinician sent to
 * the patient's screen during the consult (Communication: it was said to the patient, so it belongs in
 * the record like anything said aloud).
 */
public final class ConsultRecordResources {
    /** Canonical URL of the patient's rating questionnaire; its {@code version} is {@link #RATING_VERSION}. */
    public static final String RATING_URL = "https://ruralconsult.org/fhir/Questionnaire/consult-rating-patient";

    public static final String RATING_VERSION = "1";
    public static final String RATING_CANONICAL = RATING_URL + "|" + RATING_VERSION;
    public static final String RATING_QUESTIONNAIRE_ID = "consult-rating-patient";
    public static final String STARS_LINK_ID = "stars";
    public static final String RATING_SYSTEM = RecordIds.SYSTEM_BASE + "consult-rating";
    public static final String MESSAGE_SYSTEM = RecordIds.SYSTEM_BASE + "consult-message";
    static final String COMMUNICATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/communication-category";
    static final String PARTICIPATION_MODE = "http://terminology.hl7.org/CodeSystem/v3-ParticipationMode";

    private ConsultRecordResources() {}

    /**
     * The questionnaire the TV's rating screen asks (https://hl7.org/fhir/R4/questionnaire.html): one
     * required integer item, 1 to 5 stars. It is PUT with a fixed id in every bundle that carries a
     * rating, so any FHIR server that holds a rating also holds what it answers (an unchanged PUT keeps
     * the version on HAPI). A new wording or scale is a new {@code version}, never an edit of this one.
     */
    public static Questionnaire ratingQuestionnaire() {
        Questionnaire q = new Questionnaire();
        q.setId(RATING_QUESTIONNAIRE_ID);
        q.setUrl(RATING_URL);
        q.setVersion(RATING_VERSION);
        q.setName("ConsultRatingPatient");
        q.setTitle("患者对本次视频会诊的评价 (Patient's rating of the video consult)");
        q.setStatus(Enumerations.PublicationStatus.ACTIVE);
        q.setPublisher("Rural Consult");
        q.addContact(new ContactDetail()
                .setName("Rural Consult")
                .addTelecom(new ContactPoint()
                        .setSystem(ContactPoint.ContactPointSystem.URL)
                        .setValue("https://ruralconsult.org")));
        q.setDescription("Asked on the patient's TV after a consult: 1 to 5 stars chosen with the remote.");
        q.addSubjectType("Patient");
        Questionnaire.QuestionnaireItemComponent item = q.addItem();
        item.setLinkId(STARS_LINK_ID);
        item.setText("您对这次看病满意吗？(How satisfied are you with this consult? 1-5 stars)");
        item.setType(Questionnaire.QuestionnaireItemType.INTEGER);
        item.setRequired(true);
        item.addExtension("http://hl7.org/fhir/StructureDefinition/minValue", new IntegerType(1));
        item.addExtension("http://hl7.org/fhir/StructureDefinition/maxValue", new IntegerType(5));
        return q;
    }

    /**
     * The stars of one TV for one call (https://hl7.org/fhir/R4/questionnaireresponse.html): one id per
     * (call, TV), as the engine takes one rating per TV and call.
     */
    static QuestionnaireResponse rating(ConsultRated rated, CallProjection call, Reference tv) {
        QuestionnaireResponse qr = new QuestionnaireResponse();
        qr.setId(RecordIds.id("qr", rated.callId(), rated.rater().id()));
        qr.setIdentifier(RecordIds.identifier(
                RATING_SYSTEM, rated.callId() + "/" + rated.rater().id()));
        qr.setQuestionnaire(RATING_CANONICAL);
        qr.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
        String patientId = rated.patientId() != null ? rated.patientId() : call.patientId();
        if (patientId != null) {
            qr.setSubject(DirectoryResources.patientReference(patientId));
            // The patient answered, with the TV's remote: source is the patient, author the device.
            qr.setSource(DirectoryResources.patientReference(patientId));
        }
        qr.setEncounter(ClinicalRecordMapper.encounterReference(rated.callId()));
        qr.setAuthored(Date.from(rated.at()));
        if (tv != null) qr.setAuthor(tv);
        qr.addItem().setLinkId(STARS_LINK_ID).addAnswer().setValue(new IntegerType(rated.stars()));
        return qr;
    }

    /** A clinician's text shown on the patient's TV (https://hl7.org/fhir/R4/communication.html). */
    static Communication message(ConsultMessageSent sent, CallProjection call) {
        Communication c = new Communication();
        c.setId(RecordIds.id("msg", sent.callId(), Long.toString(sent.sequence())));
        c.addIdentifier(RecordIds.identifier(MESSAGE_SYSTEM, sent.eventId()));
        c.setStatus(Communication.CommunicationStatus.COMPLETED);
        c.addCategory(new CodeableConcept(new Coding(COMMUNICATION_CATEGORY, "instruction", "Instruction")));
        c.addMedium(new CodeableConcept(new Coding(PARTICIPATION_MODE, "WRITTEN", "written")));
        String patientId = sent.patientId() != null ? sent.patientId() : call.patientId();
        if (patientId != null) {
            c.setSubject(DirectoryResources.patientReference(patientId));
            c.addRecipient(DirectoryResources.patientReference(patientId));
        }
        c.setEncounter(ClinicalRecordMapper.encounterReference(sent.callId()));
        c.setSent(Date.from(sent.at()));
        if (sent.sender() != null && sent.sender().role() != Role.PATIENT_DEVICE) {
            c.setSender(DirectoryResources.practitionerReference(sent.sender().id()));
        }
        c.addPayload().setContent(new StringType(sent.text()));
        return c;
    }
}
