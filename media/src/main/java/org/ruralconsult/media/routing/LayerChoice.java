package org.ruralconsult.media.routing;

/** What the allocator chose for one consumer, and what it remembers between rounds (hysteresis). */
final class LayerChoice {
    /** The layer this consumer should get; -1: none (paused, audio only, or not wanted). */
    int layer;
    /** Paused because the link cannot carry even the lowest layer (not by the member's own wish). */
    boolean pausedForBandwidth;
    /** The chosen layer's measured rate, and its picture height (0: not known yet). */
    long bitrateBps;

    int height;
    /** The first round has run: from then on, going up waits out the hysteresis. */
    boolean allocated;
    /** Since when going up (or resuming) has fitted with margin, round after round; -1: it does not. */
    long upSinceNanos = -1;
    /** Since when the link has been too short for even the lowest layer, round after round; -1: it is not. */
    long shortSinceNanos = -1;

    LayerChoice(int initialLayer) {
        this.layer = initialLayer;
    }
}
