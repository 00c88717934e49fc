//! Guest side of the flink-wasm calling convention for Rust.
//!
//! Depending on this crate gives the module the `alloc` / `dealloc` exports the host needs for
//! `STRING` and `BYTES`, and [`export!`] turns plain Rust functions into exports with the ABI:
//!
//! ```ignore
//! flink_wasm_guest::export! {
//!     /// STRING -> STRING
//!     fn upper(s: &str) -> String { s.to_uppercase() }
//!     /// BYTES -> BIGINT
//!     fn size(b: &[u8]) -> i64 { b.len() as i64 }
//! }
//! ```
//!
//! Argument types: `&str`, `String` (STRING); `&[u8]`, `Vec<u8>` (BYTES); `i32`, `i16`, `i8`,
//! `bool`, `i64`, `f32`, `f64`. Result types: `String`, `&'static str`, [`Json`] (STRING, or any
//! JSON-encoded type such as ROW or ARRAY), `Vec<u8>` (BYTES) and the same scalars; an `Option` of
//! any of the in-memory ones returns SQL NULL for `None` (see [`NULL`]).
//!
//! The crate is `no_std` (it needs `alloc` only) and has no dependencies. Buffers use the global
//! allocator with an alignment of 1, so `dealloc(ptr, len)` frees exactly what `alloc(len)` or a
//! result of length `len` handed out. A module built with `std` gets std's allocator.
#![no_std]

extern crate alloc as alloc_crate;

use alloc_crate::borrow::Cow;
use alloc_crate::boxed::Box;
use alloc_crate::string::String;
use alloc_crate::vec::Vec;
use core::alloc::Layout;
use core::ptr::NonNull;

/// The `alloc` and `dealloc` exports. A size of 0 gives a non-null dangling pointer that needs
/// no memory; `dealloc` of size 0 does nothing.
pub mod abi {
    use super::*;

    #[export_name = "alloc"]
    pub extern "C" fn guest_alloc(size: i32) -> i32 {
        raw_alloc(size as u32 as usize) as usize as i32
    }

    #[export_name = "dealloc"]
    pub unsafe extern "C" fn guest_dealloc(ptr: i32, size: i32) {
        raw_dealloc(ptr as u32 as usize as *mut u8, size as u32 as usize)
    }
}

/// Allocates `size` bytes (alignment 1) the way the host's `alloc` calls do; aborts (traps)
/// when memory cannot grow.
pub fn raw_alloc(size: usize) -> *mut u8 {
    if size == 0 {
        return NonNull::<u8>::dangling().as_ptr();
    }
    let layout = match Layout::from_size_align(size, 1) {
        Ok(l) => l,
        Err(_) => core::arch::wasm32::unreachable(),
    };
    let p = unsafe { alloc_crate::alloc::alloc(layout) };
    if p.is_null() {
        alloc_crate::alloc::handle_alloc_error(layout);
    }
    p
}

/// Frees a block of `size` bytes from [`raw_alloc`], the host, or a result.
///
/// # Safety
/// `ptr` and `size` must describe exactly one live block.
pub unsafe fn raw_dealloc(ptr: *mut u8, size: usize) {
    if size != 0 {
        alloc_crate::alloc::dealloc(ptr, Layout::from_size_align_unchecked(size, 1));
    }
}

/// Packs a result buffer as the host expects it: `(ptr << 32) | len`.
pub fn pack(ptr: *const u8, len: usize) -> i64 {
    (((ptr as usize as u32 as u64) << 32) | (len as u32 as u64)) as i64
}

/// Hands bytes to the host as a STRING/BYTES result. The host copies them and deallocs them.
pub fn result_bytes(bytes: Vec<u8>) -> i64 {
    let boxed: Box<[u8]> = bytes.into_boxed_slice(); // capacity == len, as dealloc expects
    let len = boxed.len();
    let ptr = Box::into_raw(boxed) as *mut u8;
    pack(ptr, len)
}

/// Borrows an argument buffer. Valid until the export returns.
///
/// # Safety
/// `(ptr, len)` must be an argument buffer the host passed to the running export.
pub unsafe fn bytes_arg<'a>(ptr: i32, len: i32) -> &'a [u8] {
    let len = len as u32 as usize;
    if len == 0 {
        return &[];
    }
    core::slice::from_raw_parts(ptr as u32 as usize as *const u8, len)
}

