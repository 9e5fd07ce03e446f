package org.ruralconsult.signaling;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.ruralconsult.calls.Call;
import org.ruralconsult.domain.directory.Directory;
import org.ruralconsult.domain.directory.Patient;
import org.ruralconsult.domain.directory.Practitioner;
import org.ruralconsult.domain.directory.Role;
import org.ruralconsult.domain.directory.TvDevice;
import org.ruralconsult.domain.event.Party;

/**
 * Who may see what, by role and organization. (Who may do what in a call is decided by the call engine
 * itself; this class answers the read side: presence, call lists, residents, pairing.)
 *
 * <ul>
 *   <li>A township doctor sees the TVs of their township's patients and their township colleagues, and
 *       the calls of their township.
 *   <li>A county expert sees the other experts, and only calls they are a member of (addressed to them or
 *       to their specialty).
 *   <li>Care-home staff see their residents' TVs and their residents' calls.
 *   <li>A TV sees the doctors of its township (who is on duty) and only its own calls.
 *   <li>A dispatcher or admin sees every practitioner and every call of the county.
 *   <li>Only an admin sees and manages TVs, refused clinical records and the county file.
 * </ul>
 */
public final class Access {
    private final Directory directory;

    public Access(Directory directory) {
        this.directory = directory;
    }

    public Directory directory() {
        return directory;
    }

    /** The practitioner ids and TV device ids whose presence the viewer may see. */
    public Set<String> visiblePresence(Party viewer) {
        Set<String> ids = new LinkedHashSet<>();
        switch (viewer.role()) {
            case TOWNSHIP_DOCTOR -> {
                directory.doctorsOfTownship(viewer.organizationId()).forEach(p -> ids.add(p.id()));
                directory
                        .patientsOfTownship(viewer.organizationId())
                        .forEach(p -> directory.deviceOfPatient(p.id()).ifPresent(d -> ids.add(d.id())));
            }
            case COUNTY_EXPERT -> directory.practitioners().stream()
                    .filter(p -> p.role() == Role.COUNTY_EXPERT)
                    .map(Practitioner::id)
                    .sorted()
                    .forEach(ids::add);
            case CARE_HOME_STAFF -> directory
                    .residentsOf(viewer.organizationId())
                    .forEach(p -> directory.deviceOfPatient(p.id()).ifPresent(d -> ids.add(d.id())));
            case PATIENT_DEVICE -> directory
                    .townshipOfPatient(viewer.patientId())
                    .ifPresent(t -> directory.doctorsOfTownship(t.id()).forEach(p -> ids.add(p.id())));
            case DISPATCHER, ADMIN -> directory.practitioners().stream()
                    .filter(p -> p.role().isClinician())
                    .map(Practitioner::id)
                    .sorted()
                    .forEach(ids::add);
        }
        ids.remove(viewer.id());
        return ids;
    }

    public boolean maySeePresence(Party viewer, String partyId) {
        return visiblePresence(viewer).contains(partyId);
    }

    /**
     * The patients the party may see and call: a township doctor's township, care-home staff's residents,
     * a TV its own patient, everyone for a dispatcher or admin; none for an expert (experts see patients
     * through the calls they are invited into).
     */
    public List<Patient> visiblePatients(Party party) {
        return switch (party.role()) {
            case TOWNSHIP_DOCTOR -> directory.patientsOfTownship(party.organizationId());
            case CARE_HOME_STAFF -> directory.residentsOf(party.organizationId());
            case PATIENT_DEVICE -> directory.patient(party.patientId()).stream().toList();
            case DISPATCHER, ADMIN -> directory.patients().stream()
                    .sorted((a, b) -> a.id().compareTo(b.id()))
                    .toList();
            case COUNTY_EXPERT -> List.of();
        };
    }

    public boolean maySeeCall(Party viewer, Call call) {
        if (call.isMember(viewer.id())) return true;
        return switch (viewer.role()) {
            case TOWNSHIP_DOCTOR -> Objects.equals(call.townshipId(), viewer.organizationId());
            case CARE_HOME_STAFF -> isResident(viewer, call.patientId());
            case DISPATCHER, ADMIN -> true;
            case COUNTY_EXPERT, PATIENT_DEVICE -> false;
        };
    }

