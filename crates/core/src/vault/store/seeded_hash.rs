//! A fast hash for maps keyed by a few integers, seeded at random per map (the analytics sums'
//! grouping, `summary_delta.rs`).

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};

/// A fast hash for the grouping maps, whose keys are a few integers (texts are numbered first,
/// in a map that keeps the standard SipHash): the rustc "Fx" multiply-rotate, started from a
/// random seed drawn once per pass, so colliding keys cannot be prepared in a statement file.
/// SipHash over these keys was a fifth of the pass.
#[derive(Clone, Copy)]
pub(super) struct FxHasher(u64);

const FX_SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(FX_SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_i64(&mut self, n: i64) {
        self.add(n as u64);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// Builds [`FxHasher`]s from one random seed.
#[derive(Clone, Copy)]
pub(super) struct SeededFx(u64);

impl Default for SeededFx {
    fn default() -> Self {
        SeededFx(std::collections::hash_map::RandomState::new().hash_one(FX_SEED))
    }
}

impl BuildHasher for SeededFx {
    type Hasher = FxHasher;

    fn build_hasher(&self) -> FxHasher {
        FxHasher(self.0)
    }
}

pub(super) type FastMap<K, V> = HashMap<K, V, SeededFx>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_map_hashes_alike_and_two_maps_are_seeded_apart() {
        let key = (42_i64, 7_u32, true, "MERCHANT");
        let one = SeededFx::default();
        assert_eq!(one.hash_one(key), one.hash_one(key));
        assert_ne!(
            one.hash_one(key),
            one.hash_one((42_i64, 8_u32, true, "MERCHANT"))
        );
        // Seeds are drawn at random: two maps that agree on every key are all but impossible.
        let others: Vec<SeededFx> = (0..4).map(|_| SeededFx::default()).collect();
        assert!(others.iter().any(|o| o.hash_one(key) != one.hash_one(key)));
        let mut map: FastMap<(i64, u32), i64> = FastMap::default();
        for n in 0..10_000_u32 {
            *map.entry((i64::from(n % 100), n % 7)).or_default() += 1;
        }
        assert_eq!(map.len(), 700);
        assert_eq!(map.values().sum::<i64>(), 10_000);
    }
}
