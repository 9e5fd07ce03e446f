package org.ruralconsult.loadgen;

import java.io.IOException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.util.Date;
import java.util.Hashtable;
import java.util.HexFormat;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.bc.BcDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * DTLS 1.2 client side of DTLS-SRTP (RFC 5764) with BouncyCastle: one ECDSA P-256 certificate per JVM, the
 * server's certificate checked against the SDP fingerprint, SRTP keys exported after the handshake.
 */
final class Dtls {
    private static final SecureRandom RANDOM = new SecureRandom();
    static final BcTlsCrypto CRYPTO = new BcTlsCrypto(RANDOM);
    private static final Identity IDENTITY = Identity.create();

    record Identity(AsymmetricKeyParameter privateKey, byte[] der, String fingerprint) {
        static Identity create() {
            try {
                KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec("secp256r1"));
                KeyPair kp = g.generateKeyPair();
                X500Name name = new X500Name("CN=loadgen");
                long now = System.currentTimeMillis();
                var holder = new JcaX509v3CertificateBuilder(
                                name,
                                BigInteger.valueOf(now),
                                new Date(now - 86_400_000L),
                                new Date(now + 30L * 86_400_000L),
                                name,
                                kp.getPublic())
                        .build(new JcaContentSignerBuilder("SHA256withECDSA").build(kp.getPrivate()));
                byte[] der = holder.getEncoded();
                return new Identity(
                        PrivateKeyFactory.createKey(kp.getPrivate().getEncoded()), der, Dtls.fingerprint(der));
            } catch (Exception e) {
                throw new IllegalStateException("cannot make the DTLS certificate", e);
            }
        }
    }

    /** The result of a handshake. */
    record Keys(int profile, byte[] material) {}

    private Dtls() {}

    static String localFingerprint() {
        return IDENTITY.fingerprint();
    }

    static String fingerprint(byte[] der) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(der);
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Packets from the socket thread go in {@link #inbox}; {@code out} sends on the socket. */
    static final class QueueTransport implements DatagramTransport {
        final BlockingQueue<byte[]> inbox = new LinkedBlockingQueue<>(256);
        private final Consumer<byte[]> out;
        volatile boolean closed;

        QueueTransport(Consumer<byte[]> out) {
            this.out = out;
        }

        @Override
        public int getReceiveLimit() {
            return 1500;
        }

        @Override
        public int getSendLimit() {
            return 1200;
        }

        @Override
        public int receive(byte[] buf, int off, int len, int waitMillis) throws IOException {
            if (closed) {
                throw new IOException("closed");
            }
            try {
                byte[] p = inbox.poll(waitMillis, TimeUnit.MILLISECONDS);
                if (p == null) {
                    return -1;
                }
                int n = Math.min(len, p.length);
                System.arraycopy(p, 0, buf, off, n);
                return n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted");
            }
        }

        @Override
        public void send(byte[] buf, int off, int len) {
            byte[] p = new byte[len];
            System.arraycopy(buf, off, p, 0, len);
            out.accept(p);
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    /** Runs a client handshake (blocking, up to the timeout) and returns the SRTP keys. */
    static Keys connect(QueueTransport transport, String expectedFingerprint, int timeoutMillis) throws IOException {
        Client client = new Client(expectedFingerprint, timeoutMillis);
        DTLSTransport t = new DTLSClientProtocol().connect(client, transport);
        // the DTLSTransport is not read again: after the handshake only SRTP flows
        if (t == null || client.keys == null) {
            throw new IOException("no SRTP keys");
        }
        return client.keys;
    }

    private static final class Client extends DefaultTlsClient {
        private final String expected;
        private final int timeoutMillis;
        private int profile;
        volatile Keys keys;

        Client(String expected, int timeoutMillis) {
            super(CRYPTO);
            this.expected = expected == null ? null : expected.toUpperCase(Locale.ROOT);
            this.timeoutMillis = timeoutMillis;
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return ProtocolVersion.DTLSv12.only();
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return TlsUtils.getSupportedCipherSuites(getCrypto(), new int[] {
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
                CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
                CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
                CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA
            });
        }

        @Override
        public int getHandshakeTimeoutMillis() {
            return timeoutMillis;
        }

        /**
         * BouncyCastle's default first retransmission is after 1 s; a relay that drops the first ClientHello
         * because its own ICE check is still in flight (Janus) would add that second to every setup.
         * libwebrtc starts at 50 ms; 100 ms here.
         */
        @Override
        public int getHandshakeResendTimeMillis() {
            return 100;
        }

        @Override
        @SuppressWarnings({"rawtypes", "unchecked"})
        public Hashtable getClientExtensions() throws IOException {
            Hashtable ext = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
            TlsSRTPUtils.addUseSRTPExtension(
                    ext, new UseSRTPData(new int[] {Srtp.GCM, Srtp.CM_SHA1_80}, TlsUtils.EMPTY_BYTES));
            return ext;
        }

        @Override
        @SuppressWarnings("rawtypes")
        public void processServerExtensions(Hashtable serverExtensions) throws IOException {
            super.processServerExtensions(serverExtensions);
            UseSRTPData chosen = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
            if (chosen == null || chosen.getProtectionProfiles().length != 1) {
                throw new TlsFatalAlert(AlertDescription.illegal_parameter);
            }
            profile = chosen.getProtectionProfiles()[0];
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new TlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate server) throws IOException {
                    Certificate chain = server.getCertificate();
                    if (chain == null || chain.isEmpty()) {
                        throw new TlsFatalAlert(AlertDescription.bad_certificate);
                    }
                    String got = fingerprint(chain.getCertificateAt(0).getEncoded());
                    if (expected != null && !expected.equals(got)) {
                        throw new TlsFatalAlert(AlertDescription.bad_certificate);
                    }
                }

                @Override
                public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                    TlsCertificate cert = CRYPTO.createCertificate(IDENTITY.der());
                    return new BcDefaultTlsCredentialedSigner(
                            new TlsCryptoParameters(context),
                            CRYPTO,
                            IDENTITY.privateKey(),
                            new Certificate(new TlsCertificate[] {cert}),
                            SignatureAndHashAlgorithm.getInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            byte[] m = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, Srtp.keyingMaterialLength(profile));
            keys = new Keys(profile, m);
        }
    }
}
