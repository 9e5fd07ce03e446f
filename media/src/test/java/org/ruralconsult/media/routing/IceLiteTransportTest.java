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
import org.ruralconsult.media.transport.WebRtcTransport;

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

    /**
     * Consent is per transport (RFC 7675 §5.1): when alice's subscribe transport fails, her publish
     * transport, still checked, keeps her in the call. A subscribe transport that never got a check (an
     * offer she never answered) is freed without a new offer; one that had connected and then lost
     * consent is re-offered at once.
     */
    @Test
    void aFailedSubscribeTransportIsFreedWhileThePublishTransportKeepsTheParticipant() throws Exception {
        var keepAlive = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try (MediaRelay relay = MediaRelay.start(options().withConsentTimeoutMillis(1000));
                DatagramSocket aliceSocket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                DatagramSocket bobSocket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            aliceSocket.setSoTimeout(2000);
            Router router = relay.createRouter("subscribe-lost");
            java.util.List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            RouterListener recorder = new RouterListener() {
                @Override
                public void onSubscribeOfferNeeded(String participantId) {
                    events.add("offer:" + participantId);
                }

                @Override
                public void onParticipantGone(String participantId, String reason) {
                    events.add("gone:" + participantId + ": " + reason);
                }
            };
            String[] alice = publish(router, CLIENT_UFRAG, recorder);
            router.join("bob", quiet()).get(5, TimeUnit.SECONDS);
            String bobAnswer = router.publish("bob", SdpFixtures.publishOffer("bobU", CLIENT_PWD, 44, 55, 66))
                    .get(5, TimeUnit.SECONDS);
            int port = Integer.parseInt(alice[2]);
            byte[] aliceCheck = check(alice[0] + ":" + CLIENT_UFRAG, alice[1], true);
            byte[] bobCheck = check(
                    SdpFixtures.attribute(bobAnswer, "ice-ufrag") + ":bobU",
                    SdpFixtures.attribute(bobAnswer, "ice-pwd"),
                    true);
            // both publish transports are checked every 200 ms, as a client's consent checks would be
            keepAlive.scheduleAtFixedRate(
                    () -> {
                        try {
                            send(aliceSocket, port, aliceCheck);
                            send(bobSocket, port, bobCheck);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    },
                    0,
                    200,
                    TimeUnit.MILLISECONDS);
            assertEquals(java.util.List.of("offer:alice"), events, "bob published");
            router.subscribeOffer("alice").get(5, TimeUnit.SECONDS); // never answered, never checked

            eventually(() -> subscribeTransportOf(router) == null, 3000);
            Thread.sleep(1500); // more than one timeout: no new offer, and alice stays
            assertEquals(java.util.List.of("offer:alice"), events);
            assertEquals(
                    java.util.List.of("alice", "bob"),
                    sorted(router.participantIds().get()));

            // she asks for a restart: a fresh offer on a fresh transport; this time she answers and checks once
            router.restartIce("alice").get(5, TimeUnit.SECONDS);
            assertEquals(java.util.List.of("offer:alice", "offer:alice"), events);
            String offer = router.subscribeOffer("alice").get(5, TimeUnit.SECONDS);
            router.subscribeAnswer("alice", SdpFixtures.subscribeAnswer(offer, "subU", CLIENT_PWD))
                    .get(5, TimeUnit.SECONDS);
            try (DatagramSocket sub = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
                sub.setSoTimeout(2000);
                String ufrag = SdpFixtures.attribute(offer, "ice-ufrag");
                String pwd = SdpFixtures.attribute(offer, "ice-pwd");
                assertEquals(
                        StunConstants.BINDING_SUCCESS,
                        exchange(sub, port, check(ufrag + ":subU", pwd, true)).type());
            }
            // its checks stop: consent expires, and she is offered a new subscribe transport at once
            eventually(() -> events.size() == 3, 3000);
            assertEquals("offer:alice", events.get(2));
            assertNull(subscribeTransportOf(router));
            assertEquals(
                    java.util.List.of("alice", "bob"),
                    sorted(router.participantIds().get()));
        } finally {
            keepAlive.shutdownNow();
        }
    }

    private static WebRtcTransport subscribeTransportOf(Router router) throws Exception {
        return router.worker().submit(() -> router.transportOf("alice", false)).get(5, TimeUnit.SECONDS);
    }

    private static java.util.List<String> sorted(java.util.List<String> ids) {
        return ids.stream().sorted().toList();
    }

    /** Polls until the condition holds; real time is what these consent tests are about. */
    private static void eventually(java.util.concurrent.Callable<Boolean> condition, long millis) throws Exception {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (!condition.call()) {
            assertTrue(System.nanoTime() < end, "condition not met within " + millis + " ms");
            Thread.sleep(50);
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
