/**
 * LocalCloud hosts: a {@link io.dsec2.testkit.net.Bridge} owning a whole /16 (no packet for a test address leaves
 * the machine), and per EC2 instance a {@link io.dsec2.testkit.net.Host}: a network namespace with the instance's
 * private address, a private mount, UTS and PID namespace ({@code /etc} an overlay over the machine's, its own
 * {@code /home}, {@code /opt}, {@code /root}, {@code /run}, {@code /tmp}, {@code /var/tmp}), and OpenSSH sshd
 * accepting the key pair for {@code ec2-user} (passwordless sudo). Faults: tc tbf bandwidth, a delaying TCP proxy
 * for latency, iptables statistic loss, link cut, sshd kill, reboot.
 *
 * <p>Every machine-wide name carries the prefix {@code dsec2} and the run's {@link io.dsec2.testkit.net.RunId};
 * leftovers of a crashed run are found by that exact prefix and removed only when the run's owner process is gone.
 * Everything needs root and the Debian packages iproute2, iptables, openssh-server and sudo
 * ({@code scripts/setup.sh}).
 */
package io.dsec2.testkit.net;
