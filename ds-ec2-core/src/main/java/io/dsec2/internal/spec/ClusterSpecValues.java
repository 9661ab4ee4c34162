package io.dsec2.internal.spec;

import io.dsec2.model.AwsSpec;
import io.dsec2.model.ClusterSpec;
import io.dsec2.model.DatabaseSpec;
import io.dsec2.model.DeploymentSpec;
import io.dsec2.model.LoadBalancerSpec;
import io.dsec2.model.NodeGroupSpec;
import io.dsec2.model.NodeRole;
import io.dsec2.model.RegistrySpec;
import io.dsec2.model.Secret;
import io.dsec2.model.StorageSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The values a {@link ClusterSpec} holds, as its builder left them, with the node layout derived from them and
 * the equality, hash and text {@link ClusterSpec} delegates to. Immutable as far as its components are (they are
 * immutable values); thread-safe.
 *
 * @param name the cluster name
 * @param aws AWS placement and access
 * @param masters the master group
 * @param workerGroups the worker groups, in order (copied)
 * @param apis the api server group
 * @param alerts the alert server group
 * @param database the metadata database
 * @param registry the ZooKeeper registry
 * @param storage the S3 resource storage, or {@code null} for none
 * @param loadBalancer the API load balancer settings
 * @param deployment the deployment settings
 * @param commonProperties extra {@code common.properties} keys, insertion-ordered
 * @param pythonGatewayEnabled whether the api server's python gateway runs
 * @param pythonGatewayToken the python gateway auth token, or {@code null} for none
 * @param adminPassword the admin user's password, or {@code null} for DolphinScheduler's default
 */
public record ClusterSpecValues(String name, AwsSpec aws, NodeGroupSpec masters, List<NodeGroupSpec> workerGroups,
                                NodeGroupSpec apis, NodeGroupSpec alerts, DatabaseSpec database, RegistrySpec registry,
                                StorageSpec storage, LoadBalancerSpec loadBalancer, DeploymentSpec deployment,
                                Map<String, String> commonProperties, boolean pythonGatewayEnabled,
                                Secret pythonGatewayToken, Secret adminPassword) {
    /** Copies the worker groups. */
    public ClusterSpecValues {
        workerGroups = List.copyOf(workerGroups);
    }

    /** @return every node group in start order: masters, worker groups, apis, alerts */
    public List<NodeGroupSpec> nodeGroups() {
        List<NodeGroupSpec> all = new ArrayList<>();
        all.add(masters);
        all.addAll(workerGroups);
        all.add(apis);
        all.add(alerts);
        return List.copyOf(all);
    }

    /**
     * @param role a role
     * @return how many nodes of that role the groups hold
     */
    public int count(NodeRole role) {
        return nodeGroups().stream().filter(g -> g.role() == role).mapToInt(NodeGroupSpec::count).sum();
    }

    /** @return every node id in start order, {@code <role>-<ordinal>} with ordinals from 1 per role */
    public List<String> nodeIds() {
        List<String> ids = new ArrayList<>();
        for (NodeRole role : NodeRole.values()) {
            for (int i = 1; i <= count(role); i++) {
                ids.add(role.id() + "-" + i);
            }
        }
        return List.copyOf(ids);
    }

    /** @return the hash {@link ClusterSpec#hashCode()} gives: of every component, in declaration order */
    @Override
    public int hashCode() {
        return Objects.hash(name, aws, masters, workerGroups, apis, alerts, database, registry, storage,
                loadBalancer, deployment, commonProperties, pythonGatewayEnabled, pythonGatewayToken, adminPassword);
    }

    /**
     * @return the text {@link ClusterSpec#toString()} gives: secret references only (never values), values of
     *     sensitive-looking common properties masked
     */
    @Override
    public String toString() {
        return "ClusterSpec{name=" + name + ", aws=" + aws + ", masters=" + masters + ", workerGroups=" + workerGroups
                + ", apis=" + apis + ", alerts=" + alerts + ", database=" + database + ", registry=" + registry
                + ", storage=" + storage + ", loadBalancer=" + loadBalancer + ", deployment=" + deployment
                + ", commonProperties=" + Checks.redacted(commonProperties) + ", pythonGateway="
                + (pythonGatewayEnabled ? "enabled, token=" + pythonGatewayToken : "disabled")
                + (adminPassword != null ? ", adminPassword=" + adminPassword : "") + "}";
    }
}
