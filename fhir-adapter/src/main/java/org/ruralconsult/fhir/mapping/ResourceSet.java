package org.ruralconsult.fhir.mapping;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.r4.model.Resource;

/**
 * The resources of one transaction, each once (a resource may appear only once in a FHIR transaction,
 * https://hl7.org/fhir/R4/http.html#trules), in the order added: referenced resources before those that
 * refer to them.
 */
public final class ResourceSet {
    private final Map<String, Resource> resources = new LinkedHashMap<>();

    /** Adds a resource unless one with the same type and id is there already. */
    public boolean add(Resource resource) {
        String key = key(resource);
        if (resources.containsKey(key)) return false;
        resources.put(key, resource);
        return true;
    }

    public boolean contains(String type, String id) {
        return resources.containsKey(type + "/" + id);
    }

    public List<Resource> resources() {
        return new ArrayList<>(resources.values());
    }

    private static String key(Resource resource) {
        return resource.fhirType() + "/" + resource.getIdElement().getIdPart();
    }
}
