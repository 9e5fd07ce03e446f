package org.ruralconsult.tv.fx;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.ruralconsult.tv.TvScreen;

/**
 * The consult. Two-way: the other person fills the screen, a small self view at the top right. Three-way:
 * the speaker ({@code others().get(0)}) large, the other small, the self view under it. Each tile has the
 * person's name and organization in large type; with no picture the tile shows them large in its middle.
 * The video slots have ids {@code video-large}, {@code video-small} and {@code video-self}.
 */
final class InCallView {
    static final String LARGE = "video-large";
    static final String SMALL = "video-small";
    static final String SELF = "video-self";
    private static final String VIDEO_TILE = "tile-video";

    private InCallView() {}

    static Pane render(TvScreen.InCall s, Screens.Context c) {
        Pane screen = new Pane();
        screen.getStyleClass().add("screen");
        screen.setPrefSize(Ui.WIDTH, Ui.HEIGHT);
        List<TvScreen.Person> others = s.others();
        double selfW = 480;
        double selfH = 270;
        double right = Ui.WIDTH - Ui.MARGIN_X;
        if (!s.threeWay()) {
            // The doctor fills the screen (the picture may reach the edges; the words stay inside).
            TvScreen.Person who = others.isEmpty() ? null : others.get(0);
            StackPane large = tile(
                    LARGE,
                    who == null ? Optional.empty() : c.video().remote(s.callId(), who),
                    who,
                    c,
                    Ui.WIDTH,
                    Ui.HEIGHT,
                    true);
            screen.getChildren().add(large);
            if (large.getStyleClass().contains(VIDEO_TILE)) {
                // The picture covers the whole screen: a screen fill under it would only cost drawing time.
                screen.getStyleClass().add("screen-under-video");
            }
        } else {
            double largeW = 1140;
            double largeH = 641;
            StackPane large =
                    tile(LARGE, c.video().remote(s.callId(), others.get(0)), others.get(0), c, largeW, largeH, false);
            large.relocate(Ui.MARGIN_X, Ui.MARGIN_Y);
            StackPane small =
                    tile(SMALL, c.video().remote(s.callId(), others.get(1)), others.get(1), c, selfW, selfH, false);
            small.relocate(right - selfW, Ui.MARGIN_Y);
            screen.getChildren().addAll(large, small);
        }
        StackPane self = tile(
                SELF,
                c.video().self(s.callId()),
                new TvScreen.Person(c.text().get("incall.self"), null),
                c,
                selfW,
                selfH,
                false);
        self.relocate(right - selfW, s.threeWay() ? Ui.MARGIN_Y + selfH + 32 : Ui.MARGIN_Y);
        screen.getChildren().add(self);

        // What does not work, said plainly (the call goes on).
        List<Label> warnings = new ArrayList<>();
        if (s.cameraMissing()) {
            warnings.add(Ui.label(c.text().get("incall.camera_missing"), "warning"));
        }
        if (s.microphoneMissing()) {
            warnings.add(Ui.label(c.text().get("incall.microphone_missing"), "warning"));
        }
        if (s.audioOnly()) {
            warnings.add(Ui.label(c.text().get("incall.audio_only"), "warning"));
        }

        // The bottom: warnings, the caption (at most two lines), and the focused action.
        VBox bottom = new VBox(16);
        bottom.setAlignment(Pos.BOTTOM_LEFT);
        bottom.getChildren().addAll(warnings);
        if (s.caption() != null && !s.caption().isBlank()) {
            Label caption = Ui.label(s.caption(), "caption");
            caption.setMaxHeight(2 * 48 * 1.5);
            bottom.getChildren().add(caption);
        }
        if (!s.confirmingHangUp() && !s.offersAudioOnly()) {
            HBox bar = new HBox(
                    32,
                    s.audioOnly()
                            ? Ui.focus(c.text().get(s.focused()))
                            : Ui.quietFocus(c.text().get(s.focused())),
                    Ui.label(c.text().get("incall.hint"), "hint"));
            bar.setAlignment(Pos.CENTER_LEFT);
            bar.getStyleClass().add("bar");
            bar.setMaxWidth(Region.USE_PREF_SIZE);
            bottom.getChildren().add(bar);
        }
        double bottomW = Ui.WIDTH - 2 * Ui.MARGIN_X;
        bottom.setPrefWidth(bottomW);
        bottom.setMaxWidth(bottomW);
        bottom.layoutXProperty().set(Ui.MARGIN_X);
        bottom.layoutYProperty().bind(bottom.heightProperty().negate().add(Ui.HEIGHT - Ui.MARGIN_Y));
        screen.getChildren().add(bottom);

        if (s.offersAudioOnly() && !s.confirmingHangUp()) {
            // The link cannot carry the picture: a few large words in the middle, sound goes on, and the one
            // focused action is "sound only". No dimming: the last picture may stay, it is not the news.
            VBox notice = new VBox(
                    40,
                    Ui.label(c.text().get("incall.video_paused_title"), "huge"),
                    Ui.label(c.text().get("incall.video_paused"), "big"),
                    Ui.focus(c.text().get(s.focused())),
                    Ui.label(c.text().get("incall.video_paused_hint"), "big"));
            notice.setId("video-paused");
            notice.getStyleClass().add("overlay");
            notice.setAlignment(Pos.CENTER);
            double w = 1200;
            notice.setPrefWidth(w);
            notice.setLayoutX((Ui.WIDTH - w) / 2);
            notice.setLayoutY(200);
            screen.getChildren().add(notice);
        }
        if (s.confirmingHangUp()) {
            Region dim = new Region();
            dim.getStyleClass().add("dim");
            dim.setPrefSize(Ui.WIDTH, Ui.HEIGHT);
            VBox question = new VBox(
                    48,
                    Ui.label(c.text().get("hangup.question"), "huge"),
                    Ui.focus(c.text().get(s.focused())),
                    Ui.label(c.text().get("hangup.hint"), "big"));
            question.getStyleClass().add("overlay");
            question.setAlignment(Pos.CENTER);
            double w = 1200;
            question.setPrefWidth(w);
            question.setLayoutX((Ui.WIDTH - w) / 2);
            question.setLayoutY(260);
            screen.getChildren().addAll(dim, question);
        }
        return screen;
    }

