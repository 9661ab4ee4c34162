package io.dsec2.spi;

import java.util.List;
import java.util.Objects;

/**
 * The load balancer of a cluster: ARNs of load balancer, target group and listener, its DNS name, and which
 * of these ARNs the call created (for rollback).
 *
 * <pre>{@code
 * String url = "http://" + info.dnsName() + "/dolphinscheduler/ui";
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class LoadBalancerInfo {
    private final String loadBalancerArn;
    private final String dnsName;
    private final String targetGroupArn;
    private final String listenerArn;
    private final List<String> createdArns;

    private LoadBalancerInfo(String loadBalancerArn, String dnsName, String targetGroupArn, String listenerArn,
            List<String> createdArns) {
        this.loadBalancerArn = Objects.requireNonNull(loadBalancerArn, "loadBalancerArn must not be null");
        this.dnsName = Objects.requireNonNull(dnsName, "dnsName must not be null");
        this.targetGroupArn = Objects.requireNonNull(targetGroupArn, "targetGroupArn must not be null");
        this.listenerArn = Objects.requireNonNull(listenerArn, "listenerArn must not be null");
        this.createdArns = List.copyOf(createdArns);
    }

    /**
     * @param loadBalancerArn load balancer ARN
     * @param dnsName its DNS name
     * @param targetGroupArn target group ARN
     * @param listenerArn listener ARN
     * @param createdArns the ARNs this call created
     * @return the value
     */
    public static LoadBalancerInfo of(String loadBalancerArn, String dnsName, String targetGroupArn,
            String listenerArn, List<String> createdArns) {
        return new LoadBalancerInfo(loadBalancerArn, dnsName, targetGroupArn, listenerArn, createdArns);
    }

    /** @return the load balancer ARN */
    public String loadBalancerArn() {
        return loadBalancerArn;
    }

    /** @return the load balancer's DNS name */
    public String dnsName() {
        return dnsName;
    }

    /** @return the target group ARN */
    public String targetGroupArn() {
        return targetGroupArn;
    }

    /** @return the listener ARN */
    public String listenerArn() {
        return listenerArn;
    }

    /** @return the ARNs created by this call; empty if everything was adopted */
    public List<String> createdArns() {
        return createdArns;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LoadBalancerInfo)) {
            return false;
        }
        LoadBalancerInfo i = (LoadBalancerInfo) o;
        return loadBalancerArn.equals(i.loadBalancerArn) && dnsName.equals(i.dnsName)
                && targetGroupArn.equals(i.targetGroupArn) && listenerArn.equals(i.listenerArn)
                && createdArns.equals(i.createdArns);
    }

    @Override
    public int hashCode() {
        return Objects.hash(loadBalancerArn, dnsName, targetGroupArn, listenerArn, createdArns);
    }

    @Override
    public String toString() {
        return "LoadBalancerInfo{lb=" + loadBalancerArn + ", dns=" + dnsName + ", tg=" + targetGroupArn
                + ", listener=" + listenerArn + ", created=" + createdArns + "}";
    }
}
