package org.ruralconsult.media.routing;

import java.util.Map;
import org.ruralconsult.media.pipeline.DropReason;

/** A snapshot of one router's (or the whole relay's) counters. */
public record RouterStats(
        long packetsIn,
        long packetsOut,
        long bytesIn,
        long bytesOut,
        long rtpForwarded,
        long nackPacketsReceived,
        long nackedSequences,
        long retransmissionsFromBuffer,
        long rtxSent,
        long nacksForwardedUpstream,
        long keyframeRequestsSent,
        long senderReportsTranslated,
        long receiverReportsSent,
        long rembSent,
        long consentChecks,
        long redForwarded,
        long redStripped,
        long redRecovered,
        long audioLevelPackets,
        long layerSwitches,
        long consumersPausedForBandwidth,
        long transportCcFeedbackReceived,
        long transportCcFeedbackSent,
        long probeClustersSent,
        long probePacketsSent,
        Map<DropReason, Long> drops) {

    public static RouterStats of(org.ruralconsult.media.pipeline.PacketCounters c) {
        return new RouterStats(
                c.packetsIn,
                c.packetsOut,
                c.bytesIn,
                c.bytesOut,
                c.rtpForwarded,
                c.nackPacketsReceived,
                c.nackedSequences,
                c.retransmissionsFromBuffer,
                c.rtxSent,
                c.nacksForwarded,
                c.keyframeRequestsSent,
                c.senderReportsTranslated,
                c.receiverReportsSent,
                c.rembSent,
                c.consentChecks,
                c.redForwarded,
                c.redStripped,
                c.redRecovered,
                c.audioLevelPackets,
                c.layerSwitches,
                c.consumersPausedForBandwidth,
                c.transportCcReceived,
                c.transportCcSent,
                c.probeClustersSent,
                c.probePacketsSent,
                c.dropsByReason());
    }

    public long drops(DropReason reason) {
        return drops.getOrDefault(reason, 0L);
    }
}
