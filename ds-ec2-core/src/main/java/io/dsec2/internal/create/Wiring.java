package io.dsec2.internal.create;

import io.dsec2.event.ClusterListener;
import io.dsec2.internal.EnvironmentDefaults;
import io.dsec2.model.ClusterSpec;
import io.dsec2.spi.CloudFactory;
import io.dsec2.spi.ConfigRenderer;
import io.dsec2.spi.LoadBalancer;
import io.dsec2.spi.Provisioner;
import io.dsec2.spi.RemoteExecutor;
import io.dsec2.spi.RemoteExecutorFactory;
import io.dsec2.spi.SecretResolver;
import io.dsec2.spi.StateStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SPIs one operation runs with, resolved in this order: what the user set on the builder, else
 * exactly one {@link CloudFactory} / {@link RemoteExecutorFactory} / {@link ConfigRenderer} found by the
 * {@link ServiceLoader}, else (the renderer only) the DolphinScheduler 3.2.0 default, else a clear error naming
 * the fixes. Closes only what it created.
 */
final class Wiring implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Wiring.class);
    final Provisioner provisioner;
    final LoadBalancer loadBalancer;
    final RemoteExecutor remote;
    final SecretResolver secrets;
    /** Renders every node's files: create, rollouts and the running-config digests all go through it. */
    final ConfigRenderer renderer;
    final StateStore store;
    final Path clusterDir;
    final ClusterListener listener;
    final Settings settings;
    private final List<AutoCloseable> owned;

    private Wiring(Provisioner provisioner, LoadBalancer loadBalancer, RemoteExecutor remote, SecretResolver secrets,
            ConfigRenderer renderer, StateStore store, Path clusterDir, ClusterListener listener, Settings settings,
            List<AutoCloseable> owned) {
        this.provisioner = provisioner;
        this.loadBalancer = loadBalancer;
        this.remote = remote;
        this.secrets = secrets;
        this.renderer = renderer;
        this.store = store;
        this.clusterDir = clusterDir;
        this.listener = listener;
        this.settings = settings;
        this.owned = owned;
    }

    static Wiring resolve(ClusterSpec spec, Settings s) {
        List<AutoCloseable> owned = new ArrayList<>();
        Path root = s.stateDirectory != null ? s.stateDirectory : EnvironmentDefaults.stateRoot();
        Path clusterDir = root.resolve(spec.name());
        StateStore store = s.stateStore != null ? s.stateStore : StateStore.directory(root);
        CloudFactory cloud = null;
        if (s.provisioner == null || s.loadBalancer == null || s.secretResolver == null) {
            cloud = single(CloudFactory.class, s.provisioner == null || s.loadBalancer == null,
                    "add ds-ec2-aws to the class path, or set provisioner(...) and loadBalancerService(...) on the builder");
        }
        try {
            Provisioner p = s.provisioner;
            if (p == null) {
                p = cloud.provisioner(spec);
                owned.add(p);
            }
            LoadBalancer lb = s.loadBalancer;
            if (lb == null) {
                lb = cloud.loadBalancer(spec);
                owned.add(lb);
            }
            SecretResolver secrets = s.secretResolver;
            if (secrets == null) {
                secrets = cloud != null ? cloud.secretResolver(spec, SecretResolver.defaultResolver())
                        : SecretResolver.defaultResolver();
            }
            RemoteExecutor remote = s.remoteExecutor;
            if (remote == null) {
                RemoteExecutorFactory f = single(RemoteExecutorFactory.class, true,
                        "add ds-ec2-ssh to the class path, or set remoteExecutor(...) on the builder");
                remote = f.remoteExecutor(spec, clusterDir.resolve("known_hosts"));
                owned.add(remote);
            }
            return new Wiring(p, lb, remote, secrets, renderer(s), store, clusterDir, Listeners.of(s.listeners), s, owned);
        } catch (RuntimeException e) {
            closeAll(owned);
            throw e;
        }
    }

    /** @return the builder's renderer, else the one class-path provider, else the DolphinScheduler 3.2.0 default */
    static ConfigRenderer renderer(Settings s) {
        return renderer(s, Wiring.class.getClassLoader());
    }

    /** As {@link #renderer(Settings)}, looking for providers through {@code loader}. */
    static ConfigRenderer renderer(Settings s, ClassLoader loader) {
        if (s.configRenderer != null) {
            return s.configRenderer;
        }
        ConfigRenderer found = single(ConfigRenderer.class, loader, false,
                "set configRenderer(...) on the builder to choose one");
        return found != null ? found : ConfigRenderer.dolphinScheduler320();
    }

    /**
     * The plan executor every operation uses: this wiring's state store and listeners, the settings' timeouts,
     * retries and executor, the spec's parallelism.
     *
     * @param heldLock the cluster's lock when the caller already holds it for the whole operation, else null (the
     *     executor takes it)
     */
    io.dsec2.internal.engine.PlanExecutor planExecutor(ClusterSpec spec, Settings settings,
                                                      io.dsec2.spi.StateLock heldLock) {
        io.dsec2.internal.engine.PlanExecutorBuilder b = io.dsec2.internal.engine.PlanExecutor.builder(spec.name())
                .stateStore(store).listener(listener).timeouts(settings.timeouts).retry(settings.retry)
                .defaultParallelism(spec.deployment().parallelism())
                .lockOwner(io.dsec2.internal.EnvironmentDefaults.userName() + "@" + ProcessHandle.current().pid());
        if (heldLock != null) {
            b.heldLock(heldLock);
        }
        if (settings.executor != null) {
            b.executor(settings.executor);
        }
        return b.build();
    }

    io.dsec2.config.Timeouts timeouts() {
        return settings.timeouts;
    }

    private static <T> T single(Class<T> type, boolean required, String fix) {
        return single(type, Wiring.class.getClassLoader(), required, fix);
    }

    private static <T> T single(Class<T> type, ClassLoader loader, boolean required, String fix) {
        List<T> found = new ArrayList<>();
        ServiceLoader.load(type, loader).forEach(found::add);
        if (found.size() > 1) {
            throw new IllegalStateException("more than one " + type.getSimpleName() + " on the class path ("
                    + found.stream().map(f -> f.getClass().getName()).toList() + "): keep one, or " + fix);
        }
        if (found.isEmpty()) {
            if (required) {
                throw new IllegalStateException("no " + type.getSimpleName() + " found: " + fix);
            }
            return null;
        }
        return found.get(0);
    }

    @Override
    public void close() {
        closeAll(owned);
    }

    private static void closeAll(List<AutoCloseable> all) {
        for (AutoCloseable c : all) {
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("closing {} failed: {}", c.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
