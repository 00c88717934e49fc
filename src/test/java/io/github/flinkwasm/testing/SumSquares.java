package io.github.flinkwasm.testing;

import org.apache.flink.table.functions.AggregateFunction;

/**
 * The Java reference of the guests' sum-of-squares aggregate: sum of x * x over the non-NULL x,
 * with retract and merge.
 */
public class SumSquares extends AggregateFunction<Long, SumSquares.Acc> {
    /** The accumulator. */
    public static class Acc {
        public long sum;
        public long count;
    }

    @Override
    public Acc createAccumulator() {
        return new Acc();
    }

    public void accumulate(Acc acc, Long x) {
        if (x != null) {
            acc.sum += x * x;
            acc.count++;
        }
    }

    public void retract(Acc acc, Long x) {
        if (x != null) {
            acc.sum -= x * x;
            acc.count--;
        }
    }

    public void merge(Acc acc, Iterable<Acc> others) {
        for (Acc o : others) {
            acc.sum += o.sum;
            acc.count += o.count;
        }
    }

    @Override
    public Long getValue(Acc acc) {
        return acc.sum;
    }
}
