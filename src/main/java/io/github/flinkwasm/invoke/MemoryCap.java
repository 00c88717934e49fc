package io.github.flinkwasm.invoke;

import io.github.flinkwasm.engine.ModuleInfo;
import io.github.flinkwasm.engine.WasmInstance;
import io.github.flinkwasm.manifest.ManifestReader;
import io.github.flinkwasm.plugin.Plugin;

/** What to add to the message of a failed call whose guest was refused memory. */
final class MemoryCap {
    private static final long PAGE = 65536;

    private MemoryCap() {
        // no instances
    }

    /**
     * {@code "; the guest hit vm_config.max_memory_pages = 256 (16 MiB) ..."} when a {@code
     * memory.grow} of the failed call's instance was refused, else the empty string.
     */
    static String note(WasmInstance instance, Plugin plugin, ModuleInfo info) {
        long asked = instance.refusedGrowPages();
        if (asked == 0) {
            return "";
        }
        int cap = plugin.manifest().vmConfig().maxMemoryPages();
        int declared = info.memory() == null ? -1 : info.memory().maximumPages();
        int had = instance.memoryPages();
        String grow = ": memory.grow asked for " + asked + " more " + (asked == 1 ? "page" : "pages") + " at " + had
                + " (" + mib(had) + ") and was refused";
        if (declared >= 0 && declared < cap) {
            return "; the guest hit its module's own memory maximum of " + declared + " pages (" + mib(declared)
                    + "), below vm_config.max_memory_pages = " + cap + grow + "; rebuild the module with a larger "
                    + "maximum, or pass smaller values";
        }
        return "; the guest hit vm_config.max_memory_pages = " + cap + " (" + mib(cap) + ")" + grow
                + (cap < ManifestReader.MAX_PAGES
                        ? "; raise max_memory_pages (up to " + ManifestReader.MAX_PAGES + ") or pass smaller values"
                        : "; pass smaller values");
    }

    /** A page count in MiB: {@code 16 MiB}, {@code 1.06 MiB}. */
    static String mib(long pages) {
        long bytes = pages * PAGE;
        if (bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        return String.format(java.util.Locale.ROOT, "%.2f MiB", bytes / (1024.0 * 1024.0));
    }
}
