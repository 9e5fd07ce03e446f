package org.ruralconsult.domain.directory;

/** The set-top box in a patient's home; it is bound to its patient by pairing. */
public record TvDevice(String id, String patientId, String model) {}
