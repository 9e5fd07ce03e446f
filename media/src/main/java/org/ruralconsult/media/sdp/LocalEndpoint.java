package org.ruralconsult.media.sdp;

/**
 * What the relay writes into its SDP about itself: credentials, certificate fingerprint, and the
 * one host candidate (the worker's UDP port on the advertised address).
 *
 * @see <a href="https://www.rfc-editor.org/rfc/rfc8839#section-5.1">RFC 8839 §5.1 candidate attribute</a>
 */
public record LocalEndpoint(String ufrag, String pwd, String fingerprint, String address, int port) {
    String candidate() {
        return "1 1 udp 2130706431 " + address + " " + port + " typ host generation 0";
    }

    void writeTransport(MediaDescription m, String setup) {
        m.otherLines.add("c=IN " + (address.contains(":") ? "IP6 ::" : "IP4 0.0.0.0"));
        m.attr("rtcp", "9 IN IP4 0.0.0.0");
        m.attr("ice-ufrag", ufrag);
        m.attr("ice-pwd", pwd);
        // No "a=ice-options:trickle" (RFC 8840 §4.1.1): the relay never trickles (its one candidate and
        // end-of-candidates are in this SDP) and the protocol has no message for trickled candidates.
        m.attr("fingerprint", "sha-256 " + fingerprint);
        m.attr("setup", setup);
    }

    void writeCandidates(MediaDescription m) {
        m.attr("candidate", candidate());
        m.attr("end-of-candidates");
    }
}
