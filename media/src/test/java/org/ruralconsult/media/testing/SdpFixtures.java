package org.ruralconsult.media.testing;

import java.util.ArrayList;
import java.util.List;

/** SDP texts shaped like what Chrome/libwebrtc writes, for tests that drive the relay without it. */
public final class SdpFixtures {
    private SdpFixtures() {}

    public static final String FINGERPRINT =
            "sha-256 9A:0B:2E:5C:7D:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77:88:99:AA:BB";

    /** A publish offer with one Opus and one video (VP8+RTX, H.264 modes 0 and 1 + RTX) section. */
    public static String publishOffer(String ufrag, String pwd, int audioSsrc, int videoSsrc, int rtxSsrc) {
        return String.join(
                        "\r\n",
                        "v=0",
                        "o=- 4611731400430051336 2 IN IP4 127.0.0.1",
                        "s=-",
                        "t=0 0",
                        "a=group:BUNDLE 0 1 2",
                        "a=extmap-allow-mixed",
                        "a=msid-semantic: WMS stream",
                        "m=audio 9 UDP/TLS/RTP/SAVPF 111 63 9 0 8",
                        "c=IN IP4 0.0.0.0",
                        "a=rtcp:9 IN IP4 0.0.0.0",
                        "a=ice-ufrag:" + ufrag,
                        "a=ice-pwd:" + pwd,
                        "a=ice-options:trickle",
                        "a=fingerprint:" + FINGERPRINT,
                        "a=setup:actpass",
                        "a=mid:0",
                        "a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level",
                        "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                        "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                        "a=sendonly",
                        "a=msid:stream audio-track",
                        "a=rtcp-mux",
                        "a=rtcp-rsize",
                        "a=rtpmap:111 opus/48000/2",
                        "a=rtcp-fb:111 transport-cc",
                        "a=fmtp:111 minptime=10;useinbandfec=1",
                        "a=rtpmap:63 red/48000/2",
                        "a=fmtp:63 111/111",
                        "a=rtpmap:9 G722/8000",
                        "a=rtpmap:0 PCMU/8000",
                        "a=rtpmap:8 PCMA/8000",
                        "a=ssrc:" + Integer.toUnsignedString(audioSsrc) + " cname:abc",
                        "a=ssrc:" + Integer.toUnsignedString(audioSsrc) + " msid:stream audio-track",
                        "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 104 105",
                        "c=IN IP4 0.0.0.0",
                        "a=rtcp:9 IN IP4 0.0.0.0",
                        "a=ice-ufrag:" + ufrag,
                        "a=ice-pwd:" + pwd,
                        "a=ice-options:trickle",
                        "a=fingerprint:" + FINGERPRINT,
                        "a=setup:actpass",
                        "a=mid:1",
                        "a=extmap:14 urn:ietf:params:rtp-hdrext:toffset",
                        "a=extmap:2 http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time",
                        "a=extmap:3 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01",
                        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid",
                        "a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
                        "a=extmap:11 urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id",
                        "a=sendonly",
                        "a=msid:stream video-track",
                        "a=rtcp-mux",
                        "a=rtcp-rsize",
                        "a=rtpmap:96 VP8/90000",
                        "a=rtcp-fb:96 goog-remb",
                        "a=rtcp-fb:96 transport-cc",
                        "a=rtcp-fb:96 ccm fir",
                        "a=rtcp-fb:96 nack",
                        "a=rtcp-fb:96 nack pli",
                        "a=rtpmap:97 rtx/90000",
                        "a=fmtp:97 apt=96",
                        "a=rtpmap:102 H264/90000",
                        "a=fmtp:102 level-asymmetry-allowed=1;packetization-mode=0;profile-level-id=42001f",
                        "a=rtpmap:103 rtx/90000",
                        "a=fmtp:103 apt=102",
                        "a=rtpmap:104 H264/90000",
                        "a=fmtp:104 level-asymmetry-allowed=1;packetization-mode=1;profile-level-id=42e01f",
                        "a=rtpmap:105 rtx/90000",
                        "a=fmtp:105 apt=104",
                        "a=ssrc-group:FID " + Integer.toUnsignedString(videoSsrc) + " "
                                + Integer.toUnsignedString(rtxSsrc),
                        "a=ssrc:" + Integer.toUnsignedString(videoSsrc) + " cname:abc",
                        "a=ssrc:" + Integer.toUnsignedString(rtxSsrc) + " cname:abc",
                        "m=application 9 UDP/DTLS/SCTP webrtc-datachannel",
                        "c=IN IP4 0.0.0.0",
                        "a=ice-ufrag:" + ufrag,
                        "a=ice-pwd:" + pwd,
                        "a=fingerprint:" + FINGERPRINT,
                        "a=setup:actpass",
                        "a=mid:2",
                        "a=sctp-port:5000")
                + "\r\n";
    }

    /** A client's answer to a relay subscribe offer: every section accepted recvonly. */
    public static String subscribeAnswer(String offer, String ufrag, String pwd) {
        List<String> out = new ArrayList<>();
        List<String> mids = new ArrayList<>();
        for (String line : offer.split("\r\n")) {
            if (line.startsWith("a=mid:")) {
                mids.add(line.substring(6));
            }
        }
        out.add("v=0");
        out.add("o=- 1 2 IN IP4 127.0.0.1");
        out.add("s=-");
        out.add("t=0 0");
        if (!mids.isEmpty()) {
            out.add("a=group:BUNDLE " + String.join(" ", mids));
        }
        for (String line : offer.split("\r\n")) {
            if (line.startsWith("m=")) {
                out.add(line);
                out.add("c=IN IP4 0.0.0.0");
                out.add("a=ice-ufrag:" + ufrag);
                out.add("a=ice-pwd:" + pwd);
                out.add("a=fingerprint:" + FINGERPRINT);
                out.add("a=setup:active");
                out.add("a=recvonly");
                out.add("a=rtcp-mux");
            } else if (line.startsWith("a=mid:")
                    || line.startsWith("a=extmap:")
                    || line.startsWith("a=rtpmap:")
                    || line.startsWith("a=fmtp:")) {
                out.add(line);
            }
        }
        return String.join("\r\n", out) + "\r\n";
    }

    /** Value of the first {@code a=name:} line. */
    public static String attribute(String sdp, String name) {
        for (String line : sdp.split("\r\n")) {
            if (line.startsWith("a=" + name + ":")) {
                return line.substring(name.length() + 3);
            }
        }
        return null;
    }

    /** The port of the first candidate line. */
    public static int candidatePort(String sdp) {
        String c = attribute(sdp, "candidate");
        return Integer.parseInt(c.split(" ")[5]);
    }
}
