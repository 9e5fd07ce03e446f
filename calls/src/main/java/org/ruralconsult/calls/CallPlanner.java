package org.ruralconsult.calls;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.ruralconsult.domain.directory.Directory;
import org.ruralconsult.domain.directory.Organization;
import org.ruralconsult.domain.directory.Patient;
import org.ruralconsult.domain.directory.Practitioner;
import org.ruralconsult.domain.directory.Role;
import org.ruralconsult.domain.directory.TvDevice;
import org.ruralconsult.domain.event.CallCreated;
import org.ruralconsult.domain.event.CallKind;
import org.ruralconsult.domain.event.CallRinging;
import org.ruralconsult.domain.event.ExpertConsultOrdered;
import org.ruralconsult.domain.event.Party;

/**
 * Decides whom a new call or an invitation rings, from the directory and presence, and enforces who may
 * call whom: a township doctor calls only patients of their township, care-home staff only for their
 * residents, a TV only its own township's doctors, and nobody outside their county.
 */
final class CallPlanner {
    private final Directory directory;
    private final Presence presence;
    private final CallOptions options;

    CallPlanner(Directory directory, Presence presence, CallOptions options) {
        this.directory = directory;
        this.presence = presence;
        this.options = options;
    }

    static Party partyOf(Practitioner p) {
        return new Party(p.id(), p.role(), p.organizationId(), null);
    }

    static Party partyOf(TvDevice tv, Patient patient) {
        return new Party(tv.id(), Role.PATIENT_DEVICE, patient.homeOrganizationId(), patient.id());
    }

    Transition place(Party caller, CallTarget target, Instant now) {
        String id = "call-" + UUID.randomUUID();
        Instant deadline = now.plus(options.ringTimeout());
        List<CallMember> members = new ArrayList<>();
        members.add(CallMember.joined(caller, now));
        CallKind kind;
        String patientId = null;
        String townshipId;
        String locationId = null;
        if (target instanceof CallTarget.PatientTv t) {
            requireRole(caller, Role.TOWNSHIP_DOCTOR);
            Patient patient = patient(t.patientId());
            townshipId = township(patient).id();
            if (!townshipId.equals(caller.organizationId())) {
                throw CallException.forbidden("patient " + patient.id() + " is not of your township");
            }
            TvDevice tv = tvOf(patient);
            members.add(CallMember.ringing(partyOf(tv, patient), Call.PRIMARY_GROUP, null, deadline));
            kind = CallKind.DOCTOR_TO_TV;
            patientId = patient.id();
            locationId = patient.homeOrganizationId();
        } else if (target instanceof CallTarget.Practitioner t) {
            if (caller.role() == Role.PATIENT_DEVICE) {
                throw CallException.forbidden("a TV calls its township's doctors, not a named practitioner");
            }
            Practitioner callee = directory
                    .practitioner(t.practitionerId())
                    .orElseThrow(() -> new CallException("not_found", "no practitioner " + t.practitionerId()));
            if (!callee.role().isClinician() || callee.id().equals(caller.id())) {
                throw new CallException("invalid", "only another doctor or expert can be called");
            }
            if (!Objects.equals(county(caller.organizationId()), county(callee.organizationId()))) {
                throw CallException.forbidden("practitioner " + callee.id() + " is not of your county");
            }
            members.add(CallMember.ringing(partyOf(callee), Call.PRIMARY_GROUP, null, deadline));
            kind = CallKind.PRACTITIONER_TO_PRACTITIONER;
            townshipId = caller.role() == Role.TOWNSHIP_DOCTOR ? caller.organizationId() : null;
        } else if (target instanceof CallTarget.OnDutyDoctors) {
            requireRole(caller, Role.PATIENT_DEVICE);
            Patient patient = patient(caller.patientId());
            townshipId = township(patient).id();
            ringOnDutyDoctors(townshipId, deadline, members);
            kind = CallKind.TV_TO_TOWNSHIP;
            patientId = patient.id();
            locationId = patient.homeOrganizationId();
        } else if (target instanceof CallTarget.Resident t) {
            requireRole(caller, Role.CARE_HOME_STAFF);
            Patient patient = patient(t.patientId());
            if (!patient.homeOrganizationId().equals(caller.organizationId())) {
                throw CallException.forbidden("patient " + patient.id() + " is not a resident of your care home");
            }
            Organization home =
                    directory.organization(patient.homeOrganizationId()).orElseThrow();
            TvDevice tv = tvOf(patient);
            Party tvParty = partyOf(tv, patient);
            // DESIGN: care-home TVs may answer by themselves when the home allows it and the TV is on.
            members.add(
                    home.autoAnswer() && presence.isOnline(tv.id())
                            ? CallMember.joined(tvParty, now)
                            : CallMember.ringing(tvParty, "patient", null, deadline));
            townshipId = township(patient).id();
            ringOnDutyDoctors(townshipId, deadline, members);
            kind = CallKind.CARE_HOME_FOR_RESIDENT;
            patientId = patient.id();
            locationId = patient.homeOrganizationId();
        } else {
            throw new CallException("invalid", "unknown call target");
        }
        Call call = new Call(
                id,
                0,
                kind,
                CallState.RINGING,
                caller,
                patientId,
                townshipId,
                locationId,
                members,
                now,
                null,
                null,
                null,
                null,
                null,
                0,
                List.of());
        List<Party> ringing = members.stream()
                .filter(m -> m.state() == MemberState.RINGING)
                .map(CallMember::party)
                .toList();
        String pid = patientId;
        String tid = townshipId;
        String lid = locationId;
        return Transition.of(
                call,
                (cid, seq, at) -> new CallCreated(cid, seq, at, kind, caller, pid, tid, lid),
                (cid, seq, at) -> new CallRinging(cid, seq, at, ringing));
    }

