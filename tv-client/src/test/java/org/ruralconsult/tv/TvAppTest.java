package org.ruralconsult.tv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TvAppTest {
    final List<String> asked = new ArrayList<>();
    final List<TvScreen> shown = new ArrayList<>();
    TvApp app;

    @BeforeEach
    void start() {
        app = new TvApp(
                new TvActions() {
                    @Override
                    public void accept(String callId) {
                        asked.add("accept " + callId);
                    }

                    @Override
                    public void decline(String callId) {
                        asked.add("decline " + callId);
                    }

                    @Override
                    public void callMyDoctor() {
                        asked.add("call my doctor");
                    }

                    @Override
                    public void cancel(String callId) {
                        asked.add("cancel " + callId);
                    }

                    @Override
                    public void hangUp(String callId) {
                        asked.add("hang up " + callId);
                    }

                    @Override
                    public void rate(String callId, int stars) {
                        asked.add("rate " + callId + " " + stars);
                    }
                },
                shown::add);
        app.signedIn("Wang Fang");
    }

    @Test
    void oneOkAnswersARingingCall() {
        app.ringing("c1", "Dr. Li", null);
        assertInstanceOf(TvScreen.Ringing.class, app.screen());
        assertEquals("Answer", app.screen().focused());
        app.press(RemoteKey.OK);
        assertEquals(List.of("accept c1"), asked);
    }

    @Test
    void backDeclinesAndGoesHome() {
        app.ringing("c1", "Dr. Li", null);
        app.press(RemoteKey.BACK);
        assertEquals(List.of("decline c1"), asked);
        assertInstanceOf(TvScreen.Home.class, app.screen());
    }

    @Test
    void okOnHomeCallsMyDoctor() {
        assertEquals("Call my doctor", app.screen().focused());
        app.press(RemoteKey.OK);
        assertEquals(List.of("call my doctor"), asked);
    }

    @Test
    void hangingUpNeedsBackThenOkSoASlipDoesNotEndTheConsult() {
        app.inCall("c1", List.of("Dr. Li"));
        app.press(RemoteKey.OK);
        app.press(RemoteKey.LEFT);
        assertTrue(asked.isEmpty(), "OK and arrows alone never hang up");
        app.press(RemoteKey.BACK);
        assertEquals("Hang up", app.screen().focused());
        app.press(RemoteKey.BACK);
        assertFalse(((TvScreen.InCall) app.screen()).confirmingHangUp(), "Back again stays in the call");
        app.press(RemoteKey.BACK);
        app.press(RemoteKey.OK);
        assertEquals(List.of("hang up c1"), asked);
    }

    @Test
    void afterAConsultTheElderGivesStarsWithArrowsOrDigits() {
        app.inCall("c1", List.of("Dr. Li"));
        app.callEnded("c1", true);
        assertEquals(5, ((TvScreen.Rating) app.screen()).stars());
        app.press(RemoteKey.LEFT);
        app.press(RemoteKey.LEFT);
        assertEquals(3, ((TvScreen.Rating) app.screen()).stars());
        app.press(RemoteKey.DIGIT_4);
        app.press(RemoteKey.OK);
        assertEquals(List.of("rate c1 4"), asked);
        assertInstanceOf(TvScreen.Home.class, app.screen());
    }

    @Test
    void aMissedRingGoesBackHomeWithoutAskingForStars() {
        app.ringing("c1", "Dr. Li", null);
        app.callEnded("c1", false);
        assertInstanceOf(TvScreen.Home.class, app.screen());
    }

    @Test
    void everyScreenHasSomethingFocused() {
        app.pairingCode("123456");
        app.ringing("c", "x", null);
        app.calling("c");
        app.inCall("c", List.of());
        app.problem("No doctor is on duty now");
        app.callEnded("c", true);
        for (TvScreen s : shown) {
            assertFalse(s.focused().isBlank(), s.toString());
        }
    }

    /** A clock the test moves by hand. */
    static final class HandClock extends java.time.Clock {
        java.time.Instant now = java.time.Instant.parse("2026-11-20T02:00:00Z");

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return now;
        }
    }

    @Test
    void aClinicianMessageIsShownFor15SecondsOverTheCurrentScreen() {
        HandClock clock = new HandClock();
        List<String> rated = new ArrayList<>();
        TvApp tv = new TvApp(
                new TvActions() {
                    @Override
                    public void accept(String callId) {}

                    @Override
                    public void decline(String callId) {}

                    @Override
                    public void callMyDoctor() {}

                    @Override
                    public void cancel(String callId) {}

                    @Override
                    public void hangUp(String callId) {}

                    @Override
                    public void rate(String callId, int stars) {
                        rated.add(callId + " " + stars);
                    }
                },
                s -> {},
                clock);
        tv.signedIn("王秀兰");
        tv.inCall("c1", List.of("李明"));
        TvScreen before = tv.screen();
        assertTrue(tv.message().isEmpty());

        tv.showMessage("李明", "请把血压计放在桌上");
        assertEquals(before, tv.screen(), "the call stays on screen");
        assertEquals("请把血压计放在桌上", tv.message().orElseThrow().text());
        assertEquals("李明", tv.message().orElseThrow().fromName());

        clock.now = clock.now.plusSeconds(14);
        assertTrue(tv.message().isPresent(), "still shown after 14 s");
        tv.press(RemoteKey.BACK);
        assertTrue(((TvScreen.InCall) tv.screen()).confirmingHangUp(), "keys work as before");
        clock.now = clock.now.plusSeconds(1);
        assertTrue(tv.message().isEmpty(), "gone after 15 s");

        tv.callEnded("c1", true);
        tv.press(RemoteKey.DIGIT_4);
        tv.press(RemoteKey.OK);
        assertEquals(List.of("c1 4"), rated, "the confirmed stars are sent");
    }
}
