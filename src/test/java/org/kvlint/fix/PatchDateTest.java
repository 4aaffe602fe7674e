package org.kvlint.fix;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class PatchDateTest {
    private static final Instant NOW = Instant.parse("2025-03-04T05:06:07.891Z");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private static String header(String option, String epoch) {
        return PatchDate.header(PatchDate.choose(option, epoch, NOW, BERLIN));
    }

    @Test
    void dateOptionTakesRfc2822Iso8601AndSeconds() {
        assertEquals("Tue, 2 Jan 2024 10:00:00 +0100", header("Tue, 2 Jan 2024 10:00:00 +0100", null));
        assertEquals("Tue, 2 Jan 2024 10:00:00 +0100", header("2 Jan 2024 10:00:00 +0100", null), "day name optional");
        assertEquals("Tue, 2 Jan 2024 10:00:00 +0100", header("2024-01-02T10:00:00+01:00", null));
        assertEquals("Tue, 2 Jan 2024 09:00:00 +0000", header("2024-01-02T09:00:00Z", null));
        assertEquals("Tue, 2 Jan 2024 10:00:00 +0100", header("2024-01-02 10:00:00 +0100", null), "git's iso form");
        assertEquals("Tue, 2 Jan 2024 10:00:00 +0100", header("2024-01-02T10:00:00", null), "local time of the zone");
        assertEquals("Tue, 14 Nov 2023 22:13:20 +0000", header("@1700000000", null));
        assertEquals("Tue, 2 Jan 2024 10:00:00 +0100", header("2024-01-02T10:00:00+01:00", "1700000000"),
                "--date wins over SOURCE_DATE_EPOCH");
    }

    @Test
    void sourceDateEpochIsUtcAndNowIsTheDefault() {
        assertEquals("Tue, 14 Nov 2023 22:13:20 +0000", header(null, "1700000000"));
        assertEquals("Tue, 4 Mar 2025 06:06:07 +0100", header(null, null), "now, in the local zone, whole seconds");
        assertEquals("Tue, 4 Mar 2025 06:06:07 +0100", header(null, ""), "an empty SOURCE_DATE_EPOCH is unset");
    }

    @Test
    void nothingBeforeLinuxAndNothingUnreadable() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> header(null, "0"));
        assertTrue(e.getMessage().startsWith("SOURCE_DATE_EPOCH: Thu, 1 Jan 1970 00:00:00 +0000 is before Linux"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> header("1970-01-01T00:00:00Z", null));
        e = assertThrows(IllegalArgumentException.class, () -> header("next tuesday", null));
        assertTrue(e.getMessage().startsWith("--date: cannot read 'next tuesday'"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> header(null, "soon"));
        assertEquals(ZoneOffset.UTC, PatchDate.choose(null, "1700000000", NOW, BERLIN).getZone());
    }
}
