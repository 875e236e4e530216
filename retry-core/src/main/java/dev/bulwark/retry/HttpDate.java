package dev.bulwark.retry;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Parses an HTTP-date (RFC 9110, section 5.6.7) in its three formats, strictly and case-sensitively
 * as the RFC specifies:
 * <ul>
 *   <li>IMF-fixdate, the only one senders may generate: {@code Sun, 06 Nov 1994 08:49:37 GMT};
 *   <li>obsolete RFC 850: {@code Sunday, 06-Nov-94 08:49:37 GMT}, whose two-digit year is read as
 *       the most recent matching year not more than 50 years in the future;
 *   <li>obsolete asctime: {@code Sun Nov  6 08:49:37 1994}.
 * </ul>
 * The day name must be a valid one but is not checked against the date, and second 60 (a leap
 * second) is accepted. Hand-written rather than {@code DateTimeFormatter}, which is lenient where
 * the RFC is not and knows neither obsolete format.
 */
final class HttpDate {

  private static final List<String> DAYS = List.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun");
  private static final List<String> LONG_DAYS =
      List.of("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday");
  private static final List<String> MONTHS =
      List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");

  private HttpDate() {}

  /**
   * Returns the instant, or null when {@code s} is no HTTP-date.
   *
   * @param now the present, for the two-digit years of RFC 850
   */
  static @Nullable Instant parse(String s, Instant now) {
    try {
      if (s.length() == 29 && s.charAt(3) == ',') {
        return imfFixdate(s);
      }
      if (s.length() == 24 && s.charAt(3) == ' ') {
        return asctime(s);
      }
      int comma = s.indexOf(',');
      if (comma > 0 && LONG_DAYS.contains(s.substring(0, comma))) {
        return rfc850(s.substring(comma), now);
      }
      return null;
    } catch (DateTimeException | NumberFormatException e) {
      return null;
    }
  }

  // "Sun, 06 Nov 1994 08:49:37 GMT"
  private static Instant imfFixdate(String s) {
    require(DAYS.contains(s.substring(0, 3)));
    require(s.charAt(4) == ' ' && s.charAt(7) == ' ' && s.charAt(11) == ' ' && s.charAt(16) == ' ');
    require(s.endsWith(" GMT"));
    int day = digits(s, 5, 2);
    int month = month(s, 8);
    int year = digits(s, 12, 4);
    return at(LocalDate.of(year, month, day), s, 17);
  }

  // ", 06-Nov-94 08:49:37 GMT" (from the comma on)
  private static Instant rfc850(String s, Instant now) {
    require(s.length() == 24 && s.charAt(1) == ' ' && s.charAt(4) == '-' && s.charAt(8) == '-');
    require(s.charAt(11) == ' ' && s.endsWith(" GMT"));
    int day = digits(s, 2, 2);
    int month = month(s, 5);
    int twoDigitYear = digits(s, 9, 2);
    LocalDateTime present = LocalDateTime.ofInstant(now, ZoneOffset.UTC);
    int year = present.getYear() - Math.floorMod(present.getYear(), 100) + twoDigitYear;
    Instant candidate = at(LocalDate.of(year, month, day), s, 12);
    if (candidate.isAfter(present.plusYears(50).toInstant(ZoneOffset.UTC))) {
      candidate = at(LocalDate.of(year - 100, month, day), s, 12);
    }
    return candidate;
  }

  // "Sun Nov  6 08:49:37 1994"
  private static Instant asctime(String s) {
    require(DAYS.contains(s.substring(0, 3)));
    require(s.charAt(7) == ' ' && s.charAt(10) == ' ' && s.charAt(19) == ' ');
    int month = month(s, 4);
    int day = s.charAt(8) == ' ' ? digits(s, 9, 1) : digits(s, 8, 2);
    int year = digits(s, 20, 4);
    return at(LocalDate.of(year, month, day), s, 11);
  }

  /** Reads "HH:MM:SS" at {@code i} and combines it with the date. */
  private static Instant at(LocalDate date, String s, int i) {
    require(s.charAt(i + 2) == ':' && s.charAt(i + 5) == ':');
    int hour = digits(s, i, 2);
    int minute = digits(s, i + 3, 2);
    int second = digits(s, i + 6, 2);
    require(hour <= 23 && minute <= 59 && second <= 60);
    return Instant.ofEpochSecond(date.toEpochDay() * 86_400L + hour * 3600L + minute * 60L + second);
  }

  private static int month(String s, int i) {
    int index = MONTHS.indexOf(s.substring(i, i + 3));
    require(index >= 0);
    return index + 1;
  }

  private static int digits(String s, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = s.charAt(i);
      require(c >= '0' && c <= '9');
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static void require(boolean condition) {
    if (!condition) {
      throw new DateTimeException("not an HTTP-date");
    }
  }
}
