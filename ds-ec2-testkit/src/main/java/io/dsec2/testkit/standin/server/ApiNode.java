package io.dsec2.testkit.standin.server;

import com.sun.net.httpserver.HttpExchange;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.text.SimpleDateFormat;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * Stand-in api server on {@code server.port} (12345) under {@code /dolphinscheduler}: login, monitor
 * (read from the registry live), worker groups (table {@code t_ds_worker_group}), actuator health and the UI from
 * cwd-relative {@code ui/}. Authentication by {@code sessionId} header or cookie (sessions in
 * {@code t_ds_session}); otherwise HTTP 401 with Result code 10004. The api does not register in the registry.
 */
public final class ApiNode extends Node {
    private static final String LOGGER = "org.apache.dolphinscheduler.api.ApiApplicationServer";
    private static final String CTX = "/dolphinscheduler";

    public ApiNode() {
        super("api", LOGGER);
    }

    @Override
    protected void start() throws Exception {
        checkDatabase();
        connectRegistry();
        int http = cfg.getInt("server.port", 12345);
        servers.add(Web.bind(http, this::http));
        Log.info("org.springframework.boot.web.embedded.jetty.JettyWebServer", "Jetty started on port(s) " + http
                + " (http/1.1) with context path '/dolphinscheduler'");
    }

    @Override
    protected Map<String, Object> heartbeat(int port) {
        return Map.of();
    }

