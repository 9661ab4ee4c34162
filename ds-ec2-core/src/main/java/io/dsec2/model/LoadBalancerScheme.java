package io.dsec2.model;

/** Whether the API load balancer is reachable only inside the VPC or from the internet. */
public enum LoadBalancerScheme {
    /** Private addresses only (the default). */
    INTERNAL("internal"),
    /** Public addresses; needs public subnets. */
    INTERNET_FACING("internet-facing");

    private final String id;

    LoadBalancerScheme(String id) {
        this.id = id;
    }

    /** @return the ELBv2 scheme name: {@code internal} or {@code internet-facing} */
    public String id() {
        return id;
    }
}
