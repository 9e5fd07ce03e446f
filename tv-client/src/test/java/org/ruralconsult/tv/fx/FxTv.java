package org.ruralconsult.tv.fx;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import javafx.event.Event;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;
import org.ruralconsult.tv.TvOptions;
import org.ruralconsult.tv.TvScreen;
import org.ruralconsult.tv.TvSession;
import org.ruralconsult.tv.TvText;
import org.ruralconsult.tv.box.CecClientWake;
import org.ruralconsult.tv.box.RingAlert;

/**
 * The JavaFX TV app in-process, for end-to-end tests in other modules (the server's {@code
 * ThreeWayConsultTest}): put together by {@link TvFxApp#wire} as {@link TvFxApp#start} does (session,
 * screens, video tiles, ring alert; HDMI-CEC off) in a 1920×1080 window on the Xvfb of {@link FxToolkit},
 * driven by key events on its scene, looked at by snapshots of its nodes. Everything that touches the
 * scene runs on the JavaFX thread; the methods here may be called from any other thread.
 */
public final class FxTv implements AutoCloseable {
    private final Stage stage;
    private final TvFxApp.Wired app;

    private FxTv(Stage stage, TvFxApp.Wired app) {
        this.stage = stage;
        this.app = app;
    }

    /** Opens the TV window (zh-CN, media on loopback only) and starts its session. */
    public static FxTv open(URI server, Path tokenFile) throws Exception {
        FxToolkit.start();
        FxTv tv = FxToolkit.onFx(() -> {
            RingAlert ring = new RingAlert(new FxRingTone(), CecClientWake.forMode(CecClientWake.Mode.OFF));
            TvFxApp.Wired app = TvFxApp.wire(new TvOptions(server, tokenFile, true, true), TvText.chinese(), ring);
            Stage stage = new Stage();
            stage.setTitle("Rural Consult TV");
            stage.setScene(app.view().scene());
            stage.setWidth(Ui.WIDTH);
            stage.setHeight(Ui.HEIGHT);
            stage.show();
            return new FxTv(stage, app);
        });
        tv.app.session().start().join();
        return tv;
    }

    public TvSession session() {
        return app.session();
    }

    /** The screen drawn now. */
    public TvScreen screen() throws Exception {
        return FxToolkit.onFx(() -> app.view().current());
    }

    /** Waits until the drawn screen is of this type (polled, bounded). */
    public <T extends TvScreen> T waitFor(Class<T> type, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            TvScreen now = screen();
            if (type.isInstance(now)) {
                return type.cast(now);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(
                        "the TV never showed " + type.getSimpleName() + " in " + timeout + "; it shows " + now);
            }
            Thread.sleep(50);
        }
    }

    /** A key of the remote as the window gets it: a KEY_PRESSED event on the scene. */
    public void key(KeyCode code) throws Exception {
        FxToolkit.onFx(() -> {
            Node target = app.view().scene().getRoot();
            Event.fireEvent(target, new KeyEvent(KeyEvent.KEY_PRESSED, "", "", code, false, false, false, false));
        });
    }

    /** Whose live picture is in this slot ({@code video-large}, {@code video-small}), if a picture is there. */
    public Optional<String> participantIn(String slot) throws Exception {
        return FxToolkit.onFx(() -> tile(slot).map(t -> t.video().participantId()));
    }

    /** Frames drawn so far in this slot's picture (0 without one). */
    public long framesShownIn(String slot) throws Exception {
        return FxToolkit.onFx(() -> tile(slot).map(VideoTile::framesShown).orElse(0L));
    }

    /**
     * How many distinct colours (4 bits a channel) a snapshot of the slot holds in every row of its upper
     * 70 % (the name panel sits below): 1 or 2 for a uniform tile with black bars. Every row, not a few: a
     * picture such as Chromium's fake camera is a plain field with small shapes that a few rows can miss.
     */
    public int coloursIn(String slot) throws Exception {
        WritableImage image = FxToolkit.onFx(() -> node(slot).snapshot(null, null));
        int w = (int) image.getWidth();
        int h = (int) image.getHeight();
        Set<Integer> colours = new HashSet<>();
        int[] row = new int[w];
        for (int y = 0; y < h * 7 / 10; y++) {
            image.getPixelReader().getPixels(0, y, w, 1, PixelFormat.getIntArgbInstance(), row, 0, 0);
            for (int p : row) {
                colours.add(p & 0xf0f0f0);
            }
        }
        return colours.size();
    }

    /** Saves the whole window as a PNG. */
    public void screenshot(Path file) throws Exception {
        FxToolkit.savePng(FxToolkit.onFx(() -> app.view().scene().snapshot(null)), file);
    }

    /** Runs on the JavaFX thread and waits for it. */
    public static <T> T onFx(Callable<T> work) throws Exception {
        return FxToolkit.onFx(work);
    }

    @Override
    public void close() throws Exception {
        app.session().close();
        FxToolkit.onFx(stage::close);
    }

    private Node node(String slot) {
        Node n = app.view().drawn().lookup("#" + slot);
        if (n == null) {
            throw new AssertionError("no #" + slot + " on " + app.view().current());
        }
        return n;
    }

    private Optional<VideoTile> tile(String slot) {
        Node n = app.view().drawn().lookup("#" + slot);
        return n instanceof Parent p ? Optional.ofNullable(TvFxVideoTest.find(p)) : Optional.empty();
    }
}
