package org.ruralconsult.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ruralconsult.calls.testing.TestCounty.practitioner;
import static org.ruralconsult.calls.testing.TestCounty.tv;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.ruralconsult.calls.store.MemoryStateStore;
import org.ruralconsult.calls.testing.MutableClock;
import org.ruralconsult.calls.testing.RecordingSink;
import org.ruralconsult.calls.testing.TestCounty;
import org.ruralconsult.domain.event.CallAnswered;
import org.ruralconsult.domain.event.Party;

/** Actions racing on one call from several threads: compare-and-set lets exactly one of them win. */
class CallRacesTest {
    static final int ROUNDS = 200;

    /** Runs the actions at the same instant; returns how many succeeded, and checks the losers' codes. */
    static int race(List<Callable<Call>> actions, String expectedLoserCode) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(actions.size());
        try {
            CyclicBarrier barrier = new CyclicBarrier(actions.size());
            List<Future<Boolean>> results = new ArrayList<>();
            for (Callable<Call> action : actions) {
                results.add(pool.submit(() -> {
                    barrier.await();
                    try {
                        action.call();
                        return true;
                    } catch (CallException e) {
                        assertEquals(expectedLoserCode, e.code(), e.getMessage());
                        return false;
                    }
                }));
            }
            int won = 0;
            for (Future<Boolean> f : results) {
                won += f.get(10, TimeUnit.SECONDS) ? 1 : 0;
            }
            return won;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void twoAcceptsOfOneRingAllExactlyOneWins() throws Exception {
        MutableClock clock = new MutableClock();
        RecordingSink sink = new RecordingSink();
        try (MemoryStateStore store = new MemoryStateStore(clock)) {
            CallEngine engine = new CallEngine(TestCounty.directory(), store, sink, CallOptions.defaults(), clock);
            Party a1 = practitioner("doc-a1");
            Party a2 = practitioner("doc-a2");
            for (Party p : List.of(a1, a2)) {
                engine.presence().connect(p.id(), "c");
                engine.presence().setOnDuty(p.id(), true);
            }
            Party tv = tv("tv-home");
            for (int round = 0; round < ROUNDS; round++) {
                String id = engine.placeCall(tv, new CallTarget.OnDutyDoctors()).id();
                int won = race(List.of(() -> engine.accept(id, a1), () -> engine.accept(id, a2)), "already_answered");
                assertEquals(1, won, "round " + round);
                Call call = engine.call(id).orElseThrow();
                assertEquals(2, call.presentCount());
                engine.end(id, tv, "done");
            }
            assertEquals(ROUNDS, sink.of(CallAnswered.class).size());
        }
    }

    @Test
    void cancelRacingAcceptOneWinsAndTheStateIsConsistent() throws Exception {
        MutableClock clock = new MutableClock();
        try (MemoryStateStore store = new MemoryStateStore(clock)) {
            CallEngine engine =
                    new CallEngine(TestCounty.directory(), store, new RecordingSink(), CallOptions.defaults(), clock);
            Party doc = practitioner("doc-a1");
            Party tv = tv("tv-home");
            for (int round = 0; round < ROUNDS; round++) {
                String id = engine.placeCall(doc, new CallTarget.PatientTv("pat-home"))
                        .id();
                int won = race(List.of(() -> engine.accept(id, tv), () -> engine.cancel(id, doc)), "illegal_state");
                assertEquals(1, won, "round " + round);
                Call call = engine.call(id).orElseThrow();
                assertTrue(
                        call.state() == CallState.ACTIVE || call.state() == CallState.ENDED,
                        "either answered or cancelled, never both");
                if (call.state() == CallState.ACTIVE) {
                    engine.end(id, doc, "done");
                }
            }
        }
    }
}