    /**
     * A person's tile: the picture if there is one (scaled to fill), the name and organization on a black
     * panel; without a picture the name and organization large in the middle.
     */
    private static StackPane tile(
            String id, Optional<Node> video, TvScreen.Person who, Screens.Context c, double w, double h, boolean full) {
        StackPane tile = new StackPane();
        tile.setId(id);
        // With a picture the video tile paints (black where the picture leaves bars): no fill under it.
        tile.getStyleClass().add(video.isPresent() ? VIDEO_TILE : "tile");
        tile.setPrefSize(w, h);
        tile.setMinSize(w, h);
        tile.setMaxSize(w, h);
        String name = who == null ? "" : who.name();
        String org = who == null ? null : who.organization();
        if (video.isPresent()) {
            Node v = video.get();
            if (v instanceof ImageView iv) {
                iv.setFitWidth(w);
                iv.setFitHeight(h);
                iv.setPreserveRatio(true);
            } else if (v instanceof Region r) {
                r.setPrefSize(w, h);
            }
            tile.getChildren().add(v);
            VBox panel = new VBox(4, Ui.label(name, "name"));
            if (org != null && !org.isBlank()) {
                panel.getChildren().add(Ui.label(org, "org"));
            }
            panel.getStyleClass().add("name-panel");
            panel.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
            StackPane.setAlignment(panel, full ? Pos.TOP_LEFT : Pos.BOTTOM_LEFT);
            if (full) {
                StackPane.setMargin(panel, new javafx.geometry.Insets(Ui.MARGIN_Y, 0, 0, Ui.MARGIN_X));
            }
            tile.getChildren().add(panel);
        } else {
            boolean big = full || w >= 1000;
            VBox middle = new VBox(12, Ui.label(name, big ? "tile-name" : "name"));
            if (org != null && !org.isBlank()) {
                middle.getChildren().add(Ui.label(org, big ? "tile-org" : "org"));
            }
            middle.setAlignment(Pos.CENTER);
            middle.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
            tile.getChildren().add(middle);
        }
        return tile;
    }
}
