/**
 * The default {@link io.dsec2.spi.StateStore}: a directory per cluster with atomic writes, owner-only file
 * modes and an OS-level lock file. Internal: reach it through {@link io.dsec2.spi.StateStore#directory}.
 *
 * <p>Everything in this package is non-null unless documented otherwise.
 */
package io.dsec2.internal.state;
