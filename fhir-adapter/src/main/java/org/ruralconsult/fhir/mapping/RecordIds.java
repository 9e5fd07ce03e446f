package org.ruralconsult.fhir.mapping;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * Deterministic FHIR ids and business identifiers.
 *
 * <p>Idempotency rests on these: the same call, party, order or vitals entry always gives the same
 * resource id, and every write is a PUT to that id (update-as-create), so delivering a bundle twice
 * leaves one resource (https://hl7.org/fhir/R4/http.html#upsert). An id keeps the business key when it
 * is a legal FHIR id (https://hl7.org/fhir/R4/datatypes.html#id: [A-Za-z0-9\-\.]{1,64}) and falls
 * back to a name-based UUID of it otherwise. The prefix keeps ids non-numeric, which HAPI requires of
 * client-assigned ids.
 */
public final class RecordIds {
    public static final String SYSTEM_BASE = "https://ruralconsult.org/fhir/sid/";
    public static final String CALL_SYSTEM = SYSTEM_BASE + "call";
    public static final String PATIENT_SYSTEM = SYSTEM_BASE + "patient";
    public static final String PRACTITIONER_SYSTEM = SYSTEM_BASE + "practitioner";
    public static final String PRACTITIONER_ROLE_SYSTEM = SYSTEM_BASE + "practitioner-role";
    public static final String ORGANIZATION_SYSTEM = SYSTEM_BASE + "organization";
    public static final String LOCATION_SYSTEM = SYSTEM_BASE + "location";
    public static final String DEVICE_SYSTEM = SYSTEM_BASE + "tv-device";
    public static final String ORDER_SYSTEM = SYSTEM_BASE + "consult-order";
    public static final String OBSERVATION_SYSTEM = SYSTEM_BASE + "vitals-entry";
    public static final String PROVENANCE_SYSTEM = SYSTEM_BASE + "event";

    private static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9\\-.]+");

    private RecordIds() {}

    /** A FHIR id made of a short prefix and the business key parts. */
    public static String id(String prefix, String... keyParts) {
        String key = String.join(".", keyParts);
        if (LEGAL.matcher(key).matches() && prefix.length() + 1 + key.length() <= 64) {
            return prefix + "-" + key;
        }
        return prefix + "-" + UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8));
    }

    public static String encounter(String callId) {
        return id("enc", callId);
    }

    public static String patient(String patientId) {
        return id("pat", patientId);
    }

    public static String practitioner(String practitionerId) {
        return id("pr", practitionerId);
    }

    public static String practitionerRole(String practitionerId) {
        return id("prrole", practitionerId);
    }

    public static String organization(String organizationId) {
        return id("org", organizationId);
    }

    /** The Location of an organization's premises: clinic, care home. */
    public static String premises(String organizationId) {
        return id("loc", organizationId);
    }

    /** The Location of a patient who lives in a village: their own home. */
    public static String home(String patientId) {
        return id("home", patientId);
    }

    public static String device(String deviceId) {
        return id("dev", deviceId);
    }

    public static String serviceRequest(String orderId) {
        return id("sr", orderId);
    }

    public static String observation(String callId, long sequence, String what) {
        return id("obs", callId, Long.toString(sequence), what);
    }

    public static String provenance(String callId, long sequence) {
        return id("prov", callId, Long.toString(sequence));
    }

    public static Identifier identifier(String system, String value) {
        return new Identifier().setSystem(system).setValue(value);
    }

    /** A literal reference that also carries the business identifier, so readers need not resolve it. */
    public static Reference reference(String type, String id, String system, String businessId) {
        return new Reference(type + "/" + id).setIdentifier(identifier(system, businessId));
    }
}
