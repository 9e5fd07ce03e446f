package org.ruralconsult.resilience;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The results section of docs/network-resilience.md: per profile, one row per system and received stream of
 * the measured member (the TV), the goals next to the figures and whether each was met, then what the
 * others received from the TV.
 */
final class Report {
    static final double GOAL_INTERRUPTION_SECONDS = 0.2;
    static final double GOAL_ISLAND_FREEZE_SHARE = 0.05;
    static final double GOAL_TOP_LAYER_SECONDS = 10;

    private Report() {}

    /**
     * The two audio cells both tables share: the concealed share, then the interruptions "voice · ours /
     * stack" (of voice, then all, concealed silence too, by us and by the stack).
     */
    private static String audioCells(Figures a) {
        if (a == null) {
            return "– | –";
        }
        String concealed = a.concealmentRatio() == null ? "–" : fmt("%.1f %%", a.concealmentRatio() * 100);
        return concealed + " | " + (a.voiceInterruptions() == null ? "n/a" : String.valueOf(a.voiceInterruptions()))
                + " · " + a.ownInterruptions() + " / "
                + (a.stackInterruptions() == null ? "n/a" : a.stackInterruptions());
    }

    static String markdown(List<ConsultRun.Result> results, String when, String machine) {
        StringBuilder b = new StringBuilder();
        b.append("Run ").append(when).append(" on ").append(machine).append(".\n\n");
        List<Profile> profiles = new ArrayList<>();
        for (ConsultRun.Result r : results) {
            for (ConsultRun.Window w : r.windows()) {
                if (profiles.stream().noneMatch(p -> p.name().equals(w.profile().name()))) {
                    profiles.add(w.profile());
                }
            }
        }
        for (Profile p : profiles) {
            b.append("### ").append(p.title()).append(": ").append(p.describe()).append("\n\n");
            b.append("What the TV (shaped link) received:\n\n");
            b.append("| system | from | audio concealed | interruptions > 200 ms: of voice · all (ours / stack) |"
                    + " longest concealment: of voice · all |"
                    + " longest without audio bytes | freezes (stack / ours) | frozen | fps | height median (min–max) |"
                    + " layer switches | top layer back |\n");
            b.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            List<String> goals = new ArrayList<>();
            for (ConsultRun.Result r : results) {
                ConsultRun.Window w = window(r, p.name());
                if (w == null) {
                    continue;
                }
                List<Sample> tv = r.samples().get(ConsultRun.TV);
                int worstInterruptions = 0;
                int allInterruptions = 0;
                boolean voiceKnown = true;
                double worstFreeze = 0;
                List<String> topLayer = new ArrayList<>();
                for (String who : List.of(ConsultRun.DOCTOR, ConsultRun.EXPERT)) {
                    String party = ConsultRun.PARTIES.get(who);
                    Figures a = Figures.of(tv, party, "audio", w.startMs(), w.endMs());
                    Figures v = Figures.of(tv, party, "video", w.startMs(), w.endMs());
                    String back = "";
                    if (w.recoveryMs() > 0 && who.equals(ConsultRun.DOCTOR)) {
                        // the top layer: the highest the doctor sent in the clean stretch before the profile
                        // and in its first phase (before the link drops), i.e. the best the TV could get
                        long top = 0;
                        for (String rid : List.of("q", "h", "f", "-")) {
                            Figures sent = Figures.of(
                                    r.samples().get(ConsultRun.DOCTOR), rid, "sent", w.settleStartMs(), w.startMs());
                            if (sent != null
                                    && sent.frames() != null
                                    && sent.frames() > 0
                                    && sent.maxHeight() != null) {
                                top = Math.max(top, sent.maxHeight());
                            }
                        }
                        Double s =
                                top == 0 ? null : Figures.secondsUntilHeight(tv, party, top, w.recoveryMs(), w.endMs());
                        back = top == 0
                                ? "the doctor sent no video before"
                                : s == null
                                        ? "not within " + (w.endMs() - w.recoveryMs()) / 1000 + " s (top " + top
                                                + " px)"
                                        : fmt("%.1f s (to %d px)", s, top);
                        if (s != null) {
                            back += heldTop(tv, party, top, w.startMs(), w.recoveryMs());
                        }
                        if (top > 0 && top < 720) {
                            back += "; the doctor sent nothing above " + top + " px before the drop, so this is not"
                                    + " yet a test of the 720 px layer";
                        }
                        topLayer.add(goal(
                                r.subject().id + ": top layer back within 10 s",
                                s != null && s <= GOAL_TOP_LAYER_SECONDS,
                                back));
                    }
                    if (a != null) {
                        allInterruptions += a.ownInterruptions();
                        if (a.voiceInterruptions() == null) {
                            voiceKnown = false;
                        } else {
                            worstInterruptions += a.voiceInterruptions();
                        }
                    }
                    if (v != null) {
                        worstFreeze = Math.max(worstFreeze, v.freezeShare());
                    }
                    b.append("| ")
                            .append(r.subject().id)
                            .append(" | ")
                            .append(who)
                            .append(" | ");
                    b.append(audioCells(a)).append(" | ");
                    b.append(
                                    a == null
                                            ? "–"
                                            : (a.longestVoiceConcealmentSeconds() == null
                                                            ? "n/a"
                                                            : fmt("%.2f s", a.longestVoiceConcealmentSeconds()))
                                                    + " · " + fmt("%.2f s", a.longestConcealmentSeconds()))
                            .append(" | ");
                    b.append(a == null ? "–" : fmt("%.2f s", a.longestByteGapSeconds()))
                            .append(" | ");
                    b.append(
                                    v == null
                                            ? "–"
                                            : (v.stackFreezes() == null ? "n/a" : v.stackFreezes()) + " / "
                                                    + v.ownFreezes())
                            .append(" | ");
                    b.append(v == null ? "–" : fmt("%.1f %%", v.freezeShare() * 100))
                            .append(" | ");
                    b.append(v == null || v.fps() == null ? "–" : fmt("%.1f", v.fps()))
                            .append(" | ");
                    b.append(
                                    v == null || v.medianHeight() == null
                                            ? "–"
                                            : v.medianHeight() + " (" + v.minHeight() + "–" + v.maxHeight() + ")")
                            .append(" | ");
                    b.append(v == null ? "–" : String.valueOf(v.layerSwitches()))
                            .append(" | ");
                    b.append(back.isEmpty() ? "–" : back).append(" |\n");
                }
                List<String> mine = new ArrayList<>();
                mine.add(r.subject().id + ": the doctor sent "
                        + sentLayers(r.samples().get(ConsultRun.DOCTOR), w));
                mine.add(goal(
                        r.subject().id + ": audio never interrupted > 200 ms (concealment of voice)",
                        voiceKnown && worstInterruptions == 0,
                        (voiceKnown ? worstInterruptions + " interruptions of voice" : "voice not told apart") + "; "
                                + allInterruptions + " counting concealed silence too"));
                if (p.name().equals("island")) {
                    mine.add(goal(
                            r.subject().id + ": total freeze time < 5 % of the call",
                            worstFreeze < GOAL_ISLAND_FREEZE_SHARE,
                            fmt("worst stream %.1f %%", worstFreeze * 100)));
                }
                mine.add(r.subject().id + ": " + linkLoss(r, p.name()));
                mine.addAll(topLayer);
                goals.addAll(mine);
            }
            b.append("\nGoals:\n\n");
            for (String g : goals) {
                b.append("- ").append(g).append("\n");
            }
            b.append("\nWhat the others (clean links) received from the TV:\n\n");
            b.append(
                    "| system | member | audio concealed | interruptions > 200 ms: of voice · all (ours / stack) | freezes (stack / ours) | frozen | fps | height median |\n");
            b.append("|---|---|---|---|---|---|---|---|\n");
            for (ConsultRun.Result r : results) {
                ConsultRun.Window w = window(r, p.name());
                if (w == null) {
                    continue;
                }
                for (String who : List.of(ConsultRun.DOCTOR, ConsultRun.EXPERT)) {
                    List<Sample> s = r.samples().get(who);
                    String party = ConsultRun.PARTIES.get(ConsultRun.TV);
                    Figures a = Figures.of(s, party, "audio", w.startMs(), w.endMs());
                    Figures v = Figures.of(s, party, "video", w.startMs(), w.endMs());
                    b.append("| ")
                            .append(r.subject().id)
                            .append(" | ")
                            .append(who)
                            .append(" | ");
                    b.append(audioCells(a)).append(" | ");
                    b.append(
                                    v == null
                                            ? "–"
                                            : (v.stackFreezes() == null ? "n/a" : v.stackFreezes()) + " / "
                                                    + v.ownFreezes())
                            .append(" | ");
                    b.append(v == null ? "–" : fmt("%.1f %%", v.freezeShare() * 100))
                            .append(" | ");
                    b.append(v == null || v.fps() == null ? "–" : fmt("%.1f", v.fps()))
                            .append(" | ");
                    b.append(v == null || v.medianHeight() == null ? "–" : String.valueOf(v.medianHeight()))
                            .append(" |\n");
                }
            }
            b.append("\n");
        }
        b.append("What the doctor's Chromium sent (outbound-rtp per rid at the end of each system's run):\n\n");
        for (ConsultRun.Result r : results) {
            b.append("- ")
                    .append(r.subject().id)
                    .append(": ")
                    .append(r.doctorSent())
                    .append("\n");
        }
        return b.toString();
    }

