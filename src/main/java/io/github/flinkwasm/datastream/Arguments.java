package io.github.flinkwasm.datastream;

import org.apache.flink.api.java.tuple.Tuple;
import org.apache.flink.types.Row;

/** Spreads a stream element over a function's parameters. */
final class Arguments {
    private Arguments() {
        // no instances
    }

    /**
     * A {@link Row} or {@link Tuple} gives one argument per field and an {@code Object[]} one per
     * element; any other element is the single argument of a one-parameter function.
     */
    static Object[] of(Object element, int params) {
        Object[] args;
        if (element instanceof Row) {
            Row row = (Row) element;
            args = new Object[row.getArity()];
            for (int i = 0; i < args.length; i++) {
                args[i] = row.getField(i);
            }
        } else if (element instanceof Tuple) {
            Tuple t = (Tuple) element;
            args = new Object[t.getArity()];
            for (int i = 0; i < args.length; i++) {
                args[i] = t.getField(i);
            }
        } else if (element instanceof Object[]) {
            args = (Object[]) element;
        } else {
            args = new Object[] {element};
        }
        if (args.length != params) {
            throw new IllegalArgumentException("the function takes " + params + " arguments, but the " + "element "
                    + element + " gives " + args.length);
        }
        return args;
    }
}
