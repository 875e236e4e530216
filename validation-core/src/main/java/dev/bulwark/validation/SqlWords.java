package dev.bulwark.validation;

import java.util.ArrayList;
import java.util.List;

/**
 * The SQL vocabulary the detector recognises: keywords by role, and function names by how much
 * they say about an attack.
 *
 * <h2>Design</h2>
 * A word's code packs a role ({@code ROLE_*}, upper bits) and an identity ({@code ID_*} or a function
 * tier, low bits). Lookup hashes the word's lower-case characters straight from the input into an
 * open-addressing table, so classifying a token allocates nothing. The table holds vocabulary, not
 * attack strings: roles are what the grammar in {@link SqlAnalyzer} reasons about.
 */
final class SqlWords {

  static final int ROLE_SHIFT = 8;
  static final int ID_MASK = 0xFF;

  static final int ROLE_LOGIC = 1; // and, or, xor
  static final int ROLE_NOT = 2;
  static final int ROLE_CMP = 3; // like, rlike, regexp, is, in, between, sounds, glob
  static final int ROLE_ARITH = 4; // div, mod
  static final int ROLE_LITERAL = 5; // null, true, false
  static final int ROLE_UNARY = 6; // binary, interval
  static final int ROLE_CLAUSE = 7; // select, union, from, where ...
  static final int ROLE_STATEMENT = 8; // drop, delete, insert ...
  static final int ROLE_OBJECT = 9; // table, database ...

  // Clause ids.
  static final int SELECT = 1;
  static final int UNION = 2;
  static final int FROM = 3;
  static final int WHERE = 4;
  static final int HAVING = 5;
  static final int GROUP = 6;
  static final int ORDER = 7;
  static final int BY = 8;
  static final int LIMIT = 9;
  static final int OFFSET = 10;
  static final int INTO = 11;
  static final int VALUES = 12;
  static final int SET = 13;
  static final int AS = 14;
  static final int ALL = 15;
  static final int DISTINCT = 16;
  static final int TOP = 17;
  static final int CASE = 18;
  static final int WHEN = 19;
  static final int THEN = 20;
  static final int ELSE = 21;
  static final int END = 22;
  static final int JOIN = 23;
  static final int ON = 24;
  static final int PROCEDURE = 25;
  static final int OUTFILE = 26;
  static final int EXISTS = 27;
  static final int FOR = 28;
  static final int ASC = 29;
  static final int DELAY = 30;
  static final int COLLATE = 31;
  static final int USING = 32;
  static final int ESCAPE = 33;
  static final int ANY = 34;
  static final int WITH = 35;

  // Statement ids.
  static final int DROP = 1;
  static final int DELETE = 2;
  static final int INSERT = 3;
  static final int UPDATE = 4;
  static final int EXEC = 5;
  static final int DECLARE = 6;
  static final int SHUTDOWN = 7;
  static final int CREATE = 8;
  static final int ALTER = 9;
  static final int TRUNCATE = 10;
  static final int WAITFOR = 11;
  static final int GRANT = 12;
  static final int BEGIN = 13;
  static final int GOTO = 14;
  static final int IF = 15;
  static final int LOAD = 16;
  static final int COPY = 17;
  static final int CALL = 18;
  static final int REPLACE = 19;
  static final int PREPARE = 20;

  // Comparison ids.
  static final int CMP_IS = 1;
  static final int CMP_IN = 2;
  static final int CMP_BETWEEN = 3;
  static final int CMP_LIKE = 4;
  static final int CMP_SOUNDS = 5;

  // Function tiers.
  /** Time delays, file access, command execution, error-based extraction: an attack by itself. */
  static final int FN_DANGER = 1;
  /** Database, user and version introspection: {@code version()}, {@code database()}. */
  static final int FN_INFO = 2;
  /** Distinctly SQL functions: {@code concat}, {@code substring}, {@code ascii}, {@code 0x} helpers. */
  static final int FN_SQL = 3;
  /** SQL functions that are also ordinary English words: {@code left}, {@code count}, {@code user}. */
  static final int FN_WEAK = 4;

