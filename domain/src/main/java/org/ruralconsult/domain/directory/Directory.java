package org.ruralconsult.domain.directory;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The people and places of one county, read-only once loaded. Lookups answer the questions the call
 * rules ask: which township serves a patient, who the doctors of a township are, which experts have a
 * specialty.
 */
public final class Directory {
    private final Map<String, Organization> organizations;
    private final Map<String, Practitioner> practitioners;
    private final Map<String, Practitioner> practitionersByLogin;
    private final Map<String, Patient> patients;
    private final Map<String, TvDevice> devices;

    public Directory(
            Collection<Organization> organizations,
            Collection<Practitioner> practitioners,
            Collection<Patient> patients,
            Collection<TvDevice> devices) {
        this.organizations = index(organizations, Organization::id);
        this.practitioners = index(practitioners, Practitioner::id);
        this.practitionersByLogin = index(practitioners, Practitioner::login);
        this.patients = index(patients, Patient::id);
        this.devices = index(devices, TvDevice::id);
        validate();
    }

    private static <T> Map<String, T> index(Collection<T> items, Function<T, String> key) {
        return items.stream().collect(Collectors.toUnmodifiableMap(key, Function.identity(), (a, b) -> {
            throw new IllegalArgumentException("duplicate directory entry: " + key.apply(a));
        }));
    }

    private void validate() {
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
    }

    private void requireOrganization(String id, String who) {
        if (id == null || !organizations.containsKey(id)) {
            throw new IllegalArgumentException(who + " names unknown organization " + id);
        }
    }

    public Optional<Organization> organization(String id) {
        return Optional.ofNullable(id == null ? null : organizations.get(id));
    }

    public Optional<Practitioner> practitioner(String id) {
        return Optional.ofNullable(id == null ? null : practitioners.get(id));
    }

    public Optional<Practitioner> practitionerByLogin(String login) {
        return Optional.ofNullable(login == null ? null : practitionersByLogin.get(login));
    }

    public Optional<Patient> patient(String id) {
        return Optional.ofNullable(id == null ? null : patients.get(id));
    }

    public Optional<TvDevice> device(String id) {
        return Optional.ofNullable(id == null ? null : devices.get(id));
    }

    public Collection<Organization> organizations() {
        return organizations.values();
    }

    public Collection<Practitioner> practitioners() {
        return practitioners.values();
    }

    public Collection<Patient> patients() {
        return patients.values();
    }

    public Collection<TvDevice> devices() {
        return devices.values();
    }

    /** The TV of a patient, if the patient has one. */
    public Optional<TvDevice> deviceOfPatient(String patientId) {
        return devices.values().stream()
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
        return patients.values().stream()
                .filter(p -> townshipOfPatient(p.id())
                        .map(t -> t.id().equals(townshipId))
                        .orElse(false))
                .sorted((a, b) -> a.id().compareTo(b.id()))
                .toList();
    }

    /** Residents of a care home. */
    public List<Patient> residentsOf(String careHomeId) {
        return patients.values().stream()
                .filter(p -> Objects.equals(p.homeOrganizationId(), careHomeId))
                .sorted((a, b) -> a.id().compareTo(b.id()))
                .toList();
    }

    public List<Practitioner> doctorsOfTownship(String townshipId) {
        return practitioners.values().stream()
                .filter(p ->
                        p.role() == Role.TOWNSHIP_DOCTOR && p.organizationId().equals(townshipId))
                .sorted((a, b) -> a.id().compareTo(b.id()))
                .toList();
    }

    public List<Practitioner> expertsOfSpecialty(String specialty) {
        return practitioners.values().stream()
                .filter(p -> p.role() == Role.COUNTY_EXPERT && Objects.equals(p.specialty(), specialty))
                .sorted((a, b) -> a.id().compareTo(b.id()))
                .toList();
    }
}
