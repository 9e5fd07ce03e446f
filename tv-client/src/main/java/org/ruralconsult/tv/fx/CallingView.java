package org.ruralconsult.tv.fx;

import javafx.scene.layout.Pane;
import org.ruralconsult.tv.TvScreen;

/** Calling the doctors: wait, or Back to stop. */
final class CallingView {
    private CallingView() {}

    static Pane render(TvScreen.Calling s, Screens.Context c) {
        return Ui.centred(
                Ui.label(c.text().get("calling.title"), "huge"),
                Ui.focus(c.text().get(s.focused())),
                Ui.label(c.text().get("calling.hint"), "hint"));
    }
}