    Transition invite(Call call, Party by, InviteTarget target, String reason, String urgency, Instant now) {
        CallMember inviter = Transitions.requireMember(call, by);
        if (call.state() != CallState.ACTIVE) {
            throw CallException.illegalState("experts are invited into a live call");
        }
        if (!inviter.state().present() || !by.role().isClinician()) {
            throw CallException.forbidden("only a doctor in the call can invite an expert");
        }
        String priority = urgency == null ? "routine" : urgency;
        if (!Transitions.URGENCIES.contains(priority)) {
            throw new CallException("invalid", "urgency must be one of " + Transitions.URGENCIES);
        }
        if (reason == null || reason.isBlank()) {
            throw new CallException("invalid", "the expert needs a reason");
        }
        String callerCounty = county(by.organizationId());
        List<Practitioner> experts;
        String specialty;
        if (target.expertId() != null) {
            Practitioner expert = directory
                    .practitioner(target.expertId())
                    .filter(p -> p.role() == Role.COUNTY_EXPERT)
                    .orElseThrow(() -> new CallException("not_found", "no county expert " + target.expertId()));
            if (!Objects.equals(callerCounty, county(expert.organizationId()))) {
                throw CallException.forbidden("expert " + expert.id() + " is not of your county");
            }
            experts = List.of(expert);
            specialty = expert.specialty();
        } else if (target.specialty() != null) {
            specialty = target.specialty();
            experts = directory.expertsOfSpecialty(specialty).stream()
                    .filter(p -> Objects.equals(callerCounty, county(p.organizationId())))
                    .filter(p -> presence.isOnDuty(p.id()) && presence.isOnline(p.id()))
                    .toList();
        } else {
            throw new CallException("invalid", "name an expert or a specialty");
        }
        experts = experts.stream()
                .filter(p -> call.member(p.id())
                        .map(m -> !m.state().present() && m.state() != MemberState.RINGING)
                        .orElse(true))
                .toList();
        if (experts.isEmpty()) {
            throw new CallException("no_one_available", "no expert of " + specialty + " is available now");
        }
        String orderId = "order-" + UUID.randomUUID();
        Instant deadline = now.plus(options.ringTimeout());
        List<CallMember> members = new ArrayList<>(call.members());
        List<Party> ringing = new ArrayList<>();
        for (Practitioner expert : experts) {
            Party p = partyOf(expert);
            members.removeIf(m -> m.id().equals(p.id()));
            members.add(CallMember.invited(p, orderId, reason, deadline, priority, by.id()));
            ringing.add(p);
        }
        String expertId = target.expertId();
        String patientId = call.patientId();
        return Transition.of(
                call.withMembers(members),
                (cid, seq, at) -> new ExpertConsultOrdered(
                        cid, seq, at, orderId, by, patientId, specialty, expertId, priority, reason),
                (cid, seq, at) -> new CallRinging(cid, seq, at, ringing));
    }

    private void ringOnDutyDoctors(String townshipId, Instant deadline, List<CallMember> members) {
        List<Practitioner> doctors = directory.doctorsOfTownship(townshipId).stream()
                .filter(d -> presence.isOnDuty(d.id()) && presence.isOnline(d.id()))
                .toList();
        if (doctors.isEmpty()) {
            throw new CallException("no_one_available", "no doctor of the township is on duty now");
        }
        doctors.forEach(d -> members.add(CallMember.ringing(partyOf(d), Call.PRIMARY_GROUP, null, deadline)));
    }

    private static void requireRole(Party caller, Role role) {
        if (caller.role() != role) {
            throw CallException.forbidden("this kind of call is not for " + caller.role());
        }
    }

    private Patient patient(String patientId) {
        return directory
                .patient(patientId)
                .orElseThrow(() -> new CallException("not_found", "no patient " + patientId));
    }

    private Organization township(Patient patient) {
        return directory
                .townshipOfPatient(patient.id())
                .orElseThrow(() -> new CallException("invalid", "patient " + patient.id() + " has no township"));
    }

    private TvDevice tvOf(Patient patient) {
        return directory
                .deviceOfPatient(patient.id())
                .orElseThrow(() -> new CallException("invalid", "patient " + patient.id() + " has no TV"));
    }

    private String county(String organizationId) {
        return Optional.ofNullable(organizationId)
                .flatMap(directory::countyOf)
                .map(Organization::id)
                .orElse(null);
    }
}
