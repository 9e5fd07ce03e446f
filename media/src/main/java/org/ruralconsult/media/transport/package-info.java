/**
 * Transport: workers (event loop + UDP port), the RFC 7983 demultiplexer, and
 * {@link org.ruralconsult.media.transport.WebRtcTransport} composed of ICE-lite, DTLS and SRTP.
 * Reports upward only through {@link org.ruralconsult.media.transport.TransportListener}; never
 * imports routing code. Buffer ownership: see {@link org.ruralconsult.media}.
 */
package org.ruralconsult.media.transport;