/// Reads a STRING argument. The host sends well-formed UTF-8 (Flink strings always are); if
/// the bytes are not, each ill-formed sequence becomes U+FFFD (maximal subparts, the same rule
/// as the C and AssemblyScript SDKs), so user code only ever sees valid text.
///
/// # Safety
/// As [`bytes_arg`].
pub unsafe fn str_arg<'a>(ptr: i32, len: i32) -> Cow<'a, str> {
    String::from_utf8_lossy(bytes_arg(ptr, len))
}

/// A result that crosses as JSON text (ROW, ARRAY, MAP, DECIMAL, TIMESTAMP...). The host's
/// README defines the encoding of each SQL type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Json(pub String);

/// Appends `s` as a JSON string literal, quotes included: `"` and `\` are escaped, `\b \f \n \r
/// \t` use their short forms, other characters below U+0020 become `\u00xx` (lowercase hex),
/// everything else is copied as is.
pub fn push_json_string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.reserve(s.len() + 2);
    out.push('"');
    let mut start = 0;
    for (i, b) in s.bytes().enumerate() {
        let esc: Option<&str> = match b {
            b'"' => Some("\\\""),
            b'\\' => Some("\\\\"),
            0x08 => Some("\\b"),
            0x0C => Some("\\f"),
            b'\n' => Some("\\n"),
            b'\r' => Some("\\r"),
            b'\t' => Some("\\t"),
            0x00..=0x1F => None,
            _ => continue,
        };
        out.push_str(&s[start..i]);
        match esc {
            Some(e) => out.push_str(e),
            None => {
                out.push_str("\\u00");
                out.push(HEX[(b >> 4) as usize] as char);
                out.push(HEX[(b & 15) as usize] as char);
            }
        }
        start = i + 1;
    }
    out.push_str(&s[start..]);
    out.push('"');
}

/// Returns `s` as a JSON string literal (see [`push_json_string`]).
pub fn json_string(s: &str) -> String {
    let mut out = String::new();
    push_json_string(&mut out, s);
    out
}

/// Levels of [`log`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(i32)]
pub enum Level {
    Trace = 0,
    Debug = 1,
    Info = 2,
    Warn = 3,
    Error = 4,
}

mod host {
    #[link(wasm_import_module = "flink_wasm")]
    extern "C" {
        #[link_name = "log"]
        pub fn log(level: i32, ptr: i32, len: i32);
        #[link_name = "config_get"]
        pub fn config_get(key_ptr: i32, key_len: i32) -> i64;
    }
}

/// Writes a line to the job's log through the host function `flink_wasm.log`. A module that
/// calls this imports it; one that does not, imports nothing.
pub fn log(level: Level, msg: &str) {
    unsafe { host::log(level as i32, msg.as_ptr() as usize as i32, msg.len() as i32) }
}

/// Reads the plugin's `config` value for `key` through `flink_wasm.config_get`; `None` when the
/// key is absent. The host wrote the value into a block from our `alloc`, which is freed here.
pub fn config_get(key: &str) -> Option<String> {
    let r = unsafe { host::config_get(key.as_ptr() as usize as i32, key.len() as i32) };
    if r == -1 {
        return None;
    }
    let ptr = ((r as u64) >> 32) as u32 as usize as *mut u8;
    let len = r as u32 as usize;
    let bytes = if len == 0 {
        Vec::new()
    } else {
        // the block came from raw_alloc(len): a Vec with capacity len frees it with the same layout
        unsafe { Vec::from_raw_parts(ptr, len, len) }
    };
    Some(match String::from_utf8(bytes) {
        Ok(s) => s,
        Err(e) => String::from_utf8_lossy(e.as_bytes()).into_owned(),
    })
}

/// A value that can be the result of an export.
pub trait IntoResult {
    /// The WebAssembly type of the result.
    type Abi;
    fn into_abi(self) -> Self::Abi;
}

macro_rules! scalar_result {
    ($($t:ty => $abi:ty),*) => {$(
        impl IntoResult for $t {
            type Abi = $abi;
            fn into_abi(self) -> $abi { self as $abi }
        }
    )*};
}
scalar_result!(i32 => i32, i16 => i32, i8 => i32, i64 => i64, f32 => f32, f64 => f64, bool => i32);

impl IntoResult for String {
    type Abi = i64;
    fn into_abi(self) -> i64 {
        result_bytes(self.into_bytes())
    }
}

impl IntoResult for &'static str {
    type Abi = i64;
    fn into_abi(self) -> i64 {
        result_bytes(Vec::from(self.as_bytes()))
    }
}

