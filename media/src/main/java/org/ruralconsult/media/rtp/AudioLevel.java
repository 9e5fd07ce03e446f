package org.ruralconsult.media.rtp;

/**
 * The client-to-mixer audio level header extension: a one-byte element, V flag and the level in
 * -dBov (0 the loudest, 127 silence).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6464#section-3">RFC 6464 §3</a>
 */
public final class AudioLevel {
    private AudioLevel() {}

    /** The level (0..127, -dBov) of the packet's element {@code id}, or -1 when it has none. */
    public static int read(byte[] b, int off, int len, int id) {
        long found = RtpHeader.findExtension(b, off, len, id);
        if (found < 0 || (found & 0xffff) < 1) {
            return -1;
        }
        return b[off + (int) (found >> 16)] & 0x7f;
    }
}
