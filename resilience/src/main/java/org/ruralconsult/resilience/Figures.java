package org.ruralconsult.resilience;

import java.util.ArrayList;
import java.util.List;

/**
 * What one member received from one publisher over a time window, from its {@link Sample}s (cumulative
 * counters: every figure is a difference between the window's first and last reading, or a walk over the
 * readings in between).
 *
 * <ul>
 *   <li>audio: concealment ratio Δ concealedSamples / Δ totalSamplesReceived; interruptions from the stack
 *       ({@code interruptionCount}, where reported) and our own: runs of readings in which at least 90 % of
 *       the samples played were concealed, counted when longer than 200 ms; the longest such run; the same
 *       for concealment of voice only (Δ concealedSamples − Δ silentConcealedSamples: what a listener hears
 *       as a gap; a lost DTX frame makes the stack conceal silence, which it counts as an interruption too);
 *       and the longest stretch in which no audio byte arrived.
 *   <li>video: frames decoded, mean fps (Δ framesDecoded / Δ t), the stack's freezes ({@code freezeCount},
 *       {@code totalFreezesDuration}) and our own (stretches over 500 ms without a decoded frame), received
 *       frame heights (median, lowest, highest), layer switches (changes of the received frameHeight).
 *   <li>sent (a publisher's own outbound-rtp per simulcast rid, {@code from} = the rid): frames encoded and
 *       heights, the same way as video.
 * </ul>
 */
