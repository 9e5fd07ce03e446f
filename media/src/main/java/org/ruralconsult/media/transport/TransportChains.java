package org.ruralconsult.media.transport;

import org.ruralconsult.media.pipeline.IngressLossNode;
import org.ruralconsult.media.pipeline.NodeChain;
import org.ruralconsult.media.pipeline.PacketCounters;
import org.ruralconsult.media.pipeline.RtpCheckNode;
import org.ruralconsult.media.pipeline.SrtpDecryptNode;
import org.ruralconsult.media.pipeline.SrtpEncryptNode;

/**
 * The one place where a transport's receive and send chains are assembled.
 *
 * <pre>
 * receive RTP : SrtpDecrypt -> RtpCheck -> IngressLoss (test hook) -> listener.onRtp
 * receive RTCP: SrtcpDecrypt -> listener.onRtcp
 * send RTP    : SrtpEncrypt -> DatagramWrite
 * send RTCP   : SrtcpEncrypt -> DatagramWrite
 * </pre>
 */
final class TransportChains {
    final SrtpDecryptNode rtpDecrypt;
    final SrtpDecryptNode rtcpDecrypt;
    final SrtpEncryptNode rtpEncrypt;
    final SrtpEncryptNode rtcpEncrypt;
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
        receiveRtp = new NodeChain(rtpDecrypt, new RtpCheckNode(counters), new IngressLossNode(counters, ingressLoss));
        receiveRtcp = new NodeChain(rtcpDecrypt);
        sendRtp = new NodeChain(rtpEncrypt, write);
        sendRtcp = new NodeChain(rtcpEncrypt, write);
    }
}
