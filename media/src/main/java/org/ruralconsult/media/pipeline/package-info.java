/**
 * Packet-handling nodes (after Jitsi Videobridge): each a small step of a receive or send chain.
 * The chains themselves are assembled in one place, {@code transport.TransportChains}.
 */
package org.ruralconsult.media.pipeline;
