package org.ruralconsult.media.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ruralconsult.media.rtp.ExtensionIds;
import org.ruralconsult.media.rtp.HeaderExtension;

/**
 * The relay's side of a subscribe PeerConnection: it offers one sendonly m-section per consumer
 * (m-sections are never removed, a gone track's section turns inactive, RFC 8829 §5.2.2) and reads
 * the client's answer.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8829#section-5.2">RFC 8829 §5.2 generating an offer</a>
 */
public final class SubscribeNegotiation {
    /** Header extension ids the relay offers to subscribers (one table for all m-sections). */
    public static final int AUDIO_LEVEL_ID = 1;

    public static final int ABS_SEND_TIME_ID = 3;
    public static final int MID_ID = 4;
    /** Transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01), when adaptive. */
    public static final int TRANSPORT_CC_ID = 5;

    /**
     * The client's answer: its transport parameters, per mid the extensions it kept, and the mids whose
     * answer kept RED (RFC 2198): those get RED as the publisher sends it, the others plain Opus.
     */
    public record Answer(
            TransportParameters remote,
            Map<String, ExtensionIds> extensions,
            List<String> rejectedMids,
            Set<String> redMids) {}

    private SubscribeNegotiation() {}

    public static String offer(List<OfferedTrack> tracks, LocalEndpoint local, long sessionId, long version) {
        return offer(tracks, local, sessionId, version, false);
    }

    /**
     * @param transportCc also offer the transport-wide sequence number extension and {@code a=rtcp-fb:*
     *     transport-cc}, so the subscriber sends transport-cc feedback for the relay's estimator
     */
    public static String offer(
            List<OfferedTrack> tracks, LocalEndpoint local, long sessionId, long version, boolean transportCc) {
        SessionDescription s = new SessionDescription();
        s.sessionLines.add("v=0");
        s.sessionLines.add("o=- " + sessionId + " " + version + " IN IP4 127.0.0.1");
        s.sessionLines.add("s=-");
        s.sessionLines.add("t=0 0");
        List<String> bundle = new ArrayList<>();
        for (OfferedTrack t : tracks) {
            bundle.add(t.mid());
        }
        if (!bundle.isEmpty()) {
            s.attributes.add(new String[] {"group", "BUNDLE " + String.join(" ", bundle)});
        }
        s.attributes.add(new String[] {"ice-lite", null});
        s.attributes.add(new String[] {"msid-semantic", " WMS *"});
        for (OfferedTrack t : tracks) {
            RtpCodec c = t.codec();
            MediaDescription m = new MediaDescription(t.kind(), 9, "UDP/TLS/RTP/SAVPF");
            if (c.redPayloadType() >= 0) {
                m.formats.add(String.valueOf(c.redPayloadType())); // RED + Opus: the answer may keep either
            }
            m.formats.add(String.valueOf(c.payloadType()));
            if (c.rtxPayloadType() >= 0) {
                m.formats.add(String.valueOf(c.rtxPayloadType()));
            }
            local.writeTransport(m, "actpass");
            m.attr("mid", t.mid());
            if (t.kind().equals("audio")) {
                m.attr("extmap", AUDIO_LEVEL_ID + " " + HeaderExtension.AUDIO_LEVEL.uri);
            } else {
                m.attr("extmap", ABS_SEND_TIME_ID + " " + HeaderExtension.ABS_SEND_TIME.uri);
            }
            m.attr("extmap", MID_ID + " " + HeaderExtension.MID.uri);
            if (transportCc) {
                m.attr("extmap", TRANSPORT_CC_ID + " " + HeaderExtension.TRANSPORT_CC.uri);
            }
            m.attr(t.active() ? "sendonly" : "inactive");
            if (t.active()) {
                m.attr("msid", t.streamId() + " " + t.trackId());
            }
            m.attr("rtcp-mux");
            m.attr("rtcp-rsize");
            m.attr("rtpmap", c.rtpmap());
            for (String fb : c.feedback()) {
                m.attr("rtcp-fb", c.payloadType() + " " + fb);
            }
            if (transportCc) {
                m.attr("rtcp-fb", c.payloadType() + " transport-cc");
            }
            if (c.fmtp() != null) {
                m.attr("fmtp", c.payloadType() + " " + c.fmtp());
            }
            if (c.rtxPayloadType() >= 0) {
                m.attr("rtpmap", c.rtxPayloadType() + " rtx/" + c.clockRate());
                m.attr("fmtp", c.rtxPayloadType() + " apt=" + c.payloadType());
            }
            if (c.redPayloadType() >= 0) {
                m.attr("rtpmap", c.redRtpmap());
                m.attr("fmtp", c.redFmtp());
            }
            if (t.active()) {
                if (t.rtxSsrc() != 0 && c.rtxPayloadType() >= 0) {
                    m.attr(
                            "ssrc-group",
                            "FID " + Integer.toUnsignedString(t.ssrc()) + " " + Integer.toUnsignedString(t.rtxSsrc()));
                }
                ssrc(m, t.ssrc(), t);
                if (t.rtxSsrc() != 0 && c.rtxPayloadType() >= 0) {
                    ssrc(m, t.rtxSsrc(), t);
                }
            }
            local.writeCandidates(m);
            s.media.add(m);
        }
        return SdpEncoder.encode(s);
    }

    private static void ssrc(MediaDescription m, int ssrc, OfferedTrack t) {
        String id = Integer.toUnsignedString(ssrc);
        m.attr("ssrc", id + " cname:" + t.cname());
        m.attr("ssrc", id + " msid:" + t.streamId() + " " + t.trackId());
    }

    public static Answer readAnswer(SessionDescription answer) throws SdpException {
        TransportParameters remote = null;
        Map<String, ExtensionIds> extensions = new HashMap<>();
        List<String> rejected = new ArrayList<>();
        Set<String> redMids = new HashSet<>();
        for (MediaDescription m : answer.media) {
            String mid = m.mid();
            if (mid == null) {
                throw new SdpException("answer m-section without a=mid");
            }
            if (answer.rejected(m)) {
                rejected.add(mid);
                continue;
            }
            String ufrag = answer.valueFor(m, "ice-ufrag");
            String pwd = answer.valueFor(m, "ice-pwd");
            String fp = answer.valueFor(m, "fingerprint");
            String setup = answer.valueFor(m, "setup");
            if (remote == null && ufrag != null && pwd != null && fp != null) {
                if (!fp.toLowerCase().startsWith("sha-256 ")) {
                    throw new SdpException("only sha-256 fingerprints are supported");
                }
                remote = new TransportParameters(ufrag, pwd, fp.substring(8).trim(), setup == null ? "active" : setup);
            }
            ExtensionIds ids = new ExtensionIds();
            for (String ext : m.values("extmap")) {
                String[] parts = ext.split(" ");
                HeaderExtension kind = parts.length >= 2 ? HeaderExtension.byUri(parts[1]) : null;
                if (kind != null) {
                    ids.put(Integer.parseInt(parts[0].split("/")[0]), kind);
                }
            }
            extensions.put(mid, ids);
            if (m.formats.contains(String.valueOf(RtpCodec.RED_PT))) {
                redMids.add(mid);
            }
        }
        if (remote == null && !answer.media.isEmpty() && rejected.size() < answer.media.size()) {
            throw new SdpException("answer lacks ice-ufrag, ice-pwd or fingerprint");
        }
        return new Answer(remote, extensions, rejected, redMids);
    }
}
