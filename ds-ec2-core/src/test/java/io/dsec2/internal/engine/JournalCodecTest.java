package io.dsec2.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsec2.exception.DsEc2Exception;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JournalCodecTest {
    @Test
    void roundTripsHeaderAndEntriesWithAwkwardCharacters() {
        Map<String, String> header = new LinkedHashMap<>();
        header.put("job", "j1");
        header.put("operation", "create");
        header.put("spec-digest", "sha256:0f\t\\x");
        List<JournalEntry> entries = List.of(
                new JournalEntry(Instant.parse("2024-05-01T10:00:00Z"), "launch/master-1", TaskState.RUNNING, 1, null),
                new JournalEntry(Instant.parse("2024-05-01T10:00:01.5Z"), "launch/master-1", TaskState.FAILED, 2,
                        "DsEc2Exception: line one\nline\ttwo \\ end"));
        List<JournalEntry> decoded = new ArrayList<>();
        Map<String, String> back = JournalCodec.decodeHeader(JournalCodec.encode(header, entries), decoded);
        assertThat(back).isEqualTo(header);
        assertThat(decoded).isEqualTo(entries);
    }

    @Test
    void anErrorSummaryOfADashIsNotReadBackAsNoError() {
        List<JournalEntry> entries = List.of(
                new JournalEntry(Instant.parse("2024-05-01T10:00:00Z"), "t", TaskState.FAILED, 1, "-"),
                new JournalEntry(Instant.parse("2024-05-01T10:00:01Z"), "t", TaskState.FAILED, 2, "\\-"),
                new JournalEntry(Instant.parse("2024-05-01T10:00:02Z"), "t", TaskState.RUNNING, 3, null));
        List<JournalEntry> decoded = new ArrayList<>();
        JournalCodec.decodeHeader(JournalCodec.encode(new LinkedHashMap<>(), entries), decoded);
        assertThat(decoded).isEqualTo(entries);
    }

    @Test
    void rejectsSomethingElse() {
        assertThatThrownBy(() -> JournalCodec.decodeHeader("hello".getBytes(StandardCharsets.UTF_8), new ArrayList<>()))
                .isInstanceOf(DsEc2Exception.class).hasMessageContaining("Not a ds-ec2 journal");
    }
}
