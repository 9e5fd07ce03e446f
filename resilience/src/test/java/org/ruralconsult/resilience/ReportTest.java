package org.ruralconsult.resilience;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReportTest {
    @Test
    void aProfilesLinkLossIsTheDifferenceOfLinkemsCountersAtItsStartAndEnd() {
        String log = "linkem: ready linkem: ge ab 0 0 0 1 0 0 "
                + "{\"dir\":\"ab\",\"in\":100,\"lost\":0,\"sent\":100,\"overflow\":0} "
                + "{\"dir\":\"ba\",\"in\":200,\"lost\":0,\"sent\":200,\"overflow\":0} "
                + "{\"dir\":\"ab\",\"in\":300,\"lost\":10,\"sent\":290,\"overflow\":0} "
                + "{\"dir\":\"ba\",\"in\":1200,\"lost\":50,\"sent\":1150,\"overflow\":0} "
                + "{\"dir\":\"ab\",\"in\":400,\"lost\":10,\"sent\":390,\"overflow\":0} "
                + "{\"dir\":\"ba\",\"in\":1300,\"lost\":50,\"sent\":1250,\"overflow\":0} "
                + "{\"dir\":\"ab\",\"in\":500,\"lost\":15,\"sent\":485,\"overflow\":0} "
                + "{\"dir\":\"ba\",\"in\":1400,\"lost\":60,\"sent\":1340,\"overflow\":0}";
        ConsultRun.Result r = new ConsultRun.Result(
                ConsultRun.Subject.SFU_ADAPTIVE,
                List.of(
                        new ConsultRun.Window(Profile.van(40), 0, 1, 0, 0),
                        new ConsultRun.Window(Profile.island(40), 2, 3, 0, 2)),
                Map.of(),
                null,
                List.of("TV: welcome", log));
        assertEquals(
                "linkem dropped uplink 10 of 200 frames (5.0 %), downlink 50 of 1000 frames (5.0 %)",
                Report.linkLoss(r, "van"));
        assertEquals(
                "linkem dropped uplink 5 of 100 frames (5.0 %), downlink 10 of 100 frames (10.0 %)",
                Report.linkLoss(r, "island"));
        assertEquals("(no linkem counters)", Report.linkLoss(r, "drop"));
    }

    @Test
    void topLayerBackSaysSoWhenTheTvNeverGotLessThanTheTopLayer() {
        long[] none = new long[6];
        long[] frames = {0, 15, 15, 15, 15, 15};
        List<Sample> held = FiguresTest.readings(none, frames, new long[] {720, 720, 720, 720, 720, 720});
        List<Sample> lowered = FiguresTest.readings(none, frames, new long[] {720, 720, 180, 180, 360, 720});
        // readings at 1000, 1250, ... 2250 ms
        assertEquals(
                "; the TV got 720 px all through the thin link (never a lower layer), so nothing had to come back:"
                        + " see frozen",
                Report.heldTop(held, FiguresTest.FROM, 720, 1000, 2250));
        assertEquals("", Report.heldTop(lowered, FiguresTest.FROM, 720, 1000, 2250));
        assertEquals("", Report.heldTop(held, "someone-else", 720, 1000, 2250));
    }
}