impl IntoResult for Json {
    type Abi = i64;
    fn into_abi(self) -> i64 {
        result_bytes(self.0.into_bytes())
    }
}

impl IntoResult for Vec<u8> {
    type Abi = i64;
    fn into_abi(self) -> i64 {
        result_bytes(self)
    }
}

// ---------------------------------------------------------------- NULL results

/// SQL NULL as the result of a STRING, BYTES or JSON-encoded function: the packed value -1
/// (every bit set). Nothing is allocated and the host frees nothing.
pub const NULL: i64 = -1;

/// `None` is SQL NULL for any result that crosses in memory (`Option<String>`,
/// `Option<&'static str>`, `Option<Vec<u8>>`, `Option<Json>`). A number result is NULL through
/// a value of the function's choice that its manifest entry names: `"null_result": -1` (or
/// `"NaN"` for FLOAT and DOUBLE).
impl<T: IntoResult<Abi = i64>> IntoResult for Option<T> {
    type Abi = i64;
    fn into_abi(self) -> i64 {
        match self {
            Some(v) => v.into_abi(),
            None => NULL,
        }
    }
}

/// A scalar argument (one WebAssembly value).
pub trait FromArg {
    /// The WebAssembly type of the parameter.
    type Abi;
    fn from_abi(v: Self::Abi) -> Self;
}

macro_rules! scalar_arg {
    ($($t:ty => $abi:ty),*) => {$(
        impl FromArg for $t {
            type Abi = $abi;
            fn from_abi(v: $abi) -> $t { v as $t }
        }
    )*};
}
scalar_arg!(i32 => i32, i16 => i32, i8 => i32, i64 => i64, f32 => f32, f64 => f64);

impl FromArg for bool {
    type Abi = i32;
    fn from_abi(v: i32) -> bool {
        v != 0
    }
}

