package org.ruralconsult.signaling.testing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.ruralconsult.signaling.records.PatientRecords;

/**
 * Patient records whose content the test decides (consults and vitals added by the test), with a switch
 * that makes the record unreadable as a FHIR server that is down would, and a count of reads so a test
 * can see that a list costs one read, not one per patient.
 */
public final class KnownRecords implements PatientRecords {
    private final Map<String, List<Consult>> consults = new ConcurrentHashMap<>();
    private final Map<String, List<Vital>> vitals = new ConcurrentHashMap<>();
    public final AtomicBoolean down = new AtomicBoolean();
    public final AtomicInteger latestReads = new AtomicInteger();

    public KnownRecords consult(Consult consult) {
        consults.computeIfAbsent(consult.patientId(), k -> new CopyOnWriteArrayList<>())
                .add(consult);
        return this;
    }

    public KnownRecords vital(String patientId, Vital vital) {
        vitals.computeIfAbsent(patientId, k -> new CopyOnWriteArrayList<>()).add(vital);
        return this;
    }

    /** A finished consult of a doctor (and an expert, if given) with a reason and a note. */
    public static Consult finished(
            String callId, String patientId, Instant start, int minutes, String doctor, String expert) {
        List<Participant> participants = new ArrayList<>();
        participants.add(new Participant(doctor, "PPRF"));
        if (expert != null) participants.add(new Participant(expert, "CON"));
        return new Consult(
                callId,
                patientId,
                start,
                start.plusSeconds(minutes * 60L),
                "finished",
                participants,
                List.of("高血压复查"),
                "氨氯地平改为每天10毫克");
    }

    @Override
    public History history(String patientId) {
        check();
        return new History(
                newestFirst(consults.getOrDefault(patientId, List.of()), Consult::start),
                newestFirst(vitals.getOrDefault(patientId, List.of()), Vital::at));
    }

    @Override
    public Map<String, Consult> latestConsults(Collection<String> patientIds) {
        check();
        latestReads.incrementAndGet();
        Map<String, Consult> latest = new LinkedHashMap<>();
        for (String id : patientIds) {
            newestFirst(consults.getOrDefault(id, List.of()), Consult::start).stream()
                    .filter(c -> "finished".equals(c.status()))
                    .findFirst()
                    .ifPresent(c -> latest.put(id, c));
        }
        return latest;
    }

    @Override
    public List<Consult> consultsOf(String practitionerId, int limit) {
        check();
        return newestFirst(
                        consults.values().stream()
                                .flatMap(List::stream)
                                .filter(c -> c.participants().stream()
                                        .anyMatch(p -> p.practitionerId().equals(practitionerId)))
                                .toList(),
                        Consult::start)
                .stream()
                .limit(limit)
                .toList();
    }

    private void check() {
        if (down.get()) throw new Unavailable("records_unavailable", "the FHIR server does not answer");
    }

    private static <T> List<T> newestFirst(List<T> items, java.util.function.Function<T, Instant> time) {
        return items.stream().sorted(Comparator.comparing(time).reversed()).toList();
    }
}
