package org.ruralconsult.media.sdp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.ruralconsult.media.rtp.HeaderExtension;
import org.ruralconsult.media.testing.SdpFixtures;

/** Publish answers and subscribe offers as a browser expects them, with no munging on its side. */
class NegotiationTest {
    private static final LocalEndpoint LOCAL =
            new LocalEndpoint("srvU", "serverPasswordServerPass", "AA:BB", "127.0.0.1", 10000);

    private static PublishNegotiation.Result answer(List<String> videoCodecs) throws SdpException {
        String offer = SdpFixtures.publishOffer("cliU", "clientPasswordClientPwd1", 11, 22, 33);
        return PublishNegotiation.answer(SdpDecoder.decode(offer), LOCAL, videoCodecs, 1);
    }

    @Test
    void publishAnswerIsRecvonlyBundledIceLiteWithOneCodecPerSection() throws Exception {
        var r = answer(List.of("VP8", "H264"));
        SessionDescription a = SdpDecoder.decode(r.answer());
        assertEquals("BUNDLE 0 1", a.value("group"), "the data channel section is rejected and left out");
        assertNotNull(a.value("ice-lite"));
        assertEquals(3, a.media.size());
        MediaDescription audio = a.media.get(0);
        assertEquals(List.of("63", "111"), audio.formats, "RED first: libwebrtc then sends RED");
        assertEquals("recvonly", audio.direction());
        assertEquals("passive", audio.value("setup"), "client offered actpass: the relay is the DTLS server");
        assertEquals("sha-256 AA:BB", audio.value("fingerprint"));
        assertEquals("1 1 udp 2130706431 127.0.0.1 10000 typ host generation 0", audio.value("candidate"));
        assertNotNull(audio.value("end-of-candidates"), "every candidate is here");
        assertEquals(null, audio.value("ice-options"), "no trickle: the protocol has none (RFC 8840)");
        assertTrue(audio.values("extmap").contains("1 urn:ietf:params:rtp-hdrext:ssrc-audio-level"));
        assertFalse(audio.values("extmap").stream().anyMatch(e -> e.contains("transport-wide-cc")));
        MediaDescription video = a.media.get(1);
        assertEquals(List.of("96", "97"), video.formats);
        assertTrue(video.values("fmtp").contains("97 apt=96"));
        assertTrue(video.values("rtcp-fb").containsAll(List.of("96 nack", "96 nack pli", "96 ccm fir")));
        assertNotNull(video.value("rtcp-mux"));
        assertEquals(0, a.media.get(2).port, "m=application rejected with port 0");

        assertEquals("cliU", r.remote().ufrag());
        assertEquals("actpass", r.remote().setup());
        assertEquals(2, r.tracks().size());
        PublishedTrack v = r.tracks().get(1);
        assertEquals("VP8", v.codec().name());
        assertArrayEquals(new int[] {22}, v.ssrcs());
        assertArrayEquals(new int[] {33}, v.rtxSsrcs());
        assertEquals(4, v.extensions().id(HeaderExtension.MID));
        assertEquals(10, v.extensions().id(HeaderExtension.RID));
        assertEquals(0, v.extensions().id(HeaderExtension.TRANSPORT_CC));
        assertEquals("stream", v.streamId());
    }

    /**
     * Firefox with max-bundle offers every m-section but the first with port 0 and {@code a=bundle-only}
     * (RFC 8829 §5.2.1): bundled, not rejected. Found by a Firefox ESR check, where video was answered
     * rejected and only audio flowed.
     */
    @Test
    void aBundleOnlyVideoSectionWithPortZeroIsAcceptedAndAPlainPortZeroRejected() throws Exception {
        String offer = SdpFixtures.publishOffer("cliU", "clientPasswordClientPwd1", 11, 22, 33)
                .replace(
                        "m=video 9 UDP/TLS/RTP/SAVPF 96 97 102 103 104 105\r\n",
                        "m=video 0 UDP/TLS/RTP/SAVPF 96 97 102 103 104 105\r\na=bundle-only\r\n");
        var r = PublishNegotiation.answer(SdpDecoder.decode(offer), LOCAL, List.of("VP8"), 1);
        SessionDescription a = SdpDecoder.decode(r.answer());
        assertEquals("BUNDLE 0 1", a.value("group"));
        assertEquals(9, a.media.get(1).port);
        assertEquals("VP8", r.tracks().get(1).codec().name(), "the video is published");

        String rejected = offer.replace("a=bundle-only\r\n", "").replace("a=group:BUNDLE 0 1 2", "a=group:BUNDLE 0 2");
        var none = PublishNegotiation.answer(SdpDecoder.decode(rejected), LOCAL, List.of("VP8"), 1);
        assertEquals(0, SdpDecoder.decode(none.answer()).media.get(1).port, "no bundle-only, not in the group");
        assertEquals(1, none.tracks().size(), "audio only");
    }

