package org.ruralconsult.tv;

/** The TV's link to the clinic's server, for the screen to show in plain words. */
public enum ConnectionState {
    /** Opening the connection (at start, and each retry after a loss). */
    CONNECTING,
    /** Signed in (or waiting for pairing); requests go through. */
    CONNECTED,
    /** The connection dropped; the TV retries with back-off and rejoins its call within the grace period. */
    LOST,
    /** The clinic revoked this TV: its token is deleted and it shows a new pairing code. */
    REVOKED
}
