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

    /** Width of the newest frame; 0 before the first. */
    int width();

    /** Height of the newest frame; 0 before the first. */
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
