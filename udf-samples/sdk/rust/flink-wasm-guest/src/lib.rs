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
