package io.dsec2.internal.ds;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One file ds-ec2 writes on a node.
 *
 * @param path path relative to the install directory
 * @param content the whole file
 * @param mode POSIX mode, for example {@code 0644} or {@code 0600}
 * @param secret true if the content holds a secret: it is never logged, printed or put into a plan
 */
public record RenderedFile(String path, String content, int mode, boolean secret) {
    /** @return the SHA-256 of the content, hex; used to skip writing a file that is already in place */
    public String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(content.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "RenderedFile[" + path + ", mode " + Integer.toOctalString(mode) + ", "
                + (secret ? "secret content" : content.length() + " chars") + "]";
    }
}
