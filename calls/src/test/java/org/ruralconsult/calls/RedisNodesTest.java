package org.ruralconsult.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.ruralconsult.calls.testing.TestCounty.practitioner;
import static org.ruralconsult.calls.testing.TestCounty.tv;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.ruralconsult.calls.store.RedisStateStore;
import org.ruralconsult.calls.store.StateStore;
import org.ruralconsult.calls.testing.RecordingSink;
import org.ruralconsult.calls.testing.RedisProcess;
import org.ruralconsult.calls.testing.TestCounty;
import org.ruralconsult.domain.event.Party;

/** Two "nodes" (two stores, two engines) sharing one real Redis server. */
class RedisNodesTest {
    static RedisProcess redis;
    static RedisStateStore store1;
    static RedisStateStore store2;
    static final RecordingSink sink = new RecordingSink();
    static CallEngine node1;
    static CallEngine node2;

    @BeforeAll
    static void startRedis() {
        redis = RedisProcess.start();
        store1 = new RedisStateStore(redis.url());
        store2 = new RedisStateStore(redis.url());
        node1 = new CallEngine(TestCounty.directory(), store1, sink, CallOptions.defaults(), Clock.systemUTC());
        node2 = new CallEngine(TestCounty.directory(), store2, sink, CallOptions.defaults(), Clock.systemUTC());
    }

    @AfterAll
    static void stopRedis() {
        store1.close();
        store2.close();
        redis.close();
    }

    @Test
    void compareAndSetIsAtomicAcrossConnections() {
        assertTrue(store1.compareAndSet("doc", 0, "a", null));
        assertFalse(store2.compareAndSet("doc", 0, "b", null), "the key exists already");
        assertTrue(store2.compareAndSet("doc", 1, "b", Duration.ofMinutes(1)));
        assertFalse(store1.compareAndSet("doc", 1, "c", null), "stale version");
        StateStore.Versioned v = store1.getVersioned("doc").orElseThrow();
        assertEquals(2, v.version());
        assertEquals("b", v.value());
        assertTrue(store1.putIfAbsent("once", "x", Duration.ofSeconds(30)));
        assertEquals("x", store2.take("once").orElseThrow());
        assertTrue(store1.take("once").isEmpty());
    }

    @Test
    void aDoctorOnNodeOneCallsATvOnNodeTwo() throws Exception {
        List<BusMessage> heardOnNode2 = new CopyOnWriteArrayList<>();
        try (AutoCloseable s = node2.subscribe(heardOnNode2::add)) {
            node2.presence().connect("tv-home", "ws-on-node-2");
            Party doc = practitioner("doc-a1");
            Call call = node1.placeCall(doc, new CallTarget.PatientTv("pat-home"));
            waitFor(() -> heardOnNode2.stream()
                    .anyMatch(m -> m instanceof BusMessage.CallUpdate u
                            && u.call().id().equals(call.id())
                            && u.call().member("tv-home").orElseThrow().state() == MemberState.RINGING));
            Call answered = node2.accept(call.id(), tv("tv-home"));
            assertEquals(CallState.ACTIVE, answered.state());
            assertEquals(CallState.ACTIVE, node1.call(call.id()).orElseThrow().state());
            node1.end(call.id(), doc, "done");
        }
    }

    @Test
    void twoDoctorsOnTwoNodesAcceptTheSameRingAllAtTheSameInstantExactlyOneWins() throws Exception {
        Party a1 = practitioner("doc-a1");
        Party a2 = practitioner("doc-a2");
        node1.presence().connect(a1.id(), "ws-1");
        node2.presence().connect(a2.id(), "ws-2");
        node1.presence().setOnDuty(a1.id(), true);
        node2.presence().setOnDuty(a2.id(), true);
        Party tv = tv("tv-home");
        for (int round = 0; round < 100; round++) {
            String id = node1.placeCall(tv, new CallTarget.OnDutyDoctors()).id();
            int won = CallRacesTest.race(
                    List.of(() -> node1.accept(id, a1), () -> node2.accept(id, a2)), "already_answered");
            assertEquals(1, won, "round " + round);
            assertEquals(2, node2.call(id).orElseThrow().presentCount());
            node2.end(id, tv, "done");
        }
    }

    @Test
    void presenceAndPairingAreSharedByTheNodes() {
        node1.presence().connect("doc-b1", "ws-a");
        assertEquals(PresenceState.ONLINE, node2.presence().of("doc-b1").state());
        node2.presence().connect("doc-b1", "ws-b");
        node1.presence().disconnect("doc-b1", "ws-a");
        assertEquals(PresenceState.ONLINE, node2.presence().of("doc-b1").state(), "still connected to node 2");
        node2.presence().disconnect("doc-b1", "ws-b");
        assertEquals(PresenceState.OFFLINE, node1.presence().of("doc-b1").state());

        String code = node1.pairing().issue("tv-session-on-node-1");
        assertEquals(
                "tv-session-on-node-1",
                node2.pairing().bind(code, "pat-home", "tv-home").orElseThrow());
        assertTrue(node1.pairing().bind(code, "pat-home", "tv-home").isEmpty(), "single use across nodes");
    }

    static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 5000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(10);
        }
    }
}
