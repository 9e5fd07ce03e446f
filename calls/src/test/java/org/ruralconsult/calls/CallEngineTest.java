package org.ruralconsult.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ruralconsult.calls.testing.TestCounty.practitioner;
import static org.ruralconsult.calls.testing.TestCounty.tv;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ruralconsult.calls.store.MemoryStateStore;
import org.ruralconsult.calls.testing.MutableClock;
import org.ruralconsult.calls.testing.RecordingSink;
import org.ruralconsult.calls.testing.TestCounty;
import org.ruralconsult.domain.event.CallAnswered;
import org.ruralconsult.domain.event.CallCreated;
import org.ruralconsult.domain.event.CallEnded;
import org.ruralconsult.domain.event.CallOutcome;
import org.ruralconsult.domain.event.ConsultMessageSent;
import org.ruralconsult.domain.event.ConsultRated;
import org.ruralconsult.domain.event.DomainEvent;
import org.ruralconsult.domain.event.ExpertConsultOrdered;
import org.ruralconsult.domain.event.ParticipantJoined;
import org.ruralconsult.domain.event.ParticipantLeft;
import org.ruralconsult.domain.event.Party;
import org.ruralconsult.domain.event.VitalsRecorded;

class CallEngineTest {
    final MutableClock clock = new MutableClock();
    final RecordingSink sink = new RecordingSink();
    MemoryStateStore store;
    CallEngine engine;

    final Party docA1 = practitioner("doc-a1");
    final Party docA2 = practitioner("doc-a2");
    final Party docB1 = practitioner("doc-b1");
    final Party expert = practitioner("exp-cardio");
    final Party expert2 = practitioner("exp-cardio2");
    final Party staff = practitioner("staff-a");
    final Party tvHome = tv("tv-home");
    final Party tvCare = tv("tv-care");

    @BeforeEach
    void start() {
        store = new MemoryStateStore(clock);
        engine = new CallEngine(TestCounty.directory(), store, sink, CallOptions.defaults(), clock);
    }

    @AfterEach
    void stop() {
        store.close();
    }

    void online(Party... parties) {
        for (Party p : parties) {
            engine.presence().connect(p.id(), "conn-" + p.id());
        }
    }

    void onDuty(Party... parties) {
        online(parties);
        for (Party p : parties) {
            engine.presence().setOnDuty(p.id(), true);
        }
    }

    MemberState stateOf(Call call, Party p) {
        return call.member(p.id()).orElseThrow().state();
    }

    @Test
    void doctorCallsTvWhichAnswersWithOneAcceptAndTheConsultIsRecorded() {
        Call call = engine.placeCall(docA1, new CallTarget.PatientTv("pat-home"));
        assertEquals(CallState.RINGING, call.state());
        assertEquals(MemberState.RINGING, stateOf(call, tvHome));

        call = engine.accept(call.id(), tvHome);
        assertEquals(CallState.ACTIVE, call.state());
        assertEquals(2, call.presentCount());

        call = engine.end(call.id(), docA1, "consult done");
        assertEquals(CallState.ENDED, call.state());
        assertEquals(CallOutcome.COMPLETED, call.outcome());
        assertEquals(docA1, call.endedBy());

        assertTrue(sink.events.get(0) instanceof CallCreated);
        assertEquals(1, sink.of(CallAnswered.class).size());
        assertEquals(2, sink.of(ParticipantJoined.class).size());
        assertEquals(2, sink.of(ParticipantLeft.class).size());
        assertEquals(1, sink.of(CallEnded.class).size());
        for (int i = 0; i < sink.events.size(); i++) {
            assertEquals(i + 1, sink.events.get(i).sequence(), "events are numbered in order");
        }
        assertTrue(engine.call(call.id()).orElseThrow().undelivered().isEmpty());
        assertTrue(engine.activeCalls().isEmpty());
    }

    @Test
    void aDoctorCallsOnlyPatientsOfTheirTownship() {
        CallException e =
                assertThrows(CallException.class, () -> engine.placeCall(docB1, new CallTarget.PatientTv("pat-home")));
        assertEquals("forbidden", e.code());
    }

