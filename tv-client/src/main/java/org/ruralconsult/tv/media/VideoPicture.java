package org.ruralconsult.tv.media;

/**
 * A renderer's own copy of one video frame: packed opaque ARGB pixels, row after row without padding.
 * Reused frame after frame ({@link RemoteVideo#takeLatest}); {@link #pixels} grows only when a larger
 * frame comes, so it may be longer than {@code width * height}. Owned by one thread (the UI thread).
 */
public final class VideoPicture {
    /** Packed ARGB ({@code PixelFormat.getIntArgbPreInstance()}); the first {@code width*height} count. */
    public int[] pixels = new int[0];

    public int width;
    public int height;
    /** Clockwise rotation the sender asked for (0, 90, 180, 270); the renderer turns the picture. */
    public int rotation;
    /** The sequence number of the frame held; 0 before the first. */
    public long sequence;
}
