package org.ruralconsult.tv.fx;

import java.util.ArrayList;
import java.util.List;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Labeled;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.BorderStroke;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.paint.Paint;
import javafx.scene.text.Text;

/**
 * The TV's limits, read from a drawn scene graph (DESIGN.md; issue 11): every text at least 32 px, at least
 * 7:1 contrast against the background behind it (WCAG relative luminance), inside the 5% overscan safe area;
 * exactly one focused node, with an outline at least 4 px thick and a marker (not colour alone).
 */
final class ScreenChecks {
    static final double MIN_TEXT_PX = 32;
    static final double MIN_CONTRAST = 7;
    static final double MIN_FOCUS_PX = 4;

    private ScreenChecks() {}

    /** Every problem found, empty when the screen meets the limits. */
    static List<String> problems(Node screen, String what) {
        List<String> problems = new ArrayList<>();
        List<Text> texts = new ArrayList<>();
        collect(screen, texts);
        if (texts.isEmpty()) {
            problems.add(what + ": no text at all");
        }
        for (Text t : texts) {
            String name = what + " \"" + t.getText() + "\"";
            double scale = t.getLocalToSceneTransform().getMyy();
            double px = t.getFont().getSize() * scale;
            if (px < MIN_TEXT_PX) {
                problems.add(name + ": " + px + " px < " + MIN_TEXT_PX);
            }
            Color fill = color(t.getFill());
            Color behind = background(t);
            if (fill == null || behind == null) {
                problems.add(name + ": cannot tell its colours (" + t.getFill() + " on " + behind + ")");
            } else {
                double ratio = contrast(fill, behind);
                if (ratio < MIN_CONTRAST) {
                    problems.add(String.format("%s: contrast %.2f < 7 (%s on %s)", name, ratio, fill, behind));
                }
            }
            Bounds b = t.localToScene(t.getLayoutBounds());
            if (b.getMinX() < Ui.SAFE_X
                    || b.getMinY() < Ui.SAFE_Y
                    || b.getMaxX() > Ui.WIDTH - Ui.SAFE_X
                    || b.getMaxY() > Ui.HEIGHT - Ui.SAFE_Y) {
                problems.add(name + ": outside the safe area: " + b);
            }
        }
        List<Node> focused = new ArrayList<>();
        find(screen, focused);
        if (focused.size() != 1) {
            problems.add(what + ": " + focused.size() + " focused nodes, not 1");
        } else if (focused.get(0) instanceof Region r) {
            double thinnest =
                    r.getBorder() == null || r.getBorder().getStrokes().isEmpty()
                            ? 0
                            : r.getBorder().getStrokes().stream()
                                    .map(BorderStroke::getWidths)
                                    .mapToDouble(w -> Math.min(
                                            Math.min(w.getTop(), w.getBottom()), Math.min(w.getLeft(), w.getRight())))
                                    .min()
                                    .orElse(0);
            if (thinnest < MIN_FOCUS_PX) {
                problems.add(what + ": focus outline " + thinnest + " px < " + MIN_FOCUS_PX);
            }
            if (!(r instanceof Labeled l) || !l.getText().startsWith(Ui.MARKER)) {
                problems.add(what + ": the focus has no marker (colour alone)");
            }
            Bounds b = r.localToScene(r.getLayoutBounds());
            double o = thinnest; // the outline is drawn outside by its insets
            if (b.getMinX() - 2 * o < Ui.SAFE_X
                    || b.getMaxX() + 2 * o > Ui.WIDTH - Ui.SAFE_X
                    || b.getMinY() - 2 * o < Ui.SAFE_Y
                    || b.getMaxY() + 2 * o > Ui.HEIGHT - Ui.SAFE_Y) {
                problems.add(what + ": focus outside the safe area: " + b);
            }
        } else {
            problems.add(what + ": the focused node is not a region");
        }
        return problems;
    }

    private static void collect(Node n, List<Text> texts) {
        if (!n.isVisible()) {
            return;
        }
        if (n instanceof Text t && !t.getText().isBlank()) {
            texts.add(t);
        }
        if (n instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> collect(c, texts));
        }
    }

    private static void find(Node n, List<Node> focused) {
        if (!n.isVisible()) {
            return;
        }
        if (Ui.FOCUS_ID.equals(n.getId())) {
            focused.add(n);
        }
        if (n instanceof Parent p) {
            p.getChildrenUnmodifiable().forEach(c -> find(c, focused));
        }
    }

    /** The opaque colour nearest behind a node: its own or an ancestor's background, or the scene's fill. */
    static Color background(Node n) {
        for (Node at = n; at != null; at = at.getParent()) {
            if (at instanceof Region r) {
                Background bg = r.getBackground();
                if (bg != null && !bg.getFills().isEmpty()) {
                    BackgroundFill f = bg.getFills().get(bg.getFills().size() - 1);
                    Color c = color(f.getFill());
                    if (c != null && c.getOpacity() >= 0.999) {
                        return c;
                    }
                }
            }
        }
        return n.getScene() == null ? null : color(n.getScene().getFill());
    }

    private static Color color(Paint p) {
        return p instanceof Color c ? c : null;
    }

    /** WCAG 2 contrast ratio. */
    static double contrast(Color a, Color b) {
        double la = luminance(a);
        double lb = luminance(b);
        return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
    }

    static double luminance(Color c) {
        return 0.2126 * channel(c.getRed()) + 0.7152 * channel(c.getGreen()) + 0.0722 * channel(c.getBlue());
    }

    private static double channel(double v) {
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
}
