/**
 * SSH implementation of {@link io.dsec2.spi.RemoteExecutor} on sshj: {@link io.dsec2.ssh.SshjRemoteExecutor}.
 * Everything is non-null unless documented otherwise; {@code io.dsec2.ssh.internal} carries no compatibility
 * promise.
 */
package io.dsec2.ssh;
