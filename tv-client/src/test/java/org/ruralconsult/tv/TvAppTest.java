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
        app = new TvApp(new RecordedActions(asked), shown::add);
        app.signedIn("Wang Fang");
    }

    @Test
    void aPausedPictureOffersSoundOnlyOnOkAndOkAgainBringsThePictureBack() {
        app.inCallWith(
                "c1",
                List.of(
                        new TvScreen.Person("Dr. Li", "Clinic", "doc-li"),
                        new TvScreen.Person("Dr. Wang", null, "exp-wang")));
        app.press(RemoteKey.OK);
        assertTrue(asked.isEmpty(), "OK in a call with a picture does nothing");
        app.videoPaused("other-call", true);
        assertFalse(((TvScreen.InCall) app.screen()).videoPaused(), "news of another call changes nothing");
        app.videoPaused("c1", true);
        assertEquals("focus.audio_only", app.screen().focused());
        app.showMessage("Dr. Li", "hello");
        app.press(RemoteKey.OK); // closes the message only
        assertTrue(asked.isEmpty());
        app.press(RemoteKey.OK);
        assertEquals(List.of("audio only c1 true"), asked);
        TvScreen.InCall c = (TvScreen.InCall) app.screen();
        assertTrue(c.audioOnly() && !c.offersAudioOnly());
        app.inCallWith("c1", c.others()); // a new snapshot keeps the choice and the pause
        c = (TvScreen.InCall) app.screen();
        assertTrue(c.audioOnly() && c.videoPaused());
        app.speaking("exp-wang");
        assertEquals(
                "exp-wang", ((TvScreen.InCall) app.screen()).others().get(0).id());
        assertTrue(((TvScreen.InCall) app.screen()).audioOnly(), "the speaker moving keeps audio only");
        app.press(RemoteKey.BACK);
        assertEquals("focus.hang_up", app.screen().focused());
        app.press(RemoteKey.BACK);
        app.press(RemoteKey.OK);
        assertEquals(List.of("audio only c1 true", "audio only c1 false"), asked);
        app.videoPaused("c1", false);
        assertEquals("focus.stay_in_call", app.screen().focused());
    }

    @Test
    void theOthersVideoTracksAreReadFromTheRelaysOffer() {
        String offer = String.join(
                "\r\n",
                "v=0",
                "m=audio 9 UDP/TLS/RTP/SAVPF 111",
                "a=mid:0",
                "a=msid:doc-li c/doc-li/1",
                "m=video 9 UDP/TLS/RTP/SAVPF 96",
                "a=mid:1",
                "a=msid:doc-li c/doc-li/2",
                "m=video 9 UDP/TLS/RTP/SAVPF 96",
                "a=mid:2",
                "a=inactive",
                "a=msid:- -",
                "m=video 9 UDP/TLS/RTP/SAVPF 96",
                "a=mid:3",
                "a=msid:exp-wang c/exp-wang/4",
                "");
        assertEquals(
                java.util.Map.of("doc-li", "c/doc-li/2", "exp-wang", "c/exp-wang/4"),
                OfferedVideo.byParticipant(offer));
    }

    @Test
    void oneOkAnswersARingingCall() {
        app.ringing("c1", "Dr. Li", null);
        assertInstanceOf(TvScreen.Ringing.class, app.screen());
        assertEquals("focus.answer", app.screen().focused());
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
        assertEquals("focus.call_my_doctor", app.screen().focused());
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
        assertEquals("focus.hang_up", app.screen().focused());
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
        assertEquals(3, ((TvScreen.Rating) app.screen()).stars(), "the middle: any rating is two arrows away");
        app.press(RemoteKey.LEFT);
        app.press(RemoteKey.LEFT);
        assertEquals(1, ((TvScreen.Rating) app.screen()).stars());
        app.press(RemoteKey.LEFT);
        assertEquals(1, ((TvScreen.Rating) app.screen()).stars());
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

    final List<Runnable> timers = new ArrayList<>();

    TvApp appWithTimers() {
        shown.clear();
        TvApp a = new TvApp(new RecordedActions(asked), shown::add, (delay, task) -> {
            timers.add(task);
            return () -> timers.remove(task);
        });
        a.signedIn("Wang Fang");
        return a;
    }

    void runTimers() {
        List<Runnable> due = new ArrayList<>(timers);
        timers.clear();
        due.forEach(Runnable::run);
    }

    @Test
    void aCareHomeTvCountsDownThenAnswersByItself() {
        TvApp a = appWithTimers();
        a.autoAnswer("c1", "Dr. Li", null, 3);
        assertEquals(3, ((TvScreen.AutoAnswer) a.screen()).secondsLeft());
        runTimers();
        runTimers();
        assertEquals(1, ((TvScreen.AutoAnswer) a.screen()).secondsLeft());
        assertTrue(asked.isEmpty());
        runTimers();
        assertEquals(List.of("accept c1"), asked);
        assertTrue(timers.isEmpty(), "the countdown stops");
    }

    @Test
    void backStopsAnAutoAnswer() {
        TvApp a = appWithTimers();
        a.autoAnswer("c1", "Dr. Li", null, 5);
        a.press(RemoteKey.BACK);
        assertEquals(List.of("decline c1"), asked);
        assertInstanceOf(TvScreen.Home.class, a.screen());
        assertTrue(timers.isEmpty());
    }

    @Test
    void aTextMessageShowsOverTheCallAndGoesAfterItsTime() {
        TvApp a = appWithTimers();
        a.inCall("c1", List.of("Dr. Li"));
        a.showMessage("Dr. Li", "Please sit closer");
        TvScreen.Message m = assertInstanceOf(TvScreen.Message.class, a.screen());
        assertEquals("Please sit closer", m.text());
        a.inCall("c1", List.of("Dr. Li", "Dr. Zhang"));
        m = assertInstanceOf(TvScreen.Message.class, a.screen());
        assertTrue(((TvScreen.InCall) m.behind()).threeWay(), "the call under the message stays up to date");
        runTimers();
        assertInstanceOf(TvScreen.InCall.class, a.screen());
        a.showMessage("Dr. Li", "Again");
        a.press(RemoteKey.OK);
        assertInstanceOf(TvScreen.InCall.class, a.screen());
        assertTrue(asked.isEmpty(), "OK on a message only closes it");
    }

    @Test
    void connectionLostThenRestoredReturnsToTheCall() {
        TvApp a = appWithTimers();
        a.inCall("c1", List.of("Dr. Li"));
        a.connectionLost();
        assertInstanceOf(TvScreen.Reconnecting.class, a.screen());
        a.press(RemoteKey.BACK);
        a.press(RemoteKey.OK);
        assertInstanceOf(TvScreen.Reconnecting.class, a.screen(), "keys wait for the connection");
        a.connectionRestored();
        TvScreen.InCall c = assertInstanceOf(TvScreen.InCall.class, a.screen());
        assertFalse(c.confirmingHangUp());
    }

    @Test
    void theSpeakerIsShownLargeAndMissingDevicesAreSaid() {
        TvApp a = appWithTimers();
        a.inCallWith(
                "c1", List.of(new TvScreen.Person("Dr. Li", "Township"), new TvScreen.Person("Dr. Zhang", "County")));
        a.speaking("Dr. Zhang");
        assertEquals("Dr. Zhang", ((TvScreen.InCall) a.screen()).others().get(0).name());
        a.inCallWith(
                "c1", List.of(new TvScreen.Person("Dr. Li", "Township"), new TvScreen.Person("Dr. Zhang", "County")));
        assertEquals("Dr. Zhang", ((TvScreen.InCall) a.screen()).others().get(0).name(), "stays large on updates");
        a.devicesMissing(true, false);
        TvScreen.InCall c = (TvScreen.InCall) a.screen();
        assertTrue(c.cameraMissing());
        assertFalse(c.microphoneMissing());
    }

    @Test
    void theSpeakerIsMatchedByPartyIdWhenPeopleHaveIds() {
        TvApp a = appWithTimers();
        // Two people of the same name: only the id tells them apart (the media names the speaker by party id).
        TvScreen.Person li1 = new TvScreen.Person("Dr. Li", "Township", "p-1");
        TvScreen.Person li2 = new TvScreen.Person("Dr. Li", "County", "p-2");
        a.inCallWith("c1", List.of(li1, li2));
        a.speaking("p-2");
        assertEquals(li2, ((TvScreen.InCall) a.screen()).others().get(0));
        a.speaking("p-1");
        assertEquals(li1, ((TvScreen.InCall) a.screen()).others().get(0));
        a.speaking("nobody");
        assertEquals(li1, ((TvScreen.InCall) a.screen()).others().get(0));
        assertEquals(null, new TvScreen.Person("Dr. Li", "Township").id(), "the two-argument Person has no id");
    }

    @Test
    void volumeKeysDoNotChangeTheScreen() {
        app.inCall("c1", List.of("Dr. Li"));
        TvScreen before = app.screen();
        app.press(RemoteKey.VOLUME_UP);
        app.press(RemoteKey.MUTE);
        assertEquals(before, app.screen());
        assertEquals(-1, RemoteKey.VOLUME_UP.digit());
        assertEquals(RemoteKey.DIGIT_7, RemoteKey.ofDigit(7));
    }

    @Test
    void everyWordIsInBothLanguages() {
        TvText zh = TvText.chinese();
        TvText en = TvText.forLanguage("en");
        java.util.Set<String> keys = new java.util.TreeSet<>();
        for (String f : List.of("tv_zh_CN.properties", "tv_en.properties")) {
            java.util.Properties p = new java.util.Properties();
            try (var in = new java.io.InputStreamReader(
                    TvText.class.getResourceAsStream(f), java.nio.charset.StandardCharsets.UTF_8)) {
                p.load(in);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            keys.addAll(p.stringPropertyNames());
        }
        for (String code : ElderWords.CODES) {
            keys.add(ElderWords.of(code));
        }
        keys.add(ElderWords.of("some_new_code"));
        app.pairingCode("1");
        app.ringing("c", "x", null);
        app.autoAnswer("c2", "x", null, 3);
        app.calling("c");
        app.inCall("c", List.of());
        app.videoPaused("c", true);
        app.press(RemoteKey.OK);
        app.press(RemoteKey.BACK);
        app.showMessage("x", "y");
        app.connectionLost();
        app.problem(ElderWords.of("forbidden"));
        app.callEnded("c", true);
        for (TvScreen s : shown) {
            keys.add(s.focused());
        }
        keys.add("notice.starting");
        for (String k : keys) {
            assertTrue(zh.has(k), "zh-CN lacks " + k);
            assertTrue(en.has(k), "en lacks " + k);
        }
        assertEquals("现在没有医生值班，请稍后再试。", zh.get(ElderWords.of("no_one_available")));
        assertEquals("发送 4 颗星", zh.get("focus.send_stars", 4));
        // 2026-03-05 02:20 UTC is 10:20 in Shanghai.
        assertTrue(zh.dateTime(java.time.Instant.parse("2026-03-05T02:20:00Z")).contains("3月5日"));
        assertTrue(zh.dateTime(java.time.Instant.parse("2026-03-05T02:20:00Z")).contains("10:20"));
    }
}
