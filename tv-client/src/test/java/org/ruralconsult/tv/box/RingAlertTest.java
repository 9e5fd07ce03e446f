package org.ruralconsult.tv.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ruralconsult.tv.RecordedActions;
import org.ruralconsult.tv.RemoteKey;
import org.ruralconsult.tv.TvApp;
import org.ruralconsult.tv.TvScreen;
import org.ruralconsult.tv.TvTimers;

/** The ring tone and the TV wake follow the screens of a real {@link TvApp}; fakes record start, stop, wake. */
class RingAlertTest {
    final List<String> events = new ArrayList<>();
    final List<Runnable> timers = new ArrayList<>();
    RingAlert ring;
    TvApp app;

    @BeforeEach
    void start() {
        RingTone tone = new RingTone() {
            @Override
            public void start() {
                events.add("tone on");
            }

            @Override
            public void stop() {
                events.add("tone off");
            }
        };
        ring = new RingAlert(tone, () -> events.add("wake"));
        TvTimers manual = (Duration delay, Runnable task) -> {
            timers.add(task);
            return () -> timers.remove(task);
        };
        app = new TvApp(new RecordedActions(events), ring, manual);
        app.signedIn("王芳");
        events.clear();
    }

    /** Keys as the front end passes them: the ring alert first, then the app. */
    void press(RemoteKey key) {
        ring.pressed(key);
        app.press(key);
    }

    void tick() {
        List<Runnable> due = new ArrayList<>(timers);
        timers.clear();
        due.forEach(Runnable::run);
    }

    @Test
    void ringsUntilAnsweredAndStopsAtTheOkBeforeTheServerReplies() {
        app.ringing("c1", "李医生", "血压复查");
        assertEquals(List.of("tone on", "wake"), events);
        assertTrue(ring.toneOn());

        press(RemoteKey.OK);
        assertEquals(List.of("tone on", "wake", "tone off", "accept c1"), events);
        assertFalse(ring.toneOn());
        assertInstanceOf(TvScreen.Ringing.class, app.screen(), "the screen waits for the server");

        app.inCall("c1", List.of("李医生"));
        app.callEnded("c1", true);
        assertEquals(1, count("tone on"));
        assertEquals(1, count("tone off"));
        assertEquals(1, count("wake"));
    }

    @Test
    void anAnswerThatTheServerConfirmsStopsTheToneEvenWithoutTheKeyPath() {
        app.ringing("c1", "李医生", null);
        app.press(RemoteKey.OK); // a front end that does not tell the alert about keys
        assertTrue(ring.toneOn());
        app.inCall("c1", List.of("李医生"));
        assertEquals(List.of("tone on", "wake", "accept c1", "tone off"), events);
    }

    @Test
    void backDeclinesAndStops() {
        app.ringing("c1", "李医生", null);
        press(RemoteKey.BACK);
        assertEquals(List.of("tone on", "wake", "tone off", "decline c1"), events);
        assertInstanceOf(TvScreen.Home.class, app.screen());
        assertFalse(ring.toneOn());
    }

    @Test
    void theCallerHangingUpBeforeTheAnswerStopsIt() {
        app.ringing("c1", "李医生", null);
        app.callEnded("c1", false);
        assertEquals(List.of("tone on", "wake", "tone off"), events);
        assertInstanceOf(TvScreen.Home.class, app.screen());
    }

    @Test
    void aRefusedAnswerStopsItWithTheNotice() {
        app.ringing("c1", "李医生", null);
        app.problem("error.already_answered");
        assertEquals(List.of("tone on", "wake", "tone off"), events);
    }

    @Test
    void hangingUpAfterTheCallRingsNothing() {
        app.ringing("c1", "李医生", null);
        app.inCall("c1", List.of("李医生"));
        app.press(RemoteKey.BACK);
        app.press(RemoteKey.OK);
        app.callEnded("c1", true);
        app.press(RemoteKey.OK);
        assertEquals(List.of("tone on", "wake", "tone off", "hang up c1", "rate c1 3"), events);
    }

    @Test
    void aRepeatedRingingScreenNeitherRestartsTheToneNorWakesAgain() {
        app.ringing("c1", "李医生", null);
        app.ringing("c1", "李医生", "血压复查");
        assertEquals(List.of("tone on", "wake"), events);
    }

    @Test
    void aSilencedRingStaysSilentWhenTheSameCallIsShownAgain() {
        app.ringing("c1", "李医生", null);
        press(RemoteKey.OK);
        app.ringing("c1", "李医生", null);
        assertEquals(List.of("tone on", "wake", "tone off", "accept c1"), events);
    }

    @Test
    void eachNewRingWakesTheTvOnce() {
        app.ringing("c1", "李医生", null);
        press(RemoteKey.BACK);
        app.ringing("c2", "张医生", null);
        assertEquals(List.of("tone on", "wake", "tone off", "decline c1", "tone on", "wake"), events);
    }

    @Test
    void theAutoAnswerCountdownRingsOnceAndStopsWhenItAnswers() {
        app.autoAnswer("c1", "李医生", null, 3);
        tick();
        tick();
        assertInstanceOf(TvScreen.AutoAnswer.class, app.screen());
        assertEquals(List.of("tone on", "wake"), events, "a tick neither restarts the tone nor wakes again");
        tick(); // 0 s: it answers
        assertEquals(List.of("tone on", "wake", "tone off", "accept c1"), events);
    }

    @Test
    void okOnTheCountdownAnswersAndStops() {
        app.autoAnswer("c1", "李医生", null, 5);
        press(RemoteKey.OK);
        assertEquals(List.of("tone on", "wake", "tone off", "accept c1"), events);
    }

    @Test
    void theConnectionLostWhileRingingStopsTheTone() {
        app.ringing("c1", "李医生", null);
        app.connectionLost();
        assertEquals(List.of("tone on", "wake", "tone off"), events);
    }

    @Test
    void aToneOrWakeThatThrowsDoesNotBreakTheScreens() {
        RingTone broken = new RingTone() {
            @Override
            public void start() {
                throw new IllegalStateException("no sound");
            }

            @Override
            public void stop() {
                throw new IllegalStateException("no sound");
            }
        };
        List<TvScreen> shown = new ArrayList<>();
        RingAlert alert = new RingAlert(broken, () -> {
            throw new IllegalStateException("no cec");
        });
        TvApp tv = new TvApp(new RecordedActions(events), alert.andThen(shown::add));
        tv.signedIn("王芳");
        tv.ringing("c1", "李医生", null);
        tv.press(RemoteKey.BACK);
        assertInstanceOf(TvScreen.Home.class, tv.screen());
        assertInstanceOf(TvScreen.Ringing.class, shown.get(shown.size() - 2));
    }

    private long count(String event) {
        return events.stream().filter(event::equals).count();
    }
}
