package org.ruralconsult.media.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.onvoid.webrtc.PeerConnectionFactory;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.ruralconsult.media.MediaOptions;
import org.ruralconsult.media.MediaRelay;
import org.ruralconsult.media.testing.LibWebRtc;
import org.ruralconsult.media.testing.NoLeaks;
import org.ruralconsult.media.testing.WebRtcPeer;
import org.ruralconsult.media.transport.WebRtcTransport;
import org.ruralconsult.media.transport.Worker;

/**
 * Consent freshness (RFC 7675) with real libwebrtc peers and a short consent timeout, so that a run of
 * several timeouts takes seconds: a 1280×720 30 fps doctor that publishes and never answers its
 * subscribe offer (as the TV rendering benchmark's doctor did) keeps publishing, and a peer that goes
 * away is still freed when its checks stop.
 */
@ExtendWith(NoLeaks.class)
class ConsentFreshnessTest {
    private static final long CONSENT_TIMEOUT_MS = 3000;
    private static LibWebRtc webrtc;
    private static PeerConnectionFactory factory;

    @BeforeAll
    static void startLibWebRtc() {
        webrtc = LibWebRtc.start();
        factory = webrtc.factory();
    }

    @AfterAll
    static void stopLibWebRtc() {
        webrtc.close();
    }

    @Test
    void aPublisherThatNeverAnswersItsSubscribeOfferKeepsPublishingUntilItGoesAway() throws Exception {
        MediaOptions options = MediaOptions.defaults()
                .withWorkers(1)
                .withBind("127.0.0.1", 0)
                .withConsentTimeoutMillis(CONSENT_TIMEOUT_MS);
        try (MediaRelay relay = MediaRelay.start(options)) {
            Router router = relay.createRouter("consent-call");
            try (WebRtcPeer doctor = WebRtcPeer.publishOnly(factory, router, "doctor", 1280, 720, 30);
                    WebRtcPeer tv = new WebRtcPeer(factory, router, "tv")) {
                router.join("doctor", doctor).get(5, TimeUnit.SECONDS);
                router.join("tv", tv).get(5, TimeUnit.SECONDS);
                doctor.publish();
                tv.publish();
                doctor.startMedia();
                tv.startMedia();
                CompletableFuture.allOf(doctor.publishConnected, tv.publishConnected, tv.subscribeConnected)
                        .get(20, TimeUnit.SECONDS);
                waitFor(() -> doctor.subscribeOffers.get() > 0 && tv.framesDecoded.get() > 0, 15_000, doctor, tv);
                WebRtcTransport doctorPublish = onWorker(router, () -> router.transportOf("doctor", true));
                long checksBefore = router.stats().get(5, TimeUnit.SECONDS).consentChecks();

                // Four consent timeouts: the doctor's unanswered subscribe transport is freed after the
                // first, its publish transport (checked by libwebrtc every ~2.5 s) must outlive all four.
                long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(4 * CONSENT_TIMEOUT_MS);
                long pushed0 = 0;
                long decoded0 = 0;
                boolean lastWindow = false;
                while (System.nanoTime() < end) {
                    assertNull(doctor.gone.getNow(null), "doctor removed");
                    assertNull(tv.gone.getNow(null), "tv removed");
                    if (!lastWindow && end - System.nanoTime() < TimeUnit.MILLISECONDS.toNanos(CONSENT_TIMEOUT_MS)) {
                        lastWindow = true;
                        pushed0 = doctor.framesPushed.get();
                        decoded0 = tv.framesDecoded.get();
                    }
                    Thread.sleep(100);
                }
                long pushed = doctor.framesPushed.get() - pushed0;
                long decoded = tv.framesDecoded.get() - decoded0;
                // the encoder may drop frames of a 720p source on a busy machine; what counts is that video
                // still arrives after four timeouts
                System.out.println("fourth timeout: the doctor pushed " + pushed + " frames, the tv decoded " + decoded
                        + "; doctor quality limitation: " + doctor.outboundText("video", "qualityLimitationReason"));
                assertTrue(decoded > 0, "the doctor's video still reaches the tv in the fourth timeout");
                assertSame(doctorPublish, onWorker(router, () -> router.transportOf("doctor", true)));
                assertFalse(doctorPublish.isClosed());
                assertNull(
                        onWorker(router, () -> router.transportOf("doctor", false)),
                        "the never-answered subscribe transport is freed");
                assertEquals(1, doctor.subscribeOffers.get(), "no new offer until the doctor's tracks change");
                assertTrue(
                        router.stats().get(5, TimeUnit.SECONDS).consentChecks() > checksBefore,
                        "consent is refreshed by the peers' checks");
                assertEquals(
                        List.of("doctor", "tv"),
                        router.participantIds().get(5, TimeUnit.SECONDS).stream()
                                .sorted()
                                .toList());

                // The doctor goes away: its checks stop, and consent expires one timeout later.
                long closedAt = System.nanoTime();
                doctor.close();
                String reason = doctor.gone.get(CONSENT_TIMEOUT_MS + 3000, TimeUnit.MILLISECONDS);
                assertEquals(Worker.CONSENT_EXPIRED, reason);
                System.out.println("consent expired " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - closedAt)
                        + " ms after the doctor closed its PeerConnections");
                assertNull(tv.gone.getNow(null), "the tv stays");
                assertEquals(List.of("tv"), router.participantIds().get(5, TimeUnit.SECONDS));
            }
        }
    }

    private static <T> T onWorker(Router router, java.util.concurrent.Callable<T> task) throws Exception {
        return router.worker().submit(task).get(5, TimeUnit.SECONDS);
    }

    private static void waitFor(BooleanSupplier condition, long millis, WebRtcPeer a, WebRtcPeer b)
            throws InterruptedException {
        long end = System.currentTimeMillis() + millis;
        while (!condition.getAsBoolean()) {
            assertNull(a.failure(), () -> "a: " + a.failure());
            assertNull(b.failure(), () -> "b: " + b.failure());
            assertTrue(System.currentTimeMillis() < end, "timed out");
            Thread.sleep(50);
        }
    }
}