  private static final int SIZE = 1024;
  private static final String[] KEYS = new String[SIZE];
  private static final int[] CODES = new int[SIZE];
  private static final String[] FN_KEYS = new String[SIZE];
  private static final int[] FN_TIERS = new int[SIZE];

  static {
    words(ROLE_LOGIC, 1, "and", "or", "xor");
    words(ROLE_NOT, 1, "not");
    word(ROLE_CMP, CMP_IS, "is");
    word(ROLE_CMP, CMP_IN, "in");
    word(ROLE_CMP, CMP_BETWEEN, "between");
    words(ROLE_CMP, CMP_LIKE, "like", "rlike", "regexp", "ilike", "glob", "similar");
    word(ROLE_CMP, CMP_SOUNDS, "sounds");
    words(ROLE_ARITH, 1, "div", "mod");
    words(ROLE_LITERAL, 1, "null", "true", "false", "unknown");
    words(ROLE_UNARY, 1, "binary", "interval");

    word(ROLE_CLAUSE, SELECT, "select");
    word(ROLE_CLAUSE, UNION, "union");
    words(ROLE_CLAUSE, UNION, "intersect", "except", "minus");
    word(ROLE_CLAUSE, FROM, "from");
    word(ROLE_CLAUSE, WHERE, "where");
    word(ROLE_CLAUSE, HAVING, "having");
    word(ROLE_CLAUSE, GROUP, "group");
    word(ROLE_CLAUSE, ORDER, "order");
    word(ROLE_CLAUSE, BY, "by");
    word(ROLE_CLAUSE, LIMIT, "limit");
    word(ROLE_CLAUSE, OFFSET, "offset");
    word(ROLE_CLAUSE, INTO, "into");
    word(ROLE_CLAUSE, VALUES, "values");
    word(ROLE_CLAUSE, SET, "set");
    word(ROLE_CLAUSE, AS, "as");
    word(ROLE_CLAUSE, ALL, "all");
    word(ROLE_CLAUSE, DISTINCT, "distinct");
    word(ROLE_CLAUSE, TOP, "top");
    word(ROLE_CLAUSE, CASE, "case");
    word(ROLE_CLAUSE, WHEN, "when");
    word(ROLE_CLAUSE, THEN, "then");
    word(ROLE_CLAUSE, ELSE, "else");
    word(ROLE_CLAUSE, END, "end");
    words(ROLE_CLAUSE, JOIN, "join", "inner", "outer", "cross", "natural", "straight_join");
    word(ROLE_CLAUSE, ON, "on");
    word(ROLE_CLAUSE, PROCEDURE, "procedure");
    words(ROLE_CLAUSE, OUTFILE, "outfile", "dumpfile");
    word(ROLE_CLAUSE, EXISTS, "exists");
    word(ROLE_CLAUSE, FOR, "for");
    words(ROLE_CLAUSE, ASC, "asc", "desc");
    words(ROLE_CLAUSE, DELAY, "delay", "time");
    word(ROLE_CLAUSE, COLLATE, "collate");
    word(ROLE_CLAUSE, USING, "using");
    word(ROLE_CLAUSE, ESCAPE, "escape");
    words(ROLE_CLAUSE, ANY, "any", "some");
    word(ROLE_CLAUSE, WITH, "with");

    word(ROLE_STATEMENT, DROP, "drop");
    word(ROLE_STATEMENT, DELETE, "delete");
    word(ROLE_STATEMENT, INSERT, "insert");
    word(ROLE_STATEMENT, UPDATE, "update");
    words(ROLE_STATEMENT, EXEC, "exec", "execute");
    word(ROLE_STATEMENT, DECLARE, "declare");
    word(ROLE_STATEMENT, SHUTDOWN, "shutdown");
    word(ROLE_STATEMENT, CREATE, "create");
    word(ROLE_STATEMENT, ALTER, "alter");
    word(ROLE_STATEMENT, TRUNCATE, "truncate");
    word(ROLE_STATEMENT, WAITFOR, "waitfor");
    words(ROLE_STATEMENT, GRANT, "grant", "revoke");
    word(ROLE_STATEMENT, BEGIN, "begin");
    word(ROLE_STATEMENT, GOTO, "goto");
    word(ROLE_STATEMENT, IF, "if");
    word(ROLE_STATEMENT, LOAD, "load");
    word(ROLE_STATEMENT, COPY, "copy");
    word(ROLE_STATEMENT, CALL, "call");
    word(ROLE_STATEMENT, REPLACE, "replace");
    word(ROLE_STATEMENT, PREPARE, "prepare");

    words(ROLE_OBJECT, 1, "table", "database", "schema", "view", "login", "proc", "function",
        "index", "trigger", "column", "role", "temporary", "tablespace", "sequence", "user");

    functions(FN_DANGER, "sleep", "benchmark", "pg_sleep", "load_file", "extractvalue",
        "updatexml", "xp_cmdshell", "xp_dirtree", "xp_fileexist", "xp_regread", "sp_oacreate",
        "sp_executesql", "sp_makewebtask", "sp_addlogin", "sp_addsrvrolemember", "sp_password",
        "openrowset", "opendatasource", "pg_read_file", "pg_ls_dir", "lo_import", "lo_export",
        "randomblob", "dbms_pipe", "dbms_lock", "utl_inaddr", "utl_http", "utl_file", "dbms_xmlquery",
        "sys_eval", "sys_exec", "receive_message", "get_host_address", "pg_read_binary_file",
        "pg_stat_file", "pg_file_write", "pg_logdir_ls", "pg_ls_logdir", "pg_ls_waldir",
        "pg_sleep_for", "pg_sleep_until", "lo_from_bytea", "lo_put", "lo_get", "lo_creat",
        "lo_create", "lo_unlink", "dblink", "dblink_exec", "dblink_connect", "dblink_connect_u",
        "dblink_send_query", "dblink_open", "query_to_xml", "database_to_xml",
        "get_host_name", "dbms_utility", "sqlid_to_sqlhash", "xmltype", "ctxsys", "drithsx",
        "json_keys", "name_const", "gtid_subset", "st_latfromgeohash", "st_longfromgeohash",
        "st_pointfromgeohash");
    functions(FN_INFO, "version", "database", "current_user", "system_user",
        "session_user", "current_database", "current_schema", "db_name", "user_name", "host_name",
        "suser_name", "suser_sname", "sqlite_version", "connection_id", "last_insert_id",
        "schema_name", "object_id", "object_name", "is_srvrolemember",
        "serverproperty", "has_dbaccess", "pg_backend_pid", "inet_server_addr");
    functions(FN_SQL, "char", "chr", "nchar", "concat", "concat_ws", "group_concat",
        "string_agg", "listagg", "xmlagg", "substring", "substr", "mid", "ascii", "ord", "hex",
        "unhex", "length", "len", "char_length", "lower", "upper", "lcase", "ucase", "lpad", "rpad",
        "conv", "cast", "convert", "coalesce", "ifnull", "isnull", "nullif", "iif", "elt",
        "export_set", "instr", "locate", "strcmp", "md5", "sha1", "sha2", "rand",
        "floor", "ceil", "ceiling", "cos", "sin", "tan", "pi", "abs", "pow", "power", "sqrt",
        "bin", "oct", "unicode", "quotename", "soundex", "compress", "uncompress", "to_char",
        "to_number", "utc_date", "utc_time", "sysdate", "curdate", "found_rows", "row_count",
        "charset", "collation", "coercibility", "uuid", "substring_index", "reverse", "ltrim",
        "rtrim", "trim", "dcount", "datalength", "array_agg", "array_to_json", "string_to_array",
        "regexp_substr", "regexp_like", "dbms_random", "bitand", "json_extract", "xmlelement",
        "extract", "octet_length", "bit_length", "char_length", "crc32", "uncompressed_length",
        "find_in_set", "cot", "atan", "asin", "acos", "ln", "log",
        "log2", "log10", "sign", "round", "greatest", "least", "nvl", "nvl2", "isnumeric",
        "patindex", "stuff", "replicate", "space", "exp", "geometrycollection", "multipoint",
        "multilinestring", "multipolygon", "linestring", "polygon");
    functions(FN_WEAK, "user", "left", "right", "count", "sum", "avg", "min", "max",
        "field", "position", "repeat", "now", "last", "first", "format", "schema", "values",
        "insert", "replace", "if", "binary", "mod", "div");
  }