    public List<Call> visibleCalls(Party viewer, List<Call> calls) {
        List<Call> visible = new ArrayList<>();
        for (Call call : calls) {
            if (maySeeCall(viewer, call)) visible.add(call);
        }
        return visible;
    }

    public boolean isResident(Party staff, String patientId) {
        return staff.role() == Role.CARE_HOME_STAFF
                && directory
                        .patient(patientId)
                        .map(p -> Objects.equals(p.homeOrganizationId(), staff.organizationId()))
                        .orElse(false);
    }

    /**
     * Who may list the county's experts (GET /api/experts): those who invite them (township doctors),
     * the experts themselves, the dispatcher and admins; not care-home staff or TVs, who never invite.
     */
    public boolean mayListExperts(Party party) {
        return switch (party.role()) {
            case TOWNSHIP_DOCTOR, COUNTY_EXPERT, DISPATCHER, ADMIN -> true;
            case CARE_HOME_STAFF, PATIENT_DEVICE -> false;
        };
    }

    /** Who may bind a TV to a patient: an admin, the patient's township doctors, or their care home's staff. */
    public boolean mayPair(Party party, String patientId) {
        if (directory.patient(patientId).isEmpty()) return false;
        return switch (party.role()) {
            case ADMIN -> true;
            case TOWNSHIP_DOCTOR -> directory
                    .townshipOfPatient(patientId)
                    .map(t -> t.id().equals(party.organizationId()))
                    .orElse(false);
            case CARE_HOME_STAFF -> isResident(party, patientId);
            default -> false;
        };
    }

    /**
     * Who runs the county's installation: lists and revokes TVs, sees and retries refused clinical records,
     * loads the county file. Only an admin (a dispatcher watches calls but changes nothing).
     */
    public boolean administers(Party party) {
        return party.role() == Role.ADMIN;
    }

    /**
     * Who may read a patient's clinical record (past consults, vitals): a township doctor her township's
     * patients, care-home staff their residents, an admin everyone, a county expert only a patient of a
     * call she is or was in ({@code tookPart}: a live call she is a member of, ringing included, or a
     * recorded consult she took part in); no one else.
     */
    public boolean mayReadRecord(Party party, String patientId, boolean tookPart) {
        if (directory.patient(patientId).isEmpty()) return false;
        return switch (party.role()) {
            case ADMIN -> true;
            case TOWNSHIP_DOCTOR -> directory
                    .townshipOfPatient(patientId)
                    .map(t -> t.id().equals(party.organizationId()))
                    .orElse(false);
            case CARE_HOME_STAFF -> isResident(party, patientId);
            case COUNTY_EXPERT -> tookPart;
            case DISPATCHER, PATIENT_DEVICE -> false;
        };
    }

    /** Whether the directory has this party with this role and organization (tokens outlive edits). */
    public boolean knows(Party party) {
        if (party.role() == Role.PATIENT_DEVICE) {
            return directory
                    .device(party.id())
                    .map(d -> d.patientId().equals(party.patientId()))
                    .orElse(false);
        }
        return directory
                .practitioner(party.id())
                .map(p -> p.role() == party.role() && p.organizationId().equals(party.organizationId()))
                .orElse(false);
    }

    /** The display name of a party: the practitioner's name, or for a TV its patient's. */
    public String nameOf(Party party) {
        if (party.patientId() != null) {
            return directory.patient(party.patientId()).map(Patient::name).orElse(party.id());
        }
        return nameOf(party.id());
    }

    /** The display name of a practitioner id or TV device id. */
    public String nameOf(String partyId) {
        return directory
                .practitioner(partyId)
                .map(Practitioner::name)
                .or(() -> directory
                        .device(partyId)
                        .flatMap(d -> directory.patient(d.patientId()))
                        .map(Patient::name))
                .orElse(partyId);
    }

    /** The TV party of a device, as calls and presence name it. */
    public Party tvParty(TvDevice device) {
        Patient patient = directory.patient(device.patientId()).orElseThrow();
        return new Party(device.id(), Role.PATIENT_DEVICE, patient.homeOrganizationId(), patient.id());
    }
}
