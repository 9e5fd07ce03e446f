package org.ruralconsult.fhir.mapping;

import java.util.Optional;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Reference;
import org.ruralconsult.domain.directory.Directory;
import org.ruralconsult.domain.directory.Organization;
import org.ruralconsult.domain.directory.OrganizationType;
import org.ruralconsult.domain.directory.Patient;
import org.ruralconsult.domain.directory.Practitioner;
import org.ruralconsult.domain.directory.Role;
import org.ruralconsult.domain.directory.TvDevice;

/**
 * People and places of the directory as FHIR resources, written with every bundle that refers to them
 * so that a bundle is complete on its own and directory changes reach the server with the next call.
 * An unchanged PUT does not make a new version in HAPI, so the repetition is cheap.
 */
public final class DirectoryResources {
    static final String V3_ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";
    static final String LOCATION_PHYSICAL_TYPE = "http://terminology.hl7.org/CodeSystem/location-physical-type";
    static final String ORGANIZATION_TYPE = "http://terminology.hl7.org/CodeSystem/organization-type";
    static final String PRACTITIONER_ROLE = "http://terminology.hl7.org/CodeSystem/practitioner-role";

    private final Directory directory;

    public DirectoryResources(Directory directory) {
        this.directory = directory;
    }

    public Directory directory() {
        return directory;
    }

    public static Reference organizationReference(String organizationId) {
        return RecordIds.reference(
                "Organization", RecordIds.organization(organizationId), RecordIds.ORGANIZATION_SYSTEM, organizationId);
    }

    public static Reference patientReference(String patientId) {
        return RecordIds.reference("Patient", RecordIds.patient(patientId), RecordIds.PATIENT_SYSTEM, patientId);
    }

    public static Reference practitionerReference(String practitionerId) {
        return RecordIds.reference(
                "Practitioner", RecordIds.practitioner(practitionerId), RecordIds.PRACTITIONER_SYSTEM, practitionerId);
    }

    /** An Organization, preceded by the one it is part of (https://hl7.org/fhir/R4/organization.html). */
    public void addOrganization(String organizationId, ResourceSet set) {
        Optional<Organization> found = directory.organization(organizationId);
        if (found.isEmpty() || set.contains("Organization", RecordIds.organization(organizationId))) return;
        Organization org = found.get();
        if (org.partOf() != null) addOrganization(org.partOf(), set);
        org.hl7.fhir.r4.model.Organization resource = new org.hl7.fhir.r4.model.Organization();
        resource.setId(RecordIds.organization(org.id()));
        resource.addIdentifier(RecordIds.identifier(RecordIds.ORGANIZATION_SYSTEM, org.id()));
        resource.setActive(true);
        resource.setName(org.name());
        resource.addType(organizationType(org.type()));
        if (org.partOf() != null) resource.setPartOf(organizationReference(org.partOf()));
        set.add(resource);
    }

    private static CodeableConcept organizationType(OrganizationType type) {
        // organization-type has "prov" (healthcare provider) and "other"; the tier goes in the text.
        String code =
                type == OrganizationType.COUNTY_HOSPITAL || type == OrganizationType.TOWNSHIP_CENTRE ? "prov" : "other";
        String display = code.equals("prov") ? "Healthcare Provider" : "Other";
        return new CodeableConcept(new Coding(ORGANIZATION_TYPE, code, display))
                .setText(type.name().toLowerCase().replace('_', ' '));
    }

    public void addPatient(String patientId, ResourceSet set) {
        Optional<Patient> found = directory.patient(patientId);
        if (found.isEmpty() || set.contains("Patient", RecordIds.patient(patientId))) return;
        Patient patient = found.get();
        Optional<Organization> township = directory.townshipOfPatient(patientId);
        township.ifPresent(t -> addOrganization(t.id(), set));
        org.hl7.fhir.r4.model.Patient resource = new org.hl7.fhir.r4.model.Patient();
        resource.setId(RecordIds.patient(patient.id()));
        resource.addIdentifier(RecordIds.identifier(RecordIds.PATIENT_SYSTEM, patient.id()));
        resource.setActive(true);
        resource.addName(new HumanName().setText(patient.name()));
        if (patient.gender() != null) resource.setGender(AdministrativeGender.fromCode(patient.gender()));
        if (patient.birthDate() != null) resource.setBirthDateElement(new DateType(patient.birthDate()));
        if (patient.address() != null) resource.addAddress(new Address().setText(patient.address()));
        // The township centre is the patient's primary care provider in the three-tier model.
        township.ifPresent(t -> resource.addGeneralPractitioner(organizationReference(t.id())));
        set.add(resource);
    }

    /** The patient's place: their care home's premises, or their own home in a village. */
    public Reference addPatientPlace(String patientId, String placeOrganizationId, ResourceSet set) {
        Optional<Organization> place = directory.organization(placeOrganizationId);
        if (place.isPresent() && place.get().type() == OrganizationType.CARE_HOME) {
            return addPremises(place.get().id(), set);
        }
        Optional<Patient> patient = directory.patient(patientId);
        if (patient.isEmpty()) return null;
        String id = RecordIds.home(patientId);
        if (!set.contains("Location", id)) {
            Location home = new Location();
            home.setId(id);
            home.addIdentifier(RecordIds.identifier(RecordIds.LOCATION_SYSTEM, "home/" + patientId));
            home.setStatus(Location.LocationStatus.ACTIVE);
            home.setName("Home of " + patient.get().name());
            home.addType(new CodeableConcept(new Coding(V3_ROLE_CODE, "PTRES", "patient's Residence")));
            home.setPhysicalType(new CodeableConcept(new Coding(LOCATION_PHYSICAL_TYPE, "ho", "House")));
            if (patient.get().address() != null) {
                home.setAddress(new Address().setText(patient.get().address()));
            }
            set.add(home);
        }
        return new Reference("Location/" + id)
                .setIdentifier(RecordIds.identifier(RecordIds.LOCATION_SYSTEM, "home/" + patientId));
    }