    @Test
    void aTvJoinsOnlyItsOwnPatientsCalls() {
        Call call = engine.placeCall(docA1, new CallTarget.PatientTv("pat-home"));
        assertEquals(
                "forbidden",
                assertThrows(CallException.class, () -> engine.accept(call.id(), tvCare))
                        .code());
    }

    @Test
    void staffCallOnlyForTheirResidents() {
        onDuty(docA1);
        assertEquals(
                "forbidden",
                assertThrows(CallException.class, () -> engine.placeCall(staff, new CallTarget.Resident("pat-home")))
                        .code());
    }

    @Test
    void nobodyCallsAcrossCounties() {
        assertEquals(
                "forbidden",
                assertThrows(
                                CallException.class,
                                () -> engine.placeCall(docA1, new CallTarget.Practitioner("exp-other")))
                        .code());
    }

    @Test
    void callMyDoctorRingsEveryOnDutyDoctorAndTheFirstToAcceptTakesIt() {
        onDuty(docA1, docA2, docB1);
        Call call = engine.placeCall(tvHome, new CallTarget.OnDutyDoctors());
        assertEquals(MemberState.RINGING, stateOf(call, docA1));
        assertEquals(MemberState.RINGING, stateOf(call, docA2));
        assertTrue(call.member(docB1.id()).isEmpty(), "only the patient's township is rung");

        call = engine.accept(call.id(), docA2);
        assertEquals(MemberState.RING_CANCELLED, stateOf(call, docA1), "the others stop ringing at once");
        String id = call.id();
        assertEquals(
                "already_answered",
                assertThrows(CallException.class, () -> engine.accept(id, docA1))
                        .code());
    }

    @Test
    void callMyDoctorWithNobodyOnDutyIsAClearError() {
        online(docA1);
        assertEquals(
                "no_one_available",
                assertThrows(CallException.class, () -> engine.placeCall(tvHome, new CallTarget.OnDutyDoctors()))
                        .code());
    }

    @Test
    void careHomeTvAnswersByItselfAndTheOnDutyDoctorIsRung() {
        onDuty(docA1);
        online(tvCare);
        Call call = engine.placeCall(staff, new CallTarget.Resident("pat-care"));
        assertEquals(MemberState.JOINED, stateOf(call, tvCare), "auto-answer for a care-home TV that is on");
        assertEquals(MemberState.RINGING, stateOf(call, docA1));
        call = engine.accept(call.id(), docA1);
        assertEquals(CallState.ACTIVE, call.state());
        assertEquals(3, call.presentCount());
        assertEquals(3, sink.of(ParticipantJoined.class).size());
    }

    @Test
    void unansweredRingTimesOutAsMissed() {
        Call call = engine.placeCall(docA1, new CallTarget.PatientTv("pat-home"));
        clock.advance(CallOptions.DEFAULT_RING_TIMEOUT.minusSeconds(1));
        engine.tick();
        assertEquals(CallState.RINGING, engine.call(call.id()).orElseThrow().state());
        clock.advance(Duration.ofSeconds(1));
        engine.tick();
        Call ended = engine.call(call.id()).orElseThrow();
        assertEquals(CallState.ENDED, ended.state());
        assertEquals(CallOutcome.MISSED, ended.outcome());
        assertEquals(MemberState.MISSED, stateOf(ended, tvHome));
    }

    @Test
    void declineEndsAOneToOneCallAsDeclined() {
        Call call = engine.placeCall(docA1, new CallTarget.PatientTv("pat-home"));
        call = engine.decline(call.id(), tvHome);
        assertEquals(CallOutcome.DECLINED, call.outcome());
    }

    @Test
    void acceptAfterCancelFails() {
        Call call = engine.placeCall(docA1, new CallTarget.PatientTv("pat-home"));
        engine.cancel(call.id(), docA1);
        CallException e = assertThrows(CallException.class, () -> engine.accept(call.id(), tvHome));
        assertEquals("illegal_state", e.code());
        assertEquals(CallOutcome.CANCELLED, engine.call(call.id()).orElseThrow().outcome());
    }

