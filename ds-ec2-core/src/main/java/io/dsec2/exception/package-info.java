/**
 * Exceptions: {@link io.dsec2.exception.DsEc2Exception} for operational failures, JDK-rooted ones such as {@link io.dsec2.exception.InvalidClusterSpecException} for invalid input. Messages never contain secrets.
 *
 * <p><b>Nulls:</b> nothing in this package accepts or returns {@code null} unless its Javadoc says so
 * (non-null by default). Optional values are returned as {@link java.util.Optional}; collections
 * are empty, never null; passing {@code null} to a method throws {@link NullPointerException}.
 */
package io.dsec2.exception;
