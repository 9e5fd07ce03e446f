package org.ruralconsult.tv.fx;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/** The few building blocks every TV screen is made of, sized for 1920×1080 and the 5% overscan margins. */
final class Ui {
    static final double WIDTH = 1920;
    static final double HEIGHT = 1080;
    /** 5% of each side is overscan: nothing that must be read goes there. */
    static final double SAFE_X = WIDTH * 0.05;

    static final double SAFE_Y = HEIGHT * 0.05;
    /** Where content starts: the safe area plus a little air. */
    static final double MARGIN_X = SAFE_X + 24;

    static final double MARGIN_Y = SAFE_Y + 24;
    /** The id of the one focused node of a screen (what OK does). */
    static final String FOCUS_ID = "focus";
    /** The focus marker: with the outline, the focus does not rely on colour. */
    static final String MARKER = "▶ ";

    private Ui() {}

    static Label label(String text, String style) {
        Label l = new Label(text);
        l.getStyleClass().add(style);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }

    /** The screen's one focused action: a thick outline, a marker, and the words of what OK does. */
    static Label focus(String text) {
        Label l = label(MARKER + text, "focus");
        l.setId(FOCUS_ID);
        l.setWrapText(false);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    /** A smaller focused action, for screens where the picture matters more (the call). */
    static Label quietFocus(String text) {
        Label l = focus(text);
        l.getStyleClass().setAll("label", "focus-quiet");
        return l;
    }

    /** A full screen whose content is a centred column inside the safe area. */
    static Pane centred(Node... children) {
        VBox column = new VBox(48, children);
        column.setAlignment(Pos.CENTER);
        column.setFillWidth(false);
        column.setMaxWidth(WIDTH - 2 * MARGIN_X);
        for (Node n : children) {
            if (n instanceof Label l && !FOCUS_ID.equals(l.getId())) {
                l.setMaxWidth(WIDTH - 2 * MARGIN_X);
            }
        }
        return screen(column, MARGIN_X, MARGIN_Y, WIDTH - 2 * MARGIN_X, HEIGHT - 2 * MARGIN_Y);
    }

    /** A full 1920×1080 screen with one region placed at x, y, w×h. */
    static Pane screen(Region content, double x, double y, double w, double h) {
        Pane screen = new Pane();
        screen.getStyleClass().add("screen");
        screen.setPrefSize(WIDTH, HEIGHT);
        content.setLayoutX(x);
        content.setLayoutY(y);
        content.setPrefSize(w, h);
        screen.getChildren().add(content);
        return screen;
    }

    /** Places a node of its preferred size in a pane. */
    static <N extends Region> N at(Pane pane, N node, double x, double y) {
        node.setLayoutX(x);
        node.setLayoutY(y);
        pane.getChildren().add(node);
        return node;
    }
}