  private SqlWords() {}

  private static void words(int role, int id, String... list) {
    for (String w : list) {
      word(role, id, w);
    }
  }

  private static void word(int role, int id, String w) {
    put(KEYS, CODES, w, (role << ROLE_SHIFT) | id);
  }

  private static void functions(int tier, String... list) {
    for (String w : list) {
      put(FN_KEYS, FN_TIERS, w, tier);
    }
  }

  private static void put(String[] keys, int[] values, String w, int value) {
    int h = hash(w, 0, w.length()) & (SIZE - 1);
    while (keys[h] != null) {
      if (keys[h].equals(w)) {
        return; // the first entry wins
      }
      h = (h + 1) & (SIZE - 1);
    }
    keys[h] = w;
    values[h] = value;
  }

  private static int get(String[] keys, int[] values, CharSequence s, int from, int to, int hash) {
    int len = to - from;
    if (len < 2 || len > 24) {
      return 0;
    }
    int h = hash & (SIZE - 1);
    while (keys[h] != null) {
      String k = keys[h];
      if (k.length() == len && Chars.regionMatchesLower(s, from, k)) {
        return values[h];
      }
      h = (h + 1) & (SIZE - 1);
    }
    return 0;
  }

  private static int hash(CharSequence s, int from, int to) {
    int h = 0;
    for (int i = from; i < to; i++) {
      h = step(h, Chars.fold(s.charAt(i)));
    }
    return finish(h);
  }

