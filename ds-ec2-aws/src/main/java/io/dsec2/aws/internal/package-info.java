/**
 * Implementation details of {@code io.dsec2.aws}; no compatibility promise, and never part of a public signature
 * outside this package. Nothing is null unless documented otherwise.
 */
package io.dsec2.aws.internal;