    private static Map<String, Object> ok(Object data) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("code", 0);
        r.put("msg", "success");
        r.put("data", data);
        r.put("success", true);
        r.put("failed", false);
        return r;
    }

    private static Map<String, Object> fail(int code, String msg) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("code", code);
        r.put("msg", msg);
        r.put("data", null);
        r.put("success", false);
        r.put("failed", true);
        return r;
    }

    private void http(HttpExchange ex, Map<String, String> p) throws Exception {
        if (actuator(ex, CTX, true)) {
            return;
        }
        String path = ex.getRequestURI().getPath();
        String m = ex.getRequestMethod();
        if (path.equals(CTX) || path.equals(CTX + "/")) {
            ex.getResponseHeaders().set("Location", CTX + "/ui/");
            Web.sendBytes(ex, 302, "text/plain", new byte[0]);
            return;
        }
        if (path.startsWith(CTX + "/ui")) {
            ui(ex, path.substring((CTX + "/ui").length()));
            return;
        }
        if (path.equals(CTX + "/login") && m.equals("POST")) {
            login(ex, p);
            return;
        }
        if (!path.startsWith(CTX + "/")) {
            Web.send(ex, 404, Map.of("status", 404, "error", "Not Found"));
            return;
        }
        Long user = authenticate(ex);
        if (user == null) {
            Web.send(ex, 401, fail(10004, "user not login"));
            return;
        }
        String rel = path.substring(CTX.length());
        switch (m + " " + rel) {
            case "GET /monitor/masters" -> Web.send(ex, 200, ok(servers("master")));
            case "GET /monitor/workers" -> Web.send(ex, 200, ok(servers("worker")));
            case "GET /worker-groups/all" -> Web.send(ex, 200, ok(groupNames()));
            case "GET /worker-groups/worker-address-list" -> Web.send(ex, 200, ok(children("worker")));
            case "GET /worker-groups" -> Web.send(ex, 200, ok(Map.of("totalList", groups(), "total", groups().size())));
            case "POST /worker-groups" -> saveGroup(ex, p);
            default -> {
                if (m.equals("DELETE") && rel.matches("/worker-groups/\\d+")) {
                    deleteGroup(ex, Long.parseLong(rel.substring("/worker-groups/".length())));
                } else {
                    Web.send(ex, 404, Map.of("status", 404, "error", "Not Found", "path", path));
                }
            }
        }
    }

    private void ui(HttpExchange ex, String rest) throws Exception {
        Path root = Path.of("ui").toAbsolutePath().normalize();
        Path f = root.resolve(rest.isEmpty() || rest.equals("/") ? "index.html" : rest.substring(1)).normalize();
        if (!f.startsWith(root) || !Files.isRegularFile(f)) {
            Web.send(ex, 404, Map.of("status", 404, "error", "Not Found"));
            return;
        }
        Web.sendBytes(ex, 200, f.toString().endsWith(".html") ? "text/html" : "application/octet-stream",
                Files.readAllBytes(f));
    }

    private void login(HttpExchange ex, Map<String, String> p) throws Exception {
        String userName = p.getOrDefault("userName", "");
        String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest(p.getOrDefault("userPassword", "").getBytes(StandardCharsets.UTF_8)));
        try (Connection c = connect()) {
            Long id = null;
            try (PreparedStatement ps = c.prepareStatement(
                    "select id from t_ds_user where user_name=? and user_password=? and state=1")) {
                ps.setString(1, userName);
                ps.setString(2, md5);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        id = rs.getLong(1);
                    }
                }
            }
            if (id == null) {
                Web.send(ex, 200, fail(10013, "user name or password error"));
                return;
            }
            String sid = UUID.randomUUID().toString();
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into t_ds_session (id, user_id, ip, last_login_time) values (?, ?, ?, ?)")) {
                ps.setString(1, sid);
                ps.setLong(2, id);
                ps.setString(3, ex.getRemoteAddress().getAddress().getHostAddress());
                ps.setTimestamp(4, new Timestamp(System.currentTimeMillis()));
                ps.executeUpdate();
            }
            ex.getResponseHeaders().add("Set-Cookie", "sessionId=" + sid + "; Path=/; HttpOnly");
            ex.getResponseHeaders().add("Set-Cookie", "securityConfigType=PASSWORD; Path=/");
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("sessionId", sid);
            data.put("securityConfigType", "PASSWORD");
            Web.send(ex, 200, Map.of("code", 0, "msg", "login success", "data", data, "success", true,
                    "failed", false));
        }
    }

    private Long authenticate(HttpExchange ex) throws Exception {
        String sid = ex.getRequestHeaders().getFirst("sessionId");
        if (sid == null) {
            String cookie = ex.getRequestHeaders().getFirst("Cookie");
            if (cookie != null) {
                for (String c : cookie.split(";")) {
                    String[] kv = c.trim().split("=", 2);
                    if (kv.length == 2 && kv[0].equals("sessionId")) {
                        sid = kv[1];
                    }
                }
            }
        }
        if (sid == null) {
            return null;
        }
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement(
                "select user_id, last_login_time from t_ds_session where id=?")) {
            ps.setString(1, sid);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next() && rs.getTimestamp(2).getTime() + 7_200_000L > System.currentTimeMillis()) {
                    return rs.getLong(1);
                }
            }
        }
        return null;
    }

    private List<String> children(String type) throws Exception {
        try {
            List<String> l = new ArrayList<>(zk.getChildren(namespace + "/nodes/" + type, false));
            l.sort(null);
            return l;
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        }
    }

    private List<Map<String, Object>> servers(String type) throws Exception {
        SimpleDateFormat fmt = new SimpleDateFormat("yyyy-MM-dd HH:mm:ss");
        List<Map<String, Object>> out = new ArrayList<>();
        for (String child : children(type)) {
            String dir = "/nodes/" + type + "/" + child;
            Stat stat = new Stat();
            String data;
            try {
                data = new String(zk.getData(namespace + dir, false, stat), StandardCharsets.UTF_8);
            } catch (KeeperException.NoNodeException e) {
                continue;
            }
            Map<?, ?> hb = data.isEmpty() ? Map.of() : (Map<?, ?>) Json.parse(data);
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("id", hb.get("processId"));
            s.put("host", child.substring(0, child.lastIndexOf(':')));
            s.put("port", Integer.parseInt(child.substring(child.lastIndexOf(':') + 1)));
            if (type.equals("master")) {
                s.put("zkDirectory", dir);
                s.put("resInfo", data);
            } else {
                s.put("zkDirectories", List.of(dir));
                s.put("heartBeatInfo", hb);
            }
            s.put("createTime", fmt.format(stat.getCtime()));
            Object rt = hb.get("reportTime");
            s.put("lastHeartbeatTime", rt instanceof Number n ? fmt.format(n.longValue()) : null);
            out.add(s);
        }
        return out;
    }

    private List<Map<String, Object>> groups() throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        try (Connection c = connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "select id, name, addr_list, create_time, update_time, description, other_params_json"
                        + " from t_ds_worker_group order by id")) {
            while (rs.next()) {
                Map<String, Object> g = new LinkedHashMap<>();
                g.put("id", rs.getLong(1));
                g.put("name", rs.getString(2));
                g.put("addrList", rs.getString(3));
                g.put("createTime", String.valueOf(rs.getTimestamp(4)));
                g.put("updateTime", String.valueOf(rs.getTimestamp(5)));
                g.put("description", rs.getString(6));
                g.put("otherParamsJson", rs.getString(7));
                g.put("systemDefault", false);
                out.add(g);
            }
        }
        if (out.stream().noneMatch(g -> "default".equals(g.get("name")))) {
            // as WorkerGroupServiceImpl#getWorkerGroups: the implicit default group, no id, every registered worker
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("id", null);
            g.put("name", "default");
            g.put("addrList", String.join(",", children("worker")));
            g.put("systemDefault", true);
            out.add(g);
        }
        return out;
    }

    private List<String> groupNames() throws Exception {
        List<String> names = new ArrayList<>();
        for (Map<String, Object> g : groups()) {
            names.add((String) g.get("name"));
        }
        if (!names.contains("default")) {
            names.add(0, "default");
        }
        return names;
    }

    private void saveGroup(HttpExchange ex, Map<String, String> p) throws Exception {
        String name = p.getOrDefault("name", "").trim();
        String addr = p.getOrDefault("addrList", "");
        long id = Long.parseLong(p.getOrDefault("id", "0").isBlank() ? "0" : p.getOrDefault("id", "0"));
        if (name.isEmpty()) {
            Web.send(ex, 200, fail(10135, "worker group name cannot be empty"));
            return;
        }
        Timestamp now = new Timestamp(System.currentTimeMillis());
        try (Connection c = connect()) {
            if (id != 0) {
                String old = groupName(c, id);
                if (old != null && !old.equals(name)) {
                    Map<String, Object> dependency = dependency(c, old);
                    if (dependency != null) {
                        Web.send(ex, 200, dependency);
                        return;
                    }
                }
            }
            // as WorkerGroupServiceImpl#checkWorkerGroupAddrList: every address must be a registered worker
            List<String> workers = children("worker");
            for (String a : addr.split(",")) {
                if (!a.isBlank() && !workers.contains(a.trim())) {
                    Web.send(ex, 200, fail(10177, "worker address " + a.trim() + " invalid"));
                    return;
                }
            }
            try (PreparedStatement ps = c.prepareStatement("select id from t_ds_worker_group where name=? and id<>?")) {
                ps.setString(1, name);
                ps.setLong(2, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        Web.send(ex, 200, fail(10135, "worker group already exists"));
                        return;
                    }
                }
            }
            if (id == 0) {
                try (PreparedStatement ps = c.prepareStatement("insert into t_ds_worker_group (name, addr_list,"
                        + " create_time, update_time, description) values (?, ?, ?, ?, ?)",
                        Statement.RETURN_GENERATED_KEYS)) {
                    ps.setString(1, name);
                    ps.setString(2, addr);
                    ps.setTimestamp(3, now);
                    ps.setTimestamp(4, now);
                    ps.setString(5, p.getOrDefault("description", ""));
                    ps.executeUpdate();
                    try (ResultSet rs = ps.getGeneratedKeys()) {
                        rs.next();
                        id = rs.getLong(1);
                    }
                }
            } else {
                try (PreparedStatement ps = c.prepareStatement(
                        "update t_ds_worker_group set name=?, addr_list=?, update_time=? where id=?")) {
                    ps.setString(1, name);
                    ps.setString(2, addr);
                    ps.setTimestamp(3, now);
                    ps.setLong(4, id);
                    if (ps.executeUpdate() == 0) {
                        Web.send(ex, 200, fail(10174, "worker group " + id + " not exists"));
                        return;
                    }
                }
            }
        }
        Map<String, Object> g = new LinkedHashMap<>();
        g.put("id", id);
        g.put("name", name);
        g.put("addrList", addr);
        Web.send(ex, 200, ok(g));
    }

    /**
     * As 3.2.0's WorkerGroupServiceImpl#deleteWorkerGroupById: refused with 10145 while a process instance in a
     * not-terminated state uses the group, and with 1401000/1401001/1401002 while a task definition, a schedule or an
     * environment names it.
     */
    private void deleteGroup(HttpExchange ex, long id) throws Exception {
        try (Connection c = connect()) {
            String name = groupName(c, id);
            if (name == null) {
                Web.send(ex, 200, fail(10174, "worker group " + id + " not exists"));
                return;
            }
            int running = count(c, "select count(*) from t_ds_process_instance where worker_group=? and state in"
                    + " (0, 1, 2, 4, 8, 10, 11, 12, 13)", name);
            if (running > 0) {
                Web.send(ex, 200, fail(10145, "delete worker group by id fail, for there are " + running
                        + " process instances in executing using it"));
                return;
            }
            Map<String, Object> dependency = dependency(c, name);
            if (dependency != null) {
                Web.send(ex, 200, dependency);
                return;
            }
            try (PreparedStatement ps = c.prepareStatement("delete from t_ds_worker_group where id=?")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
        }
        Web.send(ex, 200, ok(null));
    }

    /** As WorkerGroupServiceImpl#checkWorkerGroupDependencies; @return the failure to answer, or null */
    private Map<String, Object> dependency(Connection c, String name) throws Exception {
        int tasks = count(c, "select count(*) from t_ds_task_definition where worker_group=?", name);
        if (tasks > 0) {
            return fail(1401000, "You can not modify or remove this worker group, cause it has [" + tasks
                    + "] dependent tasks like :standin-task");
        }
        int schedules = count(c, "select count(*) from t_ds_schedules where worker_group=?", name);
        if (schedules > 0) {
            return fail(1401001, "You can not modify or remove this worker group, cause it has [" + schedules
                    + "] dependent workflow timings like :" + name);
        }
        int envs = count(c, "select count(*) from t_ds_environment_worker_group_relation where worker_group=?", name);
        if (envs > 0) {
            return fail(1401002, "You can not modify or remove this worker group, cause it has [" + envs
                    + "] dependent environments like :" + name);
        }
        return null;
    }

    private static String groupName(Connection c, long id) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("select name from t_ds_worker_group where id=?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private static int count(Connection c, String sql, String arg) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
