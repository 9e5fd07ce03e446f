package org.ruralconsult.tv.media;

import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoFrameBuffer;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;

/**
 * A latest-frame slot: the {@link VideoTrackSink} of one video track and the {@link RemoteVideo} a
 * renderer reads. The decoder thread converts each frame to ARGB, at the size the renderer draws it
 * ({@link #drawInside}) or else as it came, into a back buffer (outside any lock), then swaps it with the
 * newest under a short lock; the renderer copies the newest under the same lock.
 * Two pixel arrays per slot, reused; no allocation per frame once the size is known.
 *
 * <p>Ownership (webrtc-java 0.14.0, {@code VideoTrackSink::OnFrame}): each frame handed to a sink is a
 * native I420 copy with one reference for the Java side, which the sink must release; {@code toI420()}
 * of a native I420 buffer returns the buffer itself. So: convert, then {@code frame.release()}, always.
 */
public final class VideoSlot implements RemoteVideo, VideoTrackSink {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private final String participantId;
    private final I420Converter converter = new I420Converter();
    private final Object writer = new Object();
    private final Object lock = new Object();
    private int[] back = new int[0];
    // newest frame, guarded by lock
    private int[] latest = new int[0];
    private int latestWidth;
    private int latestHeight;
    private int latestRotation;
    private long latestSequence;
    private boolean latestTaken = true;
    private long decoded;
    private long dropped;
    private long taken;
    private volatile long conversionCpuNanos;
    private volatile DrawnBox box = DrawnBox.AS_RECEIVED; // set by the renderer, read by the decoder thread
    private volatile int receivedWidth;
    private volatile int receivedHeight;
    private volatile boolean closed;

    public VideoSlot(String participantId) {
        this.participantId = participantId;
    }

    @Override
    public void onVideoFrame(VideoFrame frame) {
        try {
            if (closed) {
                return;
            }
            VideoFrameBuffer buffer = frame.buffer;
            I420Buffer i420 = buffer.toI420();
            try {
                put(
                        i420.getDataY(),
                        i420.getStrideY(),
                        i420.getDataU(),
                        i420.getStrideU(),
                        i420.getDataV(),
                        i420.getStrideV(),
                        i420.getWidth(),
                        i420.getHeight(),
                        frame.rotation);
            } finally {
                if (i420 != buffer) {
                    i420.release();
                }
            }
        } finally {
            frame.release();
        }
    }

    /** Converts one I420 frame and makes it the newest; the previous newest is dropped if nobody took it. */
    public void put(
            ByteBuffer y,
            int strideY,
            ByteBuffer u,
            int strideU,
            ByteBuffer v,
            int strideV,
            int width,
            int height,
            int rotation) {
        synchronized (writer) {
            receivedWidth = width;
            receivedHeight = height;
            DrawnBox b = box;
            int outWidth = b.width(width, height, rotation);
            int outHeight = b.height(width, height, rotation);
            int size = outWidth * outHeight;
            if (back.length < size) {
                back = new int[size];
            }
            long cpu = THREADS.getCurrentThreadCpuTime(); // -1 where not supported: then the sum means nothing
            converter.convertScaled(y, strideY, u, strideU, v, strideV, width, height, back, outWidth, outHeight);
            conversionCpuNanos += THREADS.getCurrentThreadCpuTime() - cpu;
            synchronized (lock) {
                int[] newest = back;
                back = latest;
                latest = newest;
                latestWidth = outWidth;
                latestHeight = outHeight;
                latestRotation = rotation;
                latestSequence++;
                decoded++;
                if (!latestTaken) {
                    dropped++;
                }
                latestTaken = false;
            }
        }
    }

    @Override
    public void drawInside(int width, int height, boolean enlarge) {
        box = width <= 0 || height <= 0 ? DrawnBox.AS_RECEIVED : new DrawnBox(width, height, enlarge);
    }

    /** Width of the newest frame as it came, before scaling; 0 before the first. */
    public int receivedWidth() {
        return receivedWidth;
    }

    /** Height of the newest frame as it came, before scaling; 0 before the first. */
    public int receivedHeight() {
        return receivedHeight;
    }

    /**
     * The box a frame is fitted in, aspect ratio kept: for a frame to be turned a quarter (90 or 270), the
     * box is turned too, since the picture is drawn turned.
     */
    private record DrawnBox(int boxWidth, int boxHeight, boolean enlarge) {
        static final DrawnBox AS_RECEIVED = new DrawnBox(0, 0, false);

        int width(int w, int h, int rotation) {
            return boxWidth == 0 ? w : Math.max(1, (int) Math.round(w * scale(w, h, rotation)));
        }

        int height(int w, int h, int rotation) {
            return boxWidth == 0 ? h : Math.max(1, (int) Math.round(h * scale(w, h, rotation)));
        }

        private double scale(int w, int h, int rotation) {
            boolean turned = rotation % 180 != 0;
            double k = Math.min(
                    (double) (turned ? boxHeight : boxWidth) / w, (double) (turned ? boxWidth : boxHeight) / h);
            return enlarge ? k : Math.min(1, k);
        }
    }

    @Override
    public String participantId() {
        return participantId;
    }

    @Override
    public int width() {
        synchronized (lock) {
            return latestWidth;
        }
    }

    @Override
    public int height() {
        synchronized (lock) {
            return latestHeight;
        }
    }

    @Override
    public long sequence() {
        synchronized (lock) {
            return latestSequence;
        }
    }

    @Override
    public long copyLatest(int[] target, long seenSequence) {
        synchronized (lock) {
            int size = latestWidth * latestHeight;
            if (latestSequence == 0 || latestSequence == seenSequence || target.length < size) {
                return seenSequence;
            }
            System.arraycopy(latest, 0, target, 0, size);
            markTaken();
            return latestSequence;
        }
    }

    @Override
    public boolean takeLatest(VideoPicture picture) {
        synchronized (lock) {
            if (latestSequence == 0 || latestSequence == picture.sequence) {
                return false;
            }
            int size = latestWidth * latestHeight;
            if (picture.pixels.length < size) {
                picture.pixels = new int[size];
            }
            System.arraycopy(latest, 0, picture.pixels, 0, size);
            picture.width = latestWidth;
            picture.height = latestHeight;
            picture.rotation = latestRotation;
            picture.sequence = latestSequence;
            markTaken();
            return true;
        }
    }

    private void markTaken() {
        if (!latestTaken) {
            latestTaken = true;
            taken++;
        }
    }

    @Override
    public long framesDecoded() {
        synchronized (lock) {
            return decoded;
        }
    }

    @Override
    public long framesDropped() {
        synchronized (lock) {
            return dropped;
        }
    }

    @Override
    public long framesTaken() {
        synchronized (lock) {
            return taken;
        }
    }

    /**
     * CPU time the converting thread spent in I420 → ARGB so far (its own thread CPU clock around each
     * conversion, not wall time), for the rendering benchmark.
     */
    public long conversionCpuNanos() {
        return conversionCpuNanos;
    }

    /** Stops taking frames (the track is gone); what was received stays readable. */
    public void close() {
        closed = true;
    }

    @Override
    public String toString() {
        return "VideoSlot[" + participantId + ", decoded " + framesDecoded() + ", dropped " + framesDropped()
                + ", taken " + framesTaken() + "]";
    }
}
