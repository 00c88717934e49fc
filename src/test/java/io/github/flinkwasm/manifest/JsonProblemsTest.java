package io.github.flinkwasm.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JsonProblemsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "{\"a\": 1                  | at line 1, column 8: the text ends before the JSON value does (a '}', ']' or '\"' is missing)",
                "{a: 1}                     | at line 1, column 2: unexpected character 'a': was expecting double-quote to start field name",
                "{\"a\": yes}               | at line 1, column 10: unexpected 'yes'; expected a string in double quotes, a number, an object, a list, true, false or null",
                "{\"a\": 1, \"a\": 2}       | at line 1, column 13: duplicate key 'a'",
            })
    void shouldSayWhatIsWrongInPlainWords(String json, String expected) {
        JsonProcessingException e = catchThrowableOfType(JsonProcessingException.class, () -> MAPPER.readTree(json));
        assertThat(JsonProblems.describe(e))
                .isEqualTo(expected)
                .doesNotContain("Source")
                .doesNotContain("code ");
    }
}
