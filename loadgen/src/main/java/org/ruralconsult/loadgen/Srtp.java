package org.ruralconsult.loadgen;

import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.Map;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.SrtpPolicy;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.srtp.crypto.JitsiOpenSslProvider;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * SRTP/SRTCP both ways for one connection (jitsi-srtp), a context per SSRC. Sending happens on the pacer
 * thread, receiving on the I/O thread: each direction is touched by one thread only.
 */
final class Srtp {
    static {
        // STACK.md: the automatic choice may pick BouncyCastle AES-CTR, ~7x slower. OpenSSL when its native
        // binding loads, as in the SFU: SunJCE allocates about 1.2 KB per packet, and the young collections
        // that causes (every 1.4 s, 5-14 ms, at 48 calls) stopped this generator's receive thread and were
        // counted as the relay's latency.
        Aes.setFactoryClassName(
                System.getProperty("loadgen.srtp.aes", JitsiOpenSslProvider.isLoaded() ? "OpenSSL" : "SunJCE"));
    }

    static final int GCM = 0x0007;
    static final int CM_SHA1_80 = 0x0001;
    private static final LoggerImpl LOG = new LoggerImpl(Srtp.class.getName());

    private final SrtpContextFactory send;
    private final SrtpContextFactory receive;
    private final Map<Integer, SrtpCryptoContext> sendRtp = new HashMap<>();
    private final Map<Integer, SrtcpCryptoContext> sendRtcp = new HashMap<>();
    private final Map<Integer, SrtpCryptoContext> recvRtp = new HashMap<>();
    private final Map<Integer, SrtcpCryptoContext> recvRtcp = new HashMap<>();

    /** {@code material} as exported by DTLS-SRTP (RFC 5764 §4.2): client key, server key, client salt, server salt. */
    Srtp(int profile, byte[] material, boolean client) {
        int keyLen = 16;
        int saltLen = profile == GCM ? 12 : 14;
        byte[] ck = slice(material, 0, keyLen);
        byte[] sk = slice(material, keyLen, keyLen);
        byte[] cs = slice(material, 2 * keyLen, saltLen);
        byte[] ss = slice(material, 2 * keyLen + saltLen, saltLen);
        SrtpPolicy p = policy(profile);
        send = new SrtpContextFactory(true, client ? ck : sk, client ? cs : ss, p, p, LOG);
        receive = new SrtpContextFactory(false, client ? sk : ck, client ? ss : cs, p, p, LOG);
    }

    static int keyingMaterialLength(int profile) {
        return profile == GCM ? 2 * (16 + 12) : 2 * (16 + 14);
    }

    static SrtpPolicy policy(int profile) {
        return profile == GCM
                ? new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, 16, SrtpPolicy.NULL_AUTHENTICATION, 0, 16, 12)
                : new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, 16, SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, 10, 14);
    }

    boolean protectRtp(Pkt p) {
        try {
            SrtpCryptoContext c = sendRtp.get(ssrc(p, 8));
            if (c == null) {
                c = send.deriveContext(ssrc(p, 8), 0);
                sendRtp.put(ssrc(p, 8), c);
            }
            return c.transformPacket(p) == SrtpErrorStatus.OK;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    boolean unprotectRtp(Pkt p) {
        try {
            SrtpCryptoContext c = recvRtp.get(ssrc(p, 8));
            if (c == null) {
                c = receive.deriveContext(ssrc(p, 8), 0);
                recvRtp.put(ssrc(p, 8), c);
            }
            return c.reverseTransformPacket(p, false) == SrtpErrorStatus.OK;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Used from the I/O thread (feedback) and the pacer (sender reports): synchronised. */
    synchronized boolean protectRtcp(Pkt p) {
        try {
            SrtcpCryptoContext c = sendRtcp.get(ssrc(p, 4));
            if (c == null) {
                c = send.deriveControlContext(ssrc(p, 4));
                sendRtcp.put(ssrc(p, 4), c);
            }
            return c.transformPacket(p) == SrtpErrorStatus.OK;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    boolean unprotectRtcp(Pkt p) {
        try {
            SrtcpCryptoContext c = recvRtcp.get(ssrc(p, 4));
            if (c == null) {
                c = receive.deriveControlContext(ssrc(p, 4));
                recvRtcp.put(ssrc(p, 4), c);
            }
            return c.reverseTransformPacket(p) == SrtpErrorStatus.OK;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    void close() {
        send.close();
        receive.close();
    }

    private static int ssrc(Pkt p, int at) {
        byte[] b = p.getBuffer();
        int o = p.getOffset() + at;
        return ((b[o] & 0xff) << 24) | ((b[o + 1] & 0xff) << 16) | ((b[o + 2] & 0xff) << 8) | (b[o + 3] & 0xff);
    }

    private static byte[] slice(byte[] a, int off, int len) {
        byte[] r = new byte[len];
        System.arraycopy(a, off, r, 0, len);
        return r;
    }
}
