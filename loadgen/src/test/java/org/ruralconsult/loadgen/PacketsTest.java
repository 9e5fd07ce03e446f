package org.ruralconsult.loadgen;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

class PacketsTest {

    @Test
    void stampRoundTripsAndIsFoundBehindCsrcsAndAHeaderExtension() {
        byte[] b = new byte[200];
        Publisher.header(b, 96, true, 7, 1234, 0x11223344);
        b[0] = (byte) (0x80 | 0x10 | 2); // X=1, CC=2
        int ext = 12 + 8;
        b[ext] = (byte) 0xbe;
        b[ext + 1] = (byte) 0xde;
        b[ext + 3] = 1; // one word of extension
        int payload = ext + 4 + 4;
        assertEquals(payload, Stamp.rtpPayloadOffset(b, 0, 150));
        Publisher.vp8(b, payload, true, true);
        Stamp.write(b, payload + Stamp.VIDEO_OFFSET, 42, 123456789012345L, 99);
        int at = Stamp.find(b, 0, 150);
        assertEquals(payload + Stamp.VIDEO_OFFSET, at);
        assertEquals(123456789012345L, Stamp.sendNanos(b, at, 150));
        assertEquals(42, Stamp.streamId(b, at));
        assertEquals(99, Stamp.seq(b, at));
        assertEquals(Long.MIN_VALUE, Stamp.sendNanos(b, at, at + 10), "a cut stamp is not read");
    }

    @Test
    void videoAveragesTheTargetBitrateWithKeyFramesAndPacketsStayUnder1100Bytes() {
        long bytesPerPeriod = (long) Publisher.DELTA_FRAME_BYTES * (Publisher.KEYFRAME_EVERY_FRAMES - 1)
                + (long) Publisher.DELTA_FRAME_BYTES * Publisher.KEYFRAME_FACTOR;
        double seconds = (double) Publisher.KEYFRAME_EVERY_FRAMES / Publisher.FPS;
        double bitrate = bytesPerPeriod * 8 / seconds;
        assertEquals(Publisher.VIDEO_BITRATE, bitrate, Publisher.VIDEO_BITRATE * 0.01);
        assertTrue(Publisher.VIDEO_MAX_PACKET <= 1100);
        assertEquals(100, Publisher.AUDIO_PACKET);
    }

    @Test
    void publisherSendsFiftyAudioAndAbout170VideoPacketsPerSecondWithKeyFrameBursts() throws Exception {
        Stats stats = new Stats();
        try (IoLoop io = new IoLoop("test-io")) {
            Conn out = new Conn(io, false, stats);
            Conn sink = new Conn(io, false, stats);
            out.remote(new InetSocketAddress("127.0.0.1", sink.localPort()));
            Publisher p = new Publisher(out, stats, 1, 1, 2, Sdp.OPUS_PT, Sdp.VP8_PT);
            long t0 = 1_000_000_000_000L;
            p.nextAudio = t0;
            p.nextVideo = t0;
            stats.open(0);
            p.tick(t0 + 9_999_999_000L); // ten seconds of packets (300 frames), sent at once
            stats.close(Long.MAX_VALUE);
            long sent = stats.sent.sum();
            long audio = 500;
            long video = sent - audio;
            int perPacket = Publisher.VIDEO_MAX_PACKET - 12;
            int delta = (Publisher.DELTA_FRAME_BYTES + perPacket - 1) / perPacket;
            int key = (Publisher.DELTA_FRAME_BYTES * Publisher.KEYFRAME_FACTOR + perPacket - 1) / perPacket;
            assertEquals(298L * delta + 2L * key, video, "300 frames, 2 of them key frames");
            assertEquals(2, stats.keyFrames.sum());
            assertTrue(video / 10 > 150 && video / 10 < 200, "video packets/s: " + video / 10);
            out.close();
            sink.close();
        }
    }

    @Test
    void bindingRequestCarriesValidIntegrityAndFingerprint() {
        byte[] tx = new byte[12];
        Arrays.fill(tx, (byte) 5);
        byte[] m = Stun.bindingRequest(tx, "rUf", "lUf", "remotepassword", 77L, true);
        assertTrue(Stun.isStun(m, m.length));
        assertEquals(Stun.BINDING_REQUEST, Stun.type(m));
        assertEquals(m.length - 20, ByteBuffer.wrap(m, 2, 2).getShort());
        int fp = m.length - 8;
        int mi = fp - 24;
        // MESSAGE-INTEGRITY over the header (length up to MI) and the attributes before it
        byte[] head = Arrays.copyOf(m, mi);
        ByteBuffer.wrap(head).putShort(2, (short) (mi - 20 + 24));
        byte[] expected = Stun.hmacSha1("remotepassword".getBytes(StandardCharsets.UTF_8), head, 0, mi);
        assertArrayEquals(expected, Arrays.copyOfRange(m, mi + 4, mi + 24));
        CRC32 crc = new CRC32();
        crc.update(m, 0, fp);
        assertEquals(
                (int) crc.getValue() ^ 0x5354554e, ByteBuffer.wrap(m, fp + 4, 4).getInt());
        String user = new String(m, 24, "rUf:lUf".length(), StandardCharsets.UTF_8);
        assertEquals("rUf:lUf", user);
    }

    @Test
    void answersEveryOfferedSectionReceiveOnlyWithTheOfferedCodecs() {
        String offer = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=group:BUNDLE a v\r\n"
                + "a=fingerprint:sha-256 ab:cd\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 109\r\nc=IN IP4 127.0.0.1\r\na=mid:a\r\na=sendonly\r\n"
                + "a=ice-ufrag:U\r\na=ice-pwd:P\r\na=setup:actpass\r\na=rtpmap:109 opus/48000/2\r\n"
                + "a=candidate:1 1 udp 2015363327 127.0.0.1 4000 typ host\r\n"
                + "m=video 9 UDP/TLS/RTP/SAVPF 100 101\r\nc=IN IP4 127.0.0.1\r\na=mid:v\r\na=sendonly\r\n"
                + "a=rtpmap:100 VP8/90000\r\na=rtpmap:101 rtx/90000\r\n";
        Sdp.Remote r = Sdp.parse(offer);
        assertEquals("U", r.ufrag());
        assertEquals("P", r.pwd());
        assertEquals("AB:CD", r.fingerprint());
        assertEquals(4000, r.port());
        assertEquals(2, r.sections().size());
        assertEquals(100, r.sections().get(1).pt());
        String answer = Sdp.recvOnlyAnswer(r, "u", "p", 5000);
        assertTrue(answer.contains("a=group:BUNDLE a v\r\n"));
        assertTrue(answer.contains("m=audio 5000 UDP/TLS/RTP/SAVPF 109\r\n"));
        assertTrue(answer.contains("a=rtpmap:100 VP8/90000\r\n"));
        assertTrue(answer.contains("a=setup:active\r\n"));
        assertEquals(2, answer.split("a=recvonly", -1).length - 1);
    }
}
