package org.ruralconsult.tv.fx;

import javafx.scene.layout.Pane;
import org.ruralconsult.tv.TvScreen;

/** The connection is lost: say so plainly, and that nothing needs pressing. */
final class ReconnectingView {
    private ReconnectingView() {}

    static Pane render(TvScreen.Reconnecting s, Screens.Context c) {
        return Ui.centred(
                Ui.label(c.text().get("reconnecting.title"), "huge"),
                Ui.label(c.text().get("reconnecting.hint"), "big"),
                Ui.quietFocus(c.text().get(s.focused())));
    }
}
