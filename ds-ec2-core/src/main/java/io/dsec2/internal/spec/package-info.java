/**
 * Internal: spec validation, the default cluster and builder, local secret resolution. No compatibility promise; never part of a public signature.
 *
 * <p><b>Nulls:</b> nothing in this package accepts or returns {@code null} unless its Javadoc says so
 * (non-null by default). Optional values are returned as {@link java.util.Optional}; collections
 * are empty, never null; passing {@code null} to a method throws {@link NullPointerException}.
 */
package io.dsec2.internal.spec;
