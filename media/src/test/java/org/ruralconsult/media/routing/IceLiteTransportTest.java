package org.ruralconsult.media.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ruralconsult.media.MediaOptions;
import org.ruralconsult.media.MediaRelay;
import org.ruralconsult.media.pipeline.DropReason;
import org.ruralconsult.media.stun.StunConstants;
import org.ruralconsult.media.stun.StunDecoder;
import org.ruralconsult.media.stun.StunEncoder;
import org.ruralconsult.media.stun.StunMessage;
import org.ruralconsult.media.testing.NoLeaks;
import org.ruralconsult.media.testing.SdpFixtures;

/** ICE-lite over real UDP sockets on loopback: checks, nomination, moves, junk, consent, restart. */
@ExtendWith(NoLeaks.class)
class IceLiteTransportTest {
    private static final String CLIENT_UFRAG = "cliU";
    private static final String CLIENT_PWD = "clientPasswordClientPwd1";

    private static MediaOptions options() {
        return MediaOptions.defaults().withWorkers(1).withBind("127.0.0.1", 0);
    }

    /** Joins alice, publishes, returns {serverUfrag, serverPwd, port}. */
    private static String[] publish(Router router, String clientUfrag, RouterListener listener) throws Exception {
        if (!router.participantIds().get().contains("alice")) {
            router.join("alice", listener).get(5, TimeUnit.SECONDS);
        }
        String answer = router.publish("alice", SdpFixtures.publishOffer(clientUfrag, CLIENT_PWD, 11, 22, 33))
                .get(5, TimeUnit.SECONDS);
        return new String[] {
            SdpFixtures.attribute(answer, "ice-ufrag"),
            SdpFixtures.attribute(answer, "ice-pwd"),
            String.valueOf(SdpFixtures.candidatePort(answer))
        };
    }

    private static byte[] check(String username, String pwd, boolean useCandidate) {
        byte[] txid = new byte[12];
        ThreadLocalRandom.current().nextBytes(txid);
        StunEncoder e = new StunEncoder(StunConstants.BINDING_REQUEST, txid)
                .username(username)
                .attribute(StunConstants.ATTR_PRIORITY, new byte[] {0x6e, 0, 1, (byte) 0xff})
                .attribute(StunConstants.ATTR_ICE_CONTROLLING, new byte[8]);
        if (useCandidate) {
            e.attribute(StunConstants.ATTR_USE_CANDIDATE, new byte[0]);
        }
        return e.integrity(pwd.getBytes()).fingerprintAndBuild();
    }

    private static StunMessage exchange(DatagramSocket s, int port, byte[] request) throws Exception {
        s.send(new DatagramPacket(request, request.length, InetAddress.getLoopbackAddress(), port));
        byte[] buf = new byte[1500];
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        s.receive(p);
        return StunDecoder.decode(java.util.Arrays.copyOf(buf, p.getLength()));
    }

    private static RouterListener quiet() {
        return id -> {};
    }

    @Test
    void answersChecksWithIntegrityAndFingerprintAndFollowsANominatedMove() throws Exception {
        try (MediaRelay relay = MediaRelay.start(options());
                DatagramSocket a = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                DatagramSocket b = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            a.setSoTimeout(2000);
            b.setSoTimeout(2000);
            Router router = relay.createRouter("ice");
            String[] server = publish(router, CLIENT_UFRAG, quiet());
            int port = Integer.parseInt(server[2]);
            byte[] request = check(server[0] + ":" + CLIENT_UFRAG, server[1], true);
            StunMessage response = exchange(a, port, request);
            assertEquals(StunConstants.BINDING_SUCCESS, response.type());
            assertEquals(
                    java.util.HexFormat.of()
                            .formatHex(StunDecoder.decode(request).transactionId()),
                    java.util.HexFormat.of().formatHex(response.transactionId()));
            StunDecoder.checkFingerprint(response);
            StunDecoder.checkIntegrity(response, server[1].getBytes());
            assertEquals(a.getLocalSocketAddress(), StunDecoder.xorMappedAddress(response));
            assertEquals(a.getLocalSocketAddress(), remoteOf(router));

            // the client moves (new port) and nominates there: media follows it
            StunMessage moved = exchange(b, port, check(server[0] + ":" + CLIENT_UFRAG, server[1], true));
            assertEquals(StunConstants.BINDING_SUCCESS, moved.type());
            assertEquals(b.getLocalSocketAddress(), remoteOf(router));
            // a check without USE-CANDIDATE from the old address keeps consent but does not move back
            exchange(a, port, check(server[0] + ":" + CLIENT_UFRAG, server[1], false));
            assertEquals(b.getLocalSocketAddress(), remoteOf(router));
        }
    }

    private static InetSocketAddress remoteOf(Router router) throws Exception {
        return router.worker()
                .submit(() -> router.transportOf("alice", true).remoteAddress())
                .get(5, TimeUnit.SECONDS);
    }

