package io.dsec2.examples.cli;

import io.dsec2.spi.StateStore;
import java.util.Iterator;
import java.util.List;

/**
 * Completion candidates for {@code --cluster}: the clusters with state in the standard state store
 * ({@code -Dds-ec2.state-dir} or {@code ~/.ds-ec2/clusters}) when the completion script is generated; none if
 * that directory cannot be read.
 */
final class ClusterNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        List<String> names;
        try {
            names = StateStore.standard().clusters();
        } catch (RuntimeException e) {
            names = List.of();
        }
        return names.iterator();
    }
}
