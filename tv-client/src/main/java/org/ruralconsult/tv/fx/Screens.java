package org.ruralconsult.tv.fx;

import java.time.Clock;
import javafx.scene.Node;
import javafx.scene.layout.Pane;
import org.ruralconsult.tv.TvScreen;
import org.ruralconsult.tv.TvText;
import org.ruralconsult.tv.VideoViews;

/** Picks the renderer of a screen: one small class per {@link TvScreen} variant. */
final class Screens {
    /** What every renderer may use: the words, the pictures of a call, the time. */
    record Context(TvText text, VideoViews<Node> video, Clock clock) {}

    private Screens() {}

    static Pane render(TvScreen screen, Context c) {
        if (screen instanceof TvScreen.Pairing s) {
            return PairingView.render(s, c);
        } else if (screen instanceof TvScreen.Home s) {
            return HomeView.render(s, c);
        } else if (screen instanceof TvScreen.Ringing s) {
            return RingingView.render(s, c);
        } else if (screen instanceof TvScreen.AutoAnswer s) {
            return AutoAnswerView.render(s, c);
        } else if (screen instanceof TvScreen.Calling s) {
            return CallingView.render(s, c);
        } else if (screen instanceof TvScreen.InCall s) {
            return InCallView.render(s, c);
        } else if (screen instanceof TvScreen.Rating s) {
            return RatingView.render(s, c);
        } else if (screen instanceof TvScreen.Notice s) {
            return NoticeView.render(s, c);
        } else if (screen instanceof TvScreen.Message s) {
            return MessageView.render(s, c);
        } else if (screen instanceof TvScreen.Reconnecting s) {
            return ReconnectingView.render(s, c);
        }
        throw new IllegalArgumentException("no renderer for " + screen);
    }
}
