package org.ruralconsult.tv.fx;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.input.KeyCombination;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.ruralconsult.tv.TvOptions;
import org.ruralconsult.tv.TvSession;
import org.ruralconsult.tv.TvText;
import org.ruralconsult.tv.box.CecClientWake;
import org.ruralconsult.tv.box.RingAlert;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The elder's TV, full screen: a {@link TvSession} (protocol, media, behaviour) drawn by {@link TvFxView}.
 * Started by {@link TvFxMain}; named parameters {@code --server}, {@code --lang}, {@code --token-file}, {@code --cec},
 * {@code --devices}, {@code --auto-answer-seconds}, and the flag {@code --windowed}.
 */
public final class TvFxApp extends Application {
    private static final Logger LOG = LoggerFactory.getLogger(TvFxApp.class);
    private TvSession session;

    @Override
    public void start(Stage stage) {
        Map<String, String> named = getParameters().getNamed();
        boolean windowed = getParameters().getUnnamed().contains("--windowed");
        URI server = URI.create(named.getOrDefault("server", TvOptions.DEFAULT_SERVER.toString()));
        Path tokenFile =
                named.containsKey("token-file") ? Path.of(named.get("token-file")) : TvOptions.DEFAULT_TOKEN_FILE;
        TvText text = TvText.forLanguage(named.get("lang"));
        // The ring tone and the HDMI-CEC wake follow the screens on the UI thread (RingAlert).
        RingAlert ring = new RingAlert(
                new FxRingTone(), CecClientWake.forMode(CecClientWake.Mode.parse(named.getOrDefault("cec", "auto"))));
        TvOptions options = new TvOptions(
                server,
                tokenFile,
                false,
                true,
                TvOptions.Devices.parse(named.getOrDefault("devices", "box")),
                countdown(named.getOrDefault(
                        "auto-answer-seconds", Long.toString(TvOptions.DEFAULT_AUTO_ANSWER_COUNTDOWN.toSeconds()))));
        Wired app = wire(options, text, ring);
        session = app.session();
        show(stage, app.view(), windowed);
        session.start().exceptionally(e -> {
            LOG.warn("could not reach the server {}: {}", server, e.toString());
            return null;
        });
    }

    /** {@code --auto-answer-seconds}: whole seconds, 0 to 60. */
    static Duration countdown(String seconds) {
        try {
            int s = Integer.parseInt(seconds.trim());
            if (s >= 0 && s <= 60) {
                return Duration.ofSeconds(s);
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new IllegalArgumentException("--auto-answer-seconds takes 0 to 60, not " + seconds);
    }

    /** Shows the screens, full screen unless {@code windowed} (Escape never leaves full screen). */
    static void show(Stage stage, TvFxView view, boolean windowed) {
        stage.setTitle("Rural Consult TV");
        stage.setScene(view.scene());
        if (!windowed) {
            // The screen's size first: an X session without a window manager (a kiosk, Xvfb) does not
            // resize a full-screen window, which then kept the scene's 1920×1080 on any other display.
            Rectangle2D screen = Screen.getPrimary().getBounds();
            stage.setX(screen.getMinX());
            stage.setY(screen.getMinY());
            stage.setWidth(screen.getWidth());
            stage.setHeight(screen.getHeight());
            stage.setFullScreen(true);
            stage.setFullScreenExitHint("");
            // Escape is Back on a remote: it must not leave full screen.
            stage.setFullScreenExitKeyCombination(KeyCombination.NO_MATCH);
        }
        stage.show();
    }

    /** The parts of one running TV window: the session, its screens and its live pictures. */
    record Wired(TvSession session, TvFxView view, FxVideoViews video) {}

    /**
     * Puts a TV together (JavaFX thread): the session's screens go to the view and the ring alert on the
     * JavaFX thread, the remote's keys to the ring alert and the session, the session's media news to the
     * video tiles. Not started: call {@code session().start()} once the scene is on a stage.
     */
    static Wired wire(TvOptions options, TvText text, RingAlert ring) {
        TvSession[] holder = new TvSession[1];
        // The live pictures: the session's media news (its thread) feeds the video tiles (JavaFX thread).
        FxVideoViews video = new FxVideoViews(text);
        TvFxView view = new TvFxView(text, video, Clock.systemUTC(), key -> {
            ring.pressed(key);
            holder[0].press(key);
        });
        video.onChange(view::refresh);
        TvSession session = new TvSession(
                options,
                screen -> Platform.runLater(() -> {
                    ring.accept(screen);
                    view.show(screen);
                }));
        session.addListener(video);
        holder[0] = session;
        return new Wired(session, view, video);
    }

    @Override
    public void stop() {
        if (session != null) {
            session.close();
        }
    }
}
