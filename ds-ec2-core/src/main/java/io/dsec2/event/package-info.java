/**
 * Progress events of cluster operations: the {@link io.dsec2.event.ClusterListener} callback interface and
 * the immutable {@link io.dsec2.event.StageEvent} and {@link io.dsec2.event.TaskEvent} values. Events never
 * carry secrets.
 *
 * <p>Everything in this package is non-null unless documented otherwise; optional values are returned as
 * {@link java.util.Optional}.
 */
package io.dsec2.event;