    @Test
    void badCredentialsAndJunkAreCountedAndDroppedWhileGoodChecksStillWork() throws Exception {
        try (MediaRelay relay = MediaRelay.start(options());
                DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(2000);
            Router router = relay.createRouter("junk");
            String[] server = publish(router, CLIENT_UFRAG, quiet());
            int port = Integer.parseInt(server[2]);
            // wrong password: 401 (RFC 5389 §10.1.2)
            StunMessage denied =
                    exchange(s, port, check(server[0] + ":" + CLIENT_UFRAG, "wrong-password-wrong-pwd", true));
            assertEquals(StunConstants.BINDING_ERROR, denied.type());
            assertEquals(401, denied.errorCode());
            // unknown ufrag, junk of every kind, from the same socket
            send(s, port, check("nobody:" + CLIENT_UFRAG, server[1], true));
            send(s, port, new byte[] {(byte) 0xff, 1, 2, 3});
            byte[] truncatedStun = java.util.Arrays.copyOf(check(server[0] + ":x", server[1], true), 30);
            send(s, port, truncatedStun);
            send(s, port, new byte[] {22, (byte) 0xfe, (byte) 0xfd, 0, 0}); // DTLS from an unvalidated address
            byte[] rtp = new byte[100];
            rtp[0] = (byte) 0x80;
            rtp[1] = 96;
            send(s, port, rtp); // RTP from an unvalidated address
            send(s, port, new byte[0]);
            // a valid check still works and validates the address
            assertEquals(
                    StunConstants.BINDING_SUCCESS,
                    exchange(s, port, check(server[0] + ":" + CLIENT_UFRAG, server[1], true))
                            .type());
            send(s, port, rtp); // SRTP before DTLS finished
            Thread.sleep(200);
            var stats = relay.stats().get(5, TimeUnit.SECONDS);
            assertTrue(stats.drops(DropReason.STUN_UNAUTHORIZED) >= 2, stats.toString());
            assertTrue(stats.drops(DropReason.UNKNOWN_PROTOCOL) >= 1, stats.toString());
            assertTrue(stats.drops(DropReason.STUN_MALFORMED) >= 1, stats.toString());
            assertTrue(stats.drops(DropReason.UNKNOWN_SOURCE) >= 2, stats.toString());
            assertTrue(stats.drops(DropReason.NOT_CONNECTED) >= 1, stats.toString());
            assertEquals(java.util.List.of("alice"), router.participantIds().get());
        }
    }

    private static void send(DatagramSocket s, int port, byte[] data) throws Exception {
        s.send(new DatagramPacket(data, data.length, InetAddress.getLoopbackAddress(), port));
    }

    @Test
    void aSilentClientLosesConsentAndIsFreed() throws Exception {
        try (MediaRelay relay = MediaRelay.start(options().withConsentTimeoutMillis(1000));
                DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(2000);
            Router router = relay.createRouter("consent");
            CompletableFuture<String> gone = new CompletableFuture<>();
            RouterListener listener = new RouterListener() {
                @Override
                public void onSubscribeOfferNeeded(String participantId) {}

                @Override
                public void onParticipantGone(String participantId, String reason) {
                    gone.complete(participantId + ": " + reason);
                }
            };
            String[] server = publish(router, CLIENT_UFRAG, listener);
            exchange(s, Integer.parseInt(server[2]), check(server[0] + ":" + CLIENT_UFRAG, server[1], true));
            String reason = gone.get(5, TimeUnit.SECONDS);
            assertTrue(reason.startsWith("alice: ICE consent expired"), reason);
            assertTrue(router.participantIds().get().isEmpty());
            assertEquals(
                    0, router.worker().submit(router.worker()::transportCount).get());
        }
    }

    @Test
    void iceRestartWithNewClientCredentialsGetsNewRelayCredentials() throws Exception {
        try (MediaRelay relay = MediaRelay.start(options());
                DatagramSocket s = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            s.setSoTimeout(500);
            Router router = relay.createRouter("restart");
            String[] before = publish(router, CLIENT_UFRAG, quiet());
            int port = Integer.parseInt(before[2]);
            assertEquals(
                    StunConstants.BINDING_SUCCESS,
                    exchange(s, port, check(before[0] + ":" + CLIENT_UFRAG, before[1], true))
                            .type());
            String[] after = publish(router, "newU", quiet());
            assertNotEquals(before[0], after[0]);
            assertNotEquals(before[1], after[1]);
            assertEquals(
                    StunConstants.BINDING_SUCCESS,
                    exchange(s, port, check(after[0] + ":newU", after[1], true)).type());
            StunMessage stale = null;
            try {
                stale = exchange(s, port, check(before[0] + ":" + CLIENT_UFRAG, before[1], true));
            } catch (SocketTimeoutException expected) {
                // the old ufrag is no longer answered
            }
            assertNull(stale, "old credentials must not be answered after a restart");
        }
    }
}
