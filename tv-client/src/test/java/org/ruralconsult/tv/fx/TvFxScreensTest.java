package org.ruralconsult.tv.fx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.text.Font;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.ruralconsult.tv.RecordedActions;
import org.ruralconsult.tv.TvActions;
import org.ruralconsult.tv.TvApp;
import org.ruralconsult.tv.TvScreen;
import org.ruralconsult.tv.TvScreen.Person;
import org.ruralconsult.tv.TvText;
import org.ruralconsult.tv.VideoViews;

/**
 * The JavaFX front end on a real X server (Xvfb) with the real toolkit: key events (as the remote sends
 * them) drive {@link TvApp} through every screen; each screen is checked against the TV's limits in both
 * languages ({@link ScreenChecks}) and saved to docs/screenshots/tv-*.png.
 */
class TvFxScreensTest {
    static final Person LI = new Person("李明 医生", "城关镇卫生院");
    static final Person ZHANG = new Person("张华 主任医师", "临安区人民医院 心内科");
    static Stage stage;
    static Path shots;

    final List<String> asked = new ArrayList<>();
    final List<Runnable> timers = new ArrayList<>();
    final List<String> checked = new ArrayList<>();
    Node largeVideo;
    /** Pictures by party id, for the calls whose people have ids. */
    final java.util.Map<String, Node> pictures = new java.util.HashMap<>();

