//! The text sample functions in Rust (plugin text_rust). The same functions, with the same
//! results, exist in C (c/text_c.c) and AssemblyScript (assemblyscript/assembly/text.ts);
//! udf-samples/README.md defines their behaviour. No imports.

use flink_wasm_guest::{export, push_json_string, Json};

/// CRC-32/IEEE lookup table (reflected, polynomial 0xEDB88320), built at compile time.
const CRC_TABLE: [u32; 256] = {
    let mut table = [0u32; 256];
    let mut n = 0;
    while n < 256 {
        let mut c = n as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 { 0xEDB8_8320 ^ (c >> 1) } else { c >> 1 };
            k += 1;
        }
        table[n] = c;
        n += 1;
    }
    table
};

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0B' | '\x0C')
}

export! {
    /// str_reverse(STRING) -> STRING: the code points in reverse order.
    fn str_reverse(s: &str) -> String {
        s.chars().rev().collect()
    }

    /// char_count(STRING) -> INT: the number of code points.
    fn char_count(s: &str) -> i32 {
        s.chars().count() as i32
    }

    /// url_host(STRING) -> STRING: the host of "scheme://[userinfo@]host[:port][/?#...]",
    /// "" if there is none.
    fn url_host(url: &str) -> String {
        let Some(i) = url.find("://") else {
            return String::new();
        };
        let rest = &url[i + 3..];
        let authority = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
        let host_port = match authority.rfind('@') {
            Some(at) => &authority[at + 1..],
            None => authority,
        };
        let host = if host_port.starts_with('[') {
            match host_port.find(']') {
                Some(j) => &host_port[..=j],
                None => host_port,
            }
        } else {
            &host_port[..host_port.find(':').unwrap_or(host_port.len())]
        };
        host.to_string()
    }

    /// crc32(BYTES) -> BIGINT: CRC-32/IEEE as an unsigned value.
    fn crc32(data: &[u8]) -> i64 {
        let mut c = 0xFFFF_FFFFu32;
        for &b in data {
            c = CRC_TABLE[((c ^ b as u32) & 0xFF) as usize] ^ (c >> 8);
        }
        (c ^ 0xFFFF_FFFF) as i64
    }

    /// parse_ua(STRING) -> ROW<browser STRING, os STRING>, as JSON. The first matching rule wins.
    fn parse_ua(ua: &str) -> Json {
        let browser = if ua.contains("Edg/") {
            "Edge"
        } else if ua.contains("Chrome/") {
            "Chrome"
        } else if ua.contains("Firefox/") {
            "Firefox"
        } else if ua.contains("Safari/") {
            "Safari"
        } else {
            "Other"
        };
        let os = if ua.contains("Windows") {
            "Windows"
        } else if ua.contains("Android") {
            "Android"
        } else if ua.contains("iPhone") || ua.contains("iPad") {
            "iOS"
        } else if ua.contains("Mac OS X") {
            "macOS"
        } else if ua.contains("Linux") {
            "Linux"
        } else {
            "Other"
        };
        let mut out = String::from("{\"browser\":");
        push_json_string(&mut out, browser);
        out.push_str(",\"os\":");
        push_json_string(&mut out, os);
        out.push('}');
        Json(out)
    }

    /// split_words(STRING) -> ARRAY<STRING>, as JSON: the runs of characters between ASCII
    /// whitespace (space, \t, \n, \r, \v, \f).
    fn split_words(s: &str) -> Json {
        let mut out = String::from("[");
        for (i, word) in s.split(is_space).filter(|w| !w.is_empty()).enumerate() {
            if i > 0 {
                out.push(',');
            }
            push_json_string(&mut out, word);
        }
        out.push(']');
        Json(out)
    }

    /// first_word(STRING) -> STRING: the first run of characters between ASCII whitespace, or
    /// NULL (`None`) when there is none.
    fn first_word(s: &str) -> Option<String> {
        s.split(is_space).find(|w| !w.is_empty()).map(String::from)
    }
}