    @Test
    void cancelAfterAcceptFails() {
        Call call = engine.placeCall(docA1, new CallTarget.PatientTv("pat-home"));
        engine.accept(call.id(), tvHome);
        CallException e = assertThrows(CallException.class, () -> engine.cancel(call.id(), docA1));
        assertEquals("illegal_state", e.code());
        assertEquals(CallState.ACTIVE, engine.call(call.id()).orElseThrow().state());
    }

    @Test
    void onlyTheCallerCancels() {
        Call call = engine.placeCall(docA1, new CallTarget.PatientTv("pat-home"));
        assertEquals(
                "forbidden",
                assertThrows(CallException.class, () -> engine.cancel(call.id(), tvHome))
                        .code());
    }

    @Test
    void expertIsInvitedLeavesAndRejoinsWhileTheCallGoesOn() {
        onDuty(expert, expert2);
        Call call = engine.placeCall(docA1, new CallTarget.PatientTv("pat-home"));
        engine.accept(call.id(), tvHome);
        call = engine.invite(call.id(), docA1, InviteTarget.specialty("cardiology"), "chest pain", "urgent");
        assertEquals(MemberState.RINGING, stateOf(call, expert));
        assertEquals(MemberState.RINGING, stateOf(call, expert2));
        assertEquals("chest pain", call.member(expert.id()).orElseThrow().reason());
        ExpertConsultOrdered order = sink.of(ExpertConsultOrdered.class).get(0);
        assertEquals("cardiology", order.specialty());
        assertEquals("urgent", order.urgency());

        call = engine.accept(call.id(), expert2);
        assertEquals(MemberState.RING_CANCELLED, stateOf(call, expert));
        assertEquals(3, call.presentCount());

        call = engine.leave(call.id(), expert2);
        assertEquals(CallState.ACTIVE, call.state(), "two people are still in the consult");
        call = engine.rejoin(call.id(), expert2);
        assertEquals(3, call.presentCount());
    }

    @Test
    void onlyADoctorInTheCallInvites() {
        Call call = engine.placeCall(docA1, new CallTarget.PatientTv("pat-home"));
        engine.accept(call.id(), tvHome);
        assertEquals(
                "forbidden",
                assertThrows(
                                CallException.class,
                                () -> engine.invite(call.id(), tvHome, InviteTarget.expert("exp-cardio"), "x", null))
                        .code());
    }

    @Test
    void droppedConnectionResumesWithinGraceElseLeaves() {
        Call call = engine.placeCall(docA1, new CallTarget.PatientTv("pat-home"));
        engine.accept(call.id(), tvHome);
        call = engine.connectionLost(call.id(), tvHome);
        assertEquals(MemberState.DISCONNECTED, stateOf(call, tvHome));
        clock.advance(Duration.ofSeconds(10));
        engine.tick();
        call = engine.rejoin(call.id(), tvHome);
        assertEquals(MemberState.JOINED, stateOf(call, tvHome));
        assertEquals(CallState.ACTIVE, call.state());

        engine.connectionLost(call.id(), tvHome);
        clock.advance(CallOptions.DEFAULT_GRACE_PERIOD);
        engine.tick();
        Call ended = engine.call(call.id()).orElseThrow();
        assertEquals(CallState.ENDED, ended.state(), "alone after the TV's grace ran out");
        assertTrue(
                sink.of(ParticipantLeft.class).stream().anyMatch(l -> l.reason().equals("connection_lost")));
    }