/// Declares exports with the flink-wasm ABI. Each `fn` becomes an export of the same name whose
/// STRING/BYTES parameters are `(ptr, len)` pairs and whose STRING/BYTES/JSON result is packed.
/// See the crate documentation for the supported types.
#[macro_export]
macro_rules! export {
    () => {};
    ($(#[$m:meta])* $vis:vis fn $name:ident ( $($args:tt)* ) -> $ret:ty $body:block $($rest:tt)*) => {
        $crate::__export_fn! { [$(#[$m])*] $name [$($args)*] [$ret] $body ; [] [] [] $($args)* }
        $crate::export! { $($rest)* }
    };
}

/// Implementation of [`export!`]: walks the parameter list, collecting the export's parameters,
/// the statements that convert them, and the call arguments.
#[doc(hidden)]
#[macro_export]
macro_rules! __export_fn {
    // all parameters done
    ([$($m:tt)*] $name:ident [$($args:tt)*] [$ret:ty] $body:block ;
     [$($p:tt)*] [$($pre:tt)*] [$($call:tt)*] $(,)?) => {
        $($m)*
        #[no_mangle]
        pub extern "C" fn $name($($p)*) -> <$ret as $crate::IntoResult>::Abi {
            #[inline(always)]
            fn user($($args)*) -> $ret $body
            $($pre)*
            $crate::IntoResult::into_abi(user($($call)*))
        }
    };
    ($m:tt $name:ident $args:tt $ret:tt $body:block ; [$($p:tt)*] [$($pre:tt)*] [$($call:tt)*]
     $a:ident : &str $(, $($rest:tt)*)?) => {
        $crate::__export_fn! { $m $name $args $ret $body ;
            [$($p)* ptr: i32, len: i32,]
            [$($pre)* let text = unsafe { $crate::str_arg(ptr, len) };]
            [$($call)* &text,] $($($rest)*)? }
    };
    ($m:tt $name:ident $args:tt $ret:tt $body:block ; [$($p:tt)*] [$($pre:tt)*] [$($call:tt)*]
     $a:ident : String $(, $($rest:tt)*)?) => {
        $crate::__export_fn! { $m $name $args $ret $body ;
            [$($p)* ptr: i32, len: i32,]
            [$($pre)* let text = unsafe { $crate::str_arg(ptr, len) }.into_owned();]
            [$($call)* text,] $($($rest)*)? }
    };
    ($m:tt $name:ident $args:tt $ret:tt $body:block ; [$($p:tt)*] [$($pre:tt)*] [$($call:tt)*]
     $a:ident : &[u8] $(, $($rest:tt)*)?) => {
        $crate::__export_fn! { $m $name $args $ret $body ;
            [$($p)* ptr: i32, len: i32,]
            [$($pre)* let bytes = unsafe { $crate::bytes_arg(ptr, len) };]
            [$($call)* bytes,] $($($rest)*)? }
    };
    ($m:tt $name:ident $args:tt $ret:tt $body:block ; [$($p:tt)*] [$($pre:tt)*] [$($call:tt)*]
     $a:ident : Vec<u8> $(, $($rest:tt)*)?) => {
        $crate::__export_fn! { $m $name $args $ret $body ;
            [$($p)* ptr: i32, len: i32,]
            [$($pre)* let bytes = unsafe { $crate::bytes_arg(ptr, len) }.to_vec();]
            [$($call)* bytes,] $($($rest)*)? }
    };
    ($m:tt $name:ident $args:tt $ret:tt $body:block ; [$($p:tt)*] [$($pre:tt)*] [$($call:tt)*]
     $a:ident : $t:ty $(, $($rest:tt)*)?) => {
        $crate::__export_fn! { $m $name $args $ret $body ;
            [$($p)* value: <$t as $crate::FromArg>::Abi,]
            [$($pre)* let value = <$t as $crate::FromArg>::from_abi(value);]
            [$($call)* value,] $($($rest)*)? }
    };
}

// ---------------------------------------------------------------- table functions and aggregates
// (SPEC section 7)

/// The rows of a table function: each element is one output row, encoded as JSON (a value of
/// the function's `returns` type: a string literal for STRING, an object by field name for a
/// ROW...). An empty list gives no row.
///
/// ```ignore
/// export! {
///     fn words(s: &str) -> Rows {
///         s.split_whitespace().map(|w| Json(json_string(w))).collect()
///     }
/// }
/// ```
pub struct Rows(pub Vec<Json>);

impl FromIterator<Json> for Rows {
    fn from_iter<I: IntoIterator<Item = Json>>(iter: I) -> Self {
        Rows(iter.into_iter().collect())
    }
}

impl IntoResult for Rows {
    type Abi = i64;
    fn into_abi(self) -> i64 {
        let mut out = String::from("[");
        for (i, row) in self.0.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            out.push_str(&row.0);
        }
        out.push(']');
        result_bytes(out.into_bytes())
    }
}

/// A ROW value as JSON, from its fields' names and JSON values.
///
/// ```ignore
/// row(&[("token", json_string(w)), ("pos", pos.to_string())])
/// ```
pub fn row(fields: &[(&str, String)]) -> Json {
    let mut out = String::from("{");
    for (i, (name, value)) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_string(&mut out, name);
        out.push(':');
        out.push_str(value);
    }
    out.push('}');
    Json(out)
}

/// An aggregate's state: the host keeps it as bytes between calls (in Flink state), so the
/// type says how it becomes bytes and back. The steps are plain methods of the type; the exports
/// `E_create`, `E_accumulate`, `E_retract`, `E_merge` and `E_result` call them through
/// [`create`], [`update`], [`merge`] and [`finish`]:
///
/// ```ignore
/// export! {
///     fn sum_create() -> Vec<u8> { create::<Sum>() }
///     fn sum_accumulate(acc: &[u8], x: i64) -> Vec<u8> { update::<Sum>(acc, |s| s.0 += x) }
///     fn sum_retract(acc: &[u8], x: i64) -> Vec<u8> { update::<Sum>(acc, |s| s.0 -= x) }
///     fn sum_merge(acc: &[u8], other: &[u8]) -> Vec<u8> { merge::<Sum>(acc, other) }
///     fn sum_result(acc: &[u8]) -> i64 { finish::<Sum, _>(acc, |s| s.0) }
/// }
/// ```
pub trait Aggregate: Sized {
    /// The state of an empty group.
    fn create() -> Self;
    /// Adds the other group's state into this one (for `E_merge`).
    fn merge(&mut self, other: Self);
    /// The state as bytes.
    fn encode(&self) -> Vec<u8>;
    /// The state from bytes that [`Aggregate::encode`] wrote.
    fn decode(bytes: &[u8]) -> Self;
}

/// `E_create`: the bytes of a new state.
pub fn create<A: Aggregate>() -> Vec<u8> {
    A::create().encode()
}

/// `E_accumulate` / `E_retract`: decodes the state, applies `step`, encodes it again.
pub fn update<A: Aggregate>(acc: &[u8], step: impl FnOnce(&mut A)) -> Vec<u8> {
    let mut a = A::decode(acc);
    step(&mut a);
    a.encode()
}

/// `E_merge`: both states merged.
pub fn merge<A: Aggregate>(acc: &[u8], other: &[u8]) -> Vec<u8> {
    let mut a = A::decode(acc);
    a.merge(A::decode(other));
    a.encode()
}

/// `E_result`: the result computed from the state.
pub fn finish<A: Aggregate, R>(acc: &[u8], result: impl FnOnce(&A) -> R) -> R {
    result(&A::decode(acc))
}

/// The natural logarithm without `std` (for estimates); the same series as the C SDK's `fw_ln`,
/// so both give the same numbers.
pub fn ln(mut x: f64) -> f64 {
    if x <= 0.0 {
        return f64::NEG_INFINITY;
    }
    let mut e = 0i32;
    while x > 2.0 {
        x /= 2.0;
        e += 1;
    }
    while x < 1.0 {
        x *= 2.0;
        e -= 1;
    }
    let y = (x - 1.0) / (x + 1.0);
    let y2 = y * y;
    let mut term = y;
    let mut sum = 0.0;
    let mut k = 1;
    while k < 60 {
        sum += term / k as f64;
        term *= y2;
        k += 2;
    }
    2.0 * sum + e as f64 * 0.693_147_180_559_945_3
}

// ---------------------------------------------------------------- process functions

/// Process functions (SPEC section 7, kind `process`): a Flink process table function over a
/// table partitioned by key, with typed state per key and event-time timers.
///
/// ```ignore
/// use flink_wasm_guest::process::{self, Row};
///
/// #[no_mangle]
/// pub extern "C" fn count(sp: i32, sl: i32, rp: i32, rl: i32) -> i64 {
///     process::run(sp, sl, rp, rl, |n: Option<i64>, _row: Row| {
///         let n = n.unwrap_or(0) + 1;
///         process::emit(&alloc::format!("{{\"n\":{}}}", n));
///         Some(n) // the key's new state; None clears it
///     })
/// }
/// ```
///
/// The state is any [`State`]: the SDK encodes it to the bytes the host keeps in Flink state and
/// decodes them on the next call. `emit`, the timers and the clocks are valid only inside
/// [`run`] and [`run_on_timer`].
pub mod process {
    use super::*;

    mod host {
        #[link(wasm_import_module = "flink_wasm")]
        extern "C" {
            #[link_name = "emit"]
            pub fn emit(ptr: i32, len: i32);
            #[link_name = "timer_set"]
            pub fn timer_set(t: i64);
            #[link_name = "timer_delete"]
            pub fn timer_delete(t: i64);
            #[link_name = "watermark"]
            pub fn watermark() -> i64;
            #[link_name = "time"]
            pub fn time() -> i64;
        }
    }

    /// Emits one output row: JSON text of the function's `returns` ROW. The host copies it at once.
    pub fn emit(json: &str) {
        unsafe { host::emit(json.as_ptr() as usize as i32, json.len() as i32) }
    }

    /// An event-time timer for the current key at `t` (epoch ms); the timer export runs when the
    /// watermark passes it. Setting the same time twice gives one timer.
    pub fn timer_set(t: i64) {
        unsafe { host::timer_set(t) }
    }

    /// Deletes the current key's timer at `t`, if any.
    pub fn timer_delete(t: i64) {
        unsafe { host::timer_delete(t) }
    }

    /// The current watermark in epoch ms; `i64::MIN` before the first.
    pub fn watermark() -> i64 {
        unsafe { host::watermark() }
    }

    /// The row's event time (`on_time`) or the timer's time, in epoch ms; `i64::MIN` when none.
    pub fn time() -> i64 {
        unsafe { host::time() }
    }

    /// A value kept as a key's state: the SDK writes it as bytes and reads it back.
    pub trait State: Sized {
        fn encode(&self, out: &mut Vec<u8>);
        /// `None` when the bytes are not a value of this type (it then counts as no state).
        fn decode(bytes: &[u8]) -> Option<Self>;
    }

    impl State for i64 {
        fn encode(&self, out: &mut Vec<u8>) {
            out.extend_from_slice(&self.to_le_bytes());
        }
        fn decode(bytes: &[u8]) -> Option<Self> {
            Some(i64::from_le_bytes(bytes.try_into().ok()?))
        }
    }

    impl State for Vec<i64> {
        fn encode(&self, out: &mut Vec<u8>) {
            for v in self {
                out.extend_from_slice(&v.to_le_bytes());
            }
        }
        fn decode(bytes: &[u8]) -> Option<Self> {
            if bytes.len() % 8 != 0 {
                return None;
            }
            Some(bytes.chunks_exact(8).map(|c| i64::from_le_bytes(c.try_into().unwrap())).collect())
        }
    }

    impl State for Vec<u8> {
        fn encode(&self, out: &mut Vec<u8>) {
            out.extend_from_slice(self);
        }
        fn decode(bytes: &[u8]) -> Option<Self> {
            Some(bytes.to_vec())
        }
    }

    impl State for String {
        fn encode(&self, out: &mut Vec<u8>) {
            out.extend_from_slice(self.as_bytes());
        }
        fn decode(bytes: &[u8]) -> Option<Self> {
            core::str::from_utf8(bytes).ok().map(String::from)
        }
    }

    /// An input row: JSON text of an object with the `params` ROW's columns.
    #[derive(Clone, Copy)]
    pub struct Row<'a>(pub &'a str);

    impl<'a> Row<'a> {
        /// The raw JSON text of a top-level field's value (a string keeps its quotes and
        /// escapes, so it can be copied into emitted JSON as is); `None` when missing or null.
        pub fn field(&self, name: &str) -> Option<&'a str> {
            let b = self.0.as_bytes();
            let (mut i, mut depth) = (0usize, 0i32);
            while i < b.len() {
                match b[i] {
                    b'"' => {
                        let s = i + 1;
                        i = skip_string(b, i);
                        let key = &self.0[s..i - 1];
                        let mut j = skip_ws(b, i);
                        if depth == 1 && j < b.len() && b[j] == b':' && key == name {
                            j = skip_ws(b, j + 1);
                            let end = if j < b.len() && b[j] == b'"' {
                                skip_string(b, j)
                            } else {
                                let mut k = j;
                                while k < b.len() && !matches!(b[k], b',' | b'}' | b']') {
                                    k += 1;
                                }
                                k
                            };
                            let v = self.0[j..end].trim_end();
                            return if v == "null" { None } else { Some(v) };
                        }
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => depth -= 1,
                    _ => {}
                }
                i += 1;
            }
            None
        }

        /// A top-level integer field.
        pub fn i64(&self, name: &str) -> Option<i64> {
            self.field(name)?.parse().ok()
        }

        /// A top-level boolean field.
        pub fn bool(&self, name: &str) -> Option<bool> {
            match self.field(name)? {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            }
        }
    }

    fn skip_string(b: &[u8], start: usize) -> usize {
        let mut i = start + 1;
        while i < b.len() && b[i] != b'"' {
            i += if b[i] == b'\\' { 2 } else { 1 };
        }
        i + 1
    }

    fn skip_ws(b: &[u8], mut i: usize) -> usize {
        while i < b.len() && matches!(b[i], b' ' | b'\t' | b'\n' | b'\r') {
            i += 1;
        }
        i
    }

    fn state<S: State>(sp: i32, sl: i32) -> Option<S> {
        if sl == 0 {
            return None;
        }
        let bytes = unsafe { core::slice::from_raw_parts(sp as u32 as usize as *const u8, sl as u32 as usize) };
        S::decode(bytes)
    }

    fn result<S: State>(next: Option<S>) -> i64 {
        let mut out = Vec::new();
        if let Some(s) = next {
            s.encode(&mut out);
        }
        result_bytes(out)
    }

    /// The body of the export `E`: decodes the key's state, calls `f` with it and the row, and
    /// encodes the state `f` returns (`None` clears it).
    pub fn run<S: State>(sp: i32, sl: i32, rp: i32, rl: i32, f: impl FnOnce(Option<S>, Row) -> Option<S>) -> i64 {
        let row = unsafe { core::slice::from_raw_parts(rp as u32 as usize as *const u8, rl as u32 as usize) };
        let row = core::str::from_utf8(row).unwrap_or("{}");
        result(f(state(sp, sl), Row(row)))
    }

    /// The body of the export `E_on_timer`: as [`run`], with the timer's time instead of a row.
    pub fn run_on_timer<S: State>(sp: i32, sl: i32, ts: i64, f: impl FnOnce(Option<S>, i64) -> Option<S>) -> i64 {
        result(f(state(sp, sl), ts))
    }
}
