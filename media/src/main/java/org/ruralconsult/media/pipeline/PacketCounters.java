package org.ruralconsult.media.pipeline;

import java.util.EnumMap;
import java.util.Map;

/**
 * Plain counters, written only by the owning worker thread; read through {@link #snapshot()} on
 * that thread. No atomics, no allocation when counting.
 */
public final class PacketCounters {
    public long packetsIn;
    public long bytesIn;
    public long packetsOut;
    public long bytesOut;
    public long rtpForwarded;
    public long nackPacketsReceived;
    public long nackedSequences;
    public long retransmissionsFromBuffer;
    public long rtxSent;
    public long nacksForwarded;
    public long keyframeRequestsSent;
    public long senderReportsTranslated;
    public long receiverReportsSent;
    public long rembSent;
    /** Binding requests that passed ICE's checks and refreshed consent (RFC 7675). */
    public long consentChecks;
    /** UDP GSO sends, and the datagrams they carried (see SegmentingDatagramOutput). */
    public long segmentedSends;

    public long segmentedDatagrams;
    /** Transport-cc feedback messages from subscribers (estimator input) and to publishers. */
    public long transportCcReceived;

    public long transportCcSent;
    /** Probe clusters sent to subscribers, and their padding packets. */
    public long probeClustersSent;

    public long probePacketsSent;
    private final long[] drops = new long[DropReason.values().length];

    public void drop(DropReason reason) {
        drops[reason.ordinal()]++;
    }

    public long drops(DropReason reason) {
        return drops[reason.ordinal()];
    }

    public void addTo(PacketCounters total) {
        total.packetsIn += packetsIn;
        total.bytesIn += bytesIn;
        total.packetsOut += packetsOut;
        total.bytesOut += bytesOut;
        total.rtpForwarded += rtpForwarded;
        total.nackPacketsReceived += nackPacketsReceived;
        total.nackedSequences += nackedSequences;
        total.retransmissionsFromBuffer += retransmissionsFromBuffer;
        total.rtxSent += rtxSent;
        total.nacksForwarded += nacksForwarded;
        total.keyframeRequestsSent += keyframeRequestsSent;
        total.senderReportsTranslated += senderReportsTranslated;
        total.receiverReportsSent += receiverReportsSent;
        total.rembSent += rembSent;
        total.consentChecks += consentChecks;
        total.segmentedSends += segmentedSends;
        total.segmentedDatagrams += segmentedDatagrams;
        total.transportCcReceived += transportCcReceived;
        total.transportCcSent += transportCcSent;
        total.probeClustersSent += probeClustersSent;
        total.probePacketsSent += probePacketsSent;
        for (int i = 0; i < drops.length; i++) {
            total.drops[i] += drops[i];
        }
    }

    public PacketCounters snapshot() {
        PacketCounters c = new PacketCounters();
        addTo(c);
        return c;
    }

    public Map<DropReason, Long> dropsByReason() {
        Map<DropReason, Long> m = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            if (drops[r.ordinal()] > 0) {
                m.put(r, drops[r.ordinal()]);
            }
        }
        return m;
    }

    @Override
    public String toString() {
        return "packetsIn=" + packetsIn + " packetsOut=" + packetsOut + " forwarded=" + rtpForwarded + " nacks="
                + nackPacketsReceived + "/" + nackedSequences + " rtxSent=" + rtxSent + " fromBuffer="
                + retransmissionsFromBuffer + " nacksForwarded=" + nacksForwarded + " keyframeRequests="
                + keyframeRequestsSent + " srTranslated=" + senderReportsTranslated + " rrSent=" + receiverReportsSent
                + " rembSent=" + rembSent + " consentChecks=" + consentChecks
                + " segmented=" + segmentedSends + "/" + segmentedDatagrams
                + " transportCc in/out=" + transportCcReceived + "/" + transportCcSent
                + " probes=" + probeClustersSent + "/" + probePacketsSent
                + " drops=" + dropsByReason();
    }
}
