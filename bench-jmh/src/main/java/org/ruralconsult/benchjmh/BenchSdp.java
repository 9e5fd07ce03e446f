package org.ruralconsult.benchjmh;

import java.util.ArrayList;
import java.util.List;

/**
 * Browser-shaped SDP for driving a real Router without browsers: a publish offer with Opus and
 * VP8 + RTX (Unified Plan, BUNDLE, rtcp-mux), and an answer that accepts every section of the
 * relay's subscribe offer. No DTLS runs in the benchmark (keys are installed directly), so the
 * fingerprint only has to be well-formed.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8829">RFC 8829 JSEP</a>
 */
final class BenchSdp {
    static final String AUDIO_MID = "0";
    static final String VIDEO_MID = MediaPackets.VIDEO_MID;

    private static final String FINGERPRINT = "sha-256 " + String.join(":", java.util.Collections.nCopies(32, "5A"));

    private BenchSdp() {}

    /** The publisher's offer: audio (mid 0) and video (mid 1) sendonly, with Chrome's extension ids. */
    static String publishOffer(String ufrag, String pwd, int audioSsrc, int videoSsrc, int rtxSsrc) {
        List<String> l = new ArrayList<>();
        l.add("v=0");
        l.add("o=- 1 2 IN IP4 127.0.0.1");
        l.add("s=-");
        l.add("t=0 0");
        l.add("a=group:BUNDLE " + AUDIO_MID + " " + VIDEO_MID);
        l.add("m=audio 9 UDP/TLS/RTP/SAVPF 111");
        transport(l, ufrag, pwd, "actpass", AUDIO_MID);
        l.add("a=extmap:1 urn:ietf:params:rtp-hdrext:ssrc-audio-level");
        l.add("a=extmap:" + MediaPackets.MID_ID + " urn:ietf:params:rtp-hdrext:sdes:mid");
        l.add("a=sendonly");
        l.add("a=rtpmap:111 opus/48000/2");
        l.add("a=fmtp:111 minptime=10;useinbandfec=1");
        l.add("a=ssrc:" + Integer.toUnsignedString(audioSsrc) + " cname:bench");
        l.add("m=video 9 UDP/TLS/RTP/SAVPF 96 97");
        transport(l, ufrag, pwd, "actpass", VIDEO_MID);
        l.add("a=extmap:" + MediaPackets.ABS_SEND_TIME_ID
                + " http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time");
        l.add("a=extmap:" + MediaPackets.TRANSPORT_CC_ID
                + " http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01");
        l.add("a=extmap:" + MediaPackets.MID_ID + " urn:ietf:params:rtp-hdrext:sdes:mid");
        l.add("a=sendonly");
        l.add("a=rtpmap:96 VP8/90000");
        l.add("a=rtcp-fb:96 nack");
        l.add("a=rtcp-fb:96 nack pli");
        l.add("a=rtpmap:97 rtx/90000");
        l.add("a=fmtp:97 apt=96");
        l.add("a=ssrc-group:FID " + Integer.toUnsignedString(videoSsrc) + " " + Integer.toUnsignedString(rtxSsrc));
        l.add("a=ssrc:" + Integer.toUnsignedString(videoSsrc) + " cname:bench");
        l.add("a=ssrc:" + Integer.toUnsignedString(rtxSsrc) + " cname:bench");
        return String.join("\r\n", l) + "\r\n";
    }

    /**
     * The subscriber's answer to the relay's offer: each m-section accepted recvonly with the
     * codecs and header extensions offered (the relay is then the DTLS server: setup active).
     */
    static String subscribeAnswer(String offer, String ufrag, String pwd) {
        List<String> l = new ArrayList<>();
        l.add("v=0");
        l.add("o=- 3 2 IN IP4 127.0.0.1");
        l.add("s=-");
        l.add("t=0 0");
        for (String line : offer.split("\r\n")) {
            if (line.startsWith("a=group:BUNDLE")) {
                l.add(line);
            } else if (line.startsWith("m=")) {
                l.add(line);
                l.add("c=IN IP4 0.0.0.0");
                l.add("a=ice-ufrag:" + ufrag);
                l.add("a=ice-pwd:" + pwd);
                l.add("a=fingerprint:" + FINGERPRINT);
                l.add("a=setup:active");
                l.add("a=recvonly");
                l.add("a=rtcp-mux");
            } else if (line.startsWith("a=mid:")
                    || line.startsWith("a=extmap:")
                    || line.startsWith("a=rtpmap:")
                    || line.startsWith("a=fmtp:")) {
                l.add(line);
            }
        }
        return String.join("\r\n", l) + "\r\n";
    }

    private static void transport(List<String> l, String ufrag, String pwd, String setup, String mid) {
        l.add("c=IN IP4 0.0.0.0");
        l.add("a=ice-ufrag:" + ufrag);
        l.add("a=ice-pwd:" + pwd);
        l.add("a=fingerprint:" + FINGERPRINT);
        l.add("a=setup:" + setup);
        l.add("a=mid:" + mid);
        l.add("a=rtcp-mux");
    }
}
