package org.ruralconsult.media.transport;

import org.ruralconsult.media.srtp.PacketScratch;

/**
 * How a transport reports upward. Called on the worker thread; the packet scratch is only valid
 * during the call.
 */
public interface TransportListener {
    /** DTLS finished and SRTP keys are installed. */
    void onConnected(WebRtcTransport transport);

    /** A decrypted, length-checked RTP packet. */
    void onRtp(WebRtcTransport transport, PacketScratch packet);

    /** A decrypted compound RTCP packet. */
    void onRtcp(WebRtcTransport transport, PacketScratch packet);

    /** The transport is gone (consent lost, DTLS failed, closed); its resources are freed. */
    void onClosed(WebRtcTransport transport, String reason);
}
