/**
 * Internal: configuration history support. {@link io.dsec2.internal.config.SpecKeys} lists a spec's settings by
 * their {@code config.yaml} paths, and {@link io.dsec2.internal.config.ChangeSets} computes the
 * {@link io.dsec2.model.ChangeSet} between an applied and a desired spec. Not part of the public API: it may
 * change in any release.
 */
package io.dsec2.internal.config;
