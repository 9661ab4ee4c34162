package io.dsec2.internal.spec;

import io.dsec2.model.ClusterSpec;
import io.dsec2.model.LoadBalancerSpec;
import io.dsec2.model.NodeGroupSpec;
import io.dsec2.model.NodeRole;
import io.dsec2.model.RegistrySpec;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rules for tags, root volume type/IOPS/throughput, the load balancer's listener, health check and idle timeout,
 * and the registry's connection timeout and retry policy, with AWS's documented ranges:
 * tags https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html (and ELBv2's character set, since the
 * same tags go onto the load balancer), EBS https://docs.aws.amazon.com/ebs/latest/userguide/ebs-volume-types.html
 * and https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_CreateVolume.html (gp3: 3,000-80,000 IOPS,
 * 125-2,000 MiB/s since September 2025),
 * ELBv2 https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_CreateTargetGroup.html.
 */
final class ResourceRules {
    /** ds-ec2 puts 6 tags of its own on an instance; AWS allows 50 per resource. */
    static final int MAX_USER_TAGS = 44;
    static final Set<String> VOLUME_TYPES = Set.of("gp3", "gp2", "io1", "io2", "standard");
    private static final Pattern TAG_CHARS = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

    private ResourceRules() {
    }

    static void check(ClusterSpec spec, Report r) {
        tags("aws.tags", spec.aws().tags(), r);
        List<NodeGroupSpec> groups = spec.nodeGroups();
        int worker = 0;
        for (NodeGroupSpec g : groups) {
            String path = g.role() == NodeRole.WORKER ? SpecPaths.group(NodeRole.WORKER, worker++)
                    : SpecPaths.group(g.role(), 0);
            tags(path + ".tags", g.tags(), r);
            Map<String, String> merged = new java.util.LinkedHashMap<>(spec.aws().tags());
            merged.putAll(g.tags());
            if (merged.size() > MAX_USER_TAGS) {
                r.error(path + ".tags", "with aws.tags makes " + merged.size() + " tags; AWS allows 50 per resource and"
                        + " ds-ec2 uses 6: keep at most " + MAX_USER_TAGS);
            }
            volume(path, g, r);
        }
        loadBalancer(spec.loadBalancer(), r);
        registry(spec.registry(), r);
    }

    static void tags(String path, Map<String, String> tags, Report r) {
        for (Map.Entry<String, String> e : tags.entrySet()) {
            String key = e.getKey();
            String at = path + "." + key;
            String lower = key.toLowerCase(Locale.ROOT);
            if (key.isEmpty() || key.length() > 128) {
                r.error(at, "a tag key must be 1-128 characters");
            } else if (lower.startsWith("ds-ec2:")) {
                r.error(at, "ds-ec2:* tags are ds-ec2's own (it finds the cluster by them) and cannot be set or"
                        + " overridden: use another key");
            } else if (lower.startsWith("aws:")) {
                r.error(at, "the aws: prefix is reserved by AWS: use another key");
            } else if (key.equals("Name")) {
                r.error(at, "ds-ec2 names each resource itself (<cluster>-<role>-<n>): use another key");
            } else if (!TAG_CHARS.matcher(key).matches()) {
                r.error(at, "'" + key + "' may hold only letters, digits, spaces and _ . : / = + - @");
            }
            String value = e.getValue();
            if (value.length() > 256) {
                r.error(at, "a tag value must be at most 256 characters, got " + value.length());
            } else if (!TAG_CHARS.matcher(value).matches()) {
                r.error(at, "the value may hold only letters, digits, spaces and _ . : / = + - @");
            }
        }
    }

