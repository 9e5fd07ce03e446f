package org.ruralconsult.tv.fx;

import javafx.scene.layout.Pane;
import org.ruralconsult.tv.TvScreen;

/** The pairing code, huge, with what to do with it. */
final class PairingView {
    private PairingView() {}

    static Pane render(TvScreen.Pairing s, Screens.Context c) {
        String spaced = String.join(" ", s.code().split(""));
        return Ui.centred(
                Ui.label(c.text().get("pairing.title"), "title"),
                Ui.label(spaced, "code"),
                Ui.label(c.text().get("pairing.hint"), "body"),
                Ui.quietFocus(c.text().get(s.focused())));
    }
}
