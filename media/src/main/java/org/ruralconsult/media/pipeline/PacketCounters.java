package org.ruralconsult.media.pipeline;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Plain counters, written only by the owning worker thread; read through {@link #snapshot()} on
 * that thread. No atomics, no allocation when counting.
 *
 * <p>A new counter is a public long field plus one line in {@link #EXPORTED}: that line makes
 * {@link #addTo} sum it and /metrics export it ({@code rc_media_<field in snake case>_total}).
 * {@code PacketCountersTest} fails when a long field is missing from the list.
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
    /** Publisher RTX not forwarded: not an answer to a NACK the relay sent up (its own bandwidth probing). */
    public long publisherRtxKept;

    public long nacksForwarded;
    public long keyframeRequestsReceived;
    public long keyframeRequestsSent;
    public long senderReportsTranslated;
    public long receiverReportsSent;
    public long rembSent;
    /** Binding requests that passed ICE's checks and refreshed consent (RFC 7675). */
    public long consentChecks;
    /** SRTP / SRTCP packets whose authentication tag or replay check failed (RFC 3711 §3.3, §3.4). */
    public long srtpAuthFailures;

    public long srtcpAuthFailures;
    /** UDP GSO sends, and the datagrams they carried (see SegmentingDatagramOutput). */
    public long segmentedSends;

    public long segmentedDatagrams;
    /**
     * Audio RED (RFC 2198): packets sent as RED to subscribers that kept it, primary blocks sent as plain
     * Opus to the others, and lost packets rebuilt for those from a later packet's redundant block.
     */
    public long redForwarded;

    public long redStripped;
    public long redRecovered;
    /** Audio packets that carried an RFC 6464 level (read for the dominant speaker). */
    public long audioLevelPackets;
    /** Simulcast: a consumer moved from one layer to another (at a key frame). */
    public long layerSwitches;
    /** Simulcast: a consumer was paused because its subscriber's link could not carry its lowest layer. */
    public long consumersPausedForBandwidth;

    /** Transport-cc feedback messages from subscribers (estimator input) and to publishers. */
    public long transportCcReceived;

    public long transportCcSent;
    /** Probe clusters sent to subscribers, and their padding packets. */
    public long probeClustersSent;

    public long probePacketsSent;
    private final long[] drops = new long[DropReason.values().length];

    /**
     * Every exported field, one line each. Counters only grow; a gauge (a level now, e.g. an
     * estimate) is summed over the routers of a worker like a counter but exported without
     * {@code _total}.
     */
    public static final List<Exported> EXPORTED = List.of(
            counter("packetsIn", "SRTP and SRTCP datagrams received from an ICE-validated address"),
            counter("bytesIn", "bytes of those datagrams"),
            counter("packetsOut", "SRTP and SRTCP datagrams sent"),
            counter("bytesOut", "bytes of those datagrams"),
            counter("rtpForwarded", "RTP packets forwarded to a subscriber"),
            counter("nackPacketsReceived", "RTCP NACK packets received from subscribers"),
            counter("nackedSequences", "sequence numbers asked for in those NACKs"),
            counter("retransmissionsFromBuffer", "NACKed packets answered from the retransmission buffer"),
            counter("rtxSent", "RTX packets sent (RFC 4588)"),
            counter(
                    "publisherRtxKept",
                    "publisher RTX kept in the buffer, not forwarded: no NACK of the relay asked for it"),
            counter("nacksForwarded", "NACKs sent upstream to publishers for packets not in the buffer"),
            counter("keyframeRequestsReceived", "PLI and FIR received from subscribers"),
            counter("keyframeRequestsSent", "PLI sent to publishers (throttled per simulcast layer)"),
            counter("senderReportsTranslated", "sender reports translated to subscribers"),
            counter("receiverReportsSent", "receiver reports sent to publishers"),
            counter("rembSent", "REMB messages sent to publishers"),
            counter("consentChecks", "valid ICE binding requests (consent refreshed, RFC 7675)"),
            counter("srtpAuthFailures", "SRTP packets failing authentication or the replay check"),
            counter("srtcpAuthFailures", "SRTCP packets failing authentication or the replay check"),
            counter("segmentedSends", "UDP GSO sends"),
            counter("segmentedDatagrams", "datagrams carried by UDP GSO sends"),
            counter("redForwarded", "audio RED packets (RFC 2198) sent to subscribers that kept RED"),
            counter("redStripped", "RED packets sent as their primary Opus block to subscribers without RED"),
            counter("redRecovered", "lost publisher packets rebuilt from redundant RED blocks"),
            counter("audioLevelPackets", "audio packets carrying an RFC 6464 level"),
            counter("transportCcReceived", "transport-cc feedback messages from subscribers (the estimator's input)"),
            counter("transportCcSent", "transport-cc feedback messages sent to publishers"),
            counter("probeClustersSent", "probe clusters sent to subscribers to find room for more"),
            counter("probePacketsSent", "padding packets of those probe clusters"),
            counter("layerSwitches", "simulcast layer switches of consumers (at key frames)"),
            counter(
                    "consumersPausedForBandwidth",
                    "consumers paused because their link could not carry the lowest layer"));

    public void drop(DropReason reason) {
        drops[reason.ordinal()]++;
    }

    public long drops(DropReason reason) {
        return drops[reason.ordinal()];
    }

    public void addTo(PacketCounters total) {
        for (Exported e : EXPORTED) {
            e.handle.set(total, (long) e.handle.get(total) + (long) e.handle.get(this));
        }
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
        StringBuilder s = new StringBuilder();
        for (Exported e : EXPORTED) {
            s.append(e.field).append('=').append(e.get(this)).append(' ');
        }
        return s.append("drops=").append(dropsByReason()).toString();
    }

    private static Exported counter(String field, String help) {
        return new Exported(field, "rc_media_" + snake(field) + "_total", help, false, handle(field));
    }

    /** For a level rather than a count (not used yet; here so that adding one stays one line). */
    @SuppressWarnings("unused")
    private static Exported gauge(String field, String help) {
        return new Exported(field, "rc_media_" + snake(field), help, true, handle(field));
    }

    private static VarHandle handle(String field) {
        try {
            return MethodHandles.lookup().findVarHandle(PacketCounters.class, field, long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static String snake(String camel) {
        StringBuilder s = new StringBuilder(camel.length() + 8);
        for (int i = 0; i < camel.length(); i++) {
            char c = camel.charAt(i);
            if (Character.isUpperCase(c)) {
                s.append('_').append(Character.toLowerCase(c));
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    /** One exported field: its Prometheus name and help, and how to read it. */
    public static final class Exported {
        private final String field;
        private final String name;
        private final String help;
        private final boolean gauge;
        private final VarHandle handle;

        private Exported(String field, String name, String help, boolean gauge, VarHandle handle) {
            this.field = field;
            this.name = name;
            this.help = help;
            this.gauge = gauge;
            this.handle = handle;
        }

        /** The Java field name. */
        public String field() {
            return field;
        }

        /** Prometheus name, e.g. {@code rc_media_packets_in_total}. */
        public String name() {
            return name;
        }

        public String help() {
            return help;
        }

        public boolean gauge() {
            return gauge;
        }

        public long get(PacketCounters c) {
            return (long) handle.get(c);
        }
    }
}
