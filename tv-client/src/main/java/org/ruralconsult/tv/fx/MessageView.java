package org.ruralconsult.tv.fx;

import javafx.geometry.Pos;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.ruralconsult.tv.TvScreen;

/** A clinician's text, very large on a black panel over the call. */
final class MessageView {
    private MessageView() {}

    static Pane render(TvScreen.Message s, Screens.Context c) {
        Pane behind = s.behind() == null || s.behind() instanceof TvScreen.Message
                ? Ui.centred()
                : Screens.render(s.behind(), c);
        javafx.scene.Node underneath = behind.lookup("#" + Ui.FOCUS_ID);
        if (underneath != null) {
            underneath.setId(null); // one focused action per screen: the message's
            underneath.setVisible(false);
        }
        Region dim = new Region();
        dim.getStyleClass().add("dim");
        dim.setPrefSize(Ui.WIDTH, Ui.HEIGHT);
        VBox panel = new VBox(
                40,
                Ui.label(c.text().get("message.from", s.from()), "big"),
                Ui.label(s.text(), "message-text"),
                Ui.focus(c.text().get(s.focused())));
        panel.getStyleClass().add("overlay");
        panel.setAlignment(Pos.CENTER_LEFT);
        double w = Ui.WIDTH - 2 * Ui.MARGIN_X - 80;
        panel.setPrefWidth(w);
        panel.setMaxWidth(w);
        panel.setLayoutX((Ui.WIDTH - w) / 2);
        panel.setLayoutY(Ui.MARGIN_Y + 120);
        behind.getChildren().addAll(dim, panel);
        return behind;
    }
}
