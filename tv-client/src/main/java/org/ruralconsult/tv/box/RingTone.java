package org.ruralconsult.tv.box;

/**
 * The ring tone, looped until stopped. A front end plays it (JavaFX: {@code fx.FxRingTone}); {@link RingAlert}
 * decides when. Implementations never throw: a box without sound rings silently and says so once in the log.
 */
public interface RingTone {
    /** Starts the tone, looped; starting it again while it plays changes nothing. */
    void start();

    /** Stops the tone; stopping a tone that does not play changes nothing. */
    void stop();

    /** No tone (tests, the terminal runner). */
    RingTone NONE = new RingTone() {
        @Override
        public void start() {}

        @Override
        public void stop() {}
    };
}
