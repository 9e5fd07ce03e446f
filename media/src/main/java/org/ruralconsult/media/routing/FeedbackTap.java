package org.ruralconsult.media.routing;

import org.ruralconsult.media.bwe.SentPacketHistory;

/**
 * Test hook: sees every transport-cc feedback message from a subscriber after the estimator took it, with
 * the send history it was read against, so a test can record real feedback for the estimator's unit tests.
 * Worker thread; null in production.
 */
interface FeedbackTap {
    void onTransportCc(
            String participantId,
            byte[] b,
            int off,
            int len,
            SentPacketHistory history,
            long nowNanos,
            long estimateAfter);
}