record Figures(
        String from,
        String kind,
        double seconds,
        long bytes,
        double longestByteGapSeconds,
        // audio
        Double concealmentRatio,
        Long stackInterruptions,
        Double stackInterruptionSeconds,
        int ownInterruptions,
        double longestConcealmentSeconds,
        Integer voiceInterruptions,
        Double longestVoiceConcealmentSeconds,
        // video
        Long frames,
        Double fps,
        Long stackFreezes,
        Double stackFreezeSeconds,
        int ownFreezes,
        double ownFreezeSeconds,
        Long medianHeight,
        Long minHeight,
        Long maxHeight,
        int layerSwitches) {

    static final double INTERRUPTION_SECONDS = 0.2;
    static final double FREEZE_GAP_SECONDS = 0.5;

    /** The readings of {@code from}'s {@code kind} stream in [fromMs, toMs]; null when there are fewer than two. */
    static Figures of(List<Sample> samples, String from, String kind, long fromMs, long toMs) {
        List<Long> times = new ArrayList<>();
        List<Sample.Track> tracks = new ArrayList<>();
        for (Sample s : samples) {
            if (s.t() < fromMs || s.t() > toMs) {
                continue;
            }
            Sample.Track t = s.track(from, kind);
            if (t != null) {
                times.add(s.t());
                tracks.add(t);
            }
        }
        if (tracks.size() < 2) {
            return null;
        }
        Sample.Track first = tracks.get(0);
        Sample.Track last = tracks.get(tracks.size() - 1);
        double seconds = (times.get(times.size() - 1) - times.get(0)) / 1000.0;

        double byteGap = 0;
        double run = 0;
        for (int i = 1; i < tracks.size(); i++) {
            double dt = (times.get(i) - times.get(i - 1)) / 1000.0;
            run = tracks.get(i).bytes() > tracks.get(i - 1).bytes() ? 0 : run + dt;
            byteGap = Math.max(byteGap, run);
        }

        Double ratio = null;
        Runs all = new Runs();
        Runs voice = null;
        if ("audio".equals(kind) && first.totalSamples() != null && last.totalSamples() != null) {
            long total = last.totalSamples() - first.totalSamples();
            long concealed = nz(last.concealed()) - nz(first.concealed());
            ratio = total > 0 ? (double) concealed / total : null;
            boolean silentKnown = first.silentConcealed() != null && last.silentConcealed() != null;
            voice = silentKnown ? new Runs() : null;
            for (int i = 1; i < tracks.size(); i++) {
                double dt = (times.get(i) - times.get(i - 1)) / 1000.0;
                long dTotal =
                        nz(tracks.get(i).totalSamples()) - nz(tracks.get(i - 1).totalSamples());
                long dConcealed =
                        nz(tracks.get(i).concealed()) - nz(tracks.get(i - 1).concealed());
                all.reading(dt, dTotal <= 0 || dConcealed >= 0.9 * dTotal);
                if (voice != null) {
                    long dSilent = nz(tracks.get(i).silentConcealed())
                            - nz(tracks.get(i - 1).silentConcealed());
                    voice.reading(dt, dTotal <= 0 || dConcealed - dSilent >= 0.9 * dTotal);
                }
            }
            all.end();
            if (voice != null) {
                voice.end();
            }
        }

        Long frames = null;
        Double fps = null;
        int freezes = 0;
        double freezeSeconds = 0;
        int switches = 0;
        Long median = null;
        Long min = null;
        Long max = null;
        if (("video".equals(kind) || "sent".equals(kind)) && first.frames() != null && last.frames() != null) {
            frames = last.frames() - first.frames();
            fps = seconds > 0 ? frames / seconds : null;
            double gap = 0;
            List<Long> heights = new ArrayList<>();
            Long previous = null;
            for (int i = 0; i < tracks.size(); i++) {
                Long h = tracks.get(i).height();
                if (h != null && h > 0) {
                    heights.add(h);
                    if (previous != null && !previous.equals(h)) {
                        switches++;
                    }
                    previous = h;
                }
                if (i == 0) {
                    continue;
                }
                double dt = (times.get(i) - times.get(i - 1)) / 1000.0;
                if (nz(tracks.get(i).frames()) > nz(tracks.get(i - 1).frames())) {
                    if (gap > FREEZE_GAP_SECONDS) {
                        freezes++;
                        freezeSeconds += gap;
                    }
                    gap = 0;
                } else {
                    gap += dt;
                }
            }
            if (gap > FREEZE_GAP_SECONDS) {
                freezes++;
                freezeSeconds += gap;
            }
            if (!heights.isEmpty()) {
                List<Long> sorted = new ArrayList<>(heights);
                sorted.sort(null);
                median = sorted.get(sorted.size() / 2);
                min = sorted.get(0);
                max = sorted.get(sorted.size() - 1);
            }
        }
        return new Figures(
                from,
                kind,
                seconds,
                last.bytes() - first.bytes(),
                byteGap,
                ratio,
                diff(first.interruptions(), last.interruptions()),
                diff(first.interruptionSeconds(), last.interruptionSeconds()),
                all.count,
                all.longest,
                voice == null ? null : voice.count,
                voice == null ? null : voice.longest,
                frames,
                fps,
                diff(first.freezes(), last.freezes()),
                diff(first.freezeSeconds(), last.freezeSeconds()),
                freezes,
                freezeSeconds,
                median,
                min,
                max,
                switches);
    }

    /**
     * Seconds from {@code fromMs} until {@code from}'s video is received at {@code height} or more again, or
     * null when it never is before {@code toMs}.
     */
    static Double secondsUntilHeight(List<Sample> samples, String from, long height, long fromMs, long toMs) {
        for (Sample s : samples) {
            if (s.t() < fromMs || s.t() > toMs) {
                continue;
            }
            Sample.Track t = s.track(from, "video");
            if (t != null && t.height() != null && t.height() >= height) {
                return (s.t() - fromMs) / 1000.0;
            }
        }
        return null;
    }

    /**
     * Share of the window spent frozen: the larger of the stack's figure (where reported) and our own; the
     * stack counts a freeze only once the next frame comes, ours also a picture that never comes back.
     */
    double freezeShare() {
        double frozen = Math.max(stackFreezeSeconds != null ? stackFreezeSeconds : 0, ownFreezeSeconds);
        return seconds > 0 ? frozen / seconds : 0;
    }

    private static long nz(Long v) {
        return v == null ? 0 : v;
    }

    private static Long diff(Long a, Long b) {
        return a == null || b == null ? null : b - a;
    }

    private static Double diff(Double a, Double b) {
        return a == null || b == null ? null : b - a;
    }

    /**
     * Runs of readings in which at least 90 % of what was played out was concealed (or nothing was played);
     * a run longer than {@link #INTERRUPTION_SECONDS} is an interruption.
     */
    private static final class Runs {
        int count;
        double longest;
        private double current;

        void reading(double dt, boolean concealed) {
            if (concealed) {
                current += dt;
                longest = Math.max(longest, current);
            } else {
                end();
            }
        }

        void end() {
            if (current > INTERRUPTION_SECONDS) {
                count++;
            }
            current = 0;
        }
    }
}
