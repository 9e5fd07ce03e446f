package org.ruralconsult.media.sdp;

import java.util.List;
import org.ruralconsult.media.rtp.ExtensionIds;

/**
 * A track a client offered to send, as the relay accepted it.
 *
 * @param ssrcs media SSRCs from {@code a=ssrc} (one, or one per simulcast layer); may be empty
 *     when the client signals simulcast by rid only
 * @param rtxSsrcs RTX SSRC paired to each media SSRC by {@code a=ssrc-group:FID}, 0 when none
 * @param rids simulcast rids in {@code a=simulcast} order, empty without simulcast
 */
public record PublishedTrack(
        String mid,
        String kind,
        RtpCodec codec,
        int[] ssrcs,
        int[] rtxSsrcs,
        List<String> rids,
        ExtensionIds extensions,
        String streamId,
        String trackId) {}
