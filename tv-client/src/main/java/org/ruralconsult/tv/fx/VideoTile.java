package org.ruralconsult.tv.fx;

import java.nio.IntBuffer;
import javafx.animation.AnimationTimer;
import javafx.geometry.Rectangle2D;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Region;
import javafx.scene.shape.Rectangle;
import org.ruralconsult.tv.media.RemoteVideo;
import org.ruralconsult.tv.media.VideoPicture;

/**
 * One live picture on screen: an {@link ImageView} over a {@link WritableImage} backed by a {@link
 * PixelBuffer} of packed premultiplied ARGB ({@link PixelFormat#getIntArgbPreInstance()}), fitted inside
 * the tile with its aspect ratio kept (black bars) and turned by the frame's rotation.
 *
 * <p>An {@link AnimationTimer}, running only while the tile is in a scene, takes the newest frame on each
 * pulse ({@link RemoteVideo#takeLatest}) straight into the buffer's own array inside {@link
 * PixelBuffer#updateBuffer}; frames that came in between are dropped by the media's slot, never queued. A
 * frame of another size makes a new buffer and image. JavaFX thread only.
 */
final class VideoTile extends Region {
    private final RemoteVideo video;
    private final VideoPicture picture = new VideoPicture();
    private final ImageView view = new ImageView();
    private final Rectangle clip = new Rectangle();
    private final AnimationTimer timer;
    private PixelBuffer<IntBuffer> buffer;
    private boolean running;
    private boolean closed;
    private long shown;
    private long sizes;

    VideoTile(RemoteVideo video) {
        this.video = video;
        getStyleClass().add("video");
        setStyle("-fx-background-color: #000000;");
        view.setSmooth(true);
        view.setPreserveRatio(false); // the fit below keeps the ratio (also when turned)
        getChildren().add(view);
        setClip(clip);
        timer = new AnimationTimer() {
            @Override
            public void handle(long now) {
                pull();
            }
        };
        // Drawn only while on screen: a tile that leaves the scene (another screen, the call ended) stops.
        sceneProperty().addListener((o, was, scene) -> run(scene != null));
    }

    RemoteVideo video() {
        return video;
    }

    /** Frames drawn so far. */
    long framesShown() {
        return shown;
    }

    /** The sequence number of the frame on screen (0 before the first). */
    long sequenceShown() {
        return picture.sequence;
    }

    /** How many buffers were made (1 + the size changes seen). */
    long buffersMade() {
        return sizes;
    }

    boolean running() {
        return running;
    }

    /** The participant left: stop for good. */
    void close() {
        closed = true;
        run(false);
    }

    private void run(boolean on) {
        boolean want = on && !closed;
        if (want && !running) {
            timer.start();
        } else if (!want && running) {
            timer.stop();
        }
        running = want;
    }

    /** Takes the newest frame if there is a new one; returns whether it drew. */
    boolean pull() {
        if (video.sequence() == picture.sequence) {
            return false;
        }
        int w = video.width();
        int h = video.height();
        if (w <= 0 || h <= 0) {
            return false;
        }
        if (buffer == null || buffer.getWidth() != w || buffer.getHeight() != h) {
            // The size-exact array is the buffer's: takeLatest writes into it and never grows it at this size.
            picture.pixels = new int[w * h];
            buffer = new PixelBuffer<>(w, h, IntBuffer.wrap(picture.pixels), PixelFormat.getIntArgbPreInstance());
            view.setImage(new WritableImage(buffer));
            sizes++;
            requestLayout();
        }
        PixelBuffer<IntBuffer> b = buffer;
        int[] array = picture.pixels;
        boolean[] drew = {false};
        b.updateBuffer(pb -> {
            if (!video.takeLatest(picture)) {
                return Rectangle2D.EMPTY;
            }
            if (picture.pixels != array || picture.width != w || picture.height != h) {
                // The size changed between the look and the take: make a new buffer on the next pulse and take
                // this frame again then (it is still the newest, or a newer one is).
                picture.pixels = array;
                picture.sequence = 0;
                return Rectangle2D.EMPTY;
            }
            drew[0] = true;
            return null; // all of it
        });
        if (drew[0]) {
            shown++;
            if (view.getRotate() != picture.rotation) {
                view.setRotate(picture.rotation);
                requestLayout();
            }
        }
        return drew[0];
    }

    @Override
    protected void layoutChildren() {
        double tileW = getWidth();
        double tileH = getHeight();
        clip.setWidth(tileW);
        clip.setHeight(tileH);
        if (buffer == null || tileW <= 0 || tileH <= 0) {
            return;
        }
        double iw = buffer.getWidth();
        double ih = buffer.getHeight();
        boolean turned = ((int) view.getRotate()) % 180 != 0;
        // Fit inside: the whole picture shows, bars where the shapes differ.
        double k = Math.min(tileW / (turned ? ih : iw), tileH / (turned ? iw : ih));
        double vw = iw * k;
        double vh = ih * k;
        view.setFitWidth(vw);
        view.setFitHeight(vh);
        // Rotation turns about the view's centre, so centring the unturned view centres the turned one.
        view.relocate((tileW - vw) / 2, (tileH - vh) / 2);
    }

    @Override
    protected double computePrefWidth(double height) {
        return 0;
    }

    @Override
    protected double computePrefHeight(double width) {
        return 0;
    }
}
