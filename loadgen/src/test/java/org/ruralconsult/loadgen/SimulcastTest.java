package org.ruralconsult.loadgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulcast publisher, RED, the SDP for both and for transport-cc, and the receive side's counting. */
class SimulcastTest {

    /** What one SSRC sent: packets, bytes, key frames, the picture ids seen, packets with rid. */
    static final class Sent {
        long packets;
        long bytes;
        int keyFrames;
        int lastPictureId = -1;
        int pictureIdSteps;
        int withRid;
        String rid;
        int stampKind = -1;
    }

    @Test
    void threeLayersAtTheirBitratesWithPictureIdsAndTheRidOnTheFirstPackets() throws Exception {
        Stats stats = new Stats();
        try (IoLoop io = new IoLoop("test-io");
                DatagramChannel sink = DatagramChannel.open()) {
            sink.bind(new InetSocketAddress("127.0.0.1", 0));
            sink.configureBlocking(false);
            Conn out = new Conn(io, false, stats);
            out.remote((InetSocketAddress) sink.getLocalAddress());
            Publisher p = Publisher.create(out, stats, 2, new MediaMode(true, false, false));
            int[] ssrcs = p.videoSsrcs();
            assertEquals(3, ssrcs.length);
            Map<Integer, Sent> sent = new HashMap<>();
            long t0 = 1_000_000_000_000L;
            p.nextAudio = Long.MAX_VALUE; // video only
            p.nextVideo = t0;
            stats.open(0);
            long frame = 1_000_000_000L / Publisher.FPS;
            for (int f = 0; f < Publisher.KEYFRAME_EVERY_FRAMES; f++) { // 5 s, one key frame per layer
                p.tick(t0 + f * frame);
                drain(sink, sent);
            }
            for (int i = 0; i < 3; i++) {
                Sent s = sent.get(ssrcs[i]);
                Publisher.Shape shape = Publisher.SIMULCAST.get(i);
                double bitrate = s.bytes * 8 / 5.0;
                // RTP headers on top of the payload: within 10 % of the layer's target
                assertEquals(shape.bitrate(), bitrate, shape.bitrate() * 0.1, shape.rid());
                assertEquals(1, s.keyFrames, shape.rid());
                assertEquals(Publisher.KEYFRAME_EVERY_FRAMES - 1, s.pictureIdSteps, "picture id + 1 per frame");
                assertEquals(Publisher.PACKETS_WITH_IDS, s.withRid);
                assertEquals(shape.rid(), s.rid);
                assertEquals(i, s.stampKind, "the stamp names the layer");
            }
            assertEquals(0, stats.expected.sum(), "simulcast video is expected where it arrives");
            p.tick(t0 + Publisher.KEYFRAME_EVERY_FRAMES * frame); // the periodic key frames, 5 s on
            drain(sink, sent);
            // a PLI for the middle layer asks for a key frame there only
            p.requestKeyFrame(ssrcs[1]);
            sent.clear();
            p.tick(t0 + (Publisher.KEYFRAME_EVERY_FRAMES + 1) * frame);
            drain(sink, sent);
            assertEquals(0, sent.get(ssrcs[0]).keyFrames);
            assertEquals(1, sent.get(ssrcs[1]).keyFrames);
            assertEquals(0, sent.get(ssrcs[2]).keyFrames);
            out.close();
        }
    }

