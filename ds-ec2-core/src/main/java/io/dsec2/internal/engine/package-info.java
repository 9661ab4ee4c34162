/**
 * The orchestration engine (job → stage → task, the model of Apache Bigtop Manager):
 * {@link io.dsec2.internal.engine.Plan}s of
 * {@link io.dsec2.internal.engine.Stage}s of idempotent {@link io.dsec2.internal.engine.Task}s, run by the
 * {@link io.dsec2.internal.engine.PlanExecutor} with bounded parallelism, per-attempt timeouts, retries of
 * transient failures, listener events and a {@link io.dsec2.internal.engine.Journal} that makes every
 * operation resumable. Internal: no compatibility promise.
 *
 * <p>Everything in this package is non-null unless documented otherwise; optional values are returned as
 * {@link java.util.Optional}.
 */
package io.dsec2.internal.engine;
