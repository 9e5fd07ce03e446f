package org.ruralconsult.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.SimpleRequestHeaderInterceptor;
import org.hl7.fhir.r4.model.Bundle;

/** {@link BundleSender} over HAPI's generic client; one client, rebuilt only when the base URL changes. */
final class HapiBundleSender implements BundleSender {
    private final FhirContext fhir;
    private final String authorizationHeader;
    private IGenericClient client;
    private String clientBase;

    HapiBundleSender(FhirContext fhir, FhirAdapterOptions options) {
        this.fhir = fhir;
        this.authorizationHeader = options.getAuthorizationHeader();
        fhir.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
        fhir.getRestfulClientFactory()
                .setConnectTimeout((int) options.getConnectTimeout().toMillis());
        fhir.getRestfulClientFactory()
                .setSocketTimeout((int) options.getSocketTimeout().toMillis());
    }

    @Override
    public synchronized void send(String baseUrl, Bundle transaction) {
        client(baseUrl).transaction().withBundle(transaction).execute();
    }

    /** The client for that server (for reads, such as {@link RecordCheck}'s). */
    synchronized IGenericClient client(String base) {
        if (client == null || !base.equals(clientBase)) {
            client = fhir.newRestfulGenericClient(base);
            if (authorizationHeader != null) {
                client.registerInterceptor(new SimpleRequestHeaderInterceptor("Authorization", authorizationHeader));
            }
            clientBase = base;
        }
        return client;
    }
}