    /** RFC 7587 §7: in-band FEC and DTX asked for; what the client said about its stream is kept. */
    @Test
    void opusIsAnsweredWithFecAndDtxKeepingTheClientsOtherParameters() throws Exception {
        var r = answer(List.of("VP8"));
        MediaDescription audio = SdpDecoder.decode(r.answer()).media.get(0);
        assertTrue(
                audio.values("fmtp").contains("111 minptime=10;useinbandfec=1;usedtx=1"),
                audio.values("fmtp").toString());
        assertEquals(
                "minptime=10;useinbandfec=1;usedtx=1", r.tracks().get(0).codec().fmtp());

        String stereo = SdpFixtures.publishOffer("cliU", "clientPasswordClientPwd1", 11, 22, 33)
                .replace("a=fmtp:111 minptime=10;useinbandfec=1", "a=fmtp:111 useinbandfec=0;stereo=1;sprop-stereo=1");
        var s = PublishNegotiation.answer(SdpDecoder.decode(stereo), LOCAL, List.of("VP8"), 1);
        assertEquals(
                "minptime=10;useinbandfec=1;usedtx=1;stereo=1;sprop-stereo=1",
                s.tracks().get(0).codec().fmtp());
        String none = SdpFixtures.publishOffer("cliU", "clientPasswordClientPwd1", 11, 22, 33)
                .replace("a=fmtp:111 minptime=10;useinbandfec=1\r\n", "");
        assertEquals(
                "minptime=10;useinbandfec=1;usedtx=1",
                PublishNegotiation.answer(SdpDecoder.decode(none), LOCAL, List.of("VP8"), 1)
                        .tracks()
                        .get(0)
                        .codec()
                        .fmtp());
    }

    /** Chromium 156 offers {@code a=rtpmap:63 red/48000/2}, {@code a=fmtp:63 111/111} after Opus by default. */
    @Test
    void redOfOpusIsAcceptedAndAnsweredBeforeOpus() throws Exception {
        var r = answer(List.of("VP8"));
        MediaDescription audio = SdpDecoder.decode(r.answer()).media.get(0);
        assertEquals(List.of("63", "111"), audio.formats);
        assertTrue(audio.values("rtpmap").containsAll(List.of("111 opus/48000/2", "63 red/48000/2")));
        assertTrue(audio.values("fmtp").contains("63 111/111"));
        assertEquals(63, r.tracks().get(0).codec().redPayloadType());
        assertEquals(111, r.tracks().get(0).codec().payloadType());

        String otherNumbers = SdpFixtures.publishOffer("cliU", "clientPasswordClientPwd1", 11, 22, 33)
                .replace("SAVPF 111 63 9 0 8", "SAVPF 109 121 9 0 8")
                .replace("a=rtpmap:111 opus", "a=rtpmap:109 opus")
                .replace("a=rtcp-fb:111 ", "a=rtcp-fb:109 ")
                .replace("a=fmtp:111 ", "a=fmtp:109 ")
                .replace("a=rtpmap:63 red", "a=rtpmap:121 red")
                .replace("a=fmtp:63 111/111", "a=fmtp:121 109/109/109");
        var o = PublishNegotiation.answer(SdpDecoder.decode(otherNumbers), LOCAL, List.of("VP8"), 1);
        assertEquals(List.of("121", "109"), SdpDecoder.decode(o.answer()).media.get(0).formats);
        assertTrue(SdpDecoder.decode(o.answer()).media.get(0).values("fmtp").contains("121 109/109"));

        String redOfSomethingElse = SdpFixtures.publishOffer("cliU", "clientPasswordClientPwd1", 11, 22, 33)
                .replace("a=fmtp:63 111/111", "a=fmtp:63 9/9");
        var g = PublishNegotiation.answer(SdpDecoder.decode(redOfSomethingElse), LOCAL, List.of("VP8"), 1);
        assertEquals(List.of("111"), SdpDecoder.decode(g.answer()).media.get(0).formats, "RED of G.722: not ours");
        assertEquals(-1, g.tracks().get(0).codec().redPayloadType());
        String noRed = SdpFixtures.publishOffer("cliU", "clientPasswordClientPwd1", 11, 22, 33)
                .replace("SAVPF 111 63 9", "SAVPF 111 9")
                .replace("a=rtpmap:63 red/48000/2\r\na=fmtp:63 111/111\r\n", "");
        var n = PublishNegotiation.answer(SdpDecoder.decode(noRed), LOCAL, List.of("VP8"), 1);
        assertEquals(List.of("111"), SdpDecoder.decode(n.answer()).media.get(0).formats);
        assertFalse(n.answer().contains("red/"));
    }

