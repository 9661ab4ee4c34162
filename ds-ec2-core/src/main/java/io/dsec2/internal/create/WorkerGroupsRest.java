package io.dsec2.internal.create;

import io.dsec2.exception.DsEc2Exception;
import io.dsec2.internal.ds.Ds320Profile;
import io.dsec2.internal.ds.Shell;
import io.dsec2.spi.ExecRequest;
import io.dsec2.spi.ExecResult;
import java.time.Duration;
import java.util.List;

/**
 * Writes DolphinScheduler's worker groups through its own REST API ({@code POST /worker-groups},
 * {@code DELETE /worker-groups/{id}}, facts §3–§4), called with curl on an api node itself after an admin login
 * ({@code sessionId} header), so it works when the api port is not reachable from the client. In 3.2.0 the
 * {@code host:group} syntax of install_env.sh does nothing and {@code default} implicitly holds every worker
 * unless a row named {@code default} exists; masters reload the groups every 10 s. Thread-safe.
 */
final class WorkerGroupsRest {
    private static final String ADMIN_PASSWORD = "dolphinscheduler123";
    private final CreateContext ctx;
    private final NodeSteps node;
    private final PlannedNode api;

    WorkerGroupsRest(CreateContext ctx, NodeSteps node, PlannedNode api) {
        this.ctx = ctx;
        this.node = node;
        this.api = api;
    }

    /**
     * Creates ({@code id} 0) or updates the group.
     *
     * @param id the row's id, or 0 to insert
     * @param name the group name
     * @param addresses worker addresses {@code ip:1234}
     */
    void save(long id, String name, List<String> addresses) {
        call("-X POST --data-urlencode " + Shell.quote("name=" + name) + " --data-urlencode "
                + Shell.quote("addrList=" + String.join(",", addresses))
                + (id > 0 ? " --data-urlencode id=" + id : "") + " " + url("/worker-groups"), "save worker group " + name);
    }

    /**
     * Reads the groups DolphinScheduler holds ({@code GET /worker-groups}, paged query; real rows only, not the
     * implicit {@code default}).
     *
     * @return group name to row id
     */
    java.util.Map<String, Long> ids() {
        String out = call("-G --data-urlencode pageNo=1 --data-urlencode pageSize=1000 " + url("/worker-groups"),
                "list worker groups");
        java.util.Map<String, Long> ids = new java.util.LinkedHashMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("\\{\\s*\"id\"\\s*:\\s*(\\d+)\\s*,\\s*\"name\"\\s*:\\s*\"([^\"]*)\"").matcher(out);
        while (m.find()) {
            ids.put(m.group(2), Long.parseLong(m.group(1)));
        }
        return ids;
    }

    /** @param id the row to delete */
    void delete(long id) {
        call("-X DELETE " + url("/worker-groups/" + id), "delete worker group " + id);
    }

    private static String url(String path) {
        return Shell.quote("http://127.0.0.1:12345" + Ds320Profile.API_CONTEXT + path);
    }

    private String call(String curlArgs, String what) {
        String script = """
            set -uo pipefail
            login=$(curl -sS -m 20 -X POST --data-urlencode userName=%1$s --data-urlencode userPassword=%2$s %3$s)
            sid=$(printf '%%s' "$login" | sed -n 's/.*"sessionId" *: *"\\([^"]*\\)".*/\\1/p')
            if [ -z "$sid" ]; then echo "admin login failed: $login" >&2; exit 3; fi
            curl -sS -m 20 -H "sessionId: $sid" %4$s
            """.formatted(Ds320Profile.DEFAULT_ADMIN_USER, ADMIN_PASSWORD, url("/login"), curlArgs);
        ExecResult r = ctx.wiring.remote.execute(ExecRequest.builder().host(node.host(api)).timeout(Duration.ofSeconds(60))
                .addSecret(ADMIN_PASSWORD).command(script).build());
        if (!r.stdout().replace(" ", "").contains("\"code\":0")) {
            throw new DsEc2Exception(what + " through " + api.nodeId() + " failed: " + r.stdout().strip(), null, true);
        }
        return r.stdout();
    }
}
