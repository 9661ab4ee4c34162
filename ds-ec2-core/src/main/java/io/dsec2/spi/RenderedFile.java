package io.dsec2.spi;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * One file a {@link ConfigRenderer} asks ds-ec2 to place on a node: a path relative to the node's install
 * directory ({@code deployment.install_path}), the whole content as UTF-8 text, the POSIX mode, and whether the
 * content is a secret.
 *
 * <p>Every rendered file is read by the node's DolphinScheduler server when it starts: ds-ec2 places the files
 * before the first start, and when any file of a node renders differently (a changed spec, a rotated secret, or
 * another renderer) {@code config update} rewrites the node's files and restarts its server in a rolling way.
 * ds-ec2 skips writing a file whose content is already in place. Files are owned by
 * {@code deployment.deploy_user}.
 *
 * <pre>{@code
 * RenderedFile file = RenderedFile.builder()
 *         .path("worker-server/conf/platform.properties")
 *         .content("platform.team=data\n")
 *         .mode(0644)
 *         .build();
 * }</pre>
 *
 * <p>{@link #toString()} shows the path, the mode and the length, never the content. Instances are immutable and
 * thread-safe; the builder is not thread-safe.
 */
public final class RenderedFile {
    private final String path;
    private final String content;
    private final int mode;
    private final boolean secret;

    private RenderedFile(Builder b) {
        this.path = Objects.requireNonNull(b.path, "path must not be null");
        this.content = Objects.requireNonNull(b.content, "content must not be null");
        this.mode = b.mode;
        this.secret = b.secret;
    }

    /**
     * @return a new builder: no path or content (both required), mode {@code 0644}, not secret
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @return a builder holding this file's values
     */
    public Builder toBuilder() {
        return new Builder().path(path).content(content).mode(mode).secret(secret);
    }

    /**
     * @param change edits applied to a builder holding this file's values
     * @return a new file with the edits applied
     */
    public RenderedFile copy(Consumer<Builder> change) {
        Builder b = toBuilder();
        change.accept(b);
        return b.build();
    }

    /**
     * @return the path relative to the install directory, for example {@code bin/env/dolphinscheduler_env.sh}
     */
    public String path() {
        return path;
    }

    /**
     * @return the whole file as text (written as UTF-8)
     */
    public String content() {
        return content;
    }

    /**
     * @return the permission bits, for example {@code 0644} (the default) or {@code 0600}
     */
    public int mode() {
        return mode;
    }

    /**
     * @return true if the content holds a secret: it is never logged, printed or put into a plan
     */
    public boolean secret() {
        return secret;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RenderedFile)) {
            return false;
        }
        RenderedFile f = (RenderedFile) o;
        return mode == f.mode && secret == f.secret && path.equals(f.path) && content.equals(f.content);
    }

    @Override
    public int hashCode() {
        return Objects.hash(path, content, mode, secret);
    }

    @Override
    public String toString() {
        return "RenderedFile[" + path + ", mode " + Integer.toOctalString(mode) + ", "
                + (secret ? "secret content" : content.length() + " chars") + "]";
    }

    /** Builds a {@link RenderedFile}. Not thread-safe. */
    public static final class Builder {
        private String path;
        private String content;
        private int mode = 0644;
        private boolean secret;

        private Builder() {
        }

        /**
         * @param path relative to the install directory: not blank, no leading {@code /}, no {@code .} or
         *     {@code ..} segment, no empty segment, no NUL or line break
         * @return this builder
         * @throws NullPointerException if {@code path} is null
         * @throws IllegalArgumentException if the path breaks one of these rules
         */
        public Builder path(String path) {
            Objects.requireNonNull(path, "path must not be null");
            if (path.isBlank() || path.startsWith("/") || path.endsWith("/") || path.contains("\0")
                    || path.contains("\n") || path.contains("\r")) {
                throw new IllegalArgumentException("path must be a file path relative to the install directory,"
                        + " was '" + path + "'");
            }
            for (String segment : path.split("/", -1)) {
                if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                    throw new IllegalArgumentException("path must not contain an empty, '.' or '..' segment, was '"
                            + path + "'");
                }
            }
            this.path = path;
            return this;
        }

        /**
         * @param content the whole file as text
         * @return this builder
         * @throws NullPointerException if {@code content} is null
         */
        public Builder content(String content) {
            this.content = Objects.requireNonNull(content, "content must not be null");
            return this;
        }

        /**
         * @param mode permission bits, 0 to {@code 0777}; default {@code 0644}, use {@code 0600} for secrets
         * @return this builder
         * @throws IllegalArgumentException if {@code mode} is outside 0 to {@code 0777}
         */
        public Builder mode(int mode) {
            if (mode < 0 || mode > 0777) {
                throw new IllegalArgumentException("mode must be within 0 and 0777, was " + Integer.toOctalString(mode));
            }
            this.mode = mode;
            return this;
        }

        /**
         * @param secret true if the content holds a secret (default false)
         * @return this builder
         */
        public Builder secret(boolean secret) {
            this.secret = secret;
            return this;
        }

        /**
         * @return the file
         * @throws NullPointerException if the path or the content was not set
         */
        public RenderedFile build() {
            return new RenderedFile(this);
        }
    }
}
