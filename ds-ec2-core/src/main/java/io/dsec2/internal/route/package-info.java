/**
 * How ds-ec2 reaches a private service from where it runs: the route (direct or through an SSH tunnel) chosen per
 * target by {@link io.dsec2.internal.route.RouteSelector}, and the address to connect to given by
 * {@link io.dsec2.internal.route.ServiceRoutes}. Internal: no compatibility promise.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
package io.dsec2.internal.route;