    /** The Location of an organization's building (a township clinic, a care home). */
    public Reference addPremises(String organizationId, ResourceSet set) {
        Optional<Organization> found = directory.organization(organizationId);
        if (found.isEmpty()) return null;
        Organization org = found.get();
        String id = RecordIds.premises(org.id());
        if (!set.contains("Location", id)) {
            addOrganization(org.id(), set);
            Location location = new Location();
            location.setId(id);
            location.addIdentifier(RecordIds.identifier(RecordIds.LOCATION_SYSTEM, org.id()));
            location.setStatus(Location.LocationStatus.ACTIVE);
            location.setName(org.name());
            location.addType(locationType(org.type()));
            location.setPhysicalType(new CodeableConcept(new Coding(LOCATION_PHYSICAL_TYPE, "bu", "Building")));
            location.setManagingOrganization(organizationReference(org.id()));
            set.add(location);
        }
        return new Reference("Location/" + id).setIdentifier(RecordIds.identifier(RecordIds.LOCATION_SYSTEM, org.id()));
    }

    private static CodeableConcept locationType(OrganizationType type) {
        // v3 ServiceDeliveryLocationRoleType (https://hl7.org/fhir/R4/v3/ServiceDeliveryLocationRoleType/vs.html)
        return switch (type) {
            case COUNTY_HOSPITAL -> new CodeableConcept(new Coding(V3_ROLE_CODE, "HOSP", "Hospital"));
            case CARE_HOME -> new CodeableConcept(
                    new Coding(V3_ROLE_CODE, "NCCF", "Nursing or custodial care facility"));
            case TOWNSHIP_CENTRE, VILLAGE -> new CodeableConcept(
                    new Coding(V3_ROLE_CODE, "COMM", "Community Location"));
        };
    }

    /** A Practitioner and their PractitionerRole (with the expert's specialty). */
    public void addPractitioner(String practitionerId, ResourceSet set) {
        Optional<Practitioner> found = directory.practitioner(practitionerId);
        if (found.isEmpty() || set.contains("Practitioner", RecordIds.practitioner(practitionerId))) return;
        Practitioner practitioner = found.get();
        addOrganization(practitioner.organizationId(), set);
        org.hl7.fhir.r4.model.Practitioner resource = new org.hl7.fhir.r4.model.Practitioner();
        resource.setId(RecordIds.practitioner(practitioner.id()));
        resource.addIdentifier(RecordIds.identifier(RecordIds.PRACTITIONER_SYSTEM, practitioner.id()));
        resource.setActive(true);
        resource.addName(new HumanName().setText(practitioner.name()));
        set.add(resource);

        org.hl7.fhir.r4.model.PractitionerRole role = new org.hl7.fhir.r4.model.PractitionerRole();
        role.setId(RecordIds.practitionerRole(practitioner.id()));
        role.addIdentifier(RecordIds.identifier(RecordIds.PRACTITIONER_ROLE_SYSTEM, practitioner.id()));
        role.setActive(true);
        role.setPractitioner(practitionerReference(practitioner.id()));
        role.setOrganization(organizationReference(practitioner.organizationId()));
        role.addCode(roleCode(practitioner.role()));
        if (practitioner.specialty() != null) {
            // The directory holds a free-text specialty; a SNOMED practice code needs a county mapping.
            role.addSpecialty(new CodeableConcept().setText(practitioner.specialty()));
        }
        set.add(role);
    }

    private static CodeableConcept roleCode(Role role) {
        CodeableConcept code =
                new CodeableConcept().setText(role.name().toLowerCase().replace('_', ' '));
        if (role.isClinician()) code.addCoding(new Coding(PRACTITIONER_ROLE, "doctor", "Doctor"));
        return code;
    }

    /** The TV set-top box as a Device bound to its patient. */
    public Reference addDevice(String deviceId, ResourceSet set) {
        Optional<TvDevice> found = directory.device(deviceId);
        if (found.isEmpty()) return null;
        TvDevice tv = found.get();
        String id = RecordIds.device(tv.id());
        if (!set.contains("Device", id)) {
            addPatient(tv.patientId(), set);
            Device device = new Device();
            device.setId(id);
            device.addIdentifier(RecordIds.identifier(RecordIds.DEVICE_SYSTEM, tv.id()));
            device.setStatus(Device.FHIRDeviceStatus.ACTIVE);
            if (tv.model() != null) {
                device.addDeviceName().setName(tv.model()).setType(Device.DeviceNameType.MODELNAME);
            }
            device.setType(new CodeableConcept().setText("TV set-top box for video consults"));
            device.setPatient(patientReference(tv.patientId()));
            set.add(device);
        }
        return new Reference("Device/" + id).setIdentifier(RecordIds.identifier(RecordIds.DEVICE_SYSTEM, tv.id()));
    }
}
