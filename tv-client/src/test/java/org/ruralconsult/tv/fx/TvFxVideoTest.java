package org.ruralconsult.tv.fx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.stage.Stage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ruralconsult.tv.RecordedActions;
import org.ruralconsult.tv.TvActions;
import org.ruralconsult.tv.TvApp;
import org.ruralconsult.tv.TvScreen.Person;
import org.ruralconsult.tv.TvText;
import org.ruralconsult.tv.media.DeviceStatus;
import org.ruralconsult.tv.media.RemoteVideo;
import org.ruralconsult.tv.media.VideoSlot;

/**
 * Live video in the call screen, on Xvfb with the real JavaFX toolkit: test patterns (two colour bars per
 * participant, as I420 through the media's real {@link VideoSlot}) for two doctors and the self view reach
 * the {@code #video-large}, {@code #video-small} and {@code #video-self} slots through {@link FxVideoViews};
 * the pixels on screen are checked by snapshot. The session's news is given from a thread of the test's
 * own, as the session's "tv-ui" thread does.
 */
class TvFxVideoTest {
    static final int[] RED = {220, 40, 40};
    static final int[] GREEN = {40, 200, 60};
    static final int[] BLUE = {40, 60, 220};
    static final int[] YELLOW = {230, 210, 40};
    static final int[] GREY = {128, 128, 128};
    static final int[] WHITE = {235, 235, 235};
    static final int[] BLACK = {0, 0, 0};
    static final Person LI = new Person("李明 医生", "城关镇卫生院", "party-li");
    static final Person ZHANG = new Person("张华 主任医师", "临安区人民医院 心内科", "party-zhang");

    static Stage stage;
    TvApp app;
    TvFxView view;
    FxVideoViews videos;

    @BeforeAll
    static void toolkit() throws Exception {
        FxToolkit.start();
        stage = FxToolkit.onFx(() -> new Stage());
    }

    @AfterAll
    static void close() throws Exception {
        FxToolkit.onFx(() -> stage.close());
    }

    @Test
    void theThreeWayCallShowsLiveVideoThatFollowsTheSpeakerAndDropsWhatItCannotDraw() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-03-05T02:20:00Z"), TvText.ZONE);
        FxToolkit.onFx(() -> {
            videos = new FxVideoViews(TvText.chinese());
            view = new TvFxView(TvText.chinese(), videos, clock, key -> app.press(key));
            videos.onChange(view::refresh);
            app = new TvApp(nothing(), view::show, (delay, task) -> () -> {});
            stage.setScene(view.scene());
            stage.setWidth(Ui.WIDTH);
            stage.setHeight(Ui.HEIGHT);
            stage.show();
            app.inCallWith("c1", List.of(LI, ZHANG));
        });
        assertTrue(FxToolkit.onFx(() -> tileIn(InCallView.LARGE)) == null, "no picture yet: a name tile");

        Pattern li = new Pattern(LI.id(), RED, GREEN);
        Pattern zhang = new Pattern(ZHANG.id(), BLUE, YELLOW);
        Pattern me = new Pattern(RemoteVideo.SELF, GREY, WHITE);
        // What TvSession tells its listeners when the call's media starts, from its own thread.
        Thread session = new Thread(() -> {
            videos.devices(new DeviceStatus(true, true, true, true, "synthetic"));
            videos.selfView(me.slot);
            videos.videoAppeared(li.slot);
            videos.videoAppeared(zhang.slot);
        });
        session.start();
        session.join();
        li.frame(640, 360);
        zhang.frame(640, 360);
        me.frame(320, 180);
        waitFor(() -> shown(LI.id()) > 0 && shown(ZHANG.id()) > 0 && shown(RemoteVideo.SELF) > 0, "first frames");

        // The speaker (first) large, the other small, the self view; each the colours its source sent.
        assertSame(li.slot, FxToolkit.onFx(() -> tileIn(InCallView.LARGE)).video());
        assertSame(zhang.slot, FxToolkit.onFx(() -> tileIn(InCallView.SMALL)).video());
        assertSame(me.slot, FxToolkit.onFx(() -> tileIn(InCallView.SELF)).video());
        assertBars(InCallView.LARGE, RED, GREEN);
        assertBars(InCallView.SMALL, BLUE, YELLOW);
        assertBars(InCallView.SELF, GREY, WHITE);
        String texts = FxToolkit.onFx(() -> TvFxScreensTest.allText(view.drawn()));
        assertTrue(texts.contains("模拟摄像头"), "the synthetic camera is said: " + texts);
        assertTrue(texts.contains("模拟麦克风"), "the synthetic microphone is said: " + texts);
        assertTrue(texts.contains(LI.name()) && texts.contains(ZHANG.organization()), texts);
        // The screen with video still meets the TV's limits, in both languages.
        List<String> problems = FxToolkit.onFx(() -> {
            List<String> found = new ArrayList<>();
            for (TvText t : List.of(TvText.forLanguage("en"), TvText.chinese())) {
                view.language(t);
                view.scene().getRoot().applyCss();
                view.scene().getRoot().layout();
                found.addAll(ScreenChecks.problems(view.drawn(), "incall-video/" + t.locale()));
            }
            return found;
        });
        assertEquals(List.of(), problems);
        waitFor(() -> tileIn(InCallView.LARGE).framesShown() > 0, "drawn again");
        save("incall-video");