    @Test
    void vitalsComeOnlyFromAClinicianWhoTookPart() {
        Call call = engine.placeCall(docA1, new CallTarget.PatientTv("pat-home"));
        engine.accept(call.id(), tvHome);
        engine.recordVitals(call.id(), docA1, new Vitals(150, 95, 80, 7.2));
        VitalsRecorded v = sink.of(VitalsRecorded.class).get(0);
        assertEquals("pat-home", v.patientId());
        assertEquals(150, v.systolicMmHg());
        assertEquals(
                "forbidden",
                assertThrows(
                                CallException.class,
                                () -> engine.recordVitals(call.id(), tvHome, new Vitals(1, 1, 1, 1.0)))
                        .code());
        assertEquals(
                "invalid",
                assertThrows(
                                CallException.class,
                                () -> engine.recordVitals(call.id(), docA1, new Vitals(900, 95, null, null)))
                        .code());
    }

    @Test
    void careHomeStaffWhoTookPartRecordVitalsButNotNotes() {
        onDuty(docA1);
        online(tvCare);
        Call call = engine.placeCall(staff, new CallTarget.Resident("pat-care"));
        engine.accept(call.id(), docA1);
        engine.recordVitals(call.id(), staff, new Vitals(138, 84, 72, null));
        VitalsRecorded v = sink.of(VitalsRecorded.class).get(0);
        assertEquals("pat-care", v.patientId());
        assertEquals(staff, v.recordedBy());
        assertEquals(
                "forbidden",
                assertThrows(CallException.class, () -> engine.recordNote(call.id(), staff, null, "note"))
                        .code(),
                "the note stays the clinicians'");
        assertEquals(
                "invalid",
                assertThrows(
                                CallException.class,
                                () -> engine.recordVitals(call.id(), staff, new Vitals(900, 95, null, null)))
                        .code(),
                "the same ranges as for a doctor");
        Call other = engine.placeCall(docA1, new CallTarget.PatientTv("pat-home"));
        assertThrows(
                CallException.class, () -> engine.recordVitals(other.id(), staff, new Vitals(120, 80, null, null)));
    }

    @Test
    void aClinicianInTheLiveCallSendsACleanTextMessage() {
        Call call = engine.placeCall(docA1, new CallTarget.PatientTv("pat-home"));
        assertEquals(
                "illegal_state",
                assertThrows(CallException.class, () -> engine.sendMessage(call.id(), docA1, "hello"))
                        .code(),
                "not while it rings");
        engine.accept(call.id(), tvHome);

        ConsultMessageSent sent = engine.sendMessage(call.id(), docA1, "  \u202e请\u0000明天\u001b[31m\n来复查  ");
        assertEquals("请明天[31m 来复查", sent.text(), "controls and bidi overrides stripped, trimmed");
        assertEquals(docA1, sent.sender());
        assertEquals("pat-home", sent.patientId());
        assertEquals(sent, sink.of(ConsultMessageSent.class).get(0));

        assertEquals(
                "forbidden",
                assertThrows(CallException.class, () -> engine.sendMessage(call.id(), tvHome, "hi"))
                        .code(),
                "not the TV");
        assertEquals(
                "forbidden",
                assertThrows(CallException.class, () -> engine.sendMessage(call.id(), docA2, "hi"))
                        .code(),
                "not a non-member");
        assertEquals(
                "invalid",
                assertThrows(CallException.class, () -> engine.sendMessage(call.id(), docA1, " \u200b\u0007 "))
                        .code(),
                "nothing left after cleaning");
        assertEquals(
                "invalid",
                assertThrows(CallException.class, () -> engine.sendMessage(call.id(), docA1, "字".repeat(201)))
                        .code());
        assertEquals(
                "字".repeat(200),
                engine.sendMessage(call.id(), docA1, "字".repeat(200)).text());
        engine.end(call.id(), docA1, "done");
        assertEquals(
                "illegal_state",
                assertThrows(CallException.class, () -> engine.sendMessage(call.id(), docA1, "late"))
                        .code(),
                "not after the end");
    }

