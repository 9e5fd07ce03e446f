package org.ruralconsult.fhir;

import org.hl7.fhir.r4.model.Bundle;

/**
 * Sends one transaction bundle to a FHIR server. Throws what the HAPI generic client throws: {@code
 * FhirClientConnectionException} when the server cannot be reached, a {@code BaseServerResponseException}
 * carrying the HTTP status when it answers with an error.
 */
interface BundleSender {
    void send(String baseUrl, Bundle transaction);
}
