package org.ruralconsult.signaling.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.ruralconsult.calls.Presence;
import org.ruralconsult.domain.directory.Directory;
import org.ruralconsult.domain.directory.Organization;
import org.ruralconsult.domain.directory.Practitioner;
import org.ruralconsult.domain.directory.Role;
import org.ruralconsult.domain.event.Party;
import org.ruralconsult.signaling.Access;

/**
 * {@code GET /api/experts}: the county experts of the caller's county with their presence and duty, and
 * the county's specialties. The consult screen offers exactly these specialties for {@code call.invite}
 * (no free text that would match no one) and the dispatcher sees who is on duty by specialty.
 */
final class ExpertRoutes {
    private final Vertx vertx;
    private final Access access;
    private final Directory directory;
    private final Presence presence;
    private final Function<RoutingContext, Future<Party>> authenticated;
    private final BiConsumer<RoutingContext, Throwable> fail;

    /**
     * @param authenticated the bearer token's party; on failure the 401 is already sent
     * @param fail answers a failure as the API's JSON error
     */
    ExpertRoutes(
            Vertx vertx,
            Access access,
            Presence presence,
            Function<RoutingContext, Future<Party>> authenticated,
            BiConsumer<RoutingContext, Throwable> fail) {
        this.vertx = vertx;
        this.access = access;
        this.directory = access.directory();
        this.presence = presence;
        this.authenticated = authenticated;
        this.fail = fail;
    }

    void mount(Router router) {
        router.get("/api/experts").handler(this::experts);
    }

    private void experts(RoutingContext ctx) {
        authenticated.apply(ctx).onSuccess(party -> {
            if (!access.mayListExperts(party)) {
                fail.accept(ctx, RestError.forbidden("only clinicians, the dispatcher and admins list the experts"));
                return;
            }
            String county = countyId(party.organizationId());
            List<Practitioner> experts = directory.practitioners().stream()
                    .filter(p -> p.role() == Role.COUNTY_EXPERT)
                    .filter(p -> county != null && county.equals(countyId(p.organizationId())))
                    .sorted(Comparator.comparing(Practitioner::specialty, Comparator.nullsLast(String::compareTo))
                            .thenComparing(Practitioner::name)
                            .thenComparing(Practitioner::id))
                    .toList();
            vertx.executeBlocking(
                            () -> presence.of(
                                    experts.stream().map(Practitioner::id).toList()),
                            false)
                    .onSuccess(entries -> HttpApiVerticle.json(ctx, 200, body(experts, entries)))
                    .onFailure(e -> fail.accept(ctx, e));
        });
    }

    private JsonObject body(List<Practitioner> experts, Map<String, Presence.Entry> entries) {
        JsonArray list = new JsonArray();
        Set<String> specialties = new TreeSet<>();
        for (Practitioner p : experts) {
            Presence.Entry entry = entries.get(p.id());
            if (p.specialty() != null) specialties.add(p.specialty());
            list.add(new JsonObject()
                    .put("id", p.id())
                    .put("name", p.name())
                    .put("specialty", p.specialty())
                    .put(
                            "organization",
                            directory
                                    .organization(p.organizationId())
                                    .map(Organization::name)
                                    .orElse(null))
                    .put("status", entry == null ? "OFFLINE" : entry.state().name())
                    .put("onDuty", entry != null && entry.onDuty()));
        }
        return new JsonObject().put("experts", list).put("specialties", new JsonArray(List.copyOf(specialties)));
    }

    private String countyId(String organizationId) {
        if (organizationId == null) return null;
        return directory.countyOf(organizationId).map(Organization::id).orElse(null);
    }
}
