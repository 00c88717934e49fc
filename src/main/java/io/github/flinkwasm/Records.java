package io.github.flinkwasm;

import java.lang.reflect.RecordComponent;
import java.util.Objects;
import java.util.StringJoiner;
import org.apache.flink.annotation.Internal;

/**
 * {@code equals}, {@code hashCode} and {@code toString} for the library's records, with the
 * results a record's own would give, found through reflection.
 *
 * <p>Why: on JDK 17 the methods a record gets by default adapt method handles that the JDK shares
 * across the JVM to the record's class, and each such handle keeps its last adaptation (its {@code
 * asTypeCache}, JDK-8078641, fixed in JDK 18). The record's class, and with it the class loader of
 * the job that used it last, then stays reachable after the job ended (found with {@code
 * ClassLoaderReleaseTest}). Every record that may be used inside a job overrides the three methods
 * with these. Reflection holds nothing JVM-wide; these methods are not on any per-row path.
 */
@Internal
public final class Records {
    private Records() {
        // no instances
    }

    /** As a record's own {@code equals}: the same class and equal components (arrays by identity). */
    public static boolean equals(Record self, Object other) {
        if (self == other) {
            return true;
        }
        if (other == null || other.getClass() != self.getClass()) {
            return false;
        }
        for (RecordComponent c : self.getClass().getRecordComponents()) {
            if (!Objects.equals(value(c, self), value(c, other))) {
                return false;
            }
        }
        return true;
    }

    /** A hash of the components, consistent with {@link #equals}. */
    public static int hashCode(Record self) {
        int h = 0;
        for (RecordComponent c : self.getClass().getRecordComponents()) {
            h = 31 * h + Objects.hashCode(value(c, self));
        }
        return h;
    }

    /** As a record's own {@code toString}: {@code Name[a=1, b=x]}. */
    public static String toString(Record self) {
        StringJoiner out = new StringJoiner(", ", self.getClass().getSimpleName() + "[", "]");
        for (RecordComponent c : self.getClass().getRecordComponents()) {
            out.add(c.getName() + "=" + value(c, self));
        }
        return out.toString();
    }

    private static Object value(RecordComponent component, Object record) {
        try {
            var accessor = component.getAccessor();
            accessor.setAccessible(true); // a record nested in a class that is not public
            return accessor.invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot read " + component + " of " + record.getClass(), e);
        }
    }
}
