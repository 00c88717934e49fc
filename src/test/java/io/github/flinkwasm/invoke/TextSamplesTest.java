package io.github.flinkwasm.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.flinkwasm.plugin.Plugin;
import io.github.flinkwasm.testing.CountingMetrics;
import io.github.flinkwasm.testing.TestPlugins;
import io.github.flinkwasm.types.Representation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/** The text samples in C, Rust and AssemblyScript give the same results through the host. */
class TextSamplesTest {
    private static final String[][] LANGUAGES = {{"text_c", "c_"}, {"text_rust", "rs_"}, {"text_as", "as_"}};
    private static final List<String> STRINGS = List.of(
            "",
            "a",
            "hello world",
            "héllo wörld",
            "日本語",
            "emoji 😀🎉 and flags 🇹🇷",
            "nul\u0000byte",
            "x".repeat(1 << 20) + "😀",
            "https://user@Example.com:8080/p?q",
            "http://[::1]:80/x",
            "no scheme here",
            "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Version/17.0 Safari/604.1",
            "Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 Chrome/120.0 Safari/537.36 Edg/120.0");

    @Test
    void shouldGiveTheSameResultsInEveryLanguage() {
        List<List<Object>> perLanguage = new ArrayList<>();
        for (String[] lang : LANGUAGES) {
            Plugin plugin = TestPlugins.loadSample(lang[0]);
            List<Object> results = new ArrayList<>();
            for (String fn :
                    new String[] {"str_reverse", "url_host", "char_count", "parse_ua", "split_words", "first_word"}) {
                try (FunctionInvoker f =
                        FunctionInvoker.open(plugin, lang[1] + fn, new CountingMetrics(), Representation.JAVA)) {
                    for (String s : STRINGS) {
                        Object r = f.invoke(s);
                        results.add(r instanceof Object[] ? List.of((Object[]) r) : r);
                    }
                    assertThat(f.invoke((Object) null)).isNull();
                }
            }
            try (FunctionInvoker crc =
                    FunctionInvoker.open(plugin, lang[1] + "crc32", new CountingMetrics(), Representation.JAVA)) {
                for (String s : STRINGS) {
                    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
                    CRC32 expected = new CRC32();
                    expected.update(bytes);
                    assertThat(crc.invoke((Object) bytes))
                            .as(lang[0] + " crc32")
                            .isEqualTo(expected.getValue());
                }
            }
            perLanguage.add(results);
        }
        assertThat(perLanguage.get(1)).isEqualTo(perLanguage.get(0));
        assertThat(perLanguage.get(2)).isEqualTo(perLanguage.get(0));
    }

    @Test
    void shouldReturnNullFromEveryLanguage() {
        for (String[] lang : LANGUAGES) {
            Plugin plugin = TestPlugins.loadSample(lang[0]);
            try (FunctionInvoker f =
                    FunctionInvoker.open(plugin, lang[1] + "first_word", new CountingMetrics(), Representation.JAVA)) {
                assertThat(f.invoke("  two words")).as(lang[0]).isEqualTo("two");
                assertThat(f.invoke(" \t\n ")).as(lang[0]).isNull();
                assertThat(f.invoke("")).as(lang[0]).isNull();
            }
        }
        // a number result: the manifest's "null_result": -1 makes the guest's -1 NULL
        try (FunctionInvoker index = FunctionInvoker.open(
                TestPlugins.loadSample("text_c"), "c_word_index", new CountingMetrics(), Representation.JAVA)) {
            assertThat(index.invoke("to be or not", "or")).isEqualTo(2);
            assertThat(index.invoke("to be", "or")).isNull();
        }
    }

    @Test
    void shouldBeRightNotJustAlike() {
        Plugin c = TestPlugins.loadSample("text_c");
        try (FunctionInvoker reverse =
                        FunctionInvoker.open(c, "c_str_reverse", new CountingMetrics(), Representation.JAVA);
                FunctionInvoker host =
                        FunctionInvoker.open(c, "c_url_host", new CountingMetrics(), Representation.JAVA);
                FunctionInvoker count =
                        FunctionInvoker.open(c, "c_char_count", new CountingMetrics(), Representation.JAVA);
                FunctionInvoker ua =
                        FunctionInvoker.open(c, "c_parse_ua", new CountingMetrics(), Representation.JAVA)) {
            assertThat(reverse.invoke("añb😀")).isEqualTo("😀bña");
            assertThat(host.invoke("https://user@Example.com:8080/path?q")).isEqualTo("Example.com");
            assertThat(count.invoke("añb😀")).isEqualTo(4);
            assertThat(ua.invoke(STRINGS.get(11))).isEqualTo(Row.of("Firefox", "Linux"));
        }
    }

    @Test
    void shouldReadConfigAndLogThroughTheHost() {
        Plugin text = TestPlugins.loadSample("text");
        try (FunctionInvoker greet = FunctionInvoker.open(text, "greet", new CountingMetrics(), Representation.JAVA)) {
            assertThat((String) greet.invoke("Flink")).contains("Hello").contains("Flink");
        }
    }
}
