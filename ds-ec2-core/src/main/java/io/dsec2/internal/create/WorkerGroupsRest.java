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
 * {@code DELETE /worker-groups/{id}}, see
 * https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-api/src/main/java/org/apache/dolphinscheduler/api/controller/WorkerGroupController.java),
 * called with curl on an api node itself after an admin login
 * ({@code sessionId} header), so it works when the api port is not reachable from the client. In 3.2.0 the
 * {@code host:group} syntax of install_env.sh does nothing and {@code default} implicitly holds every worker
 * unless a row named {@code default} exists; masters reload the groups every 10 s. Thread-safe.
 */
final class WorkerGroupsRest {
    private final io.dsec2.spi.RemoteExecutor remote;
    private final String adminPassword;
    private final io.dsec2.spi.RemoteHost host;
    private final String apiNode;
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

    WorkerGroupsRest(CreateContext ctx, NodeSteps node, PlannedNode api) {
        this(ctx.wiring.remote, node.host(api), api.nodeId(), ctx.secrets.adminLogin());
    }

    /**
     * @param remote runs the calls
     * @param host the api node, reached over SSH
     * @param apiNode its node id, for messages
     * @param adminPassword the admin user's password
     */
    WorkerGroupsRest(io.dsec2.spi.RemoteExecutor remote, io.dsec2.spi.RemoteHost host, String apiNode,
            String adminPassword) {
        this.remote = remote;
        this.adminPassword = adminPassword;
        this.host = host;
        this.apiNode = apiNode;
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
     * Reads the explicit rows DolphinScheduler holds ({@code GET /worker-groups}, paged query, one page of 1000). The
     * implicit {@code default} group that 3.2.0 lists while no row of that name exists (no {@code id},
     * {@code systemDefault: true}; WorkerGroupServiceImpl#getWorkerGroups) is left out.
     *
     * @return group name to its row
     */
    java.util.Map<String, WorkerGroupPlan.Row> rows() {
        String out = call("-G --data-urlencode pageNo=1 --data-urlencode pageSize=1000 " + url("/worker-groups"),
                "list worker groups");
        java.util.Map<String, WorkerGroupPlan.Row> rows = new java.util.TreeMap<>();
        try {
            com.fasterxml.jackson.databind.JsonNode list = JSON.readTree(out).path("data").path("totalList");
            for (com.fasterxml.jackson.databind.JsonNode g : list) {
                if (!g.path("id").canConvertToLong() || g.path("id").asLong() <= 0) {
                    continue;
                }
                List<String> addrs = java.util.Arrays.stream(g.path("addrList").asText("").split(","))
                        .map(String::trim).filter(a -> !a.isEmpty()).toList();
                rows.put(g.path("name").asText(), new WorkerGroupPlan.Row(g.path("id").asLong(), addrs));
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new DsEc2Exception("listing worker groups through " + apiNode + ": not JSON: " + out.strip(),
                    null, true);
        }
        return rows;
    }

    /** @param id the row to delete */
    void delete(long id) {
        call("-X DELETE " + url("/worker-groups/" + id), "delete worker group " + id);
    }

    /**
     * Bash lines that log in as DS's admin on the node's own api server ({@code POST /login}, form fields
     * {@code userName}, {@code userPassword}, see
     * https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-api/src/main/java/org/apache/dolphinscheduler/api/controller/LoginController.java)
     * and leave the JSON answer in {@code $login}. The password reaches curl
     * on its stdin ({@code --data-urlencode userPassword@-}) from a shell variable, so it is never a process
     * argument on the node; the script itself travels on the SSH channel's stdin.
     *
     * @param password the admin password
     * @return the lines, ending with a newline
     */
    static String loginScript(String password) {
        return "pw=" + Shell.quote(password) + "\n"
                + "login=$(printf '%s' \"$pw\" | curl -sS -m 20 -X POST --data-urlencode userName="
                + Ds320Profile.DEFAULT_ADMIN_USER + " --data-urlencode userPassword@- " + url("/login") + ")\n";
    }

    private static String url(String path) {
        return Shell.quote("http://127.0.0.1:12345" + Ds320Profile.API_CONTEXT + path);
    }

    private String call(String curlArgs, String what) {
        String script = "set -uo pipefail\n" + loginScript(adminPassword) + """
            sid=$(printf '%%s' "$login" | sed -n 's/.*"sessionId" *: *"\\([^"]*\\)".*/\\1/p')
            if [ -z "$sid" ]; then echo "admin login failed: $login" >&2; exit 3; fi
            curl -sS -m 20 -H "sessionId: $sid" %1$s
            """.formatted(curlArgs);
        ExecResult r = remote.execute(ExecRequest.builder().host(host).timeout(Duration.ofSeconds(60))
                .addSecret(adminPassword).command(script).build());
        if (!r.stdout().replace(" ", "").contains("\"code\":0")) {
            throw new DsEc2Exception(what + " through " + apiNode + " failed: " + r.stdout().strip(), null, true);
        }
        return r.stdout();
    }
}
