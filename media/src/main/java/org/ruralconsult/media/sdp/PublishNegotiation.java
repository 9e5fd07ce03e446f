package org.ruralconsult.media.sdp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ruralconsult.media.rtp.ExtensionIds;
import org.ruralconsult.media.rtp.HeaderExtension;

/**
 * Answers a client's publish offer (client offers, relay answers recvonly): picks one codec per
 * m-section (Opus; VP8 or H.264 constrained baseline packetization-mode 1, each with RTX), keeps
 * the header extensions the relay rewrites, accepts simulcast rids, and rejects the rest.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8829#section-5.3">RFC 8829 §5.3 generating an answer</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8853">RFC 8853 simulcast</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8843">RFC 8843 BUNDLE</a>
 */
public final class PublishNegotiation {
    /** The outcome: the answer text, the client's transport parameters, the accepted tracks. */
    public record Result(String answer, TransportParameters remote, List<PublishedTrack> tracks) {}

    private PublishNegotiation() {}

    public static Result answer(SessionDescription offer, LocalEndpoint local, List<String> videoCodecs, long version)
            throws SdpException {
        return answer(offer, local, videoCodecs, version, false);
    }

    /**
     * @param transportCc keep the transport-wide sequence number extension and answer {@code a=rtcp-fb:<pt>
     *     transport-cc}, so the publisher runs its own send-side estimator on the relay's feedback; false: the
     *     extension is dropped and libwebrtc falls back to REMB/loss-based estimation
     */
    public static Result answer(
            SessionDescription offer, LocalEndpoint local, List<String> videoCodecs, long version, boolean transportCc)
            throws SdpException {
        if (offer.media.isEmpty()) {
            throw new SdpException("offer has no media");
        }
        SessionDescription answer = new SessionDescription();
        answer.sessionLines.add("v=0");
        answer.sessionLines.add("o=- " + (version + 1000) + " " + version + " IN IP4 127.0.0.1");
        answer.sessionLines.add("s=-");
        answer.sessionLines.add("t=0 0");
        List<String> bundle = new ArrayList<>();
        List<PublishedTrack> tracks = new ArrayList<>();
        TransportParameters remote = null;
        for (MediaDescription m : offer.media) {
            String mid = m.mid();
            if (mid == null) {
                throw new SdpException("m-section without a=mid (BUNDLE needs it)");
            }
            String ufrag = offer.valueFor(m, "ice-ufrag");
            String pwd = offer.valueFor(m, "ice-pwd");
            String fp = offer.valueFor(m, "fingerprint");
            String setup = offer.valueFor(m, "setup");
            if (remote == null && ufrag != null && pwd != null && fp != null) {
                if (!fp.toLowerCase(Locale.ROOT).startsWith("sha-256 ")) {
                    throw new SdpException("only sha-256 fingerprints are supported");
                }
                remote = new TransportParameters(ufrag, pwd, fp.substring(8).trim(), setup == null ? "actpass" : setup);
            }
            RtpCodec codec = offer.rejected(m) ? null : chooseCodec(m, videoCodecs);
            boolean sending = m.direction().equals("sendrecv") || m.direction().equals("sendonly");
            MediaDescription a = new MediaDescription(m.kind, 9, m.proto);
            if (codec == null) {
                a.port = 0;
                a.formats.addAll(m.formats.isEmpty() ? List.of("0") : m.formats.subList(0, 1));
                a.otherLines.add("c=IN IP4 0.0.0.0");
                a.attr("mid", mid);
                answer.media.add(a);
                continue;
            }
            bundle.add(mid);
            if (codec.redPayloadType() >= 0) {
                // listed first: libwebrtc sends RED only when it precedes Opus in the answer
                a.formats.add(String.valueOf(codec.redPayloadType()));
            }
            a.formats.add(String.valueOf(codec.payloadType()));
            if (codec.rtxPayloadType() >= 0) {
                a.formats.add(String.valueOf(codec.rtxPayloadType()));
            }
            local.writeTransport(a, "passive".equals(setup) ? "active" : "passive");
            a.attr("mid", mid);
            ExtensionIds ids = new ExtensionIds();
            for (String ext : m.values("extmap")) {
                String[] parts = ext.split(" ");
                HeaderExtension kind = parts.length >= 2 ? HeaderExtension.byUri(parts[1]) : null;
                if (kind == null || (kind == HeaderExtension.TRANSPORT_CC && !transportCc)) {
                    continue; // not negotiated: libwebrtc then uses REMB/loss-based estimation
                }
                if (kind == HeaderExtension.ABS_SEND_TIME && !codec.isVideo()) {
                    continue;
                }
                int id = Integer.parseInt(parts[0].split("/")[0]);
                ids.put(id, kind);
                a.attr("extmap", id + " " + kind.uri);
            }
            a.attr(sending ? "recvonly" : "inactive");
            a.attr("rtcp-mux");
            if (m.value("rtcp-rsize") != null) {
                a.attr("rtcp-rsize");
            }
            a.attr("rtpmap", codec.rtpmap());
            for (String fb : codec.feedback()) {
                a.attr("rtcp-fb", codec.payloadType() + " " + fb);
            }
            if (ids.id(HeaderExtension.TRANSPORT_CC) > 0) {
                a.attr("rtcp-fb", codec.payloadType() + " transport-cc");
            }
            if (codec.fmtp() != null) {
                a.attr("fmtp", codec.payloadType() + " " + codec.fmtp());
            }
            if (codec.rtxPayloadType() >= 0) {
                a.attr("rtpmap", codec.rtxPayloadType() + " rtx/" + codec.clockRate());
                a.attr("fmtp", codec.rtxPayloadType() + " apt=" + codec.payloadType());
            }
            if (codec.redPayloadType() >= 0) {
                a.attr("rtpmap", codec.redRtpmap());
                a.attr("fmtp", codec.redFmtp());
            }
            List<String> rids = simulcastRids(m);
            if (!rids.isEmpty()) {
                for (String rid : rids) {
                    a.attr("rid", rid + " recv");
                }
                a.attr("simulcast", "recv " + String.join(";", rids));
            }
            local.writeCandidates(a);
            answer.media.add(a);
            if (sending) {
                tracks.add(track(m, mid, codec, ids, rids));
            }
        }
        if (remote == null) {
            throw new SdpException("offer lacks ice-ufrag, ice-pwd or fingerprint");
        }
        answer.attributes.add(new String[] {"group", "BUNDLE " + String.join(" ", bundle)});
        answer.attributes.add(new String[] {"ice-lite", null});
        answer.attributes.add(new String[] {"msid-semantic", " WMS *"});
        return new Result(SdpEncoder.encode(answer), remote, tracks);
    }