    TvApp app;
    TvFxView view;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.start();
        shots = Path.of(System.getProperty("tv.screenshots", "target/screenshots"));
        Files.createDirectories(shots);
        stage = FxToolkit.onFx(() -> new Stage());
    }

    @AfterAll
    static void close() throws Exception {
        FxToolkit.onFx(() -> stage.close());
    }

    @BeforeEach
    void tv() throws Exception {
        VideoViews<Node> video = new VideoViews<>() {
            @Override
            public Optional<Node> remote(String callId, Person who) {
                if (who.id() != null && pictures.containsKey(who.id())) {
                    return Optional.of(pictures.get(who.id()));
                }
                return Optional.ofNullable(callId.equals("video") && who.equals(ZHANG) ? largeVideo : null);
            }

            @Override
            public Optional<Node> self(String callId) {
                return Optional.empty();
            }
        };
        Clock clock = Clock.fixed(Instant.parse("2026-03-05T02:20:00Z"), TvText.ZONE);
        FxToolkit.onFx(() -> {
            view = new TvFxView(TvText.chinese(), video, clock, key -> app.press(key));
            app = new TvApp(recorder(), view::show, (delay, task) -> {
                timers.add(task);
                return () -> timers.remove(task);
            });
            stage.setScene(view.scene());
            stage.setWidth(Ui.WIDTH);
            stage.setHeight(Ui.HEIGHT);
            stage.show();
        });
    }

    /** Presses keys as the remote does: key events into the scene, through FxKeys to TvApp. */
    void press(KeyCode... codes) throws Exception {
        FxToolkit.onFx(() -> {
            for (KeyCode code : codes) {
                Event.fireEvent(
                        view.scene().getRoot(),
                        new KeyEvent(KeyEvent.KEY_PRESSED, "", "", code, false, false, false, false));
            }
        });
    }

    void fx(Runnable r) throws Exception {
        FxToolkit.onFx(r);
    }

    /** Checks the screen on show in Chinese and English; saves the screenshot(s). */
    void check(String name, boolean english) throws Exception {
        List<String> problems = FxToolkit.onFx(() -> {
            List<String> found = new ArrayList<>();
            for (TvText t : List.of(TvText.forLanguage("en"), TvText.chinese())) {
                view.language(t);
                view.scene().getRoot().applyCss();
                view.scene().getRoot().layout();
                found.addAll(ScreenChecks.problems(view.drawn(), name + "/" + t.locale()));
                if (t.locale().getLanguage().equals("en") && english) {
                    save(name + "-en");
                }
            }
            save(name);
            return found;
        });
        assertEquals(List.of(), problems, name);
        checked.add(name);
    }

    void save(String name) {
        try {
            FxToolkit.savePng(view.scene().snapshot(null), shots.resolve("tv-" + name + ".png"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    void runTimers() throws Exception {
        fx(() -> {
            List<Runnable> due = new ArrayList<>(timers);
            timers.clear();
            due.forEach(Runnable::run);
        });
    }

    TvScreen screen() throws Exception {
        return FxToolkit.onFx(() -> app.screen());
    }

    @Test
    void theChineseFontIsThere() {
        assertTrue(
                Font.getFamilies().contains("Noto Sans CJK SC"),
                "Noto Sans CJK SC (Debian fonts-noto-cjk) is missing: Chinese would show as boxes");
    }

    @Test
    void everyScreenDrivenByTheRemoteMeetsTheLimitsInBothLanguages() throws Exception {
        fx(() -> app.pairingCode("482915"));
        check("pairing", false);

        fx(() -> app.signedIn("王芳"));
        check("home", true);
        press(KeyCode.ENTER);
        assertEquals(List.of("call my doctor"), asked, "call my doctor: 1 press from home");

        fx(() -> app.calling("c0"));
        check("calling", false);
        press(KeyCode.ESCAPE);
        assertEquals("cancel c0", asked.get(asked.size() - 1));
        assertInstanceOf(TvScreen.Home.class, screen());

        fx(() -> app.problem("error.no_one_available"));
        check("notice", false);
        press(KeyCode.ENTER);
        assertInstanceOf(TvScreen.Home.class, screen());

        asked.clear();
        fx(() -> app.ringing("c1", new TvScreen.Person("李明 医生", "东岭镇卫生院"), "血压复查"));
        check("ringing", true);
        press(KeyCode.ENTER);
        assertEquals(List.of("accept c1"), asked, "answer: 1 press");

        fx(() -> app.inCallWith("c1", List.of(LI)));
        check("incall", false);
        asked.clear();
        press(KeyCode.BACK_SPACE);
        assertTrue(((TvScreen.InCall) screen()).confirmingHangUp());
        check("hangup", false);
        press(KeyCode.ENTER);
        assertEquals(List.of("hang up c1"), asked, "hang up: 2 presses, Back then OK");

        fx(() -> app.inCallWith("c2", List.of(LI, ZHANG)));
        fx(() -> app.caption("李医生：血压有点高，我们请县医院的张主任一起看看。"));
        check("incall-three", false);

        fx(() -> app.showMessage("李明 医生", "请把血压计的袖带绑在左臂上。"));
        check("message", false);
        runTimers();
        assertInstanceOf(TvScreen.InCall.class, screen(), "the message goes after its 15 s");

        fx(() -> app.devicesMissing(true, false));
        check("camera-missing", false);

        fx(() -> app.connectionLost());
        check("connection-lost", false);
        press(KeyCode.ENTER, KeyCode.ESCAPE);
        assertInstanceOf(TvScreen.Reconnecting.class, screen());
        fx(() -> app.connectionRestored());
        assertInstanceOf(TvScreen.InCall.class, screen());

        asked.clear();
        fx(() -> app.callEnded("c2", true));
        check("rating", false);
        press(KeyCode.LEFT, KeyCode.LEFT, KeyCode.ENTER);
        assertEquals(List.of("rate c2 1"), asked, "the lowest rating in 3 presses");
        fx(() -> app.callEnded("c3", true));
        asked.clear();
        press(KeyCode.DIGIT4, KeyCode.ENTER);
        assertEquals(List.of("rate c3 4"), asked, "any rating in 2 presses with a digit");

        asked.clear();
        fx(() -> app.autoAnswer("c4", new TvScreen.Person("孙秀英", "东岭镇颐养院"), null, 5));
        check("auto-answer", false);
        for (int i = 0; i < 5; i++) {
            runTimers();
        }
        assertEquals(List.of("accept c4"), asked, "a care-home TV answers by itself after the countdown");

        assertEquals(13, checked.size(), checked.toString());
    }

    @Test
    void theSpeakerFillsTheLargeSlotAndNamesStayOnScreen() throws Exception {
        fx(() -> {
            Region picture = new Region();
            picture.setStyle("-fx-background-color: #336699;");
            largeVideo = picture;
            app.inCallWith("video", List.of(LI, ZHANG));
            app.speaking(ZHANG.name());
        });
        Node large = FxToolkit.onFx(() -> view.drawn().lookup("#" + InCallView.LARGE));
        assertNotNull(large);
        assertSame(largeVideo, ((Parent) large).getChildrenUnmodifiable().get(0), "the speaker's picture is large");
        String texts = FxToolkit.onFx(() -> allText(view.drawn()));
        assertTrue(texts.contains(ZHANG.name()) && texts.contains(ZHANG.organization()), texts);
        assertTrue(texts.contains(LI.name()) && texts.contains(LI.organization()), texts);
        assertEquals(Color.BLACK, view.scene().getFill());
    }

    /**
     * Issue 13: the relay's speaker (by party id) large, the other a thumbnail; the video paused for the
     * TV's link said in a few large words with "sound only" as the one focused action; OK chooses audio
     * only (asked of the server), OK again brings the picture back.
     */
    @Test
    void theSpeakerIsLargeAndAPausedPictureIsSaidWithSoundOnlyOnOk() throws Exception {
        Person doctor = new Person("李明 医生", "东岭镇卫生院", "doc-li");
        Person expert = new Person("王建国 主任医师", "青山县人民医院 心内科", "exp-wang");
        fx(() -> {
            Region green = new Region();
            green.setStyle("-fx-background-color: #2f5d3a;");
            Region blue = new Region();
            blue.setStyle("-fx-background-color: #2a4a7a;");
            pictures.put("doc-li", green);
            pictures.put("exp-wang", blue);
            app.inCallWith("c3", List.of(doctor, expert));
            app.speaking("exp-wang"); // as TvSession does on media.speaker
        });
        TvScreen.InCall call = (TvScreen.InCall) screen();
        assertEquals(List.of(expert, doctor), call.others(), "the speaker first: large");
        Node large = FxToolkit.onFx(() -> view.drawn().lookup("#" + InCallView.LARGE));
        Node small = FxToolkit.onFx(() -> view.drawn().lookup("#" + InCallView.SMALL));
        assertSame(
                pictures.get("exp-wang"),
                ((Parent) large).getChildrenUnmodifiable().get(0));
        assertSame(
                pictures.get("doc-li"),
                ((Parent) small).getChildrenUnmodifiable().get(0));
        check("incall-speaker", false);

        fx(() -> app.videoPaused("c3", true));
        call = (TvScreen.InCall) screen();
        assertTrue(call.videoPaused() && call.offersAudioOnly());
        assertEquals("focus.audio_only", call.focused());
        String texts = drawnText("网络不好", "画面暂停了，声音照常", "只听声音");
        assertTrue(texts.contains("网络不好") && texts.contains("画面暂停了，声音照常") && texts.contains("只听声音"), texts);
        assertNotNull(FxToolkit.onFx(() -> view.drawn().lookup("#video-paused")));
        check("video-paused", true);

        press(KeyCode.ENTER);
        assertEquals(List.of("audio only c3 true"), asked);
        call = (TvScreen.InCall) screen();
        assertTrue(call.audioOnly());
        assertEquals("focus.video_again", call.focused());
        check("incall-audio-only", false);
        press(KeyCode.ENTER);
        assertEquals(List.of("audio only c3 true", "audio only c3 false"), asked);
        fx(() -> app.videoPaused("c3", false));
        assertEquals("focus.stay_in_call", screen().focused());
    }

    /**
     * The drawn screen's text once it holds {@code expected} (at most 5 s): a label gets its Text node from its
     * skin at the next pulse, so right after a change the text may not be there yet.
     */
    String drawnText(String... expected) throws Exception {
        long until = System.nanoTime() + 5_000_000_000L;
        while (true) {
            String texts = FxToolkit.onFx(() -> allText(view.drawn()));
            boolean all = true;
            for (String e : expected) {
                all &= texts.contains(e);
            }
            if (all || System.nanoTime() > until) {
                return texts;
            }
            Thread.sleep(50);
        }
    }

    static String allText(Node n) {
        StringBuilder b = new StringBuilder();
        if (n instanceof javafx.scene.text.Text t) {
            b.append(t.getText()).append('|');
        }
        if (n instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> b.append(allText(c)));
        }
        return b.toString();
    }

    TvActions recorder() {
        return new RecordedActions(asked);
    }
}
