package io.dsec2.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Golden files of the body of an {@link S3StateStore} lock object ({@code <prefix>.locks/<cluster>}, {@link LockBody}:
 * owner, since, the lease's {@code expiresAt} and the fencing {@code token}). Two ds-ec2 versions may share a bucket:
 * a later version must read this one's lock to wait for it, take it over once expired, and tell whether it still
 * carries its own token; a lock it misreads counts as expired ({@link Instant#EPOCH}) and would be taken over.
 *
 * <p>{@code src/test/resources/golden/s3-lock/v1-*.json} were written once by {@link LockBody#toJson} and are checked
 * in; nothing here regenerates them. {@code v1-full} has an owner with a quote, a backslash and a non-ASCII letter and
 * fractional times; {@code v1-minimal} the shortest values.
 *
 * <p><b>To change the format</b>, do not edit or regenerate a v1 file: add {@code v2-*} files and tests for the new
 * writer, and keep the v1 reading tests passing.
 */
class LockBodyGoldenTest {
    static final String FULL_OWNER = "CORP\\nina@build-host \"ci\" (update) pid 4242 job update-20261121T080000Z-a3f1 \u00e9";
    static final String FULL_TOKEN = "9f2c4e6a8b0d1f3e5a7c9b1d3f5e7a9c";

    static byte[] golden(String name) throws IOException {
        try (InputStream in = LockBodyGoldenTest.class.getResourceAsStream("/golden/s3-lock/" + name)) {
            assertThat(in).as("golden file %s", name).isNotNull();
            return in.readAllBytes();
        }
    }

    static LockBody full() {
        return new LockBody(FULL_OWNER, Instant.parse("2026-11-21T08:00:00.123Z"),
                Instant.parse("2026-11-21T08:01:00.123Z"), FULL_TOKEN);
    }

    static LockBody minimal() {
        return new LockBody("me", Instant.parse("2026-11-21T08:00:00Z"), Instant.parse("2026-11-21T08:00:01Z"),
                "00000000000000000000000000000001");
    }

    @Test
    void v1FullReadsEveryField() throws IOException {
        LockBody b = LockBody.parse(golden("v1-full.json"));
        assertThat(b.owner()).isEqualTo(FULL_OWNER);
        assertThat(b.since()).isEqualTo(Instant.parse("2026-11-21T08:00:00.123Z"));
        assertThat(b.expiresAt()).isEqualTo(Instant.parse("2026-11-21T08:01:00.123Z"));
        assertThat(b.token()).isEqualTo(FULL_TOKEN);
    }

    @Test
    void v1MinimalReadsEveryField() throws IOException {
        LockBody b = LockBody.parse(golden("v1-minimal.json"));
        assertThat(b.owner()).isEqualTo("me");
        assertThat(b.since()).isEqualTo(Instant.parse("2026-11-21T08:00:00Z"));
        assertThat(b.expiresAt()).isEqualTo(Instant.parse("2026-11-21T08:00:01Z"));
        assertThat(b.token()).isEqualTo("00000000000000000000000000000001");
    }

    @Test
    void v1FieldsAreFoundInAnyOrderAndSpacingAndAnUnreadableBodyCountsAsExpired() {
        LockBody b = LockBody.parse(("{\n  \"token\" : \"t1\",\n  \"expiresAt\" : \"2026-11-21T08:00:01Z\",\n  \"extra\": 1,\n"
                + "  \"since\" : \"2026-11-21T08:00:00Z\",\n  \"owner\" : \"a\\u00e9\"\n}").getBytes(StandardCharsets.UTF_8));
        assertThat(b.owner()).isEqualTo("a\u00e9");
        assertThat(b.since()).isEqualTo(Instant.parse("2026-11-21T08:00:00Z"));
        assertThat(b.expiresAt()).isEqualTo(Instant.parse("2026-11-21T08:00:01Z"));
        assertThat(b.token()).isEqualTo("t1");
        LockBody garbled = LockBody.parse("not json".getBytes(StandardCharsets.UTF_8));
        assertThat(garbled.owner()).isEqualTo("unknown");
        assertThat(garbled.since()).isEqualTo(Instant.EPOCH);
        assertThat(garbled.expiresAt()).isEqualTo(Instant.EPOCH);
        assertThat(garbled.token()).isEmpty();
    }

    @Test
    void todaysWriterWritesV1ByteForByte() throws IOException {
        assertThat(new String(full().toJson(), StandardCharsets.UTF_8))
                .isEqualTo(new String(golden("v1-full.json"), StandardCharsets.UTF_8));
        assertThat(full().toJson()).isEqualTo(golden("v1-full.json"));
        assertThat(minimal().toJson()).isEqualTo(golden("v1-minimal.json"));
    }
}
