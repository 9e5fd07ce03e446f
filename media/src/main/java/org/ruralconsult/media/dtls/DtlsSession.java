package org.ruralconsult.media.dtls;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSServerProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;
import org.ruralconsult.media.srtp.SrtpKeys;

/**
 * One DTLS 1.2 association (RFC 6347) for one transport. BouncyCastle's protocol classes block,
 * so the handshake runs on a small executor, never on the event loop; records reach it through
 * a queue. After the handshake the same executor answers late records (a retransmitted Finished,
 * an alert) without blocking.
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc5764">RFC 5764 DTLS-SRTP</a>
 */
public final class DtlsSession {
    /** Reports the outcome; called on the DTLS executor thread. */
    public interface Listener {
        void onDtlsConnected(SrtpKeys keys);

        void onDtlsFailed(Exception cause);
    }

    private final DtlsCertificate certificate;
    private final Executor executor;
    private final QueuedDatagramTransport transport;
    private final Listener listener;
    private final CompletableFuture<String> remoteFingerprint = new CompletableFuture<>();
    private volatile DTLSTransport connected;
    private volatile boolean started;

    public DtlsSession(DtlsCertificate certificate, Executor executor, Consumer<byte[]> send, Listener listener) {
        this.certificate = certificate;
        this.executor = executor;
        this.transport = new QueuedDatagramTransport(send);
        this.listener = listener;
    }

    public boolean started() {
        return started;
    }

    /** The peer's certificate fingerprint from its SDP; may come after the handshake started. */
    public void remoteFingerprint(String fingerprint) {
        if (fingerprint != null) {
            remoteFingerprint.complete(fingerprint);
        }
    }

    /** Starts the handshake in the given role. */
    public void start(boolean asServer) {
        if (started) {
            return;
        }
        started = true;
        try {
            executor.execute(() -> handshake(asServer));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            transport.close();
            listener.onDtlsFailed(new IOException("too many DTLS handshakes at once", e));
        }
    }

    private void handshake(boolean asServer) {
        BcTlsCrypto crypto = new BcTlsCrypto(new SecureRandom());
        DtlsPeerCheck check = new DtlsPeerCheck(remoteFingerprint);
        try {
            SrtpKeys keys;
            if (asServer) {
                DtlsServerRole server = new DtlsServerRole(crypto, certificate, check);
                DTLSServerProtocol protocol = new DTLSServerProtocol();
                connected = protocol.accept(server, transport);
                keys = server.keys;
            } else {
                DtlsClientRole client = new DtlsClientRole(crypto, certificate, check);
                connected = new DTLSClientProtocol().connect(client, transport);
                keys = client.keys;
            }
            listener.onDtlsConnected(keys);
        } catch (IOException | RuntimeException e) {
            transport.close();
            listener.onDtlsFailed(e);
        }
    }

    /** A DTLS record from the network (worker thread). */
    public void receive(byte[] record) {
        if (!transport.offer(record)) {
            return;
        }
        DTLSTransport t = connected;
        if (t != null) {
            try {
                executor.execute(this::drainAfterHandshake);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // late records (a retransmitted Finished, an alert) wait for the next one
            }
        }
    }

    private void drainAfterHandshake() {
        DTLSTransport t = connected;
        if (t == null) {
            return;
        }
        byte[] sink = new byte[1500];
        try {
            t.receive(sink, 0, sink.length, 1);
        } catch (IOException e) {
            // close_notify or a fatal alert: the transport's consent timer frees it.
        }
    }

    public void close() {
        DTLSTransport t = connected;
        if (t != null) {
            try {
                executor.execute(() -> {
                    try {
                        t.close();
                    } catch (IOException ignored) {
                        // best effort close_notify
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // relay shutting down: no close_notify
            }
        }
        transport.close();
    }
}
