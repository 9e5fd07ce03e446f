package org.ruralconsult.signaling.protocol;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A validator for the subset of JSON Schema (draft 2020-12 keywords) the protocol's schemas use:
 * {@code type} (one or several), {@code properties}, {@code required}, {@code additionalProperties:
 * false}, {@code enum}, {@code const}, {@code minLength}, {@code maxLength}, {@code pattern}, {@code
 * minimum}, {@code maximum}, {@code items}, {@code minItems}, {@code maxItems}, {@code
 * minProperties}. A schema using any other keyword is refused when it is loaded, so a schema can never
 * silently mean more than is checked.
 */
public final class JsonSchema {
    private static final List<String> KNOWN = List.of(
            "$schema",
            "$id",
            "title",
            "description",
            "examples",
            "type",
            "properties",
            "required",
            "additionalProperties",
            "enum",
            "const",
            "minLength",
            "maxLength",
            "pattern",
            "minimum",
            "maximum",
            "items",
            "minItems",
            "maxItems",
            "minProperties");

    private final JsonObject schema;

    public JsonSchema(JsonObject schema) {
        for (String key : schema.fieldNames()) {
            if (!KNOWN.contains(key)) throw new IllegalArgumentException("unsupported schema keyword: " + key);
        }
        this.schema = schema;
        if (schema.containsKey("pattern")) Pattern.compile(schema.getString("pattern"));
        JsonObject properties = schema.getJsonObject("properties");
        if (properties != null) {
            properties.forEach(e -> new JsonSchema((JsonObject) e.getValue()));
        }
        if (schema.getValue("items") instanceof JsonObject items) new JsonSchema(items);
    }

    /** The problems found, each as {@code path: what}; empty when the value is valid. */
    public List<String> validate(Object value) {
        List<String> problems = new ArrayList<>();
        check(schema, value, "$", problems);
        return problems;
    }

    private static void check(JsonObject schema, Object value, String path, List<String> problems) {
        Object type = schema.getValue("type");
        if (type != null && !matchesType(type, value)) {
            problems.add(path + ": expected " + type + ", got " + typeOf(value));
            return;
        }
        if (schema.containsKey("const") && !Objects.equals(normalise(schema.getValue("const")), normalise(value))) {
            problems.add(path + ": must be " + schema.getValue("const"));
        }
        JsonArray allowed = schema.getJsonArray("enum");
        if (allowed != null
                && allowed.stream().map(JsonSchema::normalise).noneMatch(a -> Objects.equals(a, normalise(value)))) {
            problems.add(path + ": must be one of " + allowed.encode());
        }
        if (value instanceof String s) checkString(schema, s, path, problems);
        if (value instanceof Number n) checkNumber(schema, n, path, problems);
        if (value instanceof JsonObject o) checkObject(schema, o, path, problems);
        if (value instanceof JsonArray a) checkArray(schema, a, path, problems);
    }

    private static void checkString(JsonObject schema, String s, String path, List<String> problems) {
        int length = s.codePointCount(0, s.length());
        Integer min = schema.getInteger("minLength");
        Integer max = schema.getInteger("maxLength");
        if (min != null && length < min) problems.add(path + ": shorter than " + min);
        if (max != null && length > max) problems.add(path + ": longer than " + max);
        String pattern = schema.getString("pattern");
        if (pattern != null && !Pattern.compile(pattern).matcher(s).find()) {
            problems.add(path + ": does not match " + pattern);
        }
    }

    private static void checkNumber(JsonObject schema, Number n, String path, List<String> problems) {
        Number min = schema.getNumber("minimum");
        Number max = schema.getNumber("maximum");
        if (min != null && n.doubleValue() < min.doubleValue()) problems.add(path + ": below " + min);
        if (max != null && n.doubleValue() > max.doubleValue()) problems.add(path + ": above " + max);
    }

    private static void checkObject(JsonObject schema, JsonObject o, String path, List<String> problems) {
        JsonArray required = schema.getJsonArray("required");
        if (required != null) {
            for (Object name : required) {
                if (!o.containsKey((String) name)) problems.add(path + ": missing " + name);
            }
        }
        Integer minProperties = schema.getInteger("minProperties");
        if (minProperties != null && o.size() < minProperties) {
            problems.add(path + ": needs at least " + minProperties + " properties");
        }
        JsonObject properties = schema.getJsonObject("properties", new JsonObject());
        boolean closed = Boolean.FALSE.equals(schema.getValue("additionalProperties"));
        for (Map.Entry<String, Object> field : o) {
            JsonObject sub = properties.getJsonObject(field.getKey());
            if (sub != null) {
                check(sub, field.getValue(), path + "." + field.getKey(), problems);
            } else if (closed) {
                problems.add(path + ": unexpected property " + field.getKey());
            }
        }
    }

    private static void checkArray(JsonObject schema, JsonArray a, String path, List<String> problems) {
        Integer min = schema.getInteger("minItems");
        Integer max = schema.getInteger("maxItems");
        if (min != null && a.size() < min) problems.add(path + ": fewer than " + min + " items");
        if (max != null && a.size() > max) problems.add(path + ": more than " + max + " items");
        if (schema.getValue("items") instanceof JsonObject items) {
            for (int i = 0; i < a.size(); i++) check(items, a.getValue(i), path + "[" + i + "]", problems);
        }
    }

    private static boolean matchesType(Object type, Object value) {
        if (type instanceof JsonArray types) return types.stream().anyMatch(t -> matchesType(t, value));
        return switch ((String) type) {
            case "object" -> value instanceof JsonObject;
            case "array" -> value instanceof JsonArray;
            case "string" -> value instanceof String;
            case "boolean" -> value instanceof Boolean;
            case "null" -> value == null;
            case "number" -> value instanceof Number;
            case "integer" -> value instanceof Integer
                    || value instanceof Long
                    || (value instanceof Number n
                            && n.doubleValue() == Math.rint(n.doubleValue())
                            && !Double.isInfinite(n.doubleValue()));
            default -> throw new IllegalArgumentException("unknown type " + type);
        };
    }

    private static String typeOf(Object value) {
        if (value == null) return "null";
        if (value instanceof JsonObject) return "object";
        if (value instanceof JsonArray) return "array";
        if (value instanceof String) return "string";
        if (value instanceof Boolean) return "boolean";
        if (value instanceof Number) return "number";
        return value.getClass().getSimpleName();
    }

    private static Object normalise(Object value) {
        return value instanceof Number n ? (Object) n.doubleValue() : value;
    }
}
