/**
 * Internal: reading the {@code config.yaml} shape (documented in package {@code io.dsec2}) with SnakeYAML Engine's
 * node API, keeping each value's line. No compatibility promise.
 *
 * <p><b>Nulls:</b> nothing in this package accepts or returns {@code null} unless its Javadoc says so
 * (non-null by default). Optional values are returned as {@link java.util.Optional}; collections
 * are empty, never null; passing {@code null} to a method throws {@link NullPointerException}.
 */
package io.dsec2.internal.spec.yaml;
