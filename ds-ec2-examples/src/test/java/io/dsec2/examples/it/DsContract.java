package io.dsec2.examples.it;

import io.dsec2.model.NodeRole;
import io.dsec2.testkit.net.Host;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The probes of DolphinScheduler 3.2.0's contracts that ds-ec2 relies on, run the same way against any cluster
 * (the real distribution and the stand-in): what each answers is recorded by name, so a test compares the two maps.
 * Probes: admin login (wrong and right password), the monitor endpoints' fields, worker-group saves and deletes
 * (unregistered address, empty list, update with dependent tasks, rename with dependent tasks, delete while a
 * process instance runs and while a task definition names the group), the registry heartbeat fields of master,
 * worker and alert, and the daemon script's {@code status}/{@code stop}/{@code start} output and exit codes.
 * Sources: WorkerGroupServiceImpl, LoginController, MonitorController, *HeartBeat, dolphinscheduler-daemon.sh at tag
 * 3.2.0. Leaves the cluster as it found it (the alert server restarted, healthy again).
 */
final class DsContract {
    private final RollingCluster c;
    private final String jdbcUrl;

    DsContract(RollingCluster c, String jdbcUrl) {
        this.c = c;
        this.jdbcUrl = jdbcUrl;
    }

    /** @return observation name to what the cluster answered */
    Map<String, String> observe() throws Exception {
        Map<String, String> o = new TreeMap<>();
        String api = c.ip(c.roleNodes(NodeRole.API).get(0));
        DsRest rest = new DsRest(api);
        o.put("login.wrong-password", code(rest.loginCode("not-the-password")));
        o.put("login.admin", code(rest.loginCode(DsRest.ADMIN_PASSWORD)));
        rest.login();
        o.put("monitor.masters.fields", keys(rest.get("/monitor/masters").asObject().get("data").asArray().get(0)));
        o.put("monitor.workers.fields", keys(rest.get("/monitor/workers").asObject().get("data").asArray().get(0)));
        String worker = c.registryAddress(c.roleNodes(NodeRole.WORKER).get(0));
        String group = "contract-probe";
        o.put("worker-group.save.unregistered-address", code(rest.saveWorkerGroup(0, group, "10.255.255.1:1234")));
        o.put("worker-group.save.empty-address-list", code(rest.saveWorkerGroup(0, group, "")));
        long id = rest.get("/worker-groups?pageNo=1&pageSize=1000").asObject().get("data").asObject().get("totalList")
                .asArray().stream().filter(g -> g.asObject().get("name").asString().equals(group))
                .map(g -> Long.parseLong(g.asObject().get("id").asNumber())).findFirst().orElse(-1L);
        o.put("worker-group.list.has-probe-row", String.valueOf(id > 0));
        o.put("worker-group.list.default-listed", String.valueOf(rest.get("/worker-groups?pageNo=1&pageSize=1000")
                .asObject().get("data").asObject().get("totalList").asArray().stream()
                .anyMatch(g -> g.asObject().get("name").asString().equals("default"))));
        try (Connection db = DriverManager.getConnection(jdbcUrl, c.e.dbUser(), c.dbPassword);
             Statement st = db.createStatement()) {
            st.executeUpdate("insert into t_ds_process_instance (name, process_definition_code, state, worker_group,"
                    + " executor_id) values ('contract-probe', 990001, 1, '" + group + "', 1)");
            o.put("worker-group.delete.running-process-instance", code(rest.deleteWorkerGroup(id)));
            st.executeUpdate("update t_ds_process_instance set state=7 where name='contract-probe'");
            st.executeUpdate("insert into t_ds_task_definition (code, name, project_code, task_type, worker_group,"
                    + " create_time, update_time) values (990001, 'contract-probe', 990001, 'SHELL', '" + group
                    + "', now(), now())");
            o.put("worker-group.delete.dependent-task", code(rest.deleteWorkerGroup(id)));
            o.put("worker-group.update.same-name-dependent-task", code(rest.saveWorkerGroup(id, group, worker)));
            o.put("worker-group.rename.dependent-task", code(rest.saveWorkerGroup(id, group + "-2", worker)));
            st.executeUpdate("delete from t_ds_task_definition where name='contract-probe'");
            st.executeUpdate("delete from t_ds_process_instance where name='contract-probe'");
        }
        o.put("worker-group.delete.unused", code(rest.deleteWorkerGroup(id)));
        for (NodeRole r : new NodeRole[] {NodeRole.MASTER, NodeRole.WORKER, NodeRole.ALERT}) {
            String node = c.roleNodes(r).get(0);
            o.put("registry." + r.id() + ".heartbeat-fields", keys(c.heartbeat(node).orElseThrow()));
        }
        daemon(o);
        return o;
    }

    private void daemon(Map<String, String> o) throws Exception {
        String alert = c.roleNodes(NodeRole.ALERT).get(0);
        o.put("daemon.status.running", daemon(alert, "status"));
        o.put("daemon.stop.running", daemon(alert, "stop"));
        o.put("daemon.status.stopped", daemon(alert, "status"));
        o.put("daemon.stop.stopped", daemon(alert, "stop"));
        o.put("start-sh.without-mysql-driver", startWithoutDriver(alert));
        o.put("daemon.start.stopped", daemon(alert, "start"));
        long end = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (!(c.healthUp(alert) && c.heartbeat(alert).isPresent()) && System.nanoTime() < end) {
            Thread.sleep(500);
        }
        o.put("daemon.start.then-healthy-and-registered", String.valueOf(c.healthUp(alert)
                && c.heartbeat(alert).isPresent()));
    }

    /**
     * Runs {@code alert-server/bin/start.sh} in the foreground with the MySQL driver moved out of its {@code libs}
     * (put back afterwards). @return its exit code and whether its output names the missing driver class
     */
    private String startWithoutDriver(String node) {
        String install = c.applied().deployment().installPath();
        String user = c.applied().deployment().deployUser();
        String jar = install + "/alert-server/libs/mysql-connector-j-8.0.33.jar";
        Host.ExecResult r = c.host(node).exec("sh", "-c", "mv " + jar + " /tmp/contract-driver.jar && cd " + install
                + "/alert-server && sudo -n -u " + user + " timeout 240 bash bin/start.sh > /tmp/contract-start.out 2>&1;"
                + " rc=$?; mv /tmp/contract-driver.jar " + jar + "; echo \"exit=$rc\";"
                + " grep -c 'Cannot load driver class: com.mysql.cj.jdbc.Driver' /tmp/contract-start.out || true");
        String[] lines = r.stdout().strip().split("\n");
        String exit = lines.length > 0 ? lines[0] : "";
        boolean names = lines.length > 1 && !lines[1].strip().equals("0");
        return exit + ", names the driver: " + names;
    }

    /** @return the exit code and the output lines (colours and paths removed) of the daemon script */
    private String daemon(String node, String action) {
        String install = c.applied().deployment().installPath();
        String user = c.applied().deployment().deployUser();
        Host.ExecResult r = c.host(node).exec("sh", "-c", "cd " + install + " && sudo -n -u " + user
                + " bash bin/dolphinscheduler-daemon.sh " + action + " alert-server 2>&1");
        String out = r.stdout().replaceAll("\u001B\\[[;0-9]*m", "").replace(install, "<install>")
                .replaceAll("process \\d+", "process <pid>").replaceAll("[ \t]+", " ").strip();
        return "exit " + r.exitCode() + ": " + out;
    }

    private static String code(int code) {
        return String.valueOf(code);
    }

    private static String keys(JsonNode j) {
        return new TreeSet<>(j.asObject().keySet()).toString();
    }
}
