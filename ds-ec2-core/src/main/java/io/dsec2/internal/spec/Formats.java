package io.dsec2.internal.spec;

import java.util.regex.Pattern;

/** Syntax checks for names, CIDRs, host:port lists and hashes. Stateless; no network lookups. */
final class Formats {
    static final Pattern CLUSTER_NAME = Pattern.compile("[a-z][a-z0-9-]{0,23}");
    static final Pattern REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d+");
    static final Pattern SUBNET = Pattern.compile("subnet-[A-Za-z0-9]+");
    static final Pattern SECURITY_GROUP = Pattern.compile("sg-[A-Za-z0-9]+");
    static final Pattern VPC = Pattern.compile("vpc-[A-Za-z0-9]+");
    static final Pattern AMI = Pattern.compile("ami-[A-Za-z0-9]+");
    static final Pattern INSTANCE_TYPE = Pattern.compile("[a-z][a-z0-9-]*\\.[a-z0-9]+");
    static final Pattern UNIX_USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    static final Pattern GROUP_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final Pattern SHA512 = Pattern.compile("[0-9a-fA-F]{128}");
    static final Pattern DB_NAME = Pattern.compile("[A-Za-z0-9_$-]{1,64}");
    static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]{0,252})");
    static final Pattern ZK_NAMESPACE = Pattern.compile("[A-Za-z0-9_.-]{1,128}");
    static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    static final Pattern JUMP_HOST = Pattern.compile("([^@\\s]+@)?[A-Za-z0-9.-]+(:\\d{1,5})?");
    /** An SSH key's SHA-256 fingerprint as {@code ssh-keygen -l -E sha256} prints it (unpadded base64). */
    static final Pattern SSH_FINGERPRINT = Pattern.compile("SHA256:[A-Za-z0-9+/]{43}");

    private Formats() {
    }

    /** @return null if {@code cidr} is a valid IPv4 or IPv6 CIDR, else what is wrong */
    static String cidrProblem(String cidr) {
        int slash = cidr.indexOf('/');
        if (slash < 0) {
            return "'" + cidr + "' is not a CIDR: add a prefix length, for example " + cidr + "/32";
        }
        String ip = cidr.substring(0, slash);
        int max = ip.contains(":") ? 128 : 32;
        int prefix;
        try {
            prefix = Integer.parseInt(cidr.substring(slash + 1));
        } catch (NumberFormatException e) {
            return "'" + cidr + "' has no numeric prefix length";
        }
        if (prefix < 0 || prefix > max) {
            return "'" + cidr + "' has prefix length " + prefix + ", allowed 0-" + max;
        }
        if (max == 32 && !ipv4(ip)) {
            return "'" + cidr + "' is not an IPv4 address with a prefix (a.b.c.d/n, each part 0-255)";
        }
        if (max == 128 && !ip.matches("[0-9a-fA-F:]{2,39}")) {
            return "'" + cidr + "' is not an IPv6 CIDR";
        }
        return null;
    }

    static boolean ipv4(String ip) {
        if (!IPV4.matcher(ip).matches()) {
            return false;
        }
        for (String part : ip.split("\\.")) {
            if (Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** @return null if {@code hostPort} is {@code host:port} with a port 1-65535, else what is wrong */
    static String hostPortProblem(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            return "'" + hostPort + "' is not host:port (for example 10.0.1.10:2181)";
        }
        String host = hostPort.substring(0, colon);
        if (!HOST.matcher(host).matches()) {
            return "'" + host + "' is not a host name or IPv4 address";
        }
        try {
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            if (port < 1 || port > 65535) {
                return "port " + port + " in '" + hostPort + "' is outside 1-65535";
            }
        } catch (NumberFormatException e) {
            return "'" + hostPort + "' has no numeric port";
        }
        return null;
    }

    /** @return null if {@code bucket} follows the S3 general purpose bucket naming rules, else what is wrong */
    static String bucketProblem(String bucket) {
        if (!BUCKET.matcher(bucket).matches()) {
            return "'" + bucket + "' is not a valid S3 bucket name: 3-63 characters of a-z, 0-9, '.' and '-',"
                    + " starting and ending with a letter or digit";
        }
        if (bucket.contains("..") || ipv4(bucket) || bucket.startsWith("xn--") || bucket.endsWith("-s3alias")) {
            return "'" + bucket + "' is not a valid S3 bucket name: no '..', no IP address form, no xn-- prefix"
                    + " or -s3alias suffix";
        }
        return null;
    }
}
