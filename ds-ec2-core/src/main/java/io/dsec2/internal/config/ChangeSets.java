package io.dsec2.internal.config;

import io.dsec2.internal.ds.Ds320Profile;
import io.dsec2.model.ChangeSet;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.ConfigChange;
import io.dsec2.model.NodeRole;
import io.dsec2.model.Secret;
import io.dsec2.model.UpdatePolicy;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Computes the {@link ChangeSet} between the spec of the applied version and a desired spec: every key of
 * {@link SpecKeys#flatten} whose value differs (a changed literal secret too, though both sides read
 * {@link ConfigChange#MASK}), with the roles it concerns and how it can reach the running cluster.
 *
 * <p>DolphinScheduler 3.2.0 reads its configuration only at start (its {@code bin/start.sh} sources the env file
 * before it starts the JVM, for example
 * https://github.com/apache/dolphinscheduler/blob/3.2.0/dolphinscheduler-master/src/main/bin/start.sh;
 * Spring Boot reads {@code application.yaml} at startup), so what the servers
 * read needs a rolling restart of exactly the roles whose files ds-ec2 renders from it ({@code Ds320ConfigRenderer}:
 * the workers read no database settings). A new instance type is a replace; counts, placement, the package and
 * the identity of the cluster (name, registry, database type, install path) cannot change in place and are
 * {@link UpdatePolicy#UNSUPPORTED} with the way out; settings ds-ec2 alone uses are {@link UpdatePolicy#NONE}.
 * A key not known here is UNSUPPORTED, never silently NONE. The roles are those of the default renderer
 * ({@link io.dsec2.spi.ConfigRenderer#dolphinScheduler320()}); which nodes a rollout restarts is decided by
 * comparing each node's running-config digest with the digest of the files the configured renderer gives for the
 * desired spec, so a custom renderer's changes are rolled out even where this set says another role or NONE.
 * Stateless and thread-safe.
 */
public final class ChangeSets {
    private static final String ROLE = "(master|worker|api|alert)";
    private static final String GROUP = "cluster\\.worker_groups\\[(\\d+)\\]";
    private static final Set<NodeRole> ALL = EnumSet.allOf(NodeRole.class);
    private static final String SELF = "used by ds-ec2 itself; takes effect on the next operation";
    private static final String LATER = "applies to instances launched later (scale out); running instances keep"
            + " theirs";
    private static final String UPGRADE = "the nodes run the package installed at create; another package is an"
            + " upgrade, which upstream does with every server stopped and a schema upgrade"
            + " (https://github.com/apache/dolphinscheduler/blob/3.2.0/docs/docs/en/guide/upgrade/upgrade.md);"
            + " ds-ec2 does not upgrade in place: keep the applied value, or create a new cluster and move to it";
    private static final String PLACEMENT = "nodes stay in the network they were launched in; ds-ec2 cannot move"
            + " running nodes or swap their security groups: keep the applied value, or create a new cluster";
    private static final String LOAD_BALANCER = "the load balancer and its target group are made at create;"
            + " ds-ec2 cannot change them on a running cluster: keep the applied value, or change the target group"
            + " in AWS";

    /** Why a CIDR change restarts nothing. */
    public static final String RULES = "the security-group rules of the groups ds-ec2 made are reconciled to the"
            + " spec: new sources are allowed and those no longer in it are revoked; nothing restarts";
    /** The keys whose change {@link #RULES} covers. */
    private static final Set<String> RULE_KEYS = Set.of("aws.admin_cidr", "aws.api_allowed_cidrs",
            "service_config.api.load_balancer.allowed_cidrs");

    /** The admin password's key. */
    private static final String ADMIN_PASSWORD_KEY = "service_config.api.admin_password";
    /** Why an admin password change restarts nothing. */
    public static final String ADMIN_PASSWORD = "the admin user's password is set in the metadata database"
            + " (t_ds_user), which the api servers read at every login; nothing restarts";

    /** Why a tag change restarts nothing. */
    public static final String TAGS = "tags are updated in place on the cluster's instances, their volumes, the"
            + " security groups and the load balancer; nothing restarts";

    private ChangeSets() {
    }

    /**
     * @param changes a change set
     * @return true if it changes a CIDR that the security-group rules follow ({@link #RULES})
     */
    public static boolean changesNetworkRules(ChangeSet changes) {
        return changes.changes().stream().anyMatch(c -> RULE_KEYS.contains(c.key()));
    }

    /**
     * @param changes a change set
     * @return true if it sets or changes {@code service_config.api.admin_password} ({@link #ADMIN_PASSWORD})
     */
    public static boolean changesAdminPassword(ChangeSet changes) {
        return changes.changes().stream().anyMatch(c -> c.key().equals(ADMIN_PASSWORD_KEY));
    }

    /**
     * @param fromVersion the applied version number (0 if none was recorded)
     * @param applied the spec of that version
     * @param desired the spec wanted
     * @return every changed key in YAML order (keys only the applied spec has come where they stood in it);
     *     empty if the specs have the same settings
     * @throws NullPointerException if a spec is null
     * @throws io.dsec2.exception.InvalidClusterSpecException if a spec has a value with no YAML form (see SpecYamlWriter)
     */
    public static ChangeSet between(int fromVersion, ClusterSpec applied, ClusterSpec desired) {
        Objects.requireNonNull(applied, "applied");
        Objects.requireNonNull(desired, "desired");
        Map<String, String> a = SpecKeys.flatten(applied);
        Map<String, String> d = SpecKeys.flatten(desired);
        Map<String, Secret> sa = SpecKeys.secrets(applied);
        Map<String, Secret> sd = SpecKeys.secrets(desired);
        List<ConfigChange> changes = new ArrayList<>();
        for (String key : keys(a, d)) {
            String oldValue = a.get(key);
            String newValue = d.get(key);
            if (Objects.equals(oldValue, newValue) && Objects.equals(sa.get(key), sd.get(key))) {
                continue;
            }
            changes.add(classify(key, oldValue, newValue, applied, desired));
        }
        return ChangeSet.of(fromVersion, changes);
    }

    /** Desired keys in order, with keys only the applied spec has placed after their predecessor there. */
    private static List<String> keys(Map<String, String> applied, Map<String, String> desired) {
        List<String> out = new ArrayList<>(desired.keySet());
        String previous = null;
        for (String key : applied.keySet()) {
            if (!desired.containsKey(key)) {
                out.add(previous == null ? 0 : out.indexOf(previous) + 1, key);
            }
            previous = key;
        }
        return out;
    }

    static ConfigChange classify(String key, String oldValue, String newValue, ClusterSpec applied,
                                 ClusterSpec desired) {
        Rule r = rule(key, applied, desired);
        return ConfigChange.of(key, oldValue, newValue, r.roles, r.policy, r.reason);
    }

    private record Rule(UpdatePolicy policy, Set<NodeRole> roles, String reason) {
    }

    private static Rule rule(String key, ClusterSpec applied, ClusterSpec desired) {
        Matcher m;
        if ((m = match(GROUP + "(\\..*)?", key)) != null) {
            return workerGroup(key, Integer.parseInt(m.group(1)) + 1, m.group(2), applied, desired);
        }
        if (key.equals("cluster.worker_groups")) {
            return unsupported(Set.of(NodeRole.WORKER), "worker groups are made when the cluster is created; update"
                    + " cannot add or remove one: keep the applied groups, or create a new cluster");
        }
        if (key.equals("cluster.name")) {
            return unsupported(Set.of(), "the name identifies the cluster's AWS resources and recorded state; another"
                    + " name is another cluster: keep the applied name, or create a new cluster");
        }
        if ((m = match("cluster\\." + ROLE + "\\.(.*)", key)) != null) {
            return group(NodeRole.of(m.group(1)), m.group(2), "cluster." + m.group(1));
        }
        if ((m = match("jvm\\." + ROLE + "\\..*", key)) != null) {
            NodeRole role = NodeRole.of(m.group(1));
            return restart(Set.of(role), "the " + role.id() + " servers read their heap and JVM options"
                    + " (bin/jvm_args_env.sh) at start");
        }
        if (key.equals(ADMIN_PASSWORD_KEY)) {
            return desired.adminPassword().isPresent() ? new Rule(UpdatePolicy.NONE, Set.of(), ADMIN_PASSWORD)
                    : unsupported(Set.of(), "ds-ec2 does not put DolphinScheduler's public default admin password"
                            + " back: keep service_config.api.admin_password set (change the password it refers to)");
        }
        if (key.equals("service_config.api.python_gateway.auth_token") && !applied.pythonGatewayEnabled()
                && !desired.pythonGatewayEnabled()) {
            return new Rule(UpdatePolicy.NONE, Set.of(), "the python gateway is off, so no server reads its token");
        }
        if (key.startsWith("service_config.api.python_gateway.")) {
            return restart(Set.of(NodeRole.API), "the api servers read the python gateway settings at start");
        }
        if (RULE_KEYS.contains(key)) {
            return new Rule(UpdatePolicy.NONE, Set.of(), RULES);
        }
        if (key.startsWith("service_config.api.load_balancer.")) {
            return unsupported(Set.of(), LOAD_BALANCER);
        }
        if (key.startsWith("service_config.common.")) {
            return restart(ALL, "every server reads common.properties at start");
        }
        if ((m = match("service_config\\." + ROLE + "\\..*", key)) != null) {
            NodeRole role = NodeRole.of(m.group(1));
            return restart(Set.of(role), "the " + role.id() + " servers read their application.yaml settings"
                    + " (passed in bin/env/dolphinscheduler_env.sh) at start");
        }
        if (key.startsWith("database.")) {
            return database(key.substring("database.".length()));
        }
        if (key.startsWith("registry.")) {
            return registry(key.substring("registry.".length()));
        }
        if (key.equals("storage") || key.startsWith("storage.")) {
            return restart(ALL, "every server reads the resource storage settings at start; the new location must"
                    + " hold the same resources");
        }
        if (key.startsWith("deployment.")) {
            return deployment(key.substring("deployment.".length()));
        }
        if (key.startsWith("aws.")) {
            return aws(key.substring("aws.".length()));
        }
        return unsupported(Set.of(), "ds-ec2 does not know how " + key + " reaches a running cluster: keep the"
                + " applied value");
    }

    private static Rule workerGroup(String key, int index, String rest, ClusterSpec applied, ClusterSpec desired) {
        if (index >= applied.workerGroups().size() || index >= desired.workerGroups().size()) {
            return unsupported(Set.of(NodeRole.WORKER), "worker groups are made when the cluster is created; update"
                    + " cannot add or remove one: keep the applied groups, or create a new cluster");
        }
        String sub = rest == null ? "" : rest.substring(1);
        String group = desired.workerGroups().get(index).name();
        if (sub.startsWith("jvm.")) {
            return restart(Set.of(NodeRole.WORKER), "the workers of group " + group + " read their heap and JVM"
                    + " options (bin/jvm_args_env.sh) at start");
        }
        if (sub.startsWith("service_config.")) {
            return restart(Set.of(NodeRole.WORKER), "the workers of group " + group + " read their application.yaml"
                    + " settings (passed in bin/env/dolphinscheduler_env.sh) at start");
        }
        return group(NodeRole.WORKER, sub, key.substring(0, key.length() - (rest == null ? 0 : rest.length())));
    }

    private static Rule group(NodeRole role, String sub, String path) {
        Set<NodeRole> roles = Set.of(role);
        if (sub.startsWith("tags.")) {
            return new Rule(UpdatePolicy.NONE, roles, TAGS);
        }
        switch (sub) {
            case "count":
                return unsupported(roles, "node counts change with `ds-ec2 scale --role " + role.id()
                        + " --count N` (which also checks and drains the nodes it removes), not with update");
            case "instance_type":
                return new Rule(UpdatePolicy.REPLACE, roles, "stop, change instance type, start, one node at a time;"
                        + " keeps volume and private IP");
            case "root_volume_size_gib":
            case "root_volume_type":
            case "root_volume_iops":
            case "root_volume_throughput":
                return new Rule(UpdatePolicy.NONE, roles, "applies to instances launched later (scale out); running"
                        + " nodes keep their root volumes");
            case "name":
                return unsupported(roles, "workflows name the worker group they run in; renaming " + path
                        + " would leave them without workers: keep the applied name");
            case "subnets":
            case "security_group_ids":
                return unsupported(roles, PLACEMENT);
            default:
                return unsupported(roles, "ds-ec2 does not know how " + path + "." + sub + " reaches a running"
                        + " cluster: keep the applied value");
        }
    }

    private static Rule database(String sub) {
        if (sub.equals("type")) {
            return unsupported(Set.of(), "moving between MySQL and PostgreSQL needs a data migration ds-ec2 does not"
                    + " do: keep the applied type, or create a new cluster and migrate the metadata");
        }
        Set<NodeRole> roles = EnumSet.noneOf(NodeRole.class);
        for (NodeRole role : NodeRole.values()) {
            if (Ds320Profile.usesDatabase(role)) {
                roles.add(role);
            }
        }
        return restart(roles, "the servers read the database URL and credentials at start (workers do not connect"
                + " to it in 3.2.0); the new database must hold the same data and the credentials must already work");
    }

    private static Rule registry(String sub) {
        switch (sub) {
            case "namespace":
                return unsupported(Set.of(), "a different namespace would split the cluster: restarted servers"
                        + " would not see the others; keep the applied namespace");
            case "connect_string":
                return unsupported(Set.of(), "servers restarted onto other ZooKeeper servers would not see the ones"
                        + " not yet restarted (a split cluster); keep the applied servers, or move ZooKeeper by"
                        + " adding members to the same ensemble");
            case "session_timeout":
            case "block_until_connected":
            case "connection_timeout":
            case "retry.base_sleep":
            case "retry.max_retries":
            case "retry.max_sleep":
                return restart(ALL, "every server reads the registry settings at start");
            default:
                return unsupported(Set.of(), "ds-ec2 does not know how registry." + sub + " reaches a running"
                        + " cluster: keep the applied value");
        }
    }

    private static Rule deployment(String sub) {
        switch (sub) {
            case "ssh_user":
            case "ssh_key_file":
            case "jump_host":
            case "jump_host_fingerprint":
            case "parallelism":
            case "rollback_on_failure":
            case "access":
                return new Rule(UpdatePolicy.NONE, Set.of(), SELF);
            case "java_home":
                return restart(ALL, "every server reads JAVA_HOME (bin/env/dolphinscheduler_env.sh) at start; that"
                        + " JDK must already be installed on every node");
            case "user":
            case "install_path":
                return unsupported(Set.of(), "the installation lives in install_path, owned by the deploy user;"
                        + " moving it means installing again: keep the applied value, or create a new cluster");
            case "version":
            case "package_url":
            case "package_sha512":
            case "package_file":
            case "mysql_driver_url":
            case "mysql_driver_sha512":
                return unsupported(Set.of(), UPGRADE);
            default:
                return unsupported(Set.of(), "ds-ec2 does not know how deployment." + sub + " reaches a running"
                        + " cluster: keep the applied value");
        }
    }

    private static Rule aws(String sub) {
        String base = sub.replaceFirst("\\[.*", "").replaceFirst("\\..*", "");
        switch (base) {
            case "tags":
                return new Rule(UpdatePolicy.NONE, Set.of(), TAGS);
            case "key_name":
            case "iam_instance_profile":
            case "ami_id":
                return new Rule(UpdatePolicy.NONE, Set.of(), LATER);
            case "endpoint_override":
            case "profile":
                return new Rule(UpdatePolicy.NONE, Set.of(), SELF);
            case "region":
            case "vpc_id":
            case "subnets":
            case "security_group_ids":
                return unsupported(Set.of(), PLACEMENT);
            default:
                return unsupported(Set.of(), "ds-ec2 does not know how aws." + sub + " reaches a running cluster:"
                        + " keep the applied value");
        }
    }

    private static Matcher match(String regex, String key) {
        Matcher m = Pattern.compile(regex).matcher(key);
        return m.matches() ? m : null;
    }

    private static Rule restart(Set<NodeRole> roles, String reason) {
        return new Rule(UpdatePolicy.ROLLING_RESTART, roles, reason);
    }

    private static Rule unsupported(Set<NodeRole> roles, String reason) {
        return new Rule(UpdatePolicy.UNSUPPORTED, roles, reason);
    }
}
