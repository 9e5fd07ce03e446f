package org.ruralconsult.media.dtls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.ruralconsult.media.srtp.SrtpKeys;
import org.ruralconsult.media.srtp.SrtpProfile;

/**
 * Both DTLS roles of the relay against each other (BouncyCastle on both ends): the handshake
 * completes off the caller's thread, use_srtp picks AEAD_AES_128_GCM, both ends export mirrored
 * keys, and a certificate that does not match the SDP fingerprint is refused.
 */
class DtlsSessionTest {
    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool();
    private static final DtlsCertificate SERVER_CERT = DtlsCertificate.generate();
    private static final DtlsCertificate CLIENT_CERT = DtlsCertificate.generate();

    @AfterAll
    static void stop() {
        EXECUTOR.shutdownNow();
    }

    private static DtlsSession.Listener listener(CompletableFuture<SrtpKeys> result) {
        return new DtlsSession.Listener() {
            @Override
            public void onDtlsConnected(SrtpKeys keys) {
                result.complete(keys);
            }

            @Override
            public void onDtlsFailed(Exception cause) {
                result.completeExceptionally(cause);
            }
        };
    }

    /** Wires two sessions back to back and runs the handshake. */
    private static SrtpKeys[] handshake(String fingerprintClientExpects) throws Exception {
        return handshake(fingerprintClientExpects, CLIENT_CERT.fingerprint(), 0);
    }

    private static SrtpKeys[] handshake(
            String fingerprintClientExpects, String fingerprintServerExpects, long sdpDelayMillis) throws Exception {
        CompletableFuture<SrtpKeys> serverKeys = new CompletableFuture<>();
        CompletableFuture<SrtpKeys> clientKeys = new CompletableFuture<>();
        AtomicReference<DtlsSession> server = new AtomicReference<>();
        AtomicReference<DtlsSession> client = new AtomicReference<>();
        server.set(
                new DtlsSession(SERVER_CERT, EXECUTOR, record -> client.get().receive(record), listener(serverKeys)));
        client.set(new DtlsSession(
                CLIENT_CERT,
                EXECUTOR,
                record -> {
                    if (!server.get().started()) {
                        server.get().start(true);
                    }
                    server.get().receive(record);
                },
                listener(clientKeys)));
        client.get().start(false);
        client.get().remoteFingerprint(fingerprintClientExpects);
        if (sdpDelayMillis == 0) {
            server.get().remoteFingerprint(fingerprintServerExpects);
        } else { // the client's SDP reaches the relay after its ClientHello did
            EXECUTOR.execute(() -> {
                try {
                    Thread.sleep(sdpDelayMillis);
                } catch (InterruptedException e) {
                    return;
                }
                server.get().remoteFingerprint(fingerprintServerExpects);
            });
        }
        try {
            return new SrtpKeys[] {serverKeys.get(10, TimeUnit.SECONDS), clientKeys.get(10, TimeUnit.SECONDS)};
        } finally {
            client.get().close();
            server.get().close();
        }
    }

    @Test
    void rolesAgreeOnGcmAndExportMirroredKeys() throws Exception {
        SrtpKeys[] keys = handshake(SERVER_CERT.fingerprint());
        SrtpKeys server = keys[0];
        SrtpKeys client = keys[1];
        assertEquals(SrtpProfile.AEAD_AES_128_GCM, server.profile());
        assertEquals(SrtpProfile.AEAD_AES_128_GCM, client.profile());
        assertArrayEquals(server.localKey(), client.remoteKey());
        assertArrayEquals(server.remoteKey(), client.localKey());
        assertArrayEquals(server.localSalt(), client.remoteSalt());
        assertEquals(16, server.localKey().length);
        assertEquals(12, server.localSalt().length);
    }

    @Test
    void aCertificateThatDoesNotMatchTheSdpFingerprintIsRefused() {
        ExecutionException e = assertThrows(ExecutionException.class, () -> handshake(CLIENT_CERT.fingerprint()));
        assertTrue(e.getCause() != null);
    }

    @Test
    void theServerWaitsForALateFingerprintAndStillChecksIt() throws Exception {
        SrtpKeys[] keys = handshake(SERVER_CERT.fingerprint(), CLIENT_CERT.fingerprint(), 300);
        assertArrayEquals(keys[0].localKey(), keys[1].remoteKey());
        assertThrows(
                ExecutionException.class, () -> handshake(SERVER_CERT.fingerprint(), SERVER_CERT.fingerprint(), 300));
    }

    @Test
    void fingerprintIsSha256Hex() {
        assertTrue(SERVER_CERT.fingerprint().matches("([0-9A-F]{2}:){31}[0-9A-F]{2}"), SERVER_CERT.fingerprint());
    }
}
