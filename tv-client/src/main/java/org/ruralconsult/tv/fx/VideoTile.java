package org.ruralconsult.tv.fx;

import java.nio.IntBuffer;
import javafx.animation.AnimationTimer;
import javafx.application.ConditionalFeature;
import javafx.application.Platform;
import javafx.geometry.Rectangle2D;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.layout.Background;
import javafx.scene.layout.BackgroundFill;
import javafx.scene.layout.Region;
import javafx.scene.paint.Color;
import javafx.scene.shape.Rectangle;
import javafx.scene.transform.Transform;
import javafx.stage.Window;
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
 *
 * <p>The picture is converted at the size it is drawn ({@link RemoteVideo#drawInside}: the tile's size in
 * device pixels, from its layout bounds, the scene's scale and the window's render scale) and drawn
 * unscaled at whole device pixels. Without a GPU (Prism's software pipeline, which has no 3D: {@link
 * ConditionalFeature#SCENE3D}) scaling the picture while drawing it cost 65–71 ms per 1080p frame here,
 * far more than converting at the larger size, so there the slot also enlarges; with a GPU, which scales
 * for free, it only makes pictures smaller (less to convert and upload).
 */
final class VideoTile extends Region {
    private static final Background BARS = new Background(new BackgroundFill(Color.BLACK, null, null));
    private final RemoteVideo video;
    private final VideoPicture picture = new VideoPicture();
    private final ImageView view = new ImageView();
    private final Rectangle clip = new Rectangle();
    private final AnimationTimer timer;
    private final boolean enlargeWhenConverting;
    private int boxWidth;
    private int boxHeight;
    private PixelBuffer<IntBuffer> buffer;
    private boolean running;
    private boolean closed;
    private long shown;
    private long sizes;

    VideoTile(RemoteVideo video) {
        this.video = video;
        getStyleClass().add("video");
        setBackground(BARS); // until a picture covers the tile
        view.setSmooth(true);
        view.setPreserveRatio(false); // the fit below keeps the ratio (also when turned)
        enlargeWhenConverting = !Platform.isSupported(ConditionalFeature.SCENE3D);
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
        // The size in device pixels also changes with the scene's scale (another display size): lay out again.
        localToSceneTransformProperty().addListener(o -> requestLayout());
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
        if (tileW <= 0 || tileH <= 0) {
            return;
        }
        double scale = devicePixelsPerUnit();
        int bw = (int) Math.floor(tileW * scale + 1e-6);
        int bh = (int) Math.floor(tileH * scale + 1e-6);
        if (bw != boxWidth || bh != boxHeight) {
            boxWidth = bw;
            boxHeight = bh;
            video.drawInside(bw, bh, enlargeWhenConverting); // from the next frame on
        }
        if (buffer == null) {
            return;
        }
        double iw = buffer.getWidth();
        double ih = buffer.getHeight();
        boolean turned = ((int) view.getRotate()) % 180 != 0;
        // Fit inside: the whole picture shows, bars where the shapes differ.
        double k = Math.min(tileW / (turned ? ih : iw), tileH / (turned ? iw : ih));
        if (Math.abs(iw * k * scale - iw) <= 1 && Math.abs(ih * k * scale - ih) <= 1) {
            // Converted at this size (rounding may leave it a pixel short): draw it unscaled.
            k = 1 / scale;
        }
        double vw = iw * k;
        double vh = ih * k;
        view.setFitWidth(vw);
        view.setFitHeight(vh);
        // Rotation turns about the view's centre, so centring the unturned view centres the turned one. At
        // whole device pixels: a picture between pixels would be resampled.
        double x = Math.round((tileW - vw) / 2 * scale) / scale;
        double y = Math.round((tileH - vh) / 2 * scale) / scale;
        view.relocate(x, y);
        // Black only where the picture leaves bars: a fill under a picture that covers the tile is drawn for
        // nothing on every frame.
        boolean covered = !turned && x <= 0 && y <= 0 && x + vw >= tileW && y + vh >= tileH;
        setBackground(covered ? null : BARS);
    }

    /** Device pixels per layout unit: the scene's scale of this tile times the window's render scale. */
    private double devicePixelsPerUnit() {
        // Read through the property, so that it is valid again and its listener hears the next change.
        Transform toScene = getLocalToSceneTransform();
        double scale = Math.hypot(toScene.getMxx(), toScene.getMyx());
        Window window = getScene() == null ? null : getScene().getWindow();
        return scale * (window == null ? 1 : window.getRenderScaleX());
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
