package io.github.flinkwasm.datastream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.flinkwasm.testing.TestPlugins;
import org.apache.flink.types.Row;
import org.junit.jupiter.api.Test;

/** The DataStream wrappers refuse elements and declared types that do not fit the function. */
class DeclaredTypesTest {
    private static final String TEXT_C = TestPlugins.sample("text_c");
    private static final String SEED = TestPlugins.sample("seed");

    @Test
    void shouldCheckDeclaredTypesWhenTheJobIsBuilt() {
        assertThatThrownBy(() -> WasmMapFunction.of(TEXT_C, "c_str_reverse", Double.class, Double.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("WasmMapFunction<Double, Double> over c_str_reverse(STRING) -> STRING: the input Double "
                        + "does not fit parameter STRING, which takes a String");
        assertThatThrownBy(() -> WasmMapFunction.of(TEXT_C, "c_char_count", String.class, Long.class))
                .hasMessage("WasmMapFunction<String, Long> over c_char_count(STRING) -> INT: the function returns INT "
                        + "as a Integer, not a Long");
        assertThatThrownBy(() -> WasmMapFunction.of(SEED, "add_ints", Integer.class, Integer.class))
                .hasMessageContaining(
                        "the function takes 2 arguments, so the input must be a Row, a Tuple or an " + "Object[]");
        assertThat(WasmMapFunction.of(SEED, "fib", Integer.class, Integer.class))
                .isNotNull();
        assertThat(WasmMapFunction.of(SEED, "add_ints", Row.class, Integer.class))
                .isNotNull();
    }

    @Test
    void shouldCheckDeclaredTypesInEveryWrapperWithTheSameMessages() {
        String kinds = TestPlugins.sample("kinds_c");
        assertThatThrownBy(() -> WasmFlatMapFunction.of(kinds, "c_tokens", Integer.class, Row.class))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("WasmFlatMapFunction<Integer, Row> over c_tokens(STRING) -> ROW<token STRING, pos INT>: "
                        + "the input Integer does not fit parameter STRING, which takes a String");
        assertThatThrownBy(() -> WasmFlatMapFunction.of(kinds, "c_tokens", String.class, String.class))
                .hasMessage("WasmFlatMapFunction<String, String> over c_tokens(STRING) -> ROW<token STRING, pos INT>: "
                        + "the function emits rows of ROW<token STRING, pos INT> as a Row, not a String");
        assertThat(WasmFlatMapFunction.of(kinds, "c_tokens", String.class, Row.class))
                .isNotNull();

        assertThatThrownBy(() -> WasmProcessFunction.of(TEXT_C, "c_char_count", String.class, String.class))
                .hasMessage("WasmProcessFunction<String, String> over c_char_count(STRING) -> INT: the function "
                        + "returns INT as a Integer, not a String");
        assertThat(WasmProcessFunction.of(TEXT_C, "c_char_count", String.class, Integer.class))
                .isNotNull();

        assertThatThrownBy(() -> WasmAsyncFunction.of(SEED, "fib", Long.class, Integer.class))
                .hasMessage("WasmAsyncFunction<Long, Integer> over fib(INT) -> INT: the input Long does not fit "
                        + "parameter INT, which takes a Integer");
        assertThat(WasmAsyncFunction.of(SEED, "fib", Integer.class, Integer.class))
                .isNotNull();

        assertThatThrownBy(() -> WasmAggregate.of(kinds, "c_top_k", Long.class, Long.class))
                .hasMessage("WasmAggregate<Long, Long> over c_top_k(BIGINT) -> ARRAY<BIGINT>: the function returns "
                        + "ARRAY<BIGINT> as a Long[], not a Long");
        assertThat(WasmAggregate.of(kinds, "c_top_k", Long.class, Long[].class)).isNotNull();
    }

    @Test
    void shouldRefuseAnElementOfTheWrongClassInsteadOfConvertingIt() {
        BoundFunction reverse = new BoundFunction(TestPlugins.loadSample("text_c"), "c_str_reverse");
        assertThatThrownBy(() -> reverse.arguments(3.5))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("c_str_reverse(STRING) -> STRING: argument 1 is a Double (3.5), but parameter 1 is STRING, "
                        + "which takes a String; convert the element first (the function never sees it converted "
                        + "silently)");
        assertThat(reverse.arguments("abc")).containsExactly("abc");
        BoundFunction add = new BoundFunction(TestPlugins.loadSample("seed"), "add_ints");
        assertThatThrownBy(() -> add.arguments(Row.of(1, 2L)))
                .hasMessageContaining("argument 2 is a Long (2), but parameter 2 is INT, which takes a Integer");
    }
}
