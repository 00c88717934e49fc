#!/usr/bin/env python3
"""Writes a C file of N exported functions (arithmetic, loops, branches) for the compile-time
benchmark: a stand-in for a real, larger guest. Usage: gen_big_c.py N OUT.c"""
import sys

n = int(sys.argv[1])
out = open(sys.argv[2], "w")
out.write("#include <stdint.h>\n#define EXPORT(name) __attribute__((export_name(#name)))\n\n")
out.write("static uint32_t table[256];\n\n")
for i in range(n):
    out.write(f"""EXPORT(f{i})
int32_t f{i}(int32_t x, int32_t y) {{
    uint32_t h = (uint32_t)x * {2654435761 % (1 << 31) + i}u;
    for (int32_t k = 0; k < (y & 15); k++) {{
        h ^= h >> {(i % 13) + 3};
        h *= {(i * 7919) % 65521 + 3}u;
        table[(h + k) & 255] += h;
        switch ((h >> 3) & 7) {{
            case 0: h += {i}u; break;
            case 1: h ^= (uint32_t)y << 3; break;
            case 2: h = (h << 5) | (h >> 27); break;
            case 3: h -= table[h & 255]; break;
            default: h += (uint32_t)x * {i % 97 + 1}u;
        }}
    }}
    return (int32_t)(h ^ table[{i % 256}]);
}}

""")
out.close()
