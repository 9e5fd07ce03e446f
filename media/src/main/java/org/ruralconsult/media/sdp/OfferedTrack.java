package org.ruralconsult.media.sdp;

/**
 * One m-section of a subscribe offer: a consumer of another participant's track, or a recycled
 * inactive section once that track is gone.
 */
public record OfferedTrack(
        String mid,
        String kind,
        RtpCodec codec,
        int ssrc,
        int rtxSsrc,
        String cname,
        String streamId,
        String trackId,
        boolean active) {}
