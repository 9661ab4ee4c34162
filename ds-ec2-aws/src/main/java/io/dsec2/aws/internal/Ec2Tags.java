package io.dsec2.aws.internal;

import io.dsec2.spi.ClusterTags;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/** Tag and filter helpers for EC2. Stateless. */
public final class Ec2Tags {
    private Ec2Tags() {
    }

    /**
     * @param clusterId cluster id
     * @param role role id ({@code master}, ..., {@code alb})
     * @return the ds-ec2 base tags (cluster, role, managed-by), in order
     */
    public static Map<String, String> base(String clusterId, String role) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(ClusterTags.CLUSTER, clusterId);
        m.put(ClusterTags.ROLE, role);
        m.put(ClusterTags.MANAGED_BY, ClusterTags.MANAGED_BY_VALUE);
        return m;
    }

    /**
     * @param tags the user's tags
     * @return them without keys ds-ec2 owns ({@code ds-ec2:*}, {@code Name}), which the spec refuses anyway
     */
    public static Map<String, String> user(Map<String, String> tags) {
        Map<String, String> m = new LinkedHashMap<>();
        tags.forEach((k, v) -> {
            if (!owned(k)) {
                m.put(k, v);
            }
        });
        return m;
    }

    /**
     * @param key a tag key
     * @return whether ds-ec2 sets it itself
     */
    public static boolean owned(String key) {
        return key.startsWith("ds-ec2:") || key.equals(ClusterTags.NAME);
    }

    /**
     * @param tags tags
     * @return as SDK tags
     */
    public static List<Tag> toSdk(Map<String, String> tags) {
        List<Tag> out = new ArrayList<>();
        tags.forEach((k, v) -> out.add(Tag.builder().key(k).value(v).build()));
        return out;
    }

    /**
     * @param type resource type
     * @param tags tags
     * @return a tag specification
     */
    public static TagSpecification spec(ResourceType type, Map<String, String> tags) {
        return TagSpecification.builder().resourceType(type).tags(toSdk(tags)).build();
    }

    /**
     * @param tags SDK tags
     * @return as a map
     */
    public static Map<String, String> toMap(List<Tag> tags) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Tag t : tags) {
            m.put(t.key(), t.value());
        }
        return m;
    }

    /**
     * @param name filter name
     * @param values values
     * @return the filter
     */
    public static Filter filter(String name, String... values) {
        return Filter.builder().name(name).values(values).build();
    }

    /**
     * @param key tag key
     * @param value tag value
     * @return a {@code tag:<key>} filter
     */
    public static Filter tagFilter(String key, String value) {
        return filter("tag:" + key, value);
    }
}
