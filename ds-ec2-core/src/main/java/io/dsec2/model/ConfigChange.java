package io.dsec2.model;

import io.dsec2.internal.spec.Checks;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One changed key of a cluster's configuration, between the applied version and the desired spec.
 *
 * <p>Keys are YAML paths of the {@code config.yaml} shape, for example {@code jvm.worker.xmx} or
 * {@code service_config.worker.worker.exec-threads}. Values are shown as YAML scalars; a secret reference's value
 * (never the secret itself) is shown, and a literal secret as {@code ******}. Immutable and thread-safe.
 */
public final class ConfigChange {
    /** What a masked value reads as. */
    public static final String MASK = "******";
    private final String key;
    private final String oldValue;
    private final String newValue;
    private final Set<NodeRole> roles;
    private final UpdatePolicy policy;
    private final String reason;

    private ConfigChange(String key, String oldValue, String newValue, Collection<NodeRole> roles, UpdatePolicy policy,
                         String reason) {
        this.key = Checks.notNull(key, "key");
        this.oldValue = oldValue;
        this.newValue = newValue;
        this.roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        this.policy = Checks.notNull(policy, "policy");
        this.reason = Checks.notNull(reason, "reason");
    }

    /**
     * @param key the YAML path
     * @param oldValue the applied value, or null if the key was not set
     * @param newValue the desired value, or null if the key is removed
     * @param roles the server roles whose configuration the change alters (empty if none)
     * @param policy how the change is applied
     * @param reason why that policy; for {@link UpdatePolicy#UNSUPPORTED}, why and the way out
     * @return the change
     */
    public static ConfigChange of(String key, String oldValue, String newValue, Collection<NodeRole> roles,
                                  UpdatePolicy policy, String reason) {
        return new ConfigChange(key, oldValue, newValue, Checks.notNull(roles, "roles"), policy, reason);
    }

    /** @return the YAML path of the key */
    public String key() {
        return key;
    }

    /** @return the applied value; empty if the key was not set */
    public Optional<String> oldValue() {
        return Optional.ofNullable(oldValue);
    }

    /** @return the desired value; empty if the key is removed */
    public Optional<String> newValue() {
        return Optional.ofNullable(newValue);
    }

    /** @return the roles whose servers read the key (in {@link NodeRole} order when iterated via EnumSet) */
    public Set<NodeRole> roles() {
        return roles;
    }

    /** @return how the change is applied */
    public UpdatePolicy policy() {
        return policy;
    }

    /** @return why this policy; for an unsupported change, the reason and the way out */
    public String reason() {
        return reason;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConfigChange c && key.equals(c.key) && Objects.equals(oldValue, c.oldValue)
                && Objects.equals(newValue, c.newValue) && roles.equals(c.roles) && policy == c.policy
                && reason.equals(c.reason);
    }

    @Override
    public int hashCode() {
        return Objects.hash(key, oldValue, newValue, roles, policy, reason);
    }

    @Override
    public String toString() {
        return key + ": " + (oldValue == null ? "(unset)" : oldValue) + " -> " + (newValue == null ? "(unset)" : newValue)
                + " [" + policy + (roles.isEmpty() ? "" : " " + EnumSet.copyOf(roles)) + "]";
    }
}
