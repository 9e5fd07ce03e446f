package org.ruralconsult.media.sdp;

import java.util.List;

/**
 * A negotiated codec: payload type, RTX payload type (-1 when none), and its SDP parameters. Opus may
 * come with a RED payload type ({@code redPayloadType}, -1 when none): RED blocks carrying this Opus.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7587#section-7">RFC 7587 Opus</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7741#section-6.1">RFC 7741 VP8</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc6184#section-8.1">RFC 6184 H.264</a>
 */
public record RtpCodec(
        String name,
        int clockRate,
        int channels,
        String fmtp,
        int payloadType,
        int rtxPayloadType,
        List<String> feedback,
        int redPayloadType) {

    /** A codec without RED. */
    public RtpCodec(
            String name,
            int clockRate,
            int channels,
            String fmtp,
            int payloadType,
            int rtxPayloadType,
            List<String> feedback) {
        this(name, clockRate, channels, fmtp, payloadType, rtxPayloadType, feedback, -1);
    }

    /** The relay's own payload types on subscribe PeerConnections, one table for all m-sections. */
    public static final int OPUS_PT = 111;
    /** RED carrying Opus (RFC 2198), as Chromium numbers it; offered to every subscriber with Opus. */
    public static final int RED_PT = 63;

    public static final int VP8_PT = 96;
    public static final int VP8_RTX_PT = 97;
    public static final int H264_PT = 102;
    public static final int H264_RTX_PT = 103;

    public static final List<String> VIDEO_FEEDBACK = List.of("goog-remb", "nack", "nack pli", "ccm fir");

    public boolean isVideo() {
        return !name.equalsIgnoreCase("opus");
    }

    /** The RED rtpmap (RFC 2198 §5: same clock and channels as the codec it carries). */
    public String redRtpmap() {
        return redPayloadType + " red/" + clockRate + (channels > 1 ? "/" + channels : "");
    }

    /** RED's fmtp: one redundant and the primary block, both this codec (RFC 2198 §5). */
    public String redFmtp() {
        return redPayloadType + " " + payloadType + "/" + payloadType;
    }

    public String rtpmap() {
        return payloadType + " " + name + "/" + clockRate + (channels > 1 ? "/" + channels : "");
    }

    /** The same codec under the relay's subscribe-side payload types. */
    public RtpCodec forSubscriber() {
        if (name.equalsIgnoreCase("opus")) {
            return new RtpCodec(name, clockRate, channels, fmtp, OPUS_PT, -1, List.of(), RED_PT);
        }
        boolean vp8 = name.equalsIgnoreCase("VP8");
        return new RtpCodec(
                name,
                clockRate,
                channels,
                fmtp,
                vp8 ? VP8_PT : H264_PT,
                rtxPayloadType < 0 ? -1 : vp8 ? VP8_RTX_PT : H264_RTX_PT,
                VIDEO_FEEDBACK);
    }
}
