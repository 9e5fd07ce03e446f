package org.ruralconsult.tv.fx;

import java.time.Clock;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.Pane;
import javafx.scene.layout.StackPane;
import javafx.scene.paint.Color;
import org.ruralconsult.tv.RemoteKey;
import org.ruralconsult.tv.TvScreen;
import org.ruralconsult.tv.TvText;
import org.ruralconsult.tv.VideoViews;

/**
 * The JavaFX front end of {@link org.ruralconsult.tv.TvApp}: a scene designed at 1920×1080 and scaled to
 * whatever the display is, showing one {@link TvScreen} at a time and turning key presses into {@link
 * RemoteKey}s. Call {@link #show} on the JavaFX thread.
 */
public final class TvFxView {
    private final Scene scene;
    private final StackPane design = new StackPane();
    private Screens.Context context;
    private TvScreen current;

    public TvFxView(TvText text, VideoViews<Node> video, Clock clock, Consumer<RemoteKey> keys) {
        this.context = new Screens.Context(text, video, clock);
        design.setMinSize(Ui.WIDTH, Ui.HEIGHT);
        design.setPrefSize(Ui.WIDTH, Ui.HEIGHT);
        design.setMaxSize(Ui.WIDTH, Ui.HEIGHT);
        StackPane root = new StackPane(design);
        // No fill of its own: the scene's black fill is the letterbox (a fill here would be drawn again over
        // the whole screen on every video frame by the software renderer).
        root.setStyle("-fx-background-color: null;");
        scene = new Scene(root, Ui.WIDTH, Ui.HEIGHT, Color.BLACK);
        scene.getStylesheets()
                .add(Objects.requireNonNull(TvFxView.class.getResource("tv.css"))
                        .toExternalForm());
        // Any display size: scale the 1920×1080 design to fit, centred (letterboxed if the shape differs).
        Runnable fit = () -> {
            double k = Math.min(scene.getWidth() / Ui.WIDTH, scene.getHeight() / Ui.HEIGHT);
            design.setScaleX(k);
            design.setScaleY(k);
        };
        scene.widthProperty().addListener((o, a, b) -> fit.run());
        scene.heightProperty().addListener((o, a, b) -> fit.run());
        // A filter, so that no control ever eats OK or Back.
        scene.addEventFilter(KeyEvent.KEY_PRESSED, e -> FxKeys.of(e.getCode()).ifPresent(k -> {
            e.consume();
            keys.accept(k);
        }));
    }

    public Scene scene() {
        return scene;
    }

    /** Draws a screen (JavaFX thread). */
    public void show(TvScreen screen) {
        current = screen;
        Pane p = Screens.render(screen, context);
        design.getChildren().setAll(p);
    }

    /** Draws the current screen again (e.g. a picture came or went). */
    public void refresh() {
        if (current != null) {
            show(current);
        }
    }

    /** Switches the language and draws the current screen again. */
    public void language(TvText text) {
        context = new Screens.Context(text, context.video(), context.clock());
        if (context.video() instanceof FxVideoViews v) {
            v.language(text);
        }
        if (current != null) {
            show(current);
        }
    }

    public TvScreen current() {
        return current;
    }

    /** The drawn screen (for tests): a 1920×1080 pane. */
    public Pane drawn() {
        return (Pane) design.getChildren().get(0);
    }
}
