package org.ruralconsult.media.srtp;

import io.netty.util.collection.IntObjectHashMap;
import java.security.GeneralSecurityException;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.srtp.crypto.JitsiOpenSslProvider;
import org.jitsi.utils.logging2.LoggerImpl;

/**
 * SRTP and SRTCP for one transport, in both directions, with one crypto context per SSRC
 * (jitsi-srtp). Receive-side replay protection is on (RFC 3711 §3.3.2). Worker thread only.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc3711">RFC 3711 SRTP</a>
 * @see <a href="https://www.rfc-editor.org/rfc/rfc7714">RFC 7714 AES-GCM for SRTP</a>
 */
public final class SrtpSession implements AutoCloseable {
    static {
        // STACK.md: choose the AES provider explicitly; the automatic choice can land on
        // BouncyCastle AES-CTR (~7x slower). OpenSSL (jitsi-srtp's native binding) when it loads:
        // as fast as SunJCE and, unlike SunJCE's GCM, it does not allocate per packet.
        Aes.setFactoryClassName(
                System.getProperty("ruralconsult.srtp.aes", JitsiOpenSslProvider.isLoaded() ? "OpenSSL" : "SunJCE"));
    }

    private static final LoggerImpl LOG = new LoggerImpl(SrtpSession.class.getName());

    private final SrtpProfile profile;
    private final SrtpContextFactory sendFactory;
    private final SrtpContextFactory receiveFactory;
    private final IntObjectHashMap<SrtpCryptoContext> sendRtp = new IntObjectHashMap<>();
    private final IntObjectHashMap<SrtpCryptoContext> receiveRtp = new IntObjectHashMap<>();
    private final IntObjectHashMap<SrtcpCryptoContext> sendRtcp = new IntObjectHashMap<>();
    private final IntObjectHashMap<SrtcpCryptoContext> receiveRtcp = new IntObjectHashMap<>();

    public SrtpSession(SrtpKeys keys) {
        this.profile = keys.profile();
        this.sendFactory = new SrtpContextFactory(
                true, keys.localKey(), keys.localSalt(), profile.rtpPolicy(), profile.rtpPolicy(), LOG);
        this.receiveFactory = new SrtpContextFactory(
                false, keys.remoteKey(), keys.remoteSalt(), profile.rtpPolicy(), profile.rtpPolicy(), LOG);
    }

    /** The AES implementation in use ("OpenSSL" or "SunJCE"), for logs and reports. */
    public static String aesImplementation() {
        return System.getProperty("ruralconsult.srtp.aes", JitsiOpenSslProvider.isLoaded() ? "OpenSSL" : "SunJCE");
    }

    public SrtpProfile profile() {
        return profile;
    }

    /** Decrypts in place; false when authentication or replay check fails. */
    public boolean unprotectRtp(PacketScratch p) {
        int ssrc = readInt(p.getBuffer(), p.getOffset() + 8);
        try {
            SrtpCryptoContext c = receiveRtp.get(ssrc);
            if (c == null) {
                c = receiveFactory.deriveContext(ssrc, 0);
                receiveRtp.put(ssrc, c);
            }
            return c.reverseTransformPacket(p, false) == SrtpErrorStatus.OK;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    public boolean protectRtp(PacketScratch p) {
        int ssrc = readInt(p.getBuffer(), p.getOffset() + 8);
        try {
            SrtpCryptoContext c = sendRtp.get(ssrc);
            if (c == null) {
                c = sendFactory.deriveContext(ssrc, 0);
                sendRtp.put(ssrc, c);
            }
            return c.transformPacket(p) == SrtpErrorStatus.OK;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    public boolean unprotectRtcp(PacketScratch p) {
        int ssrc = readInt(p.getBuffer(), p.getOffset() + 4);
        try {
            SrtcpCryptoContext c = receiveRtcp.get(ssrc);
            if (c == null) {
                c = receiveFactory.deriveControlContext(ssrc);
                receiveRtcp.put(ssrc, c);
            }
            return c.reverseTransformPacket(p) == SrtpErrorStatus.OK;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    public boolean protectRtcp(PacketScratch p) {
        int ssrc = readInt(p.getBuffer(), p.getOffset() + 4);
        try {
            SrtcpCryptoContext c = sendRtcp.get(ssrc);
            if (c == null) {
                c = sendFactory.deriveControlContext(ssrc);
                sendRtcp.put(ssrc, c);
            }
            return c.transformPacket(p) == SrtpErrorStatus.OK;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        sendFactory.close();
        receiveFactory.close();
    }

    private static int readInt(byte[] b, int off) {
        return ((b[off] & 0xff) << 24) | ((b[off + 1] & 0xff) << 16) | ((b[off + 2] & 0xff) << 8) | (b[off + 3] & 0xff);
    }
}