    @Test
    void h264PreferenceTakesConstrainedBaselinePacketizationModeOne() throws Exception {
        var r = answer(List.of("H264", "VP8"));
        PublishedTrack v = r.tracks().get(1);
        assertEquals("H264", v.codec().name());
        assertEquals(104, v.codec().payloadType(), "mode 0 (102) is skipped");
        assertEquals(105, v.codec().rtxPayloadType());
        assertTrue(v.codec().fmtp().contains("profile-level-id=42e01f"));
    }

    @Test
    void simulcastRidsAreAcceptedForReceiving() throws Exception {
        String offer = SdpFixtures.publishOffer("cliU", "clientPasswordClientPwd1", 11, 22, 33)
                .replace("a=ssrc-group:FID 22 33\r\n", "")
                .replace(
                        "a=ssrc:22 cname:abc\r\na=ssrc:33 cname:abc\r\n",
                        "a=rid:q send\r\na=rid:h send\r\na=rid:f send\r\na=simulcast:send q;h;f\r\n");
        var r = PublishNegotiation.answer(SdpDecoder.decode(offer), LOCAL, List.of("VP8"), 1);
        MediaDescription video = SdpDecoder.decode(r.answer()).media.get(1);
        assertEquals(List.of("q recv", "h recv", "f recv"), video.values("rid"));
        assertEquals("recv q;h;f", video.value("simulcast"));
        assertEquals(List.of("q", "h", "f"), r.tracks().get(1).rids());
        assertEquals(0, r.tracks().get(1).ssrcs().length, "SSRCs are learnt from the rid header extension");
    }

    @Test
    void malformedOffersAreRefused() {
        assertThrows(SdpException.class, () -> SdpDecoder.decode("hello"));
        assertThrows(SdpException.class, () -> SdpDecoder.decode("v=0\r\nm=audio\r\n"));
        String noMid = SdpFixtures.publishOffer("cliU", "clientPasswordClientPwd1", 11, 22, 33)
                .replace("a=mid:0\r\n", "");
        assertThrows(
                SdpException.class,
                () -> PublishNegotiation.answer(SdpDecoder.decode(noMid), LOCAL, List.of("VP8"), 1));
        String noFingerprint = SdpFixtures.publishOffer("cliU", "clientPasswordClientPwd1", 11, 22, 33)
                .replaceAll("a=fingerprint:[^\r]*\r\n", "");
        assertThrows(
                SdpException.class,
                () -> PublishNegotiation.answer(SdpDecoder.decode(noFingerprint), LOCAL, List.of("VP8"), 1));
    }

