/** Pre-flight checks of a cluster spec against the cloud and services it uses: {@link io.dsec2.validate.ValidationReport}. */
package io.dsec2.validate;
