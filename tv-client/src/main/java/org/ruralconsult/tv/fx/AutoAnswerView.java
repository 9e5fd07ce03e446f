package org.ruralconsult.tv.fx;

import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.layout.Pane;
import org.ruralconsult.tv.TvScreen;

/** A care-home TV answering by itself: "the doctor is connecting…" and the seconds left, large. */
final class AutoAnswerView {
    private AutoAnswerView() {}

    static Pane render(TvScreen.AutoAnswer s, Screens.Context c) {
        List<Node> nodes = new ArrayList<>();
        nodes.add(Ui.label(c.text().get("autoanswer.title"), "huge"));
        nodes.add(Ui.label(c.text().get("autoanswer.caller", s.callerName()), "big"));
        if (s.callerOrganization() != null && !s.callerOrganization().isBlank()) {
            nodes.add(Ui.label(s.callerOrganization(), "org"));
        }
        nodes.add(Ui.label(Integer.toString(s.secondsLeft()), "countdown"));
        nodes.add(Ui.label(c.text().get("autoanswer.seconds", s.secondsLeft()), "big"));
        nodes.add(Ui.focus(c.text().get(s.focused())));
        nodes.add(Ui.label(c.text().get("autoanswer.hint"), "hint"));
        Pane p = Ui.centred(nodes.toArray(Node[]::new));
        ((javafx.scene.layout.VBox) p.getChildren().get(0)).setSpacing(12);
        return p;
    }
}
