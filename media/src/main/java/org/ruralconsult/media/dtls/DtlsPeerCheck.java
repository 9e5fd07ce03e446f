package org.ruralconsult.media.dtls;

import java.io.IOException;
import java.util.Hashtable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.TlsContext;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.ruralconsult.media.srtp.SrtpKeys;
import org.ruralconsult.media.srtp.SrtpProfile;

/** What the DTLS client and server roles share: suites, fingerprint check, use_srtp, key export. */
final class DtlsPeerCheck {
    /** STACK.md: anything but ECDHE_ECDSA lets BouncyCastle pick an RSA suite and fail. */
    /** How long a handshake may take, for both roles: a lossy 4G link needs several retransmissions. */
    static final int HANDSHAKE_TIMEOUT_MILLIS = 30_000;

    static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    };

    static final int[] PROFILES = {SrtpProfile.AEAD_AES_128_GCM.id, SrtpProfile.AES_CM_128_HMAC_SHA1_80.id};

    /** How long a handshake may wait for the peer's SDP (its fingerprint) to arrive. */
    static final long FINGERPRINT_WAIT_SECONDS = 10;

    private final CompletableFuture<String> expectedFingerprint;
    volatile SrtpProfile chosen;

    DtlsPeerCheck(CompletableFuture<String> expectedFingerprint) {
        this.expectedFingerprint = expectedFingerprint;
    }

    /**
     * RFC 8122 §5: the peer's certificate must hash to the fingerprint from its SDP. A client may
     * start DTLS before its answer reached us through signaling: this runs on the DTLS thread,
     * so it waits for the fingerprint rather than skip the check.
     */
    void verify(Certificate peer) throws IOException {
        if (peer == null || peer.isEmpty()) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }
        String got = DtlsCertificate.fingerprintOf(peer.getCertificateAt(0).getEncoded());
        String expected;
        try {
            expected = expectedFingerprint.get(FINGERPRINT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        } catch (ExecutionException | TimeoutException e) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }
        if (!expected.equalsIgnoreCase(got)) {
            throw new TlsFatalAlert(AlertDescription.bad_certificate);
        }
    }

    /** Server side: the first of our preferred profiles the client offers. */
    SrtpProfile choose(Hashtable<?, ?> clientExtensions) throws IOException {
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered != null) {
            for (int want : PROFILES) {
                for (int p : offered.getProtectionProfiles()) {
                    if (p == want) {
                        chosen = SrtpProfile.byId(p);
                        return chosen;
                    }
                }
            }
        }
        throw new TlsFatalAlert(AlertDescription.handshake_failure);
    }

    /** RFC 5764 §4.2: export the keying material once the handshake is done. */
    SrtpKeys export(TlsContext context, boolean localIsClient) {
        SrtpProfile p = chosen;
        byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, SrtpKeys.materialLength(p));
        return SrtpKeys.split(p, material, localIsClient);
    }
}
