package org.ruralconsult.fhir;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ruralconsult.domain.directory.Role;
import org.ruralconsult.domain.event.CallAnswered;
import org.ruralconsult.domain.event.CallCreated;
import org.ruralconsult.domain.event.CallEnded;
import org.ruralconsult.domain.event.CallKind;
import org.ruralconsult.domain.event.CallOutcome;
import org.ruralconsult.domain.event.CallRinging;
import org.ruralconsult.domain.event.ConsultMessageSent;
import org.ruralconsult.domain.event.ConsultNoteRecorded;
import org.ruralconsult.domain.event.ConsultRated;
import org.ruralconsult.domain.event.DomainEvent;
import org.ruralconsult.domain.event.ExpertConsultOrdered;
import org.ruralconsult.domain.event.ParticipantJoined;
import org.ruralconsult.domain.event.ParticipantLeft;
import org.ruralconsult.domain.event.Party;
import org.ruralconsult.domain.event.VitalsRecorded;

/** The domain events of whole consults, as the signaling server emits them. */
public final class ConsultScript {
    public static final Instant START = Instant.parse("2026-11-20T02:00:00Z");

    private final TestCounty county;
    private final Instant start;

    public ConsultScript(TestCounty county) {
        this(county, START);
    }

    /** Consults that begin at {@code start} instead of {@link #START} (newer than other tests' on a shared server). */
    public ConsultScript(TestCounty county, Instant start) {
        this.county = county;
        this.start = start;
    }

    public Instant start() {
        return start;
    }

    public Party doctor() {
        return new Party(TestCounty.DOCTOR, Role.TOWNSHIP_DOCTOR, TestCounty.TOWNSHIP, null);
    }

    public Party expert() {
        return new Party(TestCounty.EXPERT, Role.COUNTY_EXPERT, TestCounty.COUNTY, null);
    }

    public Party staff() {
        return new Party(TestCounty.STAFF, Role.CARE_HOME_STAFF, TestCounty.CARE_HOME, null);
    }

    public Party villagerTv() {
        return new Party(county.villagerTv(), Role.PATIENT_DEVICE, TestCounty.VILLAGE, county.villager());
    }

    public Party residentTv() {
        return new Party(county.residentTv(), Role.PATIENT_DEVICE, TestCounty.CARE_HOME, county.resident());
    }

    private Instant at(int minute, int second) {
        return start.plusSeconds(minute * 60L + second);
    }

    /**
     * The township doctor calls the villager's TV, the TV answers, the doctor orders a cardiology
     * consult, the county expert joins, vitals and a note are entered, everyone leaves, the call ends.
     */
    public List<DomainEvent> threeWayConsult(String callId) {
        return threeWayConsult(callId, false);
    }

    /**
     * {@link #threeWayConsult} with the patient's side: the doctor sends a text to the TV during the
     * consult, and the TV sends 4 stars two minutes after the call ended.
     */
    public List<DomainEvent> threeWayConsultWithMessageAndRating(String callId) {
        return threeWayConsult(callId, true);
    }

