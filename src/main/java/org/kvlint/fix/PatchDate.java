package org.kvlint.fix;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Date: of a patch series: {@code --date} (RFC 2822 or ISO 8601, or {@code @SECONDS}),
 * else {@code SOURCE_DATE_EPOCH} (reproducible output, in UTC), else now. A date before Linux
 * existed is refused: it is always a mistake (an unset epoch), never the date of a change.
 */
public final class PatchDate {
    private PatchDate() {}

    /** Linux 0.01; nothing earlier is a patch date. */
    static final Instant EARLIEST = Instant.parse("1991-09-17T00:00:00Z");

    private static final DateTimeFormatter RFC_2822 = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z",
            Locale.ROOT);
    private static final DateTimeFormatter GIT_ISO = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z", Locale.ROOT);

    /** The Date: header's form: "Tue, 2 Jan 2024 10:00:00 +0100". */
    public static String header(ZonedDateTime date) {
        return RFC_2822.format(date);
    }

    /**
     * @param option {@code --date}, or null
     * @param epoch {@code SOURCE_DATE_EPOCH}, or null
     * @param zone the zone of a date given without one, and of "now"
     * @throws IllegalArgumentException naming the value and the forms accepted
     */
    public static ZonedDateTime choose(String option, String epoch, Instant now, ZoneId zone) {
        if (option != null) {
            return checked(parse(option.strip(), zone)
                    .orElseThrow(() -> new IllegalArgumentException("--date: cannot read '" + option + "' (want RFC 2822 "
                            + "\"Tue, 2 Jan 2024 10:00:00 +0100\", ISO 8601 \"2024-01-02T10:00:00+01:00\" or @SECONDS)")),
                    "--date");
        }
        if (epoch != null && !epoch.isBlank()) {
            if (!epoch.strip().matches("\\d{1,12}")) {
                throw new IllegalArgumentException("SOURCE_DATE_EPOCH: '" + epoch + "' is not a number of seconds");
            }
            return checked(Instant.ofEpochSecond(Long.parseLong(epoch.strip())).atZone(ZoneOffset.UTC),
                    "SOURCE_DATE_EPOCH");
        }
        return now.truncatedTo(ChronoUnit.SECONDS).atZone(zone);
    }

    static Optional<ZonedDateTime> parse(String text, ZoneId zone) {
        if (text.matches("@\\d{1,12}")) {
            return Optional.of(Instant.ofEpochSecond(Long.parseLong(text.substring(1))).atZone(ZoneOffset.UTC));
        }
        List<Function<String, ZonedDateTime>> forms = List.of(
                t -> ZonedDateTime.parse(t, DateTimeFormatter.RFC_1123_DATE_TIME),
                t -> ZonedDateTime.parse(t, RFC_2822),
                t -> OffsetDateTime.parse(t, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toZonedDateTime(),
                t -> OffsetDateTime.parse(t, GIT_ISO).toZonedDateTime(),
                t -> LocalDateTime.parse(t, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atZone(zone),
                t -> LocalDate.parse(t, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay(zone));
        for (Function<String, ZonedDateTime> f : forms) {
            try {
                return Optional.of(f.apply(text).truncatedTo(ChronoUnit.SECONDS));
            } catch (DateTimeParseException e) {
                // try the next form
            }
        }
        return Optional.empty();
    }

    private static ZonedDateTime checked(ZonedDateTime date, String source) {
        if (date.toInstant().isBefore(EARLIEST)) {
            throw new IllegalArgumentException(source + ": " + header(date) + " is before Linux existed; "
                    + "give the date of the change");
        }
        return date;
    }
}
