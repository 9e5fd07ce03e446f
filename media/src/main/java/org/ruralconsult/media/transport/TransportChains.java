package org.ruralconsult.media.transport;

import org.ruralconsult.media.pipeline.IngressLossNode;
import org.ruralconsult.media.pipeline.NodeChain;
import org.ruralconsult.media.pipeline.PacketCounters;
import org.ruralconsult.media.pipeline.RtpCheckNode;
import org.ruralconsult.media.pipeline.SrtpDecryptNode;
import org.ruralconsult.media.pipeline.SrtpEncryptNode;
import org.ruralconsult.media.pipeline.TransportArrivalNode;
import org.ruralconsult.media.pipeline.TransportSequenceNode;

/**
 * The one place where a transport's receive and send chains are assembled.
 *
 * <pre>
 * receive RTP : SrtpDecrypt -> RtpCheck -> IngressLoss (test hook) -> TransportArrival -> listener.onRtp
 * receive RTCP: SrtcpDecrypt -> listener.onRtcp
 * send RTP    : TransportSequence -> SrtpEncrypt -> DatagramWrite
 * send RTCP   : SrtcpEncrypt -> DatagramWrite
 * </pre>
 */
final class TransportChains {
    final SrtpDecryptNode rtpDecrypt;
    final SrtpDecryptNode rtcpDecrypt;
    final SrtpEncryptNode rtpEncrypt;
    final SrtpEncryptNode rtcpEncrypt;
    /** Transport-wide congestion control: arrivals of what the client sends, numbering of what it gets. */
    final TransportArrivalNode arrivals;

    final TransportSequenceNode sequence;
    final NodeChain receiveRtp;
    final NodeChain receiveRtcp;
    final NodeChain sendRtp;
    final NodeChain sendRtcp;

    TransportChains(WebRtcTransport t, PacketCounters counters, double ingressLoss) {
        rtpDecrypt = new SrtpDecryptNode(counters, false);
        rtcpDecrypt = new SrtpDecryptNode(counters, true);
        rtpEncrypt = new SrtpEncryptNode(counters, false);
        rtcpEncrypt = new SrtpEncryptNode(counters, true);
        DatagramWriteNode write = new DatagramWriteNode(t.worker().allocator(), t, counters);
        arrivals = new TransportArrivalNode();
        sequence = new TransportSequenceNode();
        receiveRtp = new NodeChain(
                rtpDecrypt, new RtpCheckNode(counters), new IngressLossNode(counters, ingressLoss), arrivals);
        receiveRtcp = new NodeChain(rtcpDecrypt);
        sendRtp = new NodeChain(sequence, rtpEncrypt, write);
        sendRtcp = new NodeChain(rtcpEncrypt, write);
    }
}
