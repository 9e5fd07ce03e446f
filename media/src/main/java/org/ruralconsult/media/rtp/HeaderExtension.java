package org.ruralconsult.media.rtp;

/**
 * The RTP header extensions the relay understands, by URI.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8843#section-15">RFC 8843 §15 mid</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8852">RFC 8852 rid, repaired-rid</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6464">RFC 6464 audio level</a>
 */
public enum HeaderExtension {
    AUDIO_LEVEL("urn:ietf:params:rtp-hdrext:ssrc-audio-level"),
    ABS_SEND_TIME("http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time"),
    MID("urn:ietf:params:rtp-hdrext:sdes:mid"),
    RID("urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id"),
    REPAIRED_RID("urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id"),
    TRANSPORT_CC("http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01");

    public final String uri;

    HeaderExtension(String uri) {
        this.uri = uri;
    }

    public static HeaderExtension byUri(String uri) {
        for (HeaderExtension e : values()) {
            if (e.uri.equals(uri)) {
                return e;
            }
        }
        return null;
    }
}