        // The media says Zhang speaks: TvSession calls TvApp.speaking(party id) on its thread, as here.
        FxToolkit.onFx(() -> app.speaking(ZHANG.id()));
        assertSame(zhang.slot, FxToolkit.onFx(() -> tileIn(InCallView.LARGE)).video(), "the speaker is large");
        assertSame(li.slot, FxToolkit.onFx(() -> tileIn(InCallView.SMALL)).video());
        assertBars(InCallView.LARGE, BLUE, YELLOW);
        assertBars(InCallView.SMALL, RED, GREEN);

        // Another frame size (a square): a new buffer, the picture fitted inside with black bars.
        VideoTile large = FxToolkit.onFx(() -> tileIn(InCallView.LARGE));
        long buffers = FxToolkit.onFx(large::buffersMade);
        zhang.frame(480, 480);
        waitFor(() -> large.buffersMade() == buffers + 1 && large.sequenceShown() == zhang.slot.sequence(), "resize");
        WritableImage square = snapshot(InCallView.LARGE);
        double w = square.getWidth();
        double h = square.getHeight();
        double side = Math.min(w, h);
        assertNear(BLACK, square, 0.05 * w, 0.3 * h, "bar left of a square picture");
        assertNear(BLACK, square, 0.95 * w, 0.3 * h, "bar right of a square picture");
        assertNear(BLUE, square, w / 2 - side / 4, 0.3 * h, "left half of the square");
        assertNear(YELLOW, square, w / 2 + side / 4, 0.3 * h, "right half of the square");

        // Frames far faster than the screen draws (60 Hz): the slot drops, nothing queues, the newest shows.
        long droppedBefore = zhang.slot.framesDropped();
        long shownBefore = FxToolkit.onFx(large::framesShown);
        int flood = 600;
        for (int i = 0; i < flood - 1; i++) {
            zhang.frame(480, 480, i % 2 == 0 ? BLUE : YELLOW, i % 2 == 0 ? YELLOW : BLUE);
        }
        zhang.frame(480, 480, WHITE, WHITE);
        long last = zhang.slot.sequence();
        waitFor(() -> large.sequenceShown() == last, "the newest frame on screen");
        long shownAfter = FxToolkit.onFx(large::framesShown);
        Thread.sleep(200); // a dozen pulses: nothing is left to draw
        assertEquals(shownAfter, (long) FxToolkit.onFx(large::framesShown), "no backlog drawn after the flood");
        long dropped = zhang.slot.framesDropped() - droppedBefore;
        System.out.println("flood of " + flood + ": drew " + (shownAfter - shownBefore) + ", " + zhang.slot);
        assertTrue(dropped > 0, "frames the screen could not take are dropped: " + zhang.slot);
        assertTrue(shownAfter - shownBefore < flood / 2, "drew " + (shownAfter - shownBefore) + " of " + flood);
        assertEquals(
                zhang.slot.framesDecoded(),
                zhang.slot.framesTaken() + zhang.slot.framesDropped(),
                "every frame was either drawn or dropped: " + zhang.slot);
        WritableImage white = snapshot(InCallView.LARGE);
        assertNear(WHITE, white, white.getWidth() / 2, 0.3 * white.getHeight(), "the newest frame");

