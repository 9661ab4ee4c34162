package io.dsec2.model;

import io.dsec2.internal.spec.Checks;
import java.util.Objects;
import java.util.Optional;

/**
 * A subnet that nodes may be placed in, with its availability zone when known. Knowing the AZ lets
 * validation check, without calling AWS, that masters span at least two AZs; with ids only, validation can
 * only require at least two subnets.
 *
 * <pre>{@code
 * SubnetSpec a = SubnetSpec.of("subnet-0a1", "us-east-1a");
 * SubnetSpec b = SubnetSpec.of("subnet-0b2");   // AZ looked up later, by the provisioner
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class SubnetSpec {
    private final String id;
    private final String availabilityZone;

    private SubnetSpec(String id, String availabilityZone) {
        this.id = Checks.notNull(id, "id");
        this.availabilityZone = availabilityZone;
    }

    /**
     * @param id a subnet id, for example {@code subnet-0a1b2c}
     * @return a subnet whose AZ is not known yet
     */
    public static SubnetSpec of(String id) {
        return new SubnetSpec(id, null);
    }

    /**
     * @param id a subnet id
     * @param availabilityZone its AZ, for example {@code us-east-1a}
     * @return a subnet with a known AZ
     */
    public static SubnetSpec of(String id, String availabilityZone) {
        return new SubnetSpec(id, Checks.notNull(availabilityZone, "availabilityZone"));
    }

    /** @return the subnet id */
    public String id() {
        return id;
    }

    /** @return the AZ, if given */
    public Optional<String> availabilityZone() {
        return Optional.ofNullable(availabilityZone);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubnetSpec && id.equals(((SubnetSpec) o).id)
                && Objects.equals(availabilityZone, ((SubnetSpec) o).availabilityZone);
    }

    @Override
    public int hashCode() {
        return Objects.hash(id, availabilityZone);
    }

    @Override
    public String toString() {
        return availabilityZone == null ? id : id + "@" + availabilityZone;
    }
}