    private static PublishedTrack track(
            MediaDescription m, String mid, RtpCodec codec, ExtensionIds ids, List<String> rids) {
        List<Integer> ssrcs = new ArrayList<>();
        Map<Integer, Integer> fid = new HashMap<>();
        List<Integer> sim = new ArrayList<>();
        for (String g : m.values("ssrc-group")) {
            String[] p = g.split(" ");
            if (p[0].equals("FID") && p.length == 3) {
                fid.put(parseSsrc(p[1]), parseSsrc(p[2]));
            } else if (p[0].equals("SIM")) {
                for (int i = 1; i < p.length; i++) {
                    sim.add(parseSsrc(p[i]));
                }
            }
        }
        if (!sim.isEmpty()) {
            ssrcs.addAll(sim);
        } else {
            for (String s : m.values("ssrc")) {
                int ssrc = parseSsrc(s.split(" ")[0]);
                if (!ssrcs.contains(ssrc) && !fid.containsValue(ssrc)) {
                    ssrcs.add(ssrc);
                }
            }
        }
        int[] media = ssrcs.stream().mapToInt(Integer::intValue).toArray();
        int[] rtx = new int[media.length];
        for (int i = 0; i < media.length; i++) {
            rtx[i] = fid.getOrDefault(media[i], 0);
        }
        String streamId = "-";
        String trackId = mid;
        String msid = m.value("msid");
        if (msid != null) {
            String[] p = msid.trim().split(" ");
            streamId = p[0];
            trackId = p.length > 1 ? p[1] : mid;
        }
        return new PublishedTrack(mid, m.kind, codec, media, rtx, rids, ids, streamId, trackId);
    }

