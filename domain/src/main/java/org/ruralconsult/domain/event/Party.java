package org.ruralconsult.domain.event;

import org.ruralconsult.domain.directory.Role;

/**
 * Someone in a call as the records see them.
 *
 * @param id the practitioner id, or the TV device id for {@link Role#PATIENT_DEVICE}
 * @param organizationId the practitioner's organization, or the patient's home for a TV
 * @param patientId the patient whose TV this is (TVs only, else null)
 */
public record Party(String id, Role role, String organizationId, String patientId) {}
