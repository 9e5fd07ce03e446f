package org.ruralconsult.media.bwe;

/** The over-use detector's signal (draft-ietf-rmcat-gcc-02 §5.4). */
enum BandwidthUsage {
    NORMAL,
    OVERUSING,
    UNDERUSING
}
