package org.ruralconsult.tv.fx;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.layout.Pane;
import org.ruralconsult.tv.TvScreen;

/** A call comes in: who calls, from which clinic, why, and "Answer" focused; Back declines. */
final class RingingView {
    private RingingView() {}

    static Pane render(TvScreen.Ringing s, Screens.Context c) {
        List<Node> nodes = new ArrayList<>();
        nodes.add(Ui.label(c.text().get("ringing.title", s.callerName()), "huge"));
        if (s.callerOrganization() != null && !s.callerOrganization().isBlank()) {
            nodes.add(Ui.label(s.callerOrganization(), "big"));
        }
        if (s.reason() != null && !s.reason().isBlank()) {
            nodes.add(Ui.label(c.text().get("ringing.reason", s.reason()), "big"));
        }
        nodes.add(Ui.focus(c.text().get(s.focused())));
        nodes.add(Ui.label(c.text().get("ringing.hint"), "hint"));
        return Ui.centred(nodes.toArray(Node[]::new));
    }
}
