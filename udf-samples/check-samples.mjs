// Checks the text sample plugins without the Java host: node plays the host side of the ABI
// (alloc, write, call, read, dealloc, and the flink_wasm imports), and every function of
// plugins/text_c.json, text_rust.json and text_as.json must give the expected result, so the three
// languages agree. Also checks plugins/text.json (log, config_get) and that each export's
// signature fits the types its manifest declares.
//
//   node udf-samples/check-samples.mjs [--quiet]
//
// Exit status 0 when every check passed, 1 otherwise.
import { readFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const plugins = join(here, "plugins");
const quiet = process.argv.includes("--quiet");
const utf8 = new TextEncoder();
const utf8Strict = new TextDecoder("utf-8", { fatal: true });
const utf8Lossy = new TextDecoder("utf-8"); // WHATWG: ill-formed sequences -> U+FFFD

let passed = 0;
const failures = [];
function check(label, actual, expected) {
  const same = typeof expected === "bigint" || typeof actual === "bigint"
    ? BigInt(actual) === BigInt(expected)
    : actual === expected;
  if (same) {
    passed++;
  } else {
    const show = (v) => (typeof v === "string" && v.length > 80 ? JSON.stringify(v.slice(0, 80)) + "..." : JSON.stringify(v, (k, x) => (typeof x === "bigint" ? x.toString() : x)));
    failures.push(`${label}: expected ${show(expected)}, got ${show(actual)}`);
  }
}

// ---------------------------------------------------------------- the host side ----------

// Reads function signatures from the binary (type, import, function and export sections).
function exportSignatures(bytes) {
  let pos = 8;
  const u32 = () => {
    let result = 0, shift = 0, b;
    do { b = bytes[pos++]; result |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
    return result >>> 0;
  };
  const name = () => { const n = u32(); const s = new TextDecoder().decode(bytes.subarray(pos, pos + n)); pos += n; return s; };
  const valtype = { 0x7f: "i32", 0x7e: "i64", 0x7d: "f32", 0x7c: "f64" };
  const types = [], funcTypes = [], exports = {};
  while (pos < bytes.length) {
    const id = bytes[pos++], size = u32(), end = pos + size;
    if (id === 1) {
      for (let i = 0, n = u32(); i < n; i++) {
        pos++; // 0x60
        const params = []; for (let j = 0, m = u32(); j < m; j++) params.push(valtype[bytes[pos++]] ?? "?");
        const results = []; for (let j = 0, m = u32(); j < m; j++) results.push(valtype[bytes[pos++]] ?? "?");
        types.push({ params, results });
      }
    } else if (id === 2) {
      for (let i = 0, n = u32(); i < n; i++) {
        name(); name();
        const kind = bytes[pos++];
        if (kind === 0) funcTypes.push(types[u32()]);
        else if (kind === 1) { pos++; const f = u32(); u32(); if (f & 1) u32(); }
        else if (kind === 2) { const f = u32(); u32(); if (f & 1) u32(); }
        else if (kind === 3) { pos += 2; }
        else { u32(); }
      }
    } else if (id === 3) {
      for (let i = 0, n = u32(); i < n; i++) funcTypes.push(types[u32()]);
    } else if (id === 7) {
      for (let i = 0, n = u32(); i < n; i++) {
        const nm = name(), kind = bytes[pos++], index = u32();
        if (kind === 0) exports[nm] = funcTypes[index];
      }
    }
    pos = end;
  }
  return exports;
}

function abiOf(sqlType) {
  const t = sqlType.trim().toUpperCase();
  if (/^(INT|INTEGER|SMALLINT|TINYINT|BOOLEAN|DATE)$/.test(t)) return ["i32"];
  if (t === "BIGINT") return ["i64"];
  if (t === "FLOAT") return ["f32"];
  if (t === "DOUBLE") return ["f64"];
  return ["i32", "i32"]; // STRING, BYTES and everything that crosses as JSON text
}

class Guest {
  constructor(manifestFile, configOverride) {
    this.manifest = JSON.parse(readFileSync(manifestFile, "utf8"));
    this.file = join(dirname(manifestFile), this.manifest.vm_config.path);
    this.bytes = readFileSync(this.file);
    this.signatures = exportSignatures(this.bytes);
    this.logs = [];
    const config = configOverride ?? this.manifest.config ?? {};
    const module = new WebAssembly.Module(this.bytes);
    const imports = {};
    for (const imp of WebAssembly.Module.imports(module)) {
      if (imp.module !== "flink_wasm") throw new Error(`${this.file}: unexpected import ${imp.module}.${imp.name}`);
    }
    imports.flink_wasm = {
      log: (level, ptr, len) => { this.logs.push([level, utf8Strict.decode(this.view(ptr, len))]); },
      config_get: (keyPtr, keyLen) => {
        const key = utf8Strict.decode(this.view(keyPtr, keyLen));
        if (!(key in config)) return -1n;
        const value = utf8.encode(config[key]);
        const ptr = this.alloc(value.length);
        this.mem().set(value, ptr);
        return (BigInt(ptr) << 32n) | BigInt(value.length);
      },
    };
    this.instance = new WebAssembly.Instance(module, imports);
    this.ex = this.instance.exports;
    if (typeof this.ex._initialize === "function") this.ex._initialize();
  }
  mem() { return new Uint8Array(this.ex.memory.buffer); }
  view(ptr, len) { return this.mem().slice(ptr >>> 0, (ptr >>> 0) + len); }
  pages() { return this.ex.memory.buffer.byteLength / 65536; }
  alloc(len) {
    const ptr = this.ex.alloc(len) >>> 0;
    if (ptr === 0 || ptr + len > this.ex.memory.buffer.byteLength) throw new Error(`alloc(${len}) gave ${ptr}`);
    return ptr;
  }
  fn(exportName) {
    const spec = this.manifest.functions.find((f) => typeof f === "object" && (f.export ?? f.name) === exportName);
    if (!spec) throw new Error(`${this.manifest.name}: no function exports ${exportName}`);
    return spec;
  }
  // Calls the function whose export is exportName with JS values (string, Uint8Array, number, bigint).
  call(exportName, ...args) {
    const spec = this.fn(exportName);
    const raw = [], buffers = [];
    spec.params.forEach((type, i) => {
      const abi = abiOf(type), v = args[i];
      if (abi.length === 2) {
        const bytes = typeof v === "string" ? utf8.encode(v) : v;
        const ptr = this.alloc(bytes.length);
        this.mem().set(bytes, ptr);
        raw.push(ptr, bytes.length);
        buffers.push([ptr, bytes.length]);
      } else {
        raw.push(v);
      }
    });
    const result = this.ex[exportName](...raw);
    for (const [ptr, len] of buffers) this.ex.dealloc(ptr, len);
    const rt = spec.returns.trim().toUpperCase();
    if (abiOf(rt).length === 1) return result;
    if (BigInt(result) === -1n) return null; // SQL NULL (every bit set)
    const packed = BigInt.asUintN(64, result);
    const ptr = Number(packed >> 32n), len = Number(packed & 0xffffffffn);
    const bytes = this.view(ptr, len);
    this.ex.dealloc(ptr, len);
    return rt === "BYTES" ? bytes : utf8Strict.decode(bytes); // results must be valid UTF-8
  }
}

// ---------------------------------------------------------------- reference behaviour ----

const reverse = (s) => [...s].reverse().join("");
const count = (s) => [...s].length;
function urlHost(url) {
  const i = url.indexOf("://");
  if (i < 0) return "";
  const rest = url.slice(i + 3);
  let authority = rest.slice(0, rest.search(/[/?#]/) < 0 ? rest.length : rest.search(/[/?#]/));
  authority = authority.slice(authority.lastIndexOf("@") + 1);
  if (authority.startsWith("[")) {
    const j = authority.indexOf("]");
    return j < 0 ? authority : authority.slice(0, j + 1);
  }
  const c = authority.indexOf(":");
  return c < 0 ? authority : authority.slice(0, c);
}
const CRC = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC[(c ^ b) & 0xff] ^ (c >>> 8);
  return BigInt((c ^ 0xffffffff) >>> 0);
}
function parseUa(ua) {
  const browser = ua.includes("Edg/") ? "Edge" : ua.includes("Chrome/") ? "Chrome"
    : ua.includes("Firefox/") ? "Firefox" : ua.includes("Safari/") ? "Safari" : "Other";
  const os = ua.includes("Windows") ? "Windows" : ua.includes("Android") ? "Android"
    : ua.includes("iPhone") || ua.includes("iPad") ? "iOS" : ua.includes("Mac OS X") ? "macOS"
    : ua.includes("Linux") ? "Linux" : "Other";
  return JSON.stringify({ browser, os });
}
// JSON.stringify escapes exactly as the SDKs do: \" \\ \b \f \n \r \t, other controls as \u00xx
const splitWords = (s) => JSON.stringify(s.split(/[ \t\n\r\v\f]+/).filter((w) => w.length > 0));
const firstWord = (s) => s.split(/[ \t\n\r\v\f]+/).find((w) => w.length > 0) ?? null; // NULL when none

// ---------------------------------------------------------------- inputs -----------------

const big = (() => { // a 1 MiB string mixing 1-, 2-, 3- and 4-byte sequences
  const unit = "abc é 日本 😀 ";
  const s = unit.repeat(Math.ceil((1 << 20) / utf8.encode(unit).length));
  return s;
})();
const strings = [
  "hello", "", "a", "héllo wörld", "日本語のテキスト", "emoji 😀👍🏽 and flags 🇩🇪", "🎉", "a\u0000b\u0000",
  " leading and trailing ", "tab\tnew\nline\r\nvt\u000bff\u000c", "quote \" backslash \\ ctrl \u0001\u001f del \u007f",
  "\u2028 line sep, \ufffd replacement, \uffff max bmp, 𐍈 gothic", big,
];
const urls = [
  "https://user@Example.com:8080/path?q", "http://example.com", "http://example.com/", "https://a.b.c:443",
  "ftp://user:pw@files.example.org/x", "http://[::1]:8080/", "http://[2001:db8::1]/p", "http://[::1",
  "https://bücher.de/straße?x=1#frag", "https://host#frag", "https://host?x", "mailto:someone@example.com",
  "example.com/path", "", "://nohost", "file:///etc/passwd", "http://@host", "http://a@b@c.example:1/",
  "http://münchen.例え.jp:99", "x://😀.example/😀",
];
const agents = [
  "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
  "Mozilla/5.0 (iPad; CPU OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/604.1",
  "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Mobile Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.5; rv:127.0) Gecko/20100101 Firefox/127.0",
  "curl/8.5.0", "", "Edg/ Windows", "Safari/ Linux", "😀 Chrome/1 Android",
];
const byteInputs = [
  ["123456789", utf8.encode("123456789"), 3421780262n],
  ["empty", new Uint8Array(0), 0n],
  ["fox", utf8.encode("The quick brown fox jumps over the lazy dog"), 0x414fa339n],
  ["a", utf8.encode("a"), 0xe8b7be43n],
  ["all bytes", Uint8Array.from({ length: 256 }, (_, i) => i), null],
  ["zeros", new Uint8Array(1000), null],
  ["1 MiB", utf8.encode(big).subarray(0, 1 << 20), null],
];
// Ill-formed UTF-8 sent as STRING (the host never does this): every SDK repairs it the same way.
const invalid = [
  [0x61, 0xff, 0x62], [0xe2, 0x82], [0xed, 0xa0, 0x80], [0xf0, 0x9f, 0x98, 0x78], [0xc0, 0xaf],
  [0xf4, 0x90, 0x80, 0x80], [0x80, 0x80], [0xe0, 0x80, 0xaf], [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0x3a, 0x2f, 0x2f, 0xff, 0x40, 0xfe, 0x3a, 0x31], [0x68, 0x3a, 0x2f, 0x2f, 0xe2, 0x82, 0x2f],
].map((a) => Uint8Array.from(a));

// ---------------------------------------------------------------- the checks -------------

const langs = [["c", "text_c.json"], ["rust", "text_rust.json"], ["as", "text_as.json"]];
const guests = [];
for (const [lang, file] of langs) {
  const manifest = join(plugins, file);
  const wasm = existsSync(manifest) && join(plugins, JSON.parse(readFileSync(manifest, "utf8")).vm_config.path);
  if (!wasm || !existsSync(wasm)) {
    if (!quiet) console.log(`skipped ${file}: ${wasm ? wasm + " not built" : "no manifest"}`);
    continue;
  }
  guests.push([lang, new Guest(manifest)]);
}
if (guests.length === 0) {
  console.error("check-samples: no text sample is built (run udf-samples/build.sh)");
  process.exit(1);
}

const t0 = Date.now();
for (const [lang, g] of guests) {
  // manifest signatures against the binary
  for (const f of g.manifest.functions) {
    const exp = f.export ?? f.name;
    const sig = g.signatures[exp];
    const want = { params: f.params.flatMap(abiOf), results: [abiOf(f.returns).length === 2 ? "i64" : abiOf(f.returns)[0]] };
    check(`${lang} signature of ${exp}`, JSON.stringify(sig), JSON.stringify(want));
  }
  check(`${lang} imports nothing`, WebAssembly.Module.imports(new WebAssembly.Module(g.bytes)).length, 0);
  for (const e of ["memory", "alloc", "dealloc"]) check(`${lang} exports ${e}`, e in g.ex, true);

  // alloc(0) gives a usable pointer, dealloc(ptr, 0) takes it back
  const p0 = g.ex.alloc(0) >>> 0;
  check(`${lang} alloc(0) in memory`, p0 > 0 && p0 <= g.ex.memory.buffer.byteLength, true);
  g.ex.dealloc(p0, 0);

  for (const s of strings) {
    const label = s.length > 40 ? `${s.length} UTF-16 units` : JSON.stringify(s);
    check(`${lang} str_reverse(${label})`, g.call("str_reverse", s), reverse(s));
    check(`${lang} char_count(${label})`, g.call("char_count", s), count(s));
    check(`${lang} split_words(${label})`, g.call("split_words", s), splitWords(s));
    check(`${lang} url_host(${label})`, g.call("url_host", s), urlHost(s));
    check(`${lang} parse_ua(${label})`, g.call("parse_ua", s), parseUa(s));
    check(`${lang} first_word(${label})`, g.call("first_word", s), firstWord(s));
  }
  if ("word_index" in g.ex) { // C only: an INT result whose -1 the manifest makes NULL
    check(`${lang} word_index found`, g.call("word_index", " to be or not ", "or"), 2);
    check(`${lang} word_index absent`, g.call("word_index", "to be", "or"), -1);
  }
  for (const u of urls) check(`${lang} url_host(${JSON.stringify(u)})`, g.call("url_host", u), urlHost(u));
  for (const a of agents) check(`${lang} parse_ua(${JSON.stringify(a)})`, g.call("parse_ua", a), parseUa(a));
  for (const [name, bytes, known] of byteInputs) {
    const got = g.call("crc32", bytes);
    check(`${lang} crc32(${name})`, got, crc32(bytes));
    if (known !== null) check(`${lang} crc32(${name}) known value`, got, known);
  }
  for (const bytes of invalid) {
    const label = `invalid [${[...bytes].map((b) => b.toString(16)).join(" ")}]`;
    const s = utf8Lossy.decode(bytes);
    check(`${lang} str_reverse(${label})`, g.call("str_reverse", bytes), reverse(s));
    check(`${lang} char_count(${label})`, g.call("char_count", bytes), count(s));
    check(`${lang} url_host(${label})`, g.call("url_host", bytes), urlHost(s));
    check(`${lang} split_words(${label})`, g.call("split_words", bytes), splitWords(s));
  }

  // memory stays flat over repeated large calls (every buffer is given back)
  for (let i = 0; i < 3; i++) g.call("str_reverse", big);
  const before = g.pages();
  for (let i = 0; i < 8; i++) { g.call("str_reverse", big); g.call("split_words", big); g.call("crc32", byteInputs[6][1]); }
  check(`${lang} no memory growth over 24 large calls (${before} pages)`, g.pages() <= before + 1, true);
}

// identical results across languages, compared directly as well
if (guests.length > 1) {
  const probes = [...strings.slice(0, 8), ...urls, ...agents];
  for (const s of probes) {
    for (const fn of ["str_reverse", "char_count", "url_host", "parse_ua", "split_words"]) {
      const results = guests.map(([, g]) => g.call(fn, s));
      check(`same ${fn}(${JSON.stringify(s).slice(0, 40)}) in ${guests.map(([l]) => l).join("/")}`,
        results.every((r) => r === results[0]), true);
    }
  }
}

// the host-function sample: config_get and log
if (existsSync(join(plugins, "text.wasm"))) {
  const g = new Guest(join(plugins, "text.json"));
  const imports = WebAssembly.Module.imports(new WebAssembly.Module(g.bytes)).map((i) => `${i.module}.${i.name}`).sort();
  check("text imports", JSON.stringify(imports), JSON.stringify(["flink_wasm.config_get", "flink_wasm.log"]));
  check("text greet", g.call("greet", "Wörld 😀"), "Hello, Wörld 😀");
  check("text greet logged", JSON.stringify(g.logs), JSON.stringify([[2, "greet: configured greeting for Wörld 😀"]]));
  check("text config_or present", g.call("config_or", "greeting", "x"), "Hello");
  check("text config_or absent", g.call("config_or", "missing", "fallback ü"), "fallback ü");
  g.logs.length = 0;
  for (let level = 0; level <= 4; level++) check(`text log_at(${level})`, g.call("log_at", level, `level ${level}`), level);
  check("text log_at logged", JSON.stringify(g.logs), JSON.stringify([0, 1, 2, 3, 4].map((l) => [l, `level ${l}`])));
  const plain = new Guest(join(plugins, "text.json"), {}); // config_get answers -1
  check("text greet without config", plain.call("greet", "you"), "Hello, you");
  check("text greet without config logged", JSON.stringify(plain.logs), JSON.stringify([[2, "greet: default greeting for you"]]));
  const custom = new Guest(join(plugins, "text.json"), { greeting: "Grüß Gott" });
  check("text greet with another greeting", custom.call("greet", ""), "Grüß Gott, ");
}

const ms = Date.now() - t0;
if (failures.length) {
  for (const f of failures.slice(0, 40)) console.error("FAIL " + f);
  if (failures.length > 40) console.error(`... and ${failures.length - 40} more`);
  console.error(`check-samples: ${failures.length} of ${passed + failures.length} checks failed`);
  process.exit(1);
}
console.log(`check-samples: ${passed} checks passed (${guests.map(([l]) => l).join(", ")}${existsSync(join(plugins, "text.wasm")) ? ", text" : ""}) in ${ms} ms`);
