package org.ruralconsult.benchjmh;

import java.util.SplittableRandom;
import org.jitsi.srtp.crypto.JitsiOpenSslProvider;
import org.ruralconsult.media.rtp.RtpHeader;
import org.ruralconsult.media.srtp.PacketScratch;
import org.ruralconsult.media.srtp.SrtpKeys;
import org.ruralconsult.media.srtp.SrtpProfile;
import org.ruralconsult.media.srtp.SrtpSession;

/**
 * What the benchmarks feed the relay: RTP as a browser sends video, SRTP keys for both ends, and
 * the choice of AES implementation.
 */
final class MediaPackets {
    /** A video packet near the path MTU, as libwebrtc fills them. */
    static final int RTP_SIZE = 1200;

    /** The publisher's video m-section, as the fan-out's publish offer names it. */
    static final String VIDEO_MID = "1";

    /** Header extension ids the publisher's offer declares. */
    static final int ABS_SEND_TIME_ID = 2;

    static final int TRANSPORT_CC_ID = 3;
    static final int MID_ID = 4;

    private static String aesChosen;

    private MediaPackets() {}

    /**
     * Picks jitsi-srtp's AES implementation the way the media module does: SrtpSession's static
     * initializer reads {@code ruralconsult.srtp.aes} once per JVM. JMH forks one JVM per
     * parameter set, so setting the property before the first SrtpSession exists makes it a
     * parameter; with -f 0 a second value cannot take effect, and that is refused.
     */
    static synchronized void useAes(String aes) {
        if (aesChosen == null) {
            if (aes.equals("OpenSSL") && !JitsiOpenSslProvider.isLoaded()) {
                throw new IllegalStateException("jitsi-srtp's OpenSSL library did not load here");
            }
            System.setProperty("ruralconsult.srtp.aes", aes);
            aesChosen = aes;
        } else if (!aesChosen.equals(aes)) {
            throw new IllegalStateException(
                    "SrtpSession already chose " + aesChosen + " in this JVM: run with forks (-f 1)");
        }
    }

    /** DTLS-exported keying material (RFC 5764 §4.2), fixed per seed so runs compare. */
    static byte[] material(SrtpProfile profile, long seed) {
        byte[] m = new byte[SrtpKeys.materialLength(profile)];
        new SplittableRandom(seed).nextBytes(m);
        return m;
    }

    /** The relay is the DTLS server towards browsers (it answers actpass with passive). */
    static SrtpKeys relayKeys(SrtpProfile profile, long seed) {
        return SrtpKeys.split(profile, material(profile, seed), false);
    }

    /** The browser's side of the same keys: what it protects with, the relay unprotects with. */
    static SrtpKeys peerKeys(SrtpProfile profile, long seed) {
        return SrtpKeys.split(profile, material(profile, seed), true);
    }

    /**
     * Writes a VP8 packet as Chrome sends it into {@code b} at 0: one-byte header extensions mid,
     * abs-send-time and transport-cc (RFC 8285), a VP8 payload descriptor with a 15-bit picture
     * id (RFC 7741 §4.2), then payload. Four packets per frame at 30 fps; a key frame every 900
     * packets. Returns the length.
     */
    static int vp8(byte[] b, int ssrc, int i, String mid) {
        b[0] = (byte) 0x90; // V=2, X=1
        b[1] = 96;
        RtpHeader.sequence(b, 0, i & 0xffff);
        RtpHeader.timestamp(b, 0, 3000L * (i / 4));
        RtpHeader.ssrc(b, 0, ssrc);
        int p = 16;
        b[p++] = (byte) (MID_ID << 4 | (mid.length() - 1));
        for (int k = 0; k < mid.length(); k++) {
            b[p++] = (byte) mid.charAt(k);
        }
        b[p++] = (byte) (ABS_SEND_TIME_ID << 4 | 2);
        b[p++] = (byte) (i >>> 16);
        b[p++] = (byte) (i >>> 8);
        b[p++] = (byte) i;
        b[p++] = (byte) (TRANSPORT_CC_ID << 4 | 1);
        b[p++] = (byte) (i >>> 8);
        b[p++] = (byte) i;
        while ((p & 3) != 0) {
            b[p++] = 0;
        }
        RtpHeader.writeShort(b, 12, RtpHeader.ONE_BYTE_PROFILE);
        RtpHeader.writeShort(b, 14, (p - 16) / 4);
        boolean frameStart = i % 4 == 0;
        b[p++] = (byte) (0x80 | (frameStart ? 0x10 : 0)); // X, S on the first packet of a frame
        b[p++] = (byte) 0x80; // I: picture id follows
        int picture = (i / 4) & 0x7fff;
        b[p++] = (byte) (0x80 | picture >>> 8);
        b[p++] = (byte) picture;
        b[p++] = (byte) (frameStart && i % 900 == 0 ? 0x10 : 0x11); // VP8 header: P bit clear on key frames
        for (; p < RTP_SIZE; p++) {
            b[p] = (byte) (p * 31 + i);
        }
        return RTP_SIZE;
    }

    /**
     * Packets {@code 0..count-1} of one stream, SRTP-protected by the browser's session in order
     * (so the relay's replay window sees each index once, increasing).
     */
    static byte[][] protectedStream(SrtpSession browser, int ssrc, String mid, int count) {
        byte[][] ring = new byte[count][];
        PacketScratch p = new PacketScratch();
        for (int i = 0; i < count; i++) {
            p.clear().setLength(vp8(p.array(), ssrc, i, mid));
            if (!browser.protectRtp(p)) {
                throw new IllegalStateException("protect failed");
            }
            ring[i] = java.util.Arrays.copyOf(p.array(), p.getLength());
        }
        return ring;
    }
}