  /**
   * Adds one (folded) character to a running word hash; {@link SqlLexer} hashes words as it reads
   * them so lookups need not read the word again.
   *
   * @param h the hash so far (0 to start)
   * @param c the next folded character
   * @return the new running hash
   */
  static int step(int h, char c) {
    return 31 * h + Chars.lower(c);
  }

  /**
   * Finishes a running hash.
   *
   * @param h the running hash
   * @return the lookup hash
   */
  static int finish(int h) {
    return h ^ (h >>> 11);
  }

  /**
   * Classifies {@code s[from, to)} as a keyword.
   *
   * @param s the text
   * @param from first index
   * @param to end index (exclusive)
   * @return the code, or 0 if the word is not SQL vocabulary
   */
  static int lookup(CharSequence s, int from, int to) {
    return get(KEYS, CODES, s, from, to, hash(s, from, to));
  }

  /**
   * Like {@link #lookup(CharSequence, int, int)} with the word's hash already known.
   *
   * @param s the text
   * @param from first index
   * @param to end index (exclusive)
   * @param hash {@code finish} of the word's running hash
   * @return the code, or 0
   */
  static int lookup(CharSequence s, int from, int to, int hash) {
    return get(KEYS, CODES, s, from, to, hash);
  }

  /**
   * Classifies a word that is followed by an opening parenthesis.
   *
   * @param s the text
   * @param from first index
   * @param to end index (exclusive)
   * @return the function tier ({@link #FN_DANGER} ... {@link #FN_WEAK}), or 0 if the name is not
   *     a known SQL function
   */
  static int functionTier(CharSequence s, int from, int to) {
    return get(FN_KEYS, FN_TIERS, s, from, to, hash(s, from, to));
  }

  /**
   * Like {@link #functionTier(CharSequence, int, int)} with the word's hash already known.
   *
   * @param s the text
   * @param from first index
   * @param to end index (exclusive)
   * @param hash {@code finish} of the word's running hash
   * @return the tier, or 0
   */
  static int functionTier(CharSequence s, int from, int to, int hash) {
    return get(FN_KEYS, FN_TIERS, s, from, to, hash);
  }

  /**
   * Returns every word of the vocabulary, keywords and function names, for tests that generate
   * inputs from it.
   *
   * @return the words, lower case, in table order
   */
  static List<String> vocabulary() {
    List<String> words = new ArrayList<>();
    for (String[] keys : new String[][] {KEYS, FN_KEYS}) {
      for (String k : keys) {
        if (k != null) {
          words.add(k);
        }
      }
    }
    return words;
  }

  static int role(int code) {
    return code >>> ROLE_SHIFT;
  }

  static int id(int code) {
    return code & ID_MASK;
  }
}