    @Test
    void subscribeOfferIsSendonlyWithSsrcsRtxAndInactiveSectionsKept() throws Exception {
        RtpCodec vp8 = new RtpCodec("VP8", 90000, 1, null, 100, 101, RtpCodec.VIDEO_FEEDBACK).forSubscriber();
        RtpCodec opus =
                new RtpCodec("opus", 48000, 2, "minptime=10;useinbandfec=1", 109, -1, List.of()).forSubscriber();
        String offer = SubscribeNegotiation.offer(
                List.of(
                        new OfferedTrack("0", "audio", opus, 5, 0, "cn", "alice", "a1", true),
                        new OfferedTrack("1", "video", vp8, 6, 7, "cn", "alice", "v1", true),
                        new OfferedTrack("2", "video", vp8, 0, 0, "cn", "-", "-", false)),
                LOCAL,
                42,
                3);
        SessionDescription s = SdpDecoder.decode(offer);
        assertEquals("BUNDLE 0 1 2", s.value("group"));
        assertTrue(s.sessionLines.contains("o=- 42 3 IN IP4 127.0.0.1"));
        MediaDescription v = s.media.get(1);
        assertEquals("actpass", v.value("setup"));
        assertEquals("sendonly", v.direction());
        assertEquals(List.of("96", "97"), v.formats, "the relay's own payload types");
        assertEquals("FID 6 7", v.value("ssrc-group"));
        assertTrue(v.values("ssrc").contains("6 msid:alice v1"));
        assertEquals("alice v1", v.value("msid"));
        assertEquals("inactive", s.media.get(2).direction());
        assertNull(s.media.get(2).value("ssrc"));
        MediaDescription audio = s.media.get(0);
        assertEquals(List.of("63", "111"), audio.formats, "RED and Opus offered: the answer may keep either");
        assertTrue(audio.values("rtpmap").containsAll(List.of("111 opus/48000/2", "63 red/48000/2")));
        assertTrue(audio.values("fmtp").contains("63 111/111"));
        assertTrue(audio.values("fmtp").contains("111 minptime=10;useinbandfec=1"));

        var answer = SubscribeNegotiation.readAnswer(
                SdpDecoder.decode(SdpFixtures.subscribeAnswer(offer, "cliU", "clientPasswordClientPwd1")));
        assertEquals("active", answer.remote().setup());
        assertEquals(SubscribeNegotiation.MID_ID, answer.extensions().get("1").id(HeaderExtension.MID));
        assertTrue(answer.rejectedMids().isEmpty());
        assertEquals(java.util.Set.of("0"), answer.redMids(), "the answer kept RED for the audio");

        String withoutRed = SdpFixtures.subscribeAnswer(offer, "cliU", "clientPasswordClientPwd1")
                .replace("m=audio 9 UDP/TLS/RTP/SAVPF 63 111", "m=audio 9 UDP/TLS/RTP/SAVPF 111")
                .replace("a=rtpmap:63 red/48000/2\r\n", "")
                .replace("a=fmtp:63 111/111\r\n", "");
        assertTrue(SubscribeNegotiation.readAnswer(SdpDecoder.decode(withoutRed))
                .redMids()
                .isEmpty());
    }

    @Test
    void transportCcIsKeptOrDroppedAsAdaptationSays() throws Exception {
        String publishOffer = SdpFixtures.publishOffer("cliU", "clientPasswordClientPwd1", 11, 22, 33);
        var kept = PublishNegotiation.answer(SdpDecoder.decode(publishOffer), LOCAL, List.of("VP8"), 1, true);
        MediaDescription video = SdpDecoder.decode(kept.answer()).media.get(1);
        assertTrue(video.values("extmap").contains("3 " + HeaderExtension.TRANSPORT_CC.uri));
        assertTrue(video.values("rtcp-fb").contains("96 transport-cc"));
        assertTrue(
                SdpDecoder.decode(kept.answer()).media.get(0).values("rtcp-fb").contains("111 transport-cc"));
        assertEquals(3, kept.tracks().get(1).extensions().id(HeaderExtension.TRANSPORT_CC));
        var dropped = answer(List.of("VP8"));
        assertTrue(dropped.answer().indexOf("transport-cc") < 0, "not adaptive: as before issue 13");

        RtpCodec vp8 = new RtpCodec("VP8", 90000, 1, null, 100, 101, RtpCodec.VIDEO_FEEDBACK).forSubscriber();
        List<OfferedTrack> tracks = List.of(new OfferedTrack("0", "video", vp8, 6, 7, "cn", "alice", "v1", true));
        String offer = SubscribeNegotiation.offer(tracks, LOCAL, 42, 3, true);
        MediaDescription v = SdpDecoder.decode(offer).media.get(0);
        assertTrue(v.values("extmap")
                .contains(SubscribeNegotiation.TRANSPORT_CC_ID + " " + HeaderExtension.TRANSPORT_CC.uri));
        assertTrue(v.values("rtcp-fb").contains("96 transport-cc"));
        var answer = SubscribeNegotiation.readAnswer(
                SdpDecoder.decode(SdpFixtures.subscribeAnswer(offer, "cliU", "clientPasswordClientPwd1")));
        assertEquals(
                SubscribeNegotiation.TRANSPORT_CC_ID,
                answer.extensions().get("0").id(HeaderExtension.TRANSPORT_CC));
        assertTrue(SubscribeNegotiation.offer(tracks, LOCAL, 42, 3).indexOf("transport-cc") < 0);
    }
}
