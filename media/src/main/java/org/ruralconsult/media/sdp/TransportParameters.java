package org.ruralconsult.media.sdp;

/**
 * ICE and DTLS parameters of one side of a transport as written in or read from SDP.
 *
 * @param setup actpass, active or passive (RFC 8842 §5)
 */
public record TransportParameters(String ufrag, String pwd, String fingerprint, String setup) {}
