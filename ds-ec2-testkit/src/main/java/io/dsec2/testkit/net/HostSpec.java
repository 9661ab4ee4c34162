package io.dsec2.testkit.net;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a LocalCloud host is booted from: the EC2 instance it stands for, its private address, the login user and
 * the public keys that user accepts (the instance's key pair). Immutable; build with {@link #builder()}.
 */
public final class HostSpec {
    private final String instanceId;
    private final String privateIp;
    private final String loginUser;
    private final List<String> authorizedKeys;

    private HostSpec(Builder b) {
        this.instanceId = Objects.requireNonNull(b.instanceId, "instanceId");
        this.privateIp = Objects.requireNonNull(b.privateIp, "privateIp");
        this.loginUser = b.loginUser;
        this.authorizedKeys = List.copyOf(b.authorizedKeys);
        if (!privateIp.matches("(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){3}")) {
            throw new IllegalArgumentException("not an IPv4 address: " + privateIp);
        }
        if (!instanceId.matches("[A-Za-z0-9][A-Za-z0-9-]{0,63}")) {
            throw new IllegalArgumentException("not a valid instance id: " + instanceId);
        }
        if (!loginUser.matches("[a-z_][a-z0-9_-]{0,31}")) {
            throw new IllegalArgumentException("not a valid user name: " + loginUser);
        }
        for (String k : authorizedKeys) {
            if (k.contains("\n")) {
                throw new IllegalArgumentException("an authorized key must be one line");
            }
        }
    }

    /** @return a new builder; the login user defaults to {@code ec2-user} */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the EC2 instance id, e.g. {@code i-0123456789abcdef0} */
    public String instanceId() {
        return instanceId;
    }

    /** @return the private IPv4 address */
    public String privateIp() {
        return privateIp;
    }

    /** @return the login user (passwordless sudo), default {@code ec2-user} */
    public String loginUser() {
        return loginUser;
    }

    /** @return the OpenSSH public keys ({@code ssh-ed25519 AAAA... name}) the login user accepts */
    public List<String> authorizedKeys() {
        return authorizedKeys;
    }

    /** @return the host name the host reports, AWS style: {@code ip-10-77-1-4} */
    public String hostname() {
        return "ip-" + privateIp.replace('.', '-');
    }

    @Override
    public String toString() {
        return "HostSpec[" + instanceId + " " + privateIp + " " + loginUser + ", " + authorizedKeys.size() + " key(s)]";
    }

    /** Builder for {@link HostSpec}. Not thread-safe. */
    public static final class Builder {
        private String instanceId;
        private String privateIp;
        private String loginUser = "ec2-user";
        private final List<String> authorizedKeys = new ArrayList<>();

        private Builder() {
        }

        public Builder instanceId(String instanceId) {
            this.instanceId = instanceId;
            return this;
        }

        public Builder privateIp(String privateIp) {
            this.privateIp = privateIp;
            return this;
        }

        public Builder loginUser(String loginUser) {
            this.loginUser = Objects.requireNonNull(loginUser);
            return this;
        }

        /** Adds one OpenSSH public key line. */
        public Builder authorizedKey(String publicKeyOpenSsh) {
            this.authorizedKeys.add(publicKeyOpenSsh.strip());
            return this;
        }

        public HostSpec build() {
            return new HostSpec(this);
        }
    }
}
