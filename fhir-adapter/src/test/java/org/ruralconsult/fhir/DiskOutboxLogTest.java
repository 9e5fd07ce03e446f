package org.ruralconsult.fhir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ruralconsult.domain.event.DomainEvent;
import org.ruralconsult.fhir.outbox.ConsultOutbox;
import org.ruralconsult.fhir.outbox.DiskOutboxLog;
import org.ruralconsult.fhir.outbox.OutboxCodec;
import org.ruralconsult.fhir.outbox.OutboxRecord;

/** The disk log on its own: every event type round-trips, a torn tail is cut, one process per directory. */
class DiskOutboxLogTest {
    private final List<DomainEvent> events =
            new ConsultScript(TestCounty.withSuffix("disk")).threeWayConsult("call-disk");

    @Test
    void everyEventTypeRoundTripsThroughTheLog(@TempDir Path dir) {
        try (DiskOutboxLog log = new DiskOutboxLog(dir, new OutboxCodec())) {
            for (DomainEvent event : events) log.append(new OutboxRecord.EventStored(event), true);
            log.append(new OutboxRecord.Delivered("call-disk", List.of(1L, 2L), Instant.EPOCH, "node-a"), false);
        }
        List<OutboxRecord> replayed = new ArrayList<>();
        try (DiskOutboxLog log = new DiskOutboxLog(dir, new OutboxCodec())) {
            log.replay(replayed::add);
        }
        assertEquals(events.size() + 1, replayed.size());
        for (int i = 0; i < events.size(); i++) {
            assertEquals(events.get(i), ((OutboxRecord.EventStored) replayed.get(i)).event());
        }
        assertEquals(List.of(1L, 2L), ((OutboxRecord.Delivered) replayed.get(events.size())).sequences());
    }

    @Test
    void tornLastLineIsCutAndLaterAppendsAreKept(@TempDir Path dir) throws Exception {
        try (DiskOutboxLog log = new DiskOutboxLog(dir, new OutboxCodec())) {
            log.append(new OutboxRecord.EventStored(events.get(0)), true);
        }
        // What a crash in the middle of a write leaves: half a line, no newline.
        Files.writeString(
                dir.resolve("outbox.log"),
                "1234abcd {\"record\":\"EventSt",
                StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        try (ConsultOutbox outbox = new ConsultOutbox(new DiskOutboxLog(dir, new OutboxCodec()))) {
            assertEquals(1, outbox.backlog());
            assertTrue(outbox.store(events.get(1)));
            assertFalse(outbox.store(events.get(1)), "duplicate");
        }
        try (ConsultOutbox outbox = new ConsultOutbox(new DiskOutboxLog(dir, new OutboxCodec()))) {
            assertEquals(2, outbox.backlog());
        }
    }

    @Test
    void secondOpenOfTheSameDirectoryIsRefused(@TempDir Path dir) {
        try (DiskOutboxLog first = new DiskOutboxLog(dir, new OutboxCodec())) {
            assertThrows(RuntimeException.class, () -> new DiskOutboxLog(dir, new OutboxCodec()));
        }
    }
}
