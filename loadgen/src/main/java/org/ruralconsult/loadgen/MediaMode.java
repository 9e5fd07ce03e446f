package org.ruralconsult.loadgen;

/**
 * What the synthetic participants send and accept, beyond Opus and VP8: three simulcast layers instead of
 * one video stream, Opus RED, and transport-cc feedback for the relay's bandwidth estimate. All off is the
 * mode of the runs before issue 13, kept so that their figures stay comparable.
 */
record MediaMode(boolean simulcast, boolean red, boolean transportCc) {
    static final MediaMode SINGLE = new MediaMode(false, false, false);

    /** For the JSON lines. */
    String describe() {
        return (simulcast ? "simulcast" : "single") + (red ? "+red" : "") + (transportCc ? "+transport-cc" : "");
    }
}
