package org.ruralconsult.signaling.directory;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.ruralconsult.domain.directory.Directory;
import org.ruralconsult.domain.directory.Organization;
import org.ruralconsult.domain.directory.OrganizationType;
import org.ruralconsult.domain.directory.Patient;
import org.ruralconsult.domain.directory.Practitioner;
import org.ruralconsult.domain.directory.Role;
import org.ruralconsult.domain.directory.TvDevice;

/**
 * A county's people and places in one JSON file: {@code organizations}, {@code practitioners} (with
 * slow-KDF password hashes, never passwords), {@code patients} and {@code devices}. The bundled demo
 * county is {@code seed/demo-county.json}; an operator points {@code --seed} at their own.
 */
public final class DirectoryFile {
    private DirectoryFile() {}

    public static Directory load(Path path) throws IOException {
        return parse(Files.readString(path, StandardCharsets.UTF_8));
    }

    public static Directory loadResource(String resource) throws IOException {
        try (InputStream in = DirectoryFile.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) throw new IOException("no such resource: " + resource);
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /**
     * The county of a JSON text; an {@link IllegalArgumentException} names what is wrong (not JSON, which
     * entry lacks which field, an unknown role or organization, a duplicate id), for the admin who loads it.
     */
    public static Directory parse(String json) {
        JsonObject root;
        try {
            root = new JsonObject(json);
        } catch (DecodeException | ClassCastException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
        }
        return new Directory(
                list(
                        root,
                        "organizations",
                        o -> new Organization(
                                required(o, "id"),
                                required(o, "name"),
                                enumOf(OrganizationType.class, required(o, "type"), "type"),
                                o.getString("partOf"),
                                o.getString("servedBy"),
                                o.getBoolean("autoAnswer", false))),
                list(
                        root,
                        "practitioners",
                        o -> new Practitioner(
                                required(o, "id"),
                                required(o, "name"),
                                enumOf(Role.class, required(o, "role"), "role"),
                                required(o, "organizationId"),
                                o.getString("specialty"),
                                required(o, "login"),
                                required(o, "passwordHash"))),
                list(
                        root,
                        "patients",
                        o -> new Patient(
                                required(o, "id"),
                                required(o, "name"),
                                o.getString("birthDate"),
                                o.getString("gender", "unknown"),
                                required(o, "homeOrganizationId"),
                                o.getString("address"))),
                list(
                        root,
                        "devices",
                        o -> new TvDevice(required(o, "id"), required(o, "patientId"), o.getString("model"))));
    }

    private static <T> List<T> list(JsonObject root, String key, Function<JsonObject, T> read) {
        JsonArray array;
        try {
            array = root.getJsonArray(key, new JsonArray());
        } catch (ClassCastException e) {
            throw new IllegalArgumentException(key + " is not a list");
        }
        List<T> items = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            try {
                if (!(array.getValue(i) instanceof JsonObject entry))
                    throw new IllegalArgumentException("not an object");
                items.add(read.apply(entry));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(key + "[" + i + "]: " + e.getMessage(), e);
            }
        }
        return items;
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String value, String key) {
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    key + " " + value + " is not one of " + java.util.Arrays.toString(type.getEnumConstants()));
        }
    }

    private static String required(JsonObject o, String key) {
        String value;
        try {
            value = o.getString(key);
        } catch (ClassCastException e) {
            throw new IllegalArgumentException(key + " is not a string");
        }
        if (value == null || value.isBlank()) throw new IllegalArgumentException("missing " + key);
        return value;
    }
}
