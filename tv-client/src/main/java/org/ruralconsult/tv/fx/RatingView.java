package org.ruralconsult.tv.fx;

import javafx.scene.layout.Pane;
import org.ruralconsult.tv.TvScreen;

/** After a consult: the stars, large; Left/Right or a digit changes them, OK sends, Back skips. */
final class RatingView {
    private RatingView() {}

    static Pane render(TvScreen.Rating s, Screens.Context c) {
        String stars = "★".repeat(s.stars()) + "☆".repeat(TvScreen.Rating.MAX_STARS - s.stars());
        return Ui.centred(
                Ui.label(c.text().get("rating.title"), "huge"),
                Ui.label(stars, "stars"),
                Ui.focus(c.text().get(s.focused(), s.stars())),
                Ui.label(c.text().get("rating.hint"), "hint"));
    }
}
