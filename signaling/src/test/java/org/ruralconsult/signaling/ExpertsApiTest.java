package org.ruralconsult.signaling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.ruralconsult.signaling.testing.TestNode;
import org.ruralconsult.signaling.testing.WsClient;

/** GET /api/experts: the county's experts with presence and duty, the specialties, and who may ask. */
class ExpertsApiTest {
    @Test
    void cliniciansDispatcherAndAdminListTheCountysExpertsWithPresenceAndDuty() throws Exception {
        try (TestNode node = TestNode.start();
                WsClient wang = node.ws("wangjianguo")) {
            wang.ack(new JsonObject().put("type", "presence.set_on_duty").put("onDuty", true));
            for (String login : List.of("liming", "chenlihua", "zhoumin", "admin")) {
                var res = node.get("/api/experts", node.token(login));
                assertEquals(200, res.statusCode(), login + ": " + res.bodyAsString());
                JsonObject body = res.bodyAsJsonObject();
                assertEquals(new JsonArray(List.of("cardiology", "endocrinology")), body.getJsonArray("specialties"));
                JsonArray experts = body.getJsonArray("experts");
                assertEquals(2, experts.size(), login);
                JsonObject first = experts.getJsonObject(0);
                assertEquals("exp-wang", first.getString("id"), "sorted by specialty: cardiology first");
                assertEquals("王建国", first.getString("name"));
                assertEquals("cardiology", first.getString("specialty"));
                assertEquals("青山县人民医院", first.getString("organization"));
                assertEquals("ONLINE", first.getString("status"));
                assertTrue(first.getBoolean("onDuty"));
                JsonObject second = experts.getJsonObject(1);
                assertEquals("exp-chen", second.getString("id"));
                assertEquals("OFFLINE", second.getString("status"));
                assertEquals(false, second.getBoolean("onDuty"));
            }
        }
    }

    @Test
    void careHomeStaffAndTvsAreRefusedAndNoTokenIsUnauthorized() throws Exception {
        try (TestNode node = TestNode.start()) {
            var staff = node.get("/api/experts", node.token("sunxiuying"));
            assertEquals(403, staff.statusCode());
            assertEquals("forbidden", staff.bodyAsJsonObject().getString("code"));
            var tv = node.get("/api/experts", node.pairTv("pat-wang"));
            assertEquals(403, tv.statusCode());
            var nobody = node.get("/api/experts", null);
            assertEquals(401, nobody.statusCode());
            assertEquals("unauthorized", nobody.bodyAsJsonObject().getString("code"));
        }
    }
}
