package org.ruralconsult.tv.fx;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.ruralconsult.tv.TvScreen;
import org.ruralconsult.tv.TvSessionListener;
import org.ruralconsult.tv.TvText;
import org.ruralconsult.tv.VideoViews;
import org.ruralconsult.tv.media.DeviceStatus;
import org.ruralconsult.tv.media.RemoteVideo;

/**
 * The live pictures of the call for the JavaFX screens: a {@link TvSessionListener} that keeps each
 * participant's {@link RemoteVideo} by participant id (their party id, which is also {@link
 * TvScreen.Person#id()}) and gives a {@link VideoTile} for each, one per participant, reused across
 * renders. The session's news arrives on its thread and is handed to the JavaFX thread with {@link
 * Platform#runLater}; everything else runs on the JavaFX thread.
 *
 * <p>When a video appears or leaves, {@link #onChange} is told so that the screen is drawn again (a slot
 * that showed a name tile gets the picture). Who is large is not decided here: the session tells {@code
 * TvApp.speaking} on its own thread, and the call screen puts the first person in the large slot. The self
 * view says "synthetic camera" when the camera is the test picture, and "synthetic microphone" when the
 * sound sent is the test tone.
 */
public final class FxVideoViews implements VideoViews<Node>, TvSessionListener {
    private final Map<String, VideoTile> remotes = new LinkedHashMap<>();
    private TvText text;
    private VideoTile self;
    private boolean syntheticCamera;
    private boolean syntheticMicrophone;
    private Runnable onChange = () -> {};

    public FxVideoViews(TvText text) {
        this.text = text;
    }

    /** Called (JavaFX thread) when a picture came or went, to draw the screen again. */
    public void onChange(Runnable redraw) {
        this.onChange = redraw;
    }

    /** The words of the labels (JavaFX thread); takes effect on the next draw. */
    public void language(TvText text) {
        this.text = text;
    }

    // ---- the session's news (its "tv-ui" thread): handed to the JavaFX thread ----

    @Override
    public void devices(DeviceStatus devices) {
        Platform.runLater(() -> {
            boolean changed = syntheticCamera != devices.syntheticCamera()
                    || syntheticMicrophone != devices.syntheticMicrophone();
            syntheticCamera = devices.syntheticCamera();
            syntheticMicrophone = devices.syntheticMicrophone();
            if (devices.cameraMissing() && self != null) {
                // This call's media has no camera: no self view (not the last call's picture).
                self.close();
                self = null;
                changed = true;
            }
            if (changed) {
                onChange.run();
            }
        });
    }

    @Override
    public void selfView(RemoteVideo video) {
        Platform.runLater(() -> {
            if (self != null) {
                self.close();
            }
            self = new VideoTile(video);
            onChange.run();
        });
    }

    @Override
    public void videoAppeared(RemoteVideo video) {
        Platform.runLater(() -> {
            VideoTile old = remotes.put(video.participantId(), new VideoTile(video));
            if (old != null) {
                old.close();
            }
            onChange.run();
        });
    }

    @Override
    public void videoLeft(String participantId) {
        Platform.runLater(() -> {
            VideoTile gone = remotes.remove(participantId);
            if (gone != null) {
                gone.close();
                onChange.run();
            }
        });
    }

    // ---- the call screen asks (JavaFX thread) ----

    @Override
    public Optional<Node> remote(String callId, TvScreen.Person who) {
        return who.id() == null ? Optional.empty() : Optional.ofNullable(remotes.get(who.id()));
    }

    @Override
    public Optional<Node> self(String callId) {
        if (self == null) {
            return Optional.empty();
        }
        if (!syntheticCamera) {
            return Optional.of(self);
        }
        // A test picture, not a camera (and a tone, not a microphone): said on the picture, top left (the
        // name panel is at the bottom).
        VBox label = new VBox(Ui.label(text.get("incall.synthetic_camera"), "org"));
        if (syntheticMicrophone) {
            label.getChildren().add(Ui.label(text.get("incall.synthetic_microphone"), "org"));
        }
        label.getStyleClass().add("name-panel");
        label.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        StackPane.setAlignment(label, Pos.TOP_LEFT);
        StackPane framed = new StackPane(self, label);
        framed.setId("video-self-synthetic");
        return Optional.of(framed);
    }

    /** The tile of a participant, if their video is here (tests, diagnostics). */
    Optional<VideoTile> tile(String participantId) {
        return Optional.ofNullable(RemoteVideo.SELF.equals(participantId) ? self : remotes.get(participantId));
    }
}
