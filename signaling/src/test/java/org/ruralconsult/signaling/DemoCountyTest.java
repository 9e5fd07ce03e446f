package org.ruralconsult.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.ruralconsult.domain.directory.Directory;
import org.ruralconsult.domain.directory.OrganizationType;
import org.ruralconsult.domain.directory.Role;
import org.ruralconsult.signaling.auth.PasswordKdf;
import org.ruralconsult.signaling.config.SignalingOptions;
import org.ruralconsult.signaling.directory.DirectoryFile;
import org.ruralconsult.signaling.testing.TestNode;

class DemoCountyTest {
    @Test
    void theBundledCountyHasTheDocumentedShape() throws Exception {
        Directory d = DirectoryFile.loadResource(SignalingOptions.DEFAULT_SEED_RESOURCE);
        Map<OrganizationType, Long> orgs =
                d.organizations().stream().collect(Collectors.groupingBy(o -> o.type(), Collectors.counting()));
        assertEquals(1L, orgs.get(OrganizationType.COUNTY_HOSPITAL));
        assertEquals(2L, orgs.get(OrganizationType.TOWNSHIP_CENTRE));
        assertEquals(1L, orgs.get(OrganizationType.CARE_HOME));
        assertEquals(
                2,
                d.expertsOfSpecialty("cardiology").size()
                        + d.expertsOfSpecialty("endocrinology").size());
        assertEquals(2, d.doctorsOfTownship("twp-dongling").size());
        assertEquals(2, d.doctorsOfTownship("twp-xixi").size());
        assertEquals(4, d.patients().size());
        assertEquals(4, d.devices().size());
        assertTrue(d.organization("care-dongling").orElseThrow().autoAnswer());
        assertEquals(
                1,
                d.practitioners().stream()
                        .filter(p -> p.role() == Role.DISPATCHER)
                        .count());
        assertEquals(
                1,
                d.practitioners().stream().filter(p -> p.role() == Role.ADMIN).count());
    }

    @Test
    void theSeedHoldsSlowHashesOfTheDocumentedDemoPasswordNeverThePassword() throws Exception {
        Directory d = DirectoryFile.loadResource(SignalingOptions.DEFAULT_SEED_RESOURCE);
        var admin = d.practitionerByLogin("admin").orElseThrow();
        assertTrue(admin.passwordHash().startsWith("pbkdf2-sha512$210000$"));
        assertTrue(PasswordKdf.verify("consult2026", admin.passwordHash()));
        assertFalse(PasswordKdf.verify("consult2027", admin.passwordHash()));
    }

    @Test
    void aBrokenDirectoryFileIsRefusedWithWhere() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> DirectoryFile.parse("{\"organizations\":[{\"id\":\"x\",\"type\":\"VILLAGE\"}]}"));
        assertTrue(e.getMessage().contains("organizations[0]"), e.getMessage());
    }

    @Test
    void anOperatorsOwnCountyFileReplacesTheDemo(@TempDir Path dir) throws Exception {
        JsonObject county;
        try (var in = getClass().getClassLoader().getResourceAsStream(SignalingOptions.DEFAULT_SEED_RESOURCE)) {
            county = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        JsonObject doctor = county.getJsonArray("practitioners").getJsonObject(2);
        doctor.put("login", "dr-operator").put("passwordHash", PasswordKdf.hash("operator-pass", 1000));
        Path file = dir.resolve("county.json");
        Files.writeString(file, county.encode());
        try (TestNode node = TestNode.start(o -> o.seedPath(file), null)) {
            var ok = node.post(
                    "/api/login",
                    null,
                    new JsonObject().put("login", "dr-operator").put("password", "operator-pass"));
            assertEquals(200, ok.statusCode(), ok.bodyAsString());
            var old = node.post(
                    "/api/login", null, new JsonObject().put("login", "liming").put("password", "consult2026"));
            assertEquals(401, old.statusCode(), "the demo login is gone");
        }
    }
}
