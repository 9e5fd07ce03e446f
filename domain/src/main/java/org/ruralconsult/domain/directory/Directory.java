package org.ruralconsult.domain.directory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The people and places of one county. Lookups answer the questions the call rules ask: which township
 * serves a patient, who the doctors of a township are, which experts have a specialty.
 *
 * <p>The contents are one immutable, validated snapshot. An admin may load a new county file while the
 * node runs ({@link #replaceWith}): every holder of this instance (call engine, access rules, record
 * mapping) then sees the new snapshot at once, without a restart. Each snapshot is whole and valid on its
 * own, so a lookup never sees a half-loaded county.
 */
public final class Directory {
    private record Snapshot(
            Map<String, Organization> organizations,
            Map<String, Practitioner> practitioners,
            Map<String, Practitioner> practitionersByLogin,
            Map<String, Patient> patients,
            Map<String, TvDevice> devices) {}

    private volatile Snapshot snapshot;

    public Directory(
            Collection<Organization> organizations,
            Collection<Practitioner> practitioners,
            Collection<Patient> patients,
            Collection<TvDevice> devices) {
        this.snapshot = new Snapshot(
                index(organizations, Organization::id),
                index(practitioners, Practitioner::id),
                index(practitioners, Practitioner::login),
                index(patients, Patient::id),
                index(devices, TvDevice::id));
        validate();
    }

    /** Takes over the (already validated) contents of another directory, e.g. a county file just loaded. */
    public void replaceWith(Directory loaded) {
        this.snapshot = loaded.snapshot;
    }

    private static <T> Map<String, T> index(Collection<T> items, Function<T, String> key) {
        return items.stream().collect(Collectors.toUnmodifiableMap(key, Function.identity(), (a, b) -> {
            throw new IllegalArgumentException("duplicate directory entry: " + key.apply(a));
        }));
    }

    private void validate() {
        Map<String, Organization> organizations = snapshot.organizations();
        Map<String, Practitioner> practitioners = snapshot.practitioners();
        Map<String, Patient> patients = snapshot.patients();
        Map<String, TvDevice> devices = snapshot.devices();
        for (Practitioner p : practitioners.values()) {
            requireOrganization(p.organizationId(), "practitioner " + p.id());
        }
        for (Patient p : patients.values()) {
            requireOrganization(p.homeOrganizationId(), "patient " + p.id());
        }
        for (TvDevice d : devices.values()) {
            if (!patients.containsKey(d.patientId())) {
                throw new IllegalArgumentException("device " + d.id() + " names unknown patient " + d.patientId());
            }
        }
        for (Organization o : organizations.values()) {
            if (o.partOf() != null) requireOrganization(o.partOf(), "organization " + o.id());
            if (o.servedBy() != null) requireOrganization(o.servedBy(), "organization " + o.id());
        }
        for (Organization o : organizations.values()) {
            requireNoCycle(o);
        }
    }

    /** partOf / servedBy must lead up to a county, not round in a circle (lookups such as countyOf follow them). */
    private void requireNoCycle(Organization start) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        Organization o = start;
        while (o != null) {
            if (!seen.add(o.id())) {
                throw new IllegalArgumentException(
                        "organization " + start.id() + ": its partOf/servedBy chain comes back to " + o.id());
            }
            String up = o.partOf() != null ? o.partOf() : o.servedBy();
            o = up == null ? null : snapshot.organizations().get(up);
        }
    }

    private void requireOrganization(String id, String who) {
        if (id == null || !snapshot.organizations().containsKey(id)) {
            throw new IllegalArgumentException(who + " names unknown organization " + id);
        }
    }

    public Optional<Organization> organization(String id) {
        return Optional.ofNullable(id == null ? null : snapshot.organizations().get(id));
    }

    public Optional<Practitioner> practitioner(String id) {
        return Optional.ofNullable(id == null ? null : snapshot.practitioners().get(id));
    }

    public Optional<Practitioner> practitionerByLogin(String login) {
        return Optional.ofNullable(
                login == null ? null : snapshot.practitionersByLogin().get(login));
    }

    public Optional<Patient> patient(String id) {
        return Optional.ofNullable(id == null ? null : snapshot.patients().get(id));
    }

    public Optional<TvDevice> device(String id) {
        return Optional.ofNullable(id == null ? null : snapshot.devices().get(id));
    }

    public Collection<Organization> organizations() {
        return snapshot.organizations().values();
    }

    public Collection<Practitioner> practitioners() {
        return snapshot.practitioners().values();
    }

    public Collection<Patient> patients() {
        return snapshot.patients().values();
    }

    public Collection<TvDevice> devices() {
        return snapshot.devices().values();
    }

    /** The TV of a patient, if the patient has one. */
    public Optional<TvDevice> deviceOfPatient(String patientId) {
        return snapshot.devices().values().stream()
                .filter(d -> d.patientId().equals(patientId))
                .findFirst();
    }

    /** The township centre that serves the patient's village or care home. */
    public Optional<Organization> townshipOfPatient(String patientId) {
        return patient(patientId)
                .flatMap(p -> organization(p.homeOrganizationId()))
                .flatMap(home -> home.type() == OrganizationType.TOWNSHIP_CENTRE
                        ? Optional.of(home)
                        : organization(home.servedBy()));
    }

    /** The county hospital above a township centre, or the county hospital itself. */
    public Optional<Organization> countyOf(String organizationId) {
        return organization(organizationId)
                .flatMap(o -> o.type() == OrganizationType.COUNTY_HOSPITAL
                        ? Optional.of(o)
                        : o.partOf() != null
                                ? countyOf(o.partOf())
                                : organization(o.servedBy()).flatMap(t -> countyOf(t.id())));
    }

    /** Patients who live in a village or care home served by this township centre. */
    public List<Patient> patientsOfTownship(String townshipId) {
        return snapshot.patients().values().stream()
                .filter(p -> townshipOfPatient(p.id())
                        .map(t -> t.id().equals(townshipId))
                        .orElse(false))
                .sorted((a, b) -> a.id().compareTo(b.id()))
                .toList();
    }

    /** Residents of a care home. */
    public List<Patient> residentsOf(String careHomeId) {
        return snapshot.patients().values().stream()
                .filter(p -> Objects.equals(p.homeOrganizationId(), careHomeId))
                .sorted((a, b) -> a.id().compareTo(b.id()))
                .toList();
    }

    public List<Practitioner> doctorsOfTownship(String townshipId) {
        return snapshot.practitioners().values().stream()
                .filter(p ->
                        p.role() == Role.TOWNSHIP_DOCTOR && p.organizationId().equals(townshipId))
                .sorted((a, b) -> a.id().compareTo(b.id()))
                .toList();
    }

    public List<Practitioner> expertsOfSpecialty(String specialty) {
        return snapshot.practitioners().values().stream()
                .filter(p -> p.role() == Role.COUNTY_EXPERT && Objects.equals(p.specialty(), specialty))
                .sorted((a, b) -> a.id().compareTo(b.id()))
                .toList();
    }
}
