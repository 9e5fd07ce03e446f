package org.ruralconsult.tv.media;

import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import java.nio.ByteBuffer;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A moving test picture for boxes without a camera, for demos and tests: I420 frames pushed into a
 * {@link CustomVideoSource} at a fixed rate. Counts what it pushed, so a receiver's count can be compared.
 */
public final class SyntheticCamera implements AutoCloseable {
    public static final int DEFAULT_WIDTH = 320;
    public static final int DEFAULT_HEIGHT = 240;
    public static final int DEFAULT_FPS = 15;

    private final CustomVideoSource source = new CustomVideoSource();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "synthetic-camera");
        t.setDaemon(true);
        return t;
    });
    private final int width;
    private final int height;
    private volatile long framesPushed;

    public SyntheticCamera() {
        this(DEFAULT_WIDTH, DEFAULT_HEIGHT, DEFAULT_FPS);
    }

    public SyntheticCamera(int width, int height, int fps) {
        this.width = width;
        this.height = height;
        timer.scheduleAtFixedRate(this::pushFrame, 0, 1_000_000 / fps, TimeUnit.MICROSECONDS);
    }

    public CustomVideoSource source() {
        return source;
    }

    public long framesPushed() {
        return framesPushed;
    }

    private void pushFrame() {
        NativeI420Buffer buffer = NativeI420Buffer.allocate(width, height);
        int shift = (int) (framesPushed % 256);
        fill(buffer.getDataY(), buffer.getStrideY(), width, height, shift);
        fill(buffer.getDataU(), buffer.getStrideU(), width / 2, height / 2, 128);
        fill(buffer.getDataV(), buffer.getStrideV(), width / 2, height / 2, 128 + shift / 2);
        VideoFrame frame = new VideoFrame(buffer, System.nanoTime());
        try {
            source.pushFrame(frame);
            framesPushed++;
        } finally {
            frame.release();
        }
    }

    /**
     * A diagonal gradient that moves each frame, so the encoder has real work and every frame differs. Row
     * {@code y} is {@code (x + y + shift) & 0xff}: a slice of one ramp, copied a row at a time (a 1280×720
     * picture at 30 fps would otherwise cost a sizeable part of a core in single-byte writes).
     */
    private static void fill(ByteBuffer plane, int stride, int w, int h, int shift) {
        byte[] ramp = new byte[w + 256];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = (byte) i;
        }
        for (int y = 0; y < h; y++) {
            plane.put(y * stride, ramp, (y + shift) & 0xff, w);
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
