package io.dsec2.internal.create;

import io.dsec2.config.RetrySettings;
import io.dsec2.config.Timeouts;
import io.dsec2.event.ClusterListener;
import io.dsec2.spi.ConfigRenderer;
import io.dsec2.spi.LoadBalancer;
import io.dsec2.spi.Provisioner;
import io.dsec2.spi.RemoteExecutor;
import io.dsec2.spi.SecretResolver;
import io.dsec2.spi.StateStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;

/**
 * What a user wired on {@link io.dsec2.DsCluster.Builder} besides the spec: explicit SPI instances (never
 * closed by ds-ec2), listeners, executor, timeouts. Mutable while the builder is; frozen by {@link #copy()}.
 */
public final class Settings {
    public Provisioner provisioner;
    public LoadBalancer loadBalancer;
    public RemoteExecutor remoteExecutor;
    public SecretResolver secretResolver;
    /** The renderer set on the builder; null: the class path's one, else the DolphinScheduler 3.2.0 default. */
    public ConfigRenderer configRenderer;
    public StateStore stateStore;
    public Path stateDirectory;
    public final List<ClusterListener> listeners = new ArrayList<>();
    public ExecutorService executor;
    public Timeouts timeouts = Timeouts.defaults();
    public RetrySettings retry = RetrySettings.defaults();
    /** Run validate() before create; errors fail create before anything is created. Default true. */
    public boolean validateBeforeCreate = true;

    public Settings copy() {
        Settings s = new Settings();
        s.provisioner = provisioner;
        s.loadBalancer = loadBalancer;
        s.remoteExecutor = remoteExecutor;
        s.secretResolver = secretResolver;
        s.configRenderer = configRenderer;
        s.stateStore = stateStore;
        s.stateDirectory = stateDirectory;
        s.listeners.addAll(listeners);
        s.executor = executor;
        s.timeouts = timeouts;
        s.retry = retry;
        s.validateBeforeCreate = validateBeforeCreate;
        return s;
    }
}
