package io.dsec2.spi;

/**
 * Receives progress of one upload. Called from the uploading thread, at least once at the end with
 * {@code bytesSent == totalBytes}; calls for one upload never overlap and {@code bytesSent} never decreases.
 * Implementations must be quick and must not throw (an exception is logged and otherwise ignored).
 *
 * <pre>{@code
 * UploadProgressListener l = (sent, total) -> bar.stepTo(sent);
 * }</pre>
 */
@FunctionalInterface
public interface UploadProgressListener {
    /** A listener that ignores all progress. */
    UploadProgressListener NONE = (bytesSent, totalBytes) -> { };

    /**
     * @param bytesSent bytes written to the remote side so far
     * @param totalBytes size of the whole upload in bytes
     */
    void progress(long bytesSent, long totalBytes);
}