    private static List<String> simulcastRids(MediaDescription m) {
        String sim = m.value("simulcast");
        List<String> rids = new ArrayList<>();
        if (sim == null || !sim.startsWith("send ")) {
            return rids;
        }
        for (String alt : sim.substring(5).trim().split(";")) {
            String rid = alt.split(",")[0].replace("~", "");
            if (!rid.isEmpty()) {
                rids.add(rid);
            }
        }
        return rids;
    }

    static int parseSsrc(String s) {
        return (int) Long.parseLong(s.trim());
    }

    /** First codec of our preference the client offers, with its RTX payload type if any. */
    static RtpCodec chooseCodec(MediaDescription m, List<String> videoCodecs) {
        Map<Integer, String[]> rtpmap = new HashMap<>();
        Map<Integer, String> fmtp = new HashMap<>();
        for (String r : m.values("rtpmap")) {
            int sp = r.indexOf(' ');
            if (sp > 0) {
                rtpmap.put(
                        Integer.parseInt(r.substring(0, sp)),
                        r.substring(sp + 1).split("/"));
            }
        }
        for (String f : m.values("fmtp")) {
            int sp = f.indexOf(' ');
            if (sp > 0) {
                fmtp.put(Integer.parseInt(f.substring(0, sp)), f.substring(sp + 1));
            }
        }
        List<String> wanted =
                m.kind.equals("audio") ? List.of("opus") : m.kind.equals("video") ? videoCodecs : List.of();
        for (String want : wanted) {
            for (String f : m.formats) {
                int pt;
                try {
                    pt = Integer.parseInt(f);
                } catch (NumberFormatException e) {
                    continue;
                }
                String[] map = rtpmap.get(pt);
                if (map == null || !map[0].equalsIgnoreCase(want)) {
                    continue;
                }
                String params = fmtp.get(pt);
                if (want.equalsIgnoreCase("H264") && !constrainedBaselineMode1(params)) {
                    continue;
                }
                int clock = Integer.parseInt(map[1]);
                int channels = map.length > 2 ? Integer.parseInt(map[2]) : 1;
                if (want.equalsIgnoreCase("opus")) {
                    return new RtpCodec(
                            "opus",
                            clock,
                            channels,
                            OpusParameters.merge(params),
                            pt,
                            -1,
                            List.of(),
                            redFor(pt, rtpmap, fmtp));
                }
                int rtx = -1;
                for (Map.Entry<Integer, String> e : fmtp.entrySet()) {
                    String[] r = rtpmap.get(e.getKey());
                    if (r != null
                            && r[0].equalsIgnoreCase("rtx")
                            && e.getValue().trim().equals("apt=" + pt)) {
                        rtx = e.getKey();
                    }
                }
                return new RtpCodec(map[0], clock, channels, params, pt, rtx, RtpCodec.VIDEO_FEEDBACK);
            }
        }
        return null;
    }

    /**
     * The offered RED payload type whose blocks are all Opus {@code opusPt} ({@code a=fmtp:63 111/111}),
     * or -1. Chromium 156 offers it by default, after Opus.
     *
     * @see <a href="https://www.rfc-editor.org/rfc/rfc2198#section-5">RFC 2198 §5</a>
     */
    static int redFor(int opusPt, Map<Integer, String[]> rtpmap, Map<Integer, String> fmtp) {
        for (Map.Entry<Integer, String[]> e : rtpmap.entrySet()) {
            String params = fmtp.get(e.getKey());
            if (!e.getValue()[0].equalsIgnoreCase("red") || params == null) {
                continue;
            }
            String[] blocks = params.trim().split("/");
            boolean allOpus = blocks.length >= 2;
            for (String block : blocks) {
                allOpus &= block.trim().equals(String.valueOf(opusPt));
            }
            if (allOpus) {
                return e.getKey();
            }
        }
        return -1;
    }

    /** RFC 6184 §8.1: profile-level-id 42e0xx / 42c0xx and packetization-mode=1. */
    static boolean constrainedBaselineMode1(String fmtp) {
        if (fmtp == null) {
            return false;
        }
        String f = fmtp.toLowerCase(Locale.ROOT);
        return f.contains("packetization-mode=1")
                && (f.contains("profile-level-id=42e0") || f.contains("profile-level-id=42c0"));
    }
}
