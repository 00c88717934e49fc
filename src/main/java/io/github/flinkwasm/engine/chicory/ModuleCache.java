package io.github.flinkwasm.engine.chicory;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The compiled modules of this JVM, by key: at most {@code maxEntries} of them, the least recently
 * used dropped first, and each dropped as soon as every class loader that asked for it is gone (a
 * job of a session cluster that ended). An entry holds a future, so that one caller makes the
 * value and the others wait for it without holding a lock. Dropping an entry drops only the
 * cache's reference: whoever holds the value keeps it. Thread-safe.
 *
 * @param <V> the cached value
 */
final class ModuleCache<V> {
    private final IntSupplier maxEntries;
    private final LinkedHashMap<String, Entry<V>> entries = new LinkedHashMap<>(16, 0.75f, true);

    /** @param maxEntries read at each request, so that it may change */
    ModuleCache(IntSupplier maxEntries) {
        this.maxEntries = maxEntries;
    }

    /**
     * The future value of {@code key}, recording {@code owner} as one of its users. When the entry
     * is new, {@code start} is called (outside the lock) to complete it.
     *
     * @param owner the class loader of the caller's job; null for one that never goes away
     */
    CompletableFuture<V> get(String key, ClassLoader owner, Consumer<CompletableFuture<V>> start) {
        Entry<V> entry;
        boolean created = false;
        synchronized (this) {
            dropOrphans();
            entry = entries.get(key);
            if (entry == null) {
                entry = new Entry<>();
                entries.put(key, entry);
                created = true;
            }
            entry.addOwner(owner);
            int max = Math.max(1, maxEntries.getAsInt());
            for (Iterator<Entry<V>> it = entries.values().iterator(); entries.size() > max && it.hasNext(); ) {
                it.next();
                it.remove(); // least recently used first; never the entry just asked for, the most recent
            }
        }
        if (created) {
            start.accept(entry.value);
        }
        return entry.value;
    }

    /** Drops the entry of {@code key} if it still holds {@code value} (a failed one, say). */
    synchronized void remove(String key, CompletableFuture<V> value) {
        Entry<V> e = entries.get(key);
        if (e != null && e.value == value) {
            entries.remove(key);
        }
    }

    /** The keys held now, least recently used first. */
    synchronized List<String> keys() {
        dropOrphans();
        return List.copyOf(entries.keySet());
    }

    synchronized int size() {
        dropOrphans();
        return entries.size();
    }

    private void dropOrphans() {
        entries.values().removeIf(Entry::orphaned);
    }

    private static final class Entry<V> {
        final CompletableFuture<V> value = new CompletableFuture<>();
        final List<WeakReference<ClassLoader>> owners = new ArrayList<>(1);
        boolean permanent;

        void addOwner(ClassLoader owner) {
            if (owner == null) {
                permanent = true;
                return;
            }
            owners.removeIf(r -> r.get() == null);
            for (WeakReference<ClassLoader> r : owners) {
                if (r.get() == owner) {
                    return;
                }
            }
            owners.add(new WeakReference<>(owner));
        }

        boolean orphaned() {
            if (permanent) {
                return false;
            }
            for (WeakReference<ClassLoader> r : owners) {
                if (r.get() != null) {
                    return false;
                }
            }
            return true;
        }
    }
}
