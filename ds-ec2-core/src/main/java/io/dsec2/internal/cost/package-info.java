/** The on-demand price table behind {@link io.dsec2.model.CostEstimate}; no compatibility promise. */
package io.dsec2.internal.cost;
