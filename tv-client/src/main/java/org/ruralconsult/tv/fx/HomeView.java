package org.ruralconsult.tv.fx;

import javafx.scene.control.Label;
import javafx.scene.layout.Pane;
import org.ruralconsult.tv.TvScreen;

/** Home: a greeting, today's date, and one big "call my doctor". */
final class HomeView {
    private HomeView() {}

    static Pane render(TvScreen.Home s, Screens.Context c) {
        Label focus = Ui.focus(c.text().get(s.focused()));
        focus.setStyle("-fx-font-size: 80px;");
        return Ui.centred(
                Ui.label(c.text().get("home.greeting", s.patientName()), "huge"),
                Ui.label(c.text().dateTime(c.clock().instant()), "body"),
                Ui.label(c.text().get(s.doctorsAvailable() ? "home.doctors_on_duty" : "home.no_doctors"), "big"),
                focus,
                Ui.label(c.text().get("home.hint"), "hint"));
    }
}