    private List<DomainEvent> threeWayConsult(String callId, boolean patientSide) {
        String patient = county.villager();
        List<DomainEvent> events = new ArrayList<>();
        long s = 0;
        events.add(new CallCreated(
                callId,
                ++s,
                at(0, 0),
                CallKind.DOCTOR_TO_TV,
                doctor(),
                patient,
                TestCounty.TOWNSHIP,
                TestCounty.VILLAGE));
        events.add(new ParticipantJoined(callId, ++s, at(0, 1), doctor()));
        events.add(new CallRinging(callId, ++s, at(0, 1), List.of(villagerTv())));
        events.add(new CallAnswered(callId, ++s, at(0, 10), villagerTv()));
        events.add(new ParticipantJoined(callId, ++s, at(0, 10), villagerTv()));
        events.add(new ExpertConsultOrdered(
                callId,
                ++s,
                at(3, 0),
                "order-" + callId,
                doctor(),
                patient,
                "cardiology",
                TestCounty.EXPERT,
                "urgent",
                "chest tightness, irregular pulse"));
        events.add(new ParticipantJoined(callId, ++s, at(5, 0), expert()));
        events.add(new VitalsRecorded(callId, ++s, at(6, 0), doctor(), patient, 152, 94, 88, 7.8));
        if (patientSide) {
            events.add(new ConsultMessageSent(callId, ++s, at(13, 0), doctor(), patient, "氨氯地平改为每天10毫克，本周来卫生院做心电图"));
        }
        events.add(new ConsultNoteRecorded(
                callId,
                ++s,
                at(14, 0),
                doctor(),
                "Hypertension follow-up with palpitations",
                "Adjust amlodipine to 10 mg; ECG at the township centre this week."));
        events.add(new ParticipantLeft(callId, ++s, at(15, 0), expert(), "left"));
        events.add(new ParticipantLeft(callId, ++s, at(16, 0), villagerTv(), "left"));
        events.add(new ParticipantLeft(callId, ++s, at(16, 5), doctor(), "left"));
        events.add(new CallEnded(callId, ++s, at(16, 5), doctor(), CallOutcome.COMPLETED, "hangup"));
        if (patientSide) {
            events.add(new ConsultRated(callId, ++s, at(18, 5), villagerTv(), patient, 4));
        }
        return events;
    }

    /** Care-home staff start a call for a resident; the TV auto-answers and the doctor joins. */
    public List<DomainEvent> careHomeConsult(String callId) {
        return careHomeConsult(callId, false);
    }

    /** {@link #careHomeConsult} where the staff send a text to the resident's TV and the TV gives 5 stars. */
    public List<DomainEvent> careHomeConsultWithMessageAndRating(String callId) {
        return careHomeConsult(callId, true);
    }

    private List<DomainEvent> careHomeConsult(String callId, boolean patientSide) {
        String patient = county.resident();
        List<DomainEvent> events = new ArrayList<>();
        long s = 0;
        events.add(new CallCreated(
                callId,
                ++s,
                at(20, 0),
                CallKind.CARE_HOME_FOR_RESIDENT,
                staff(),
                patient,
                TestCounty.TOWNSHIP,
                TestCounty.CARE_HOME));
        events.add(new ParticipantJoined(callId, ++s, at(20, 0), staff()));
        events.add(new ParticipantJoined(callId, ++s, at(20, 1), residentTv()));
        events.add(new CallRinging(callId, ++s, at(20, 1), List.of(doctor())));
        events.add(new CallAnswered(callId, ++s, at(20, 30), doctor()));
        events.add(new ParticipantJoined(callId, ++s, at(20, 30), doctor()));
        events.add(new VitalsRecorded(callId, ++s, at(22, 0), staff(), patient, 138, null, null, null));
        if (patientSide) {
            events.add(new ConsultMessageSent(callId, ++s, at(23, 0), staff(), patient, "李医生在看您的血压记录，请稍等"));
        }
        events.add(new ParticipantLeft(callId, ++s, at(24, 0), doctor(), "connection_lost"));
        events.add(new ParticipantJoined(callId, ++s, at(24, 40), doctor()));
        events.add(new CallEnded(callId, ++s, at(30, 0), null, CallOutcome.COMPLETED, "all_left"));
        if (patientSide) {
            events.add(new ConsultRated(callId, ++s, at(30, 20), residentTv(), patient, 5));
        }
        return events;
    }

    /** The doctor rings the villager's TV and nobody answers. */
    public List<DomainEvent> missedCall(String callId) {
        List<DomainEvent> events = new ArrayList<>();
        events.add(new CallCreated(
                callId,
                1,
                at(40, 0),
                CallKind.DOCTOR_TO_TV,
                doctor(),
                county.villager(),
                TestCounty.TOWNSHIP,
                TestCounty.VILLAGE));
        events.add(new CallRinging(callId, 2, at(40, 0), List.of(villagerTv())));
        events.add(new CallEnded(callId, 3, at(41, 0), null, CallOutcome.MISSED, "ring_timeout"));
        return events;
    }
}
