package io.dsec2.examples.it;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * A DolphinScheduler 3.2.0 REST client for the tests, used as an operator's script would (api server on
 * {@code http://<ip>:12345/dolphinscheduler}): admin login, a project, a one-task SHELL workflow (task codes from
 * {@code gen-task-codes}, definition, release ONLINE), start it. Paths and parameters are those of the 3.2.0
 * controllers (dolphinscheduler-api/.../controller/{Login,Project,ProcessDefinition,TaskDefinition,Executor}Controller.java).
 */
final class DsRest {
    static final String ADMIN = "admin";
    static final String ADMIN_PASSWORD = "dolphinscheduler123";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private String sessionId;

    /** @param apiIp the api server's private IP */
    DsRest(String apiIp) {
        this.base = "http://" + apiIp + ":12345/dolphinscheduler";
    }

    /** Logs in as admin; @return the session id */
    String login() throws Exception {
        JsonNode r = call("POST", "/login", Map.of("userName", ADMIN, "userPassword", ADMIN_PASSWORD), false);
        sessionId = r.asObject().get("data").asObject().get("sessionId").asString();
        return sessionId;
    }

    /** @return the code the login answers with this password (0 success, 10013 wrong user or password) */
    int loginCode(String password) throws Exception {
        JsonNode r = call("POST", "/login", Map.of("userName", ADMIN, "userPassword", password), false, false);
        return Integer.parseInt(r.asObject().get("code").asNumber());
    }

    /** Creates a project; @return its code */
    long createProject(String name) throws Exception {
        JsonNode r = call("POST", "/projects", Map.of("projectName", name, "description", "ds-ec2 test"), true);
        return Long.parseLong(r.asObject().get("data").asObject().get("code").asNumber());
    }

    /**
     * Creates and releases a one-task SHELL workflow on worker group {@code workerGroup}.
     *
     * @return the process definition code
     */
    long createShellWorkflow(long project, String name, String script, String workerGroup) throws Exception {
        JsonNode codes = call("GET", "/projects/" + project + "/task-definition/gen-task-codes?genNum=1", Map.of(), true);
        String task = codes.asObject().get("data").asArray().get(0).asNumber();
        String taskJson = """
            [{"code":%s,"name":"%s-task","description":"","taskType":"SHELL","taskParams":{"localParams":[],\
            "rawScript":%s,"resourceList":[]},"flag":"YES","isCache":"NO","taskPriority":"MEDIUM",\
            "workerGroup":"%s","environmentCode":-1,"failRetryTimes":0,"failRetryInterval":1,"timeoutFlag":"CLOSE",\
            "timeoutNotifyStrategy":null,"timeout":0,"delayTime":0,"cpuQuota":-1,"memoryMax":-1,\
            "taskExecuteType":"BATCH"}]""".formatted(task, name, jsonString(script), workerGroup);
        String relation = """
            [{"name":"","preTaskCode":0,"preTaskVersion":0,"postTaskCode":%s,"postTaskVersion":0,\
            "conditionType":"NONE","conditionParams":{}}]""".formatted(task);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("name", name);
        p.put("description", "");
        p.put("globalParams", "[]");
        p.put("locations", "[{\"taskCode\":" + task + ",\"x\":100,\"y\":100}]");
        p.put("timeout", "0");
        p.put("taskRelationJson", relation);
        p.put("taskDefinitionJson", taskJson);
        p.put("executionType", "PARALLEL");
        JsonNode r = call("POST", "/projects/" + project + "/process-definition", p, true);
        long code = Long.parseLong(r.asObject().get("data").asObject().get("code").asNumber());
        call("POST", "/projects/" + project + "/process-definition/" + code + "/release",
                Map.of("releaseState", "ONLINE"), true);
        return code;
    }

    /** Starts the workflow once on {@code workerGroup}. */
    void start(long project, long definition, String workerGroup) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("processDefinitionCode", String.valueOf(definition));
        p.put("scheduleTime", "");
        p.put("failureStrategy", "CONTINUE");
        p.put("warningType", "NONE");
        p.put("workerGroup", workerGroup);
        p.put("tenantCode", "default");
        p.put("execType", "START_PROCESS");
        p.put("taskDependType", "TASK_POST");
        p.put("runMode", "RUN_MODE_SERIAL");
        p.put("processInstancePriority", "MEDIUM");
        call("POST", "/projects/" + project + "/executors/start-process-instance", p, true);
    }

    /** Deletes a worker group row through the API; @return the response's code (0 = success) */
    int deleteWorkerGroup(long id) throws Exception {
        JsonNode r = call("DELETE", "/worker-groups/" + id, Map.of(), true, false);
        return Integer.parseInt(r.asObject().get("code").asNumber());
    }

    /** Saves a worker group (id 0 inserts); @return the response's code */
    int saveWorkerGroup(long id, String name, String addrList) throws Exception {
        Map<String, String> p = new LinkedHashMap<>();
        if (id > 0) {
            p.put("id", String.valueOf(id));
        }
        p.put("name", name);
        p.put("addrList", addrList);
        JsonNode r = call("POST", "/worker-groups", p, true, false);
        return Integer.parseInt(r.asObject().get("code").asNumber());
    }

    /** @return the body of an authenticated GET, as JSON */
    JsonNode get(String path) throws Exception {
        return call("GET", path, Map.of(), true, false);
    }

    private JsonNode call(String method, String path, Map<String, String> params, boolean auth) throws Exception {
        return call(method, path, params, auth, true);
    }

    private JsonNode call(String method, String path, Map<String, String> params, boolean auth, boolean requireOk)
            throws Exception {
        String form = params.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
        if (auth) {
            b.header("sessionId", sessionId);
        }
        if (method.equals("GET")) {
            b.GET();
        } else {
            b.header("Content-Type", "application/x-www-form-urlencoded")
                    .method(method, HttpRequest.BodyPublishers.ofString(form));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode j;
        try {
            j = JsonNode.parser().parse(r.body());
        } catch (RuntimeException e) {
            throw new AssertionError(method + " " + path + ": HTTP " + r.statusCode() + " " + r.body(), e);
        }
        if (requireOk && (r.statusCode() / 100 != 2 || !"0".equals(j.asObject().get("code").asNumber()))) {
            throw new AssertionError(method + " " + path + " failed: HTTP " + r.statusCode() + " " + r.body());
        }
        return j;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String jsonString(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(ch);
            }
        }
        return sb.append('"').toString();
    }
}
