package org.ruralconsult.tv.fx;

import javafx.scene.layout.Pane;
import org.ruralconsult.tv.TvScreen;

/** A plain sentence (e.g. no doctor on duty); OK goes home. */
final class NoticeView {
    private NoticeView() {}

    static Pane render(TvScreen.Notice s, Screens.Context c) {
        return Ui.centred(
                Ui.label(c.text().get(s.text()), "title"), Ui.focus(c.text().get(s.focused())));
    }
}