    private static void drain(DatagramChannel sink, Map<Integer, Sent> sent) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        while (true) {
            buf.clear();
            if (sink.receive(buf) == null) {
                return;
            }
            byte[] b = buf.array();
            int len = buf.position();
            assertTrue(len <= Publisher.VIDEO_MAX_PACKET + 8, "packet size " + len);
            Sent s = sent.computeIfAbsent(Stamp.getInt(b, 8), k -> new Sent());
            s.packets++;
            s.bytes += len;
            long rid = RtpExtensions.find(b, len, Sdp.RID_ID);
            if (rid >= 0) {
                s.withRid++;
                s.rid = new String(b, (int) (rid >>> 8), (int) (rid & 0xff), StandardCharsets.US_ASCII);
                long mid = RtpExtensions.find(b, len, Sdp.MID_ID);
                assertEquals('1', b[(int) (mid >>> 8)]);
            }
            int p = Stamp.rtpPayloadOffset(b, 0, len);
            assertEquals(0x80, b[p] & 0x80, "X: extended descriptor");
            int pictureId = ((b[p + 2] & 0x7f) << 8) | (b[p + 3] & 0xff);
            boolean start = (b[p] & 0x10) != 0;
            if (start) {
                if (s.lastPictureId >= 0 && pictureId == ((s.lastPictureId + 1) & 0x7fff)) {
                    s.pictureIdSteps++;
                }
                s.lastPictureId = pictureId;
                if ((b[p + 4] & 0x01) == 0) {
                    s.keyFrames++;
                }
            }
            int at = Stamp.find(b, 0, len);
            assertEquals(p + Stamp.PICTURE_ID_VIDEO_OFFSET, at);
            s.stampKind = Stamp.kind(Stamp.streamId(b, at));
        }
    }

    @Test
    void redCarriesThePreviousPayloadAndTheStampIsFoundInThePrimary() throws Exception {
        Stats stats = new Stats();
        try (IoLoop io = new IoLoop("test-io");
                DatagramChannel sink = DatagramChannel.open()) {
            sink.bind(new InetSocketAddress("127.0.0.1", 0));
            Conn out = new Conn(io, false, stats);
            out.remote((InetSocketAddress) sink.getLocalAddress());
            Publisher p = Publisher.create(out, stats, 2, new MediaMode(false, true, false));
            p.useRed(Sdp.RED_PT);
            long t0 = 1_000_000_000_000L;
            p.nextAudio = t0;
            p.nextVideo = Long.MAX_VALUE;
            p.tick(t0 + 20_000_000L); // two audio packets
            byte[] first = receive(sink);
            byte[] second = receive(sink);
            assertEquals(Sdp.RED_PT, first[1] & 0x7f);
            // the first has no redundant block: one header byte (F=0, Opus), then the primary
            assertEquals(Sdp.OPUS_PT, first[12] & 0xff);
            assertEquals(13, Stamp.find(first, 0, first.length));
            // the second: F=1 Opus, timestamp offset 960, length 88; F=0 Opus; the first's primary; its own
            assertEquals(0x80 | Sdp.OPUS_PT, second[12] & 0xff);
            int v = ((second[13] & 0xff) << 16) | ((second[14] & 0xff) << 8) | (second[15] & 0xff);
            assertEquals(960, v >>> 10);
            assertEquals(Publisher.AUDIO_PACKET - 12, v & 0x3ff);
            assertEquals(Sdp.OPUS_PT, second[16] & 0xff);
            int redundant = 17;
            int primary = redundant + Publisher.AUDIO_PACKET - 12;
            assertArrayEquals(
                    java.util.Arrays.copyOfRange(first, 13, first.length),
                    java.util.Arrays.copyOfRange(second, redundant, primary));
            int at = Stamp.find(second, 0, second.length);
            assertEquals(primary, at);
            assertEquals(Stamp.seq(first, 13) + 1, Stamp.seq(second, at));
            out.close();
        }
    }

    private static byte[] receive(DatagramChannel c) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(2048);
        c.configureBlocking(false);
        try (Selector s = Selector.open()) {
            c.register(s, SelectionKey.OP_READ);
            assertTrue(s.select(5000) > 0, "a datagram within 5 s");
        }
        c.receive(buf);
        return java.util.Arrays.copyOf(buf.array(), buf.position());
    }

    @Test
    void simulcastOfferListsTheRidsTheirSsrcsAndTheIdExtensions() {
        String offer = Sdp.publishOffer("u", "p", 5000, 1, new int[] {11, 12, 13}, true, "actpass", "c");
        assertTrue(offer.contains("m=audio 5000 UDP/TLS/RTP/SAVPF 63 111\r\n"));
        assertTrue(offer.contains("a=rtpmap:63 red/48000/2\r\na=fmtp:63 111/111\r\n"));
        assertTrue(offer.contains("a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n"));
        assertTrue(offer.contains("a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n"));
        assertTrue(offer.contains("a=rid:q send\r\na=rid:h send\r\na=rid:f send\r\na=simulcast:send q;h;f\r\n"));
        assertTrue(offer.contains("a=ssrc-group:SIM 11 12 13\r\n"));
        assertTrue(offer.contains("a=ssrc:13 cname:c\r\n"));
        String single = Sdp.publishOffer("u", "p", 5000, 1, new int[] {11}, false, "actpass", "c");
        assertFalse(single.contains("a=simulcast"));
        assertFalse(single.contains("a=extmap"));
        assertTrue(single.contains("m=audio 5000 UDP/TLS/RTP/SAVPF 111\r\n"));
    }

    @Test
    void answerTakesTransportCcAndRedOnlyWhenOfferedAndWanted() {
        String offer = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE a v\r\n"
                + "a=fingerprint:sha-256 ab:cd\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 63 111\r\nc=IN IP4 127.0.0.1\r\na=mid:a\r\na=sendonly\r\n"
                + "a=ice-ufrag:U\r\na=ice-pwd:P\r\na=setup:actpass\r\n"
                + "a=extmap:5 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n"
                + "a=rtpmap:63 red/48000/2\r\na=fmtp:63 111/111\r\na=rtpmap:111 opus/48000/2\r\n"
                + "a=rtcp-fb:111 transport-cc\r\n"
                + "a=candidate:1 1 udp 2015363327 127.0.0.1 4000 typ host\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 100 101\r\nc=IN IP4 127.0.0.1\r\na=mid:v\r\na=sendonly\r\n"
                + "a=extmap:5 http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01\r\n"
                + "a=rtpmap:100 VP8/90000\r\na=rtcp-fb:100 transport-cc\r\na=rtpmap:101 rtx/90000\r\n";
        Sdp.Remote r = Sdp.parse(offer);
        assertEquals(5, Sdp.transportCcId(r));
        assertEquals(63, Sdp.redPt(r));
        assertEquals(111, r.sections().get(0).pt());
        String both = Sdp.recvOnlyAnswer(r, "u", "p", 5000, true, true);
        assertTrue(both.contains("m=audio 5000 UDP/TLS/RTP/SAVPF 63 111\r\n"));
        assertTrue(both.contains("a=rtpmap:63 red/48000/2\r\na=fmtp:63 111/111\r\n"));
        assertEquals(2, count(both, "a=extmap:5 " + Sdp.TRANSPORT_CC_URI + "\r\n"));
        assertTrue(both.contains("a=rtcp-fb:111 transport-cc\r\n"));
        assertTrue(both.contains("a=rtcp-fb:100 transport-cc\r\n"));
        String neither = Sdp.recvOnlyAnswer(r, "u", "p", 5000, false, false);
        assertTrue(neither.contains("m=audio 5000 UDP/TLS/RTP/SAVPF 111\r\n"));
        assertFalse(neither.contains("transport"));
        assertFalse(neither.contains("red/"));
        // a relay that offers neither (main before issue 13): nothing to take
        Sdp.Remote plain = Sdp.parse(offer.replace("a=extmap:5 ", "a=x:").replace("red/", "x/"));
        assertEquals(0, Sdp.transportCcId(plain));
        assertEquals(-1, Sdp.redPt(plain));
        assertFalse(Sdp.recvOnlyAnswer(plain, "u", "p", 5000, true, true).contains("transport-cc"));
    }

    private static int count(String s, String part) {
        return s.split(java.util.regex.Pattern.quote(part), -1).length - 1;
    }

    /** A video packet of {@code layer} with a stamp, as a relay would forward it. */
    private static byte[] video(int ssrc, int rtpSeq, int stream, int stampSeq, long sendNanos, int tccSeq) {
        byte[] b = new byte[200];
        Publisher.header(b, 96, false, rtpSeq, 0, ssrc);
        int at = 12;
        if (tccSeq >= 0) {
            b[0] |= 0x10;
            byte[] ext = {(byte) 0xbe, (byte) 0xde, 0, 1, 0x31, (byte) (tccSeq >>> 8), (byte) tccSeq, 0};
            System.arraycopy(ext, 0, b, 12, ext.length);
            at = 20;
        }
        Publisher.vp8WithPictureId(b, at, true, false, 1, 320, 180);
        Stamp.write(b, at + Stamp.PICTURE_ID_VIDEO_OFFSET, stream, sendNanos, stampSeq);
        return b;
    }

    @Test
    void receiverCountsLossAsGapsWithinALayerAndNotAtALayerSwitch() throws Exception {
        Stats stats = new Stats();
        stats.videoExpectedAtReceiver = true;
        stats.open(0);
        try (IoLoop io = new IoLoop("test-io")) {
            Conn sub = new Conn(io, false, stats);
            int f = Stamp.newStreamId(1000, 2);
            int h = Stamp.newStreamId(1000, 1);
            // one outgoing stream (SSRC 5): f 0, 1, (2 lost), 3, then a switch to h at 10, 11
            int[][] packets = {{f, 0}, {f, 1}, {f, 3}, {h, 10}, {h, 11}};
            int rtpSeq = 100;
            for (int[] p : packets) {
                byte[] b = video(5, rtpSeq++, p[0], p[1], 1000, -1);
                sub.onPacket(b, b.length, null, 2000);
            }
            assertEquals(5, stats.received.sum());
            assertEquals(6, stats.expected.sum());
            assertEquals(3, stats.videoByLayer[2].sum());
            assertEquals(2, stats.videoByLayer[1].sum());
            assertEquals(0, stats.videoByLayer[0].sum());
            sub.close();
        }
    }

    @Test
    void transportCcArrivalsAreFedBackAfterAnEmptyReceiverReport() throws Exception {
        Stats stats = new Stats();
        try (IoLoop io = new IoLoop("test-io");
                DatagramChannel relay = DatagramChannel.open()) {
            relay.bind(new InetSocketAddress("127.0.0.1", 0));
            Conn sub = new Conn(io, false, stats);
            sub.remote((InetSocketAddress) relay.getLocalAddress());
            sub.sendTransportFeedback();
            assertEquals(0, stats.transportCcSent.sum(), "not negotiated: no feedback");
            sub.transportCc(3);
            long now = System.nanoTime();
            int stream = Stamp.newStreamId(2000, 2);
            int[] tcc = {1, 2, 4};
            for (int i = 0; i < tcc.length; i++) {
                byte[] b = video(7, i, stream, i, now, tcc[i]);
                sub.onPacket(b, b.length, null, now + i * 1_000_000L);
            }
            assertEquals(3, stats.transportCcNoted.sum());
            sub.sendTransportFeedback();
            assertEquals(1, stats.transportCcSent.sum());
            byte[] rtcp = receive(relay);
            if ((rtcp[8] & 0xff) == 0x81 && (rtcp[9] & 0xff) == 206) {
                rtcp = receive(relay); // the PLI sent for the new video stream first
            }
            assertEquals(0x80, rtcp[0] & 0xff, "RR, no report blocks");
            assertEquals(201, rtcp[1] & 0xff);
            TransportFeedbackTest.Decoded d = TransportFeedbackTest.decode(rtcp, 8, rtcp.length - 8);
            assertEquals(1, d.baseSeq());
            assertEquals(7, d.mediaSsrc());
            long[] t = d.ticks();
            assertEquals(4, t.length);
            assertEquals(-1, t[2], "3 lost");
            // 1 ms apart: 4 ticks of 250 µs, give or take the rounding down of each
            assertEquals(4, t[1] - t[0], 1);
            assertEquals(4, t[3] - t[1], 1);
            sub.sendTransportFeedback();
            assertEquals(1, stats.transportCcSent.sum(), "nothing new, nothing sent");
            sub.close();
        }
    }
}
