//! The table and aggregate sample functions in Rust (plugin kinds_rust). The same functions,
//! with the same results, are in C (c/kinds_c.c); udf-samples/README.md defines their behaviour.

use flink_wasm_guest::{export, finish, json_string, ln, row, update, Aggregate, Json, Rows};

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0B' | '\x0C')
}

fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(is_space).filter(|w| !w.is_empty())
}

/// HyperLogLog with 2^10 registers: the state of approx_distinct.
struct Hll([u8; HLL_M]);

const HLL_BITS: u32 = 10;
const HLL_M: usize = 1 << HLL_BITS;

/// FNV-1a, then the splitmix64 finalizer to spread the bits (as the C sample).
fn hash64(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h ^= b as u64;
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
    }
    h ^= h >> 30;
    h = h.wrapping_mul(0xbf58_476d_1ce4_e5b9);
    h ^= h >> 27;
    h = h.wrapping_mul(0x94d0_49bb_1331_11eb);
    h ^ (h >> 31)
}

impl Hll {
    fn add(&mut self, value: &str) {
        let x = hash64(value.as_bytes());
        let index = (x >> (64 - HLL_BITS)) as usize;
        let rank = (((x << HLL_BITS) | (1 << (HLL_BITS - 1))).leading_zeros() + 1) as u8;
        if rank > self.0[index] {
            self.0[index] = rank;
        }
    }

    fn estimate(&self) -> i64 {
        let m = HLL_M as f64;
        let sum: f64 = self.0.iter().map(|&r| 1.0 / (1u64 << r) as f64).sum();
        let zeros = self.0.iter().filter(|&&r| r == 0).count();
        let mut e = (0.7213 / (1.0 + 1.079 / m)) * m * m / sum;
        if e <= 2.5 * m && zeros > 0 {
            e = m * ln(m / zeros as f64);
        }
        (e + 0.5) as i64
    }
}

impl Aggregate for Hll {
    fn create() -> Self {
        Hll([0; HLL_M])
    }

    fn merge(&mut self, other: Self) {
        for (a, b) in self.0.iter_mut().zip(other.0.iter()) {
            *a = (*a).max(*b);
        }
    }

    fn encode(&self) -> Vec<u8> {
        self.0.to_vec()
    }

    fn decode(bytes: &[u8]) -> Self {
        Hll(bytes.try_into().expect("an approx_distinct state is 1024 bytes"))
    }
}

/// The K largest distinct values, largest first: the state of top_k.
struct Top(Vec<i64>);

const TOP_K: usize = 5;

impl Top {
    fn add(&mut self, x: i64) {
        if self.0.contains(&x) || (self.0.len() == TOP_K && x <= self.0[TOP_K - 1]) {
            return;
        }
        let at = self.0.iter().position(|&v| v < x).unwrap_or(self.0.len());
        self.0.insert(at, x);
        self.0.truncate(TOP_K);
    }
}

/// Bytes as the C sample's struct: count, then TOP_K values, each an i64 little-endian.
impl Aggregate for Top {
    fn create() -> Self {
        Top(Vec::new())
    }

    fn merge(&mut self, other: Self) {
        for v in other.0 {
            self.add(v);
        }
    }

    fn encode(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 * (TOP_K + 1));
        out.extend_from_slice(&(self.0.len() as i64).to_le_bytes());
        for i in 0..TOP_K {
            out.extend_from_slice(&self.0.get(i).copied().unwrap_or(0).to_le_bytes());
        }
        out
    }

    fn decode(bytes: &[u8]) -> Self {
        assert_eq!(bytes.len(), 8 * (TOP_K + 1), "a top_k state is 48 bytes");
        let word = |i: usize| i64::from_le_bytes(bytes[8 * i..8 * i + 8].try_into().unwrap());
        Top((0..word(0) as usize).map(|i| word(i + 1)).collect())
    }
}

export! {
    /// tokens(STRING) -> rows ROW<token STRING, pos INT>: the words, numbered from 1.
    fn tokens(s: &str) -> Rows {
        words(s)
            .enumerate()
            .map(|(i, w)| row(&[("token", json_string(w)), ("pos", (i + 1).to_string())]))
            .collect()
    }

    /// kv_pairs(STRING) -> rows ROW<k STRING, v STRING>: the words k=v with a non-empty k,
    /// split at the first '='.
    fn kv_pairs(s: &str) -> Rows {
        words(s)
            .filter_map(|w| w.split_once('='))
            .filter(|(k, _)| !k.is_empty())
            .map(|(k, v)| row(&[("k", json_string(k)), ("v", json_string(v))]))
            .collect()
    }

    fn approx_distinct_create() -> Vec<u8> {
        flink_wasm_guest::create::<Hll>()
    }

    fn approx_distinct_accumulate(acc: &[u8], value: &str) -> Vec<u8> {
        update::<Hll>(acc, |h| h.add(value))
    }

    fn approx_distinct_merge(acc: &[u8], other: &[u8]) -> Vec<u8> {
        flink_wasm_guest::merge::<Hll>(acc, other)
    }

    fn approx_distinct_result(acc: &[u8]) -> i64 {
        finish::<Hll, _>(acc, Hll::estimate)
    }

    fn top_k_create() -> Vec<u8> {
        flink_wasm_guest::create::<Top>()
    }

    fn top_k_accumulate(acc: &[u8], x: i64) -> Vec<u8> {
        update::<Top>(acc, |t| t.add(x))
    }

    fn top_k_merge(acc: &[u8], other: &[u8]) -> Vec<u8> {
        flink_wasm_guest::merge::<Top>(acc, other)
    }

    /// top_k(BIGINT) -> ARRAY<BIGINT>, as JSON.
    fn top_k_result(acc: &[u8]) -> Json {
        finish::<Top, _>(acc, |t| {
            let items: Vec<String> = t.0.iter().map(|v| v.to_string()).collect();
            Json(format!("[{}]", items.join(",")))
        })
    }
}