        // The call ends: the tiles leave the scene and stop drawing; a participant who leaves is closed.
        List<VideoTile> tiles = FxToolkit.onFx(
                () -> List.of(tileIn(InCallView.LARGE), tileIn(InCallView.SMALL), tileIn(InCallView.SELF)));
        FxToolkit.onFx(() -> tiles.forEach(t -> assertTrue(t.running(), "a tile on screen runs")));
        FxToolkit.onFx(() -> app.callEnded("c1", true));
        FxToolkit.onFx(() -> tiles.forEach(t -> assertFalse(t.running(), "a tile off screen stops")));
        videos.videoLeft(LI.id());
        FxToolkit.onFx(() -> assertTrue(videos.tile(LI.id()).isEmpty(), "gone with the participant"));
        // The next call's media has no camera: no self view left over from this one.
        videos.devices(new DeviceStatus(false, true, false, true, ""));
        FxToolkit.onFx(() -> assertTrue(videos.self("c2").isEmpty(), "no camera, no self view"));
    }

    // ---- helpers ----

    VideoTile tileIn(String slot) {
        Node tile = view.drawn().lookup("#" + slot);
        assertNotNull(tile, slot);
        return find((Parent) tile);
    }

    static VideoTile find(Parent p) {
        for (Node n : p.getChildrenUnmodifiable()) {
            if (n instanceof VideoTile t) {
                return t;
            }
            if (n instanceof Parent q && find(q) != null) {
                return find(q);
            }
        }
        return null;
    }

    long shown(String participantId) {
        return videos.tile(participantId).map(VideoTile::framesShown).orElse(0L);
    }

    WritableImage snapshot(String slot) throws Exception {
        return FxToolkit.onFx(() -> view.drawn().lookup("#" + slot).snapshot(null, null));
    }

    /** Not uniform, and the left and right bars (above the name panel) are the colours sent. */
    void assertBars(String slot, int[] left, int[] right) throws Exception {
        // Between the labels: the name panel at the bottom, the self view's "synthetic camera" and "synthetic
        // microphone" at the top.
        assertBars(slot, left, right, InCallView.SELF.equals(slot) ? 0.6 : 0.2);
    }

    void assertBars(String slot, int[] left, int[] right, double atY) throws Exception {
        WritableImage image = snapshot(slot);
        double w = image.getWidth();
        double h = image.getHeight();
        assertNear(left, image, 0.25 * w, atY * h, slot + " left");
        assertNear(right, image, 0.75 * w, atY * h, slot + " right");
        Set<Integer> colours = new HashSet<>();
        int[] row = new int[(int) w];
        image.getPixelReader().getPixels(0, (int) (atY * h), (int) w, 1, PixelFormat.getIntArgbInstance(), row, 0, 0);
        for (int p : row) {
            colours.add(p & 0xf0f0f0);
        }
        assertTrue(colours.size() >= 2, slot + " is uniform");
    }

    static void assertNear(int[] rgb, WritableImage image, double x, double y, String what) {
        int argb = image.getPixelReader().getArgb((int) x, (int) y);
        int[] got = {(argb >> 16) & 0xff, (argb >> 8) & 0xff, argb & 0xff};
        for (int i = 0; i < 3; i++) {
            assertTrue(
                    Math.abs(got[i] - rgb[i]) <= 40,
                    what + ": " + java.util.Arrays.toString(got) + " is not near " + java.util.Arrays.toString(rgb));
        }
    }

    static void waitFor(Callable<Boolean> onFx, String what) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!FxToolkit.onFx(onFx)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.sleep(20);
        }
    }

    void save(String name) throws Exception {
        Path shots = Path.of(System.getProperty("tv.screenshots", "target/screenshots"));
        FxToolkit.savePng(FxToolkit.onFx(() -> view.scene().snapshot(null)), shots.resolve("tv-" + name + ".png"));
    }

    /** The app's requests are not what this test is about: they are recorded and not looked at. */
    static TvActions nothing() {
        return new RecordedActions(new java.util.ArrayList<>());
    }

    /** A test source: two vertical colour bars as I420 (BT.601 limited range) into a real {@link VideoSlot}. */
    static final class Pattern {
        final VideoSlot slot;
        final int[] left;
        final int[] right;

        Pattern(String participantId, int[] left, int[] right) {
            this.slot = new VideoSlot(participantId);
            this.left = left;
            this.right = right;
        }

        void frame(int w, int h) {
            frame(w, h, left, right);
        }

        void frame(int w, int h, int[] l, int[] r) {
            int cw = (w + 1) / 2;
            int ch = (h + 1) / 2;
            ByteBuffer y = ByteBuffer.allocate(w * h);
            ByteBuffer u = ByteBuffer.allocate(cw * ch);
            ByteBuffer v = ByteBuffer.allocate(cw * ch);
            for (int row = 0; row < h; row++) {
                for (int x = 0; x < w; x++) {
                    y.put(row * w + x, (byte) luma(x < w / 2 ? l : r));
                }
            }
            for (int row = 0; row < ch; row++) {
                for (int x = 0; x < cw; x++) {
                    int[] c = 2 * x < w / 2 ? l : r;
                    u.put(row * cw + x, (byte) (128 + (-38 * c[0] - 74 * c[1] + 112 * c[2] + 128) / 256));
                    v.put(row * cw + x, (byte) (128 + (112 * c[0] - 94 * c[1] - 18 * c[2] + 128) / 256));
                }
            }
            slot.put(y, w, u, cw, v, cw, w, h, 0);
        }

        static int luma(int[] c) {
            return 16 + (66 * c[0] + 129 * c[1] + 25 * c[2] + 128) / 256;
        }
    }
}
