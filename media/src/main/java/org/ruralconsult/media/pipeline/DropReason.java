package org.ruralconsult.media.pipeline;

/** Why a datagram or packet was dropped; each has a counter in {@link PacketCounters}. */
public enum DropReason {
    /** First byte outside the RFC 7983 ranges. */
    UNKNOWN_PROTOCOL,
    /** Empty or larger than the relay accepts. */
    BAD_SIZE,
    /** DTLS/RTP/RTCP from an address no transport has validated with ICE. */
    UNKNOWN_SOURCE,
    STUN_MALFORMED,
    /** Wrong username, MESSAGE-INTEGRITY or FINGERPRINT. */
    STUN_UNAUTHORIZED,
    /** SRTP/SRTCP before DTLS finished. */
    NOT_CONNECTED,
    /** Authentication tag or replay check failed. */
    SRTP_UNPROTECT_FAILED,
    SRTP_PROTECT_FAILED,
    RTP_MALFORMED,
    RTCP_MALFORMED,
    /** An SSRC the SDP did not announce and no mid/rid identifies. */
    UNKNOWN_SSRC,
    /** RTX padding-only packets used for probing. */
    RTX_PADDING,
    /** Audio packets with padding and no payload: a publisher probing its bandwidth (transport-cc). */
    PADDING_ONLY,
    /** The DTLS thread is behind; DTLS retransmits. */
    DTLS_BACKLOG,
    /** No selected ICE address to send to yet. */
    NO_ROUTE,
    /** The kernel refused a segmented (UDP GSO) send; the worker then sends one datagram at a time. */
    SEND_FAILED,
    /** An unexpected exception while handling one packet (a bug): counted, logged at debug. */
    INTERNAL_ERROR,
    /** A RED packet (RFC 2198) whose block headers or lengths do not fit the payload. */
    RED_MALFORMED,
    /** The test hook that drops a share of incoming RTP. */
    INGRESS_LOSS_TEST
}
