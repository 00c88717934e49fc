package io.github.flinkwasm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptSplitterTest {

    private static List<String> texts(String script) {
        return ScriptSplitter.split(script).stream()
                .map(ScriptSplitter.Statement::text)
                .toList();
    }

    @Test
    void shouldSplitAtSemicolonsAndDropEmptyStatements() {
        assertThat(texts("SELECT 1;\n\nSELECT 2 ;;\n  SHOW TABLES"))
                .containsExactly("SELECT 1", "SELECT 2", "SHOW TABLES");
    }

    @Test
    void shouldKeepSemicolonsInsideStringsAndQuotedIdentifiers() {
        assertThat(texts("SELECT 'a;b', 'it''s; ok' FROM `t;1`; SELECT \"x;y\" FROM t;"))
                .containsExactly("SELECT 'a;b', 'it''s; ok' FROM `t;1`", "SELECT \"x;y\" FROM t");
    }

    @Test
    void shouldIgnoreSemicolonsInCommentsAndDropLeadingComments() {
        List<String> out = texts("-- first; comment\n/* block; comment */ SELECT 1 -- trailing; comment\n;\n"
                + "SELECT /*+ OPTIONS('a'='b;c') */ * FROM t;\n-- only a comment at the end;");
        assertThat(out).containsExactly("SELECT 1 -- trailing; comment", "SELECT /*+ OPTIONS('a'='b;c') */ * FROM t");
    }

    @Test
    void shouldKeepAStatementSetTogetherEvenWithCaseExpressions() {
        String script = "EXECUTE STATEMENT SET BEGIN\n"
                + "  INSERT INTO a SELECT CASE WHEN n > 1 THEN 1 ELSE 0 END FROM t;\n"
                + "  INSERT INTO b SELECT n FROM t;\n"
                + "END;\n"
                + "SELECT 1;";
        List<String> out = texts(script);
        assertThat(out).hasSize(2);
        assertThat(out.get(0))
                .startsWith("EXECUTE STATEMENT SET BEGIN")
                .endsWith("END")
                .contains("INSERT INTO b SELECT n FROM t;");
        assertThat(out.get(1)).isEqualTo("SELECT 1");
    }

    @Test
    void shouldSplitTheClientStyleStatementSetIntoItsParts() {
        assertThat(texts("BEGIN STATEMENT SET;\nINSERT INTO a SELECT 1;\nEND;"))
                .containsExactly("BEGIN STATEMENT SET", "INSERT INTO a SELECT 1", "END");
    }

    @Test
    void shouldReportTheLineEachStatementStartsOn() {
        List<ScriptSplitter.Statement> out = ScriptSplitter.split("-- header\n\nSELECT\n 'a\nb';\r\n\r\nSELECT 2;");
        assertThat(out).extracting(ScriptSplitter.Statement::line).containsExactly(3, 7);
    }

    @Test
    void shouldNameTheLineOfAnUnterminatedString() {
        assertThatThrownBy(() -> ScriptSplitter.split("SELECT 1;\nSELECT 'oops;\n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 2")
                .hasMessageContaining("unterminated string literal");
        assertThatThrownBy(() -> ScriptSplitter.split("SELECT 1 /* never closed"))
                .hasMessageContaining("unterminated /* comment");
    }

    @Test
    void shouldKeepTheLastStatementWithoutSemicolon() {
        assertThat(texts("SET 'a' = 'b';\nSELECT 1")).containsExactly("SET 'a' = 'b'", "SELECT 1");
    }
}