    private static void volume(String path, NodeGroupSpec g, Report r) {
        String type = g.rootVolumeType();
        int gib = g.rootVolumeSizeGib();
        int iops = g.rootVolumeIops();
        int mibs = g.rootVolumeThroughput();
        if (!VOLUME_TYPES.contains(type)) {
            r.error(path + ".root_volume_type", "'" + type + "' is not a root volume type: use gp3, gp2, io1, io2 or"
                    + " standard (st1 and sc1 cannot boot)");
            return;
        }
        if (iops < 0) {
            r.error(path + ".root_volume_iops", "must not be negative");
        }
        switch (type) {
            case "gp3":
                if (iops != 0) {
                    r.range(path + ".root_volume_iops", iops, 3000, 80000, " IOPS for gp3");
                    if (iops > 500L * gib) {
                        r.error(path + ".root_volume_iops", iops + " IOPS is more than gp3's 500 per GiB for " + gib
                                + " GiB: at most " + 500L * gib);
                    }
                }
                if (mibs != 0) {
                    r.range(path + ".root_volume_throughput", mibs, 125, 2000, " MiB/s for gp3");
                    int effectiveIops = iops == 0 ? 3000 : iops;
                    if (mibs * 4L > effectiveIops) {
                        r.error(path + ".root_volume_throughput", mibs + " MiB/s is more than gp3's 0.25 MiB/s per IOPS"
                                + " (" + effectiveIops + " IOPS): raise root_volume_iops to " + mibs * 4 + " or more");
                    }
                }
                break;
            case "io1":
            case "io2":
                int max = type.equals("io1") ? 64000 : 256000;
                int perGib = type.equals("io1") ? 50 : 1000;
                if (iops == 0) {
                    r.error(path + ".root_volume_iops", "is required for " + type + ": 100-" + max);
                } else {
                    r.range(path + ".root_volume_iops", iops, 100, max, " IOPS for " + type);
                    if (iops > (long) perGib * gib) {
                        r.error(path + ".root_volume_iops", iops + " IOPS is more than " + type + "'s " + perGib
                                + " per GiB for " + gib + " GiB: at most " + (long) perGib * gib);
                    }
                }
                break;
            default:
                if (iops != 0) {
                    r.error(path + ".root_volume_iops", "is only for gp3, io1 and io2, not " + type);
                }
        }
        if (mibs != 0 && !type.equals("gp3")) {
            r.error(path + ".root_volume_throughput", "is only for gp3, not " + type);
        }
    }

    private static void loadBalancer(LoadBalancerSpec lb, Report r) {
        String base = "service_config.api.load_balancer";
        r.range(base + ".listener_port", lb.listenerPort(), 1, 65535, "");
        seconds(base + ".health_check.interval", lb.healthCheckInterval(), 5, 300, r);
        seconds(base + ".health_check.timeout", lb.healthCheckTimeout(), 2, 120, r);
        if (lb.healthCheckTimeout().compareTo(lb.healthCheckInterval()) >= 0) {
            r.error(base + ".health_check.timeout", "must be less than health_check.interval ("
                    + lb.healthCheckInterval().toSeconds() + " s)");
        }
        r.range(base + ".health_check.healthy_threshold", lb.healthyThreshold(), 2, 10, "");
        r.range(base + ".health_check.unhealthy_threshold", lb.unhealthyThreshold(), 2, 10, "");
        seconds(base + ".idle_timeout", lb.idleTimeout(), 1, 4000, r);
    }

    private static void seconds(String path, Duration d, int min, int max, Report r) {
        if (d.toNanos() % 1_000_000_000L != 0 || d.getSeconds() < min || d.getSeconds() > max) {
            r.error(path, "must be whole seconds, " + min + "-" + max + " s (an ELBv2 limit), got " + d);
        }
    }

    private static void registry(RegistrySpec zk, Report r) {
        r.positive("registry.connection_timeout", zk.connectionTimeout());
        r.positive("registry.retry.base_sleep", zk.retryBaseSleep());
        r.positive("registry.retry.max_sleep", zk.retryMaxSleep());
        // Curator's ExponentialBackoffRetry caps retries at 29 (MAX_RETRIES_LIMIT)
        r.range("registry.retry.max_retries", zk.retryMaxRetries(), 0, 29, "");
        if (zk.retryMaxSleep().compareTo(zk.retryBaseSleep()) < 0) {
            r.error("registry.retry.max_sleep", "must be at least retry.base_sleep (" + zk.retryBaseSleep().toMillis()
                    + " ms)");
        }
        if (zk.connectionTimeout().compareTo(zk.sessionTimeout()) > 0) {
            r.warn("registry.connection_timeout", "is longer than session_timeout; Curator lowers it to the session"
                    + " timeout");
        }
    }
}
