package io.dsec2.testkit.net.internal;

import io.dsec2.testkit.net.HostSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The shell and iptables texts that make a LocalCloud host. Stateless; all inputs are validated by HostSpec. */
public final class HostScripts {
    private HostScripts() {
    }

    /**
     * iptables-restore input for a host: chain {@code lossChain} sees every packet on eth0 (both directions, for
     * packet loss), and chain {@code egressChain}, if {@code gatewayPorts} is not null, lets new connections to the
     * bridge address reach only those TCP ports.
     */
    public static String firewallRules(String gatewayIp, Set<Integer> gatewayPorts, String lossChain,
            String egressChain) {
        StringBuilder r = new StringBuilder("*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n")
                .append(':').append(lossChain).append(" - [0:0]\n")
                .append(':').append(egressChain).append(" - [0:0]\n")
                .append("-A INPUT -i eth0 -j ").append(lossChain).append('\n')
                .append("-A OUTPUT -o eth0 -j ").append(lossChain).append('\n')
                .append("-A OUTPUT -o eth0 -j ").append(egressChain).append('\n');
        if (gatewayPorts != null) {
            r.append("-A ").append(egressChain).append(" -m conntrack --ctstate ESTABLISHED,RELATED -j RETURN\n");
            for (int port : new TreeSet<>(gatewayPorts)) {
                r.append("-A ").append(egressChain).append(" -d ").append(gatewayIp).append(" -p tcp --dport ")
                        .append(port).append(" -j RETURN\n");
            }
            r.append("-A ").append(egressChain).append(" -d ").append(gatewayIp)
                    .append(" -p tcp -j REJECT --reject-with tcp-reset\n")
                    .append("-A ").append(egressChain).append(" -d ").append(gatewayIp).append(" -j REJECT\n");
        }
        return r.append("COMMIT\n").toString();
    }

    /**
     * The namespace holder's script (run by {@code unshare --mount --uts}): {@code /etc} as an overlay over the
     * machine's (or a bind of a full copy), the bind mounts {@code "<dir name>:<target>"}, the host name; then it
     * prints {@code ready} and becomes the host's PID 1 (run under {@code unshare --pid --fork --mount-proc}).
     */
    public static String holderScript(Path dir, List<String> mounts, boolean overlayEtc, String hostname) {
        // the mount whose target is an ancestor of the host dir (e.g. /tmp) must come last, or it hides the sources
        List<String> sorted = new ArrayList<>(mounts);
        sorted.sort(Comparator.comparing(m -> dir.startsWith(m.substring(m.indexOf(':') + 1)) ? 1 : 0));
        StringBuilder script = new StringBuilder("set -e; ");
        if (overlayEtc) {
            script.append("mount -t overlay dsec2-etc -o lowerdir=/etc,upperdir=").append(dir.resolve("etc-upper"))
                    .append(",workdir=").append(dir.resolve("etc-work")).append(" /etc; ");
        } else {
            script.append("mount --bind ").append(Sh.quote(dir.resolve("etc").toString())).append(" /etc; ");
        }
        for (String m : sorted) {
            script.append("mount --bind ").append(Sh.quote(dir.resolve(m.substring(0, m.indexOf(':'))).toString()))
                    .append(' ').append(m.substring(m.indexOf(':') + 1)).append("; ");
        }
        // PID 1 of the host's own PID namespace: a bash loop, because bash reaps the orphans (daemonised servers)
        // that the kernel re-parents to it, so a stopped server leaves no zombie that `kill -0` would take for alive
        return script.append("hostname ").append(hostname).append("; echo ready; exec bash -c ")
                .append(Sh.quote("trap 'exit 0' TERM; while :; do sleep 5 & wait $!; done")).toString();
    }

    /**
     * First-boot provisioning, run as root inside the host: the login user (unlocked, no password, passwordless
     * sudo, the spec's authorized keys), host name and hosts file, fresh host keys, and sshd's config (port 22 and
     * a loopback port for the delay proxy, keys only, no PAM).
     */
    public static String provisionScript(HostSpec spec, String sshdConfig, int loopbackPort) {
        String user = spec.loginUser();
        String keys = String.join("\n", spec.authorizedKeys());
        return String.join("\n",
                "set -e",
                "id -u " + user + " >/dev/null 2>&1 || useradd -m -s /bin/bash " + user,
                "usermod -p '*' " + user,
                "mkdir -p /etc/sudoers.d",
                "echo '" + user + " ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/90-" + user,
                "chmod 0440 /etc/sudoers.d/90-" + user,
                "install -d -m 0700 -o " + user + " -g " + user + " /home/" + user + "/.ssh",
                "printf '%s\\n' " + Sh.quote(keys) + " > /home/" + user + "/.ssh/authorized_keys",
                "chown " + user + ":" + user + " /home/" + user + "/.ssh/authorized_keys",
                "chmod 0600 /home/" + user + "/.ssh/authorized_keys",
                "echo " + spec.hostname() + " > /etc/hostname",
                "printf '127.0.0.1 localhost\\n127.0.1.1 %s\\n%s %s\\n' " + spec.hostname() + " " + spec.privateIp()
                        + " " + spec.hostname() + " > /etc/hosts",
                "rm -f /etc/ssh/ssh_host_*",
                "ssh-keygen -q -t ed25519 -N '' -f /etc/ssh/ssh_host_ed25519_key",
                "ssh-keygen -q -t ecdsa -N '' -f /etc/ssh/ssh_host_ecdsa_key",
                "cat > " + sshdConfig + " <<'EOF'",
                "ListenAddress 0.0.0.0:22",
                "ListenAddress 127.0.0.1:" + loopbackPort,
                "HostKey /etc/ssh/ssh_host_ed25519_key",
                "HostKey /etc/ssh/ssh_host_ecdsa_key",
                "PubkeyAuthentication yes",
                "PasswordAuthentication no",
                "KbdInteractiveAuthentication no",
                "UsePAM no",
                "PermitRootLogin no",
                "UseDNS no",
                "MaxStartups 100",
                "MaxSessions 100",
                "AcceptEnv LANG LC_*",
                "Subsystem sftp internal-sftp",
                "PidFile /run/sshd.pid",
                "EOF");
    }
}
