/** Internal: configuration versions, spec keys and change sets. Not an API; may change without notice. */
package io.dsec2.internal.config;