    private static final java.util.regex.Pattern LINKEM_STATS = java.util.regex.Pattern.compile(
            "\\{\"dir\":\"(ab|ba)\",\"in\":(\\d+),\"lost\":(\\d+),\"sent\":(\\d+),\"overflow\":(\\d+)}");

    /**
     * A caveat for "top layer back": when the TV never received the doctor below {@code top} from the
     * profile's start to the link's return, nothing came back: the server kept the top layer through the
     * thin link (Janus's VideoRoom, with no client asking for less), and the cost shows as frozen video.
     */
    static String heldTop(List<Sample> tv, String party, long top, long fromMs, long toMs) {
        Figures low = Figures.of(tv, party, "video", fromMs, toMs);
        if (low == null || low.minHeight() == null || low.minHeight() < top) {
            return "";
        }
        return "; the TV got " + top + " px all through the thin link (never a lower layer), so nothing had to"
                + " come back: see frozen";
    }

    /**
     * The frames linkem dropped during a profile, per direction: its cumulative counters are printed at the
     * start and at the end of each profile.
     */
    static String linkLoss(ConsultRun.Result r, String profile) {
        int index = -1;
        for (int i = 0; i < r.windows().size(); i++) {
            if (r.windows().get(i).profile().name().equals(profile)) {
                index = i;
            }
        }
        java.util.regex.Matcher m = LINKEM_STATS.matcher(String.join(" ", r.notes()));
        List<long[]> up = new ArrayList<>();
        List<long[]> down = new ArrayList<>();
        while (m.find()) {
            long[] v = {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))};
            (m.group(1).equals("ab") ? up : down).add(v);
        }
        if (index < 0 || 2 * index + 1 >= Math.min(up.size(), down.size())) {
            return "(no linkem counters)";
        }
        return "linkem dropped uplink " + share(up, index) + ", downlink " + share(down, index);
    }

    private static String share(List<long[]> cumulative, int index) {
        long[] start = cumulative.get(2 * index);
        long[] end = cumulative.get(2 * index + 1);
        long in = end[0] - start[0];
        long lost = end[1] - start[1];
        return fmt("%d of %d frames (%.1f %%)", lost, in, in == 0 ? 0.0 : 100.0 * lost / in);
    }

    /** The simulcast layers that encoded frames during the window, with their highest height. */
    static String sentLayers(List<Sample> doctor, ConsultRun.Window w) {
        StringBuilder b = new StringBuilder();
        for (String rid : List.of("q", "h", "f", "-")) {
            Figures f = Figures.of(doctor, rid, "sent", w.startMs(), w.endMs());
            if (f != null && f.frames() != null && f.frames() > 0) {
                b.append(b.length() == 0 ? "" : ", ")
                        .append(rid)
                        .append(" (")
                        .append(f.frames())
                        .append(" frames, up to ")
                        .append(f.maxHeight())
                        .append(" px high)");
            }
        }
        return b.length() == 0 ? "no video" : b.toString();
    }

    static ConsultRun.Window window(ConsultRun.Result r, String profile) {
        for (ConsultRun.Window w : r.windows()) {
            if (w.profile().name().equals(profile)) {
                return w;
            }
        }
        return null;
    }

    private static String goal(String what, boolean met, String figure) {
        return what + ": **" + (met ? "met" : "not met") + "** (" + figure + ")";
    }

    private static String fmt(String f, Object... args) {
        return String.format(Locale.ROOT, f, args);
    }
}
