package org.ruralconsult.media.routing;

/**
 * What one subscriber gets of one track: the layer the allocator chose ({@code targetLayer}, -1 none),
 * the layer it is sending now ({@code currentLayer}: they differ until the chosen layer's key frame),
 * that layer's picture height (0: not known yet) and measured rate, and the subscriber's link estimate
 * (0: none yet).
 */
public record ConsumerStats(
        String subscriberId,
        String producerId,
        String kind,
        int targetLayer,
        int currentLayer,
        int height,
        long targetBitrateBps,
        boolean pausedForBandwidth,
        long linkEstimateBps) {}