    @Test
    void theTvRatesOnceAfterTheCallEndedWithinRetention() {
        Call call = engine.placeCall(docA1, new CallTarget.PatientTv("pat-home"));
        engine.accept(call.id(), tvHome);
        engine.end(call.id(), docA1, "done");
        clock.advance(Duration.ofMinutes(5));

        Call rated = engine.rate(call.id(), tvHome, 4);
        assertEquals(4, rated.member("tv-home").orElseThrow().stars());
        ConsultRated event = sink.of(ConsultRated.class).get(0);
        assertEquals(4, event.stars());
        assertEquals(tvHome, event.rater());
        assertEquals("pat-home", event.patientId());
        assertEquals(clock.instant(), event.at());

        engine.rate(call.id(), tvHome, 4);
        assertEquals(1, sink.of(ConsultRated.class).size(), "the same stars again: a resend, nothing new");
        assertEquals(
                "illegal_state",
                assertThrows(CallException.class, () -> engine.rate(call.id(), tvHome, 2))
                        .code(),
                "other stars: refused");
        assertEquals(
                "forbidden",
                assertThrows(CallException.class, () -> engine.rate(call.id(), docA1, 5))
                        .code(),
                "only the TV");
        assertEquals(
                "forbidden",
                assertThrows(CallException.class, () -> engine.rate(call.id(), tvCare, 5))
                        .code(),
                "only a member");
        assertEquals(
                "invalid",
                assertThrows(CallException.class, () -> engine.rate(call.id(), tvHome, 6))
                        .code());

        clock.advance(CallOptions.defaults().endedRetention().plusMinutes(1));
        assertEquals(
                "not_found",
                assertThrows(CallException.class, () -> engine.rate(call.id(), tvHome, 4))
                        .code(),
                "after the retention the call is gone");
    }

    @Test
    void aTvThatNeverAnsweredCannotRate() {
        Call call = engine.placeCall(docA1, new CallTarget.PatientTv("pat-home"));
        engine.decline(call.id(), tvHome);
        assertEquals(
                "illegal_state",
                assertThrows(CallException.class, () -> engine.rate(call.id(), tvHome, 3))
                        .code());
    }

    @Test
    void eventsThatTheSinkRefusedAreDeliveredLaterAndNeverLost() {
        sink.failing.set(true);
        Call call = engine.placeCall(docA1, new CallTarget.PatientTv("pat-home"));
        engine.accept(call.id(), tvHome);
        assertTrue(sink.events.isEmpty());
        assertEquals(5, engine.call(call.id()).orElseThrow().undelivered().size());

        sink.failing.set(false);
        engine.tick();
        assertEquals(5, sink.events.size());
        assertTrue(engine.call(call.id()).orElseThrow().undelivered().isEmpty());
        sink.events.stream().map(DomainEvent::eventId).forEach(id -> assertNotNull(id));
    }

    @Test
    void everyNodeHearsCallUpdatesAndPresence() throws Exception {
        List<BusMessage> heard = new CopyOnWriteArrayList<>();
        try (AutoCloseable s = engine.subscribe(heard::add)) {
            online(docA1, tvHome);
            Call call = engine.placeCall(docA1, new CallTarget.PatientTv("pat-home"));
            engine.accept(call.id(), tvHome);
            long deadline = System.currentTimeMillis() + 5000;
            while (heard.stream()
                            .noneMatch(m -> m instanceof BusMessage.PresenceUpdate p
                                    && p.partyId().equals("tv-home")
                                    && p.state() == PresenceState.BUSY)
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(heard.stream()
                    .anyMatch(m ->
                            m instanceof BusMessage.CallUpdate u && u.call().state() == CallState.ACTIVE));
            assertEquals(PresenceState.BUSY, engine.presence().of("tv-home").state());
        }
    }

    @Test
    void pairingCodesAreSingleUse() {
        String code = engine.pairing().issue("session-1");
        assertEquals(6, code.length());
        assertEquals(
                "session-1", engine.pairing().bind(code, "pat-home", "tv-home").orElseThrow());
        assertTrue(engine.pairing().bind(code, "pat-home", "tv-home").isEmpty());
        assertTrue(engine.pairing().bind("12ab", "pat-home", "tv-home").isEmpty());
        engine.pairing().revoke("tv-home");
        assertTrue(engine.pairing().revokedAt("tv-home").isPresent());
    }
}
