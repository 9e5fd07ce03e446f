package org.ruralconsult.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.io.pem.PemObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ruralconsult.signaling.config.SignalingOptions;

/** With --tls-cert and --tls-key the same API is served over HTTPS and WSS. */
class TlsTest {
    @Test
    void httpsAndWssWithAPemCertificateAndKey(@TempDir Path dir) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(
                new X500Name("CN=127.0.0.1"),
                BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofMinutes(1))),
                Date.from(now.plus(Duration.ofDays(1))),
                new X500Name("CN=127.0.0.1"),
                keys.getPublic());
        builder.addExtension(
                Extension.subjectAlternativeName,
                false,
                new GeneralNames(new GeneralName(GeneralName.iPAddress, "127.0.0.1")));
        X509Certificate cert = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));
        Path certFile = dir.resolve("cert.pem");
        Path keyFile = dir.resolve("key.pem");
        Files.writeString(certFile, pem(new PemObject("CERTIFICATE", cert.getEncoded())));
        Files.writeString(
                keyFile, pem(new PemObject("PRIVATE KEY", keys.getPrivate().getEncoded())));

        SignalingOptions options = new SignalingOptions()
                .port(0)
                .jwtSecret("tls-test-secret-0123456789abcdef")
                .tlsCertPath(certFile)
                .tlsKeyPath(keyFile)
                .mediaEnabled(false);
        Vertx client = Vertx.vertx();
        try (SignalingServer server = SignalingServer.builder().options(options).start()) {
            PemTrustOptions trust = new PemTrustOptions().addCertPath(certFile.toString());
            WebClient https =
                    WebClient.create(client, new WebClientOptions().setSsl(true).setTrustOptions(trust));
            var health = https.get(server.port(), "127.0.0.1", "/health")
                    .send()
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(20, TimeUnit.SECONDS);
            assertEquals(200, health.statusCode());

            var ws = client.createWebSocketClient(
                            new WebSocketClientOptions().setSsl(true).setTrustOptions(trust))
                    .connect(new WebSocketConnectOptions()
                            .setHost("127.0.0.1")
                            .setPort(server.port())
                            .setSsl(true)
                            .setURI("/ws?v=1"))
                    .toCompletionStage()
                    .toCompletableFuture()
                    .get(20, TimeUnit.SECONDS);
            var reply = new java.util.concurrent.CompletableFuture<JsonObject>();
            ws.textMessageHandler(t -> reply.complete(new JsonObject(t)));
            ws.writeTextMessage(
                    new JsonObject().put("type", "ping").put("id", "p").encode());
            assertEquals("pong", reply.get(10, TimeUnit.SECONDS).getString("type"));
            ws.close();
        } finally {
            client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static String pem(PemObject object) throws Exception {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
