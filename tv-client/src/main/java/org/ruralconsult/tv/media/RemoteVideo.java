package org.ruralconsult.tv.media;

/**
 * The live video of one participant (or the TV's own camera, the self view), JavaFX-free. A decoding
 * thread writes each frame into a latest-frame slot; a renderer takes the newest when it draws. A frame
 * that was replaced before anyone took it is dropped (counted), never queued, so a slow screen shows the
 * newest picture, not an ever older one.
 */
public interface RemoteVideo {
    /** The participant's party id (the msid stream id of the SFU's offer), or {@link #SELF}. */
    String participantId();

    /** The id of the TV's own camera view. */
    String SELF = "self";

    /**
     * Where the renderer draws this video, in device pixels: from the next frame on, each frame is converted
     * at the size that fits inside {@code width}×{@code height} with its aspect ratio kept (the box turned
     * for a frame turned a quarter), made smaller where it is larger and made larger only when {@code
     * enlarge}. A renderer that draws without a GPU then draws the picture unscaled. 0×0: convert frames at
     * the size they come (the default). Any thread.
     */
    void drawInside(int width, int height, boolean enlarge);

    /** Width of the newest frame as converted (see {@link #drawInside}); 0 before the first. */
    int width();

    /** Height of the newest frame as converted; 0 before the first. */
    int height();

    /** Sequence number of the newest frame (1, 2, ...); 0 before the first. */
    long sequence();

    /**
     * Copies the newest frame into {@code target} (packed ARGB, {@code width()*height()} pixels) when it is
     * newer than {@code seenSequence} and fits ({@code target.length >= width*height}). Returns the copied
     * frame's sequence number, or {@code seenSequence} when nothing newer came or it did not fit (read
     * {@link #width()}/{@link #height()} and make a larger target). For a size-exact copy use
     * {@link #takeLatest(VideoPicture)}.
     */
    long copyLatest(int[] target, long seenSequence);

    /**
     * Copies the newest frame into {@code picture} with its size and rotation when it is newer than
     * {@code picture.sequence}; grows {@code picture.pixels} when needed. Returns whether it copied.
     */
    boolean takeLatest(VideoPicture picture);

    /** Frames received and converted. */
    long framesDecoded();

    /** Frames replaced by a newer one before a renderer took them. */
    long framesDropped();

    /** Frames a renderer took. */
    long framesTaken();
}
