//! How much decoded picture the build holds at once. Each picture is decoded whole (the
//! per-file limit is `images.max_megapixels`), and pictures are made on every core at
//! once: six large 16-bit PNGs decoded side by side took a build past 1.4 GiB. A
//! decode first takes its bytes from one shared [`Budget`]; one that would go over it
//! waits until others give theirs back, and one larger than the whole budget runs
//! alone, so no picture that passes the per-file limit is ever refused for it.

use std::sync::{Condvar, Mutex, MutexGuard};

/// The bytes of decoded pixels the build holds at once (about 60 megapixels of 8-bit
/// RGBA): enough for several phone photos side by side, while one picture near the
/// per-file limit is made alone.
pub const DECODE_BUDGET: u64 = 256 * 1024 * 1024;

/// The budget every picture decode of the process takes from.
pub static DECODING: Budget = Budget::new(DECODE_BUDGET);

/// A number of bytes shared by the threads that make pictures.
#[derive(Debug)]
pub struct Budget {
    limit: u64,
    state: Mutex<State>,
    freed: Condvar,
}

#[derive(Debug, Default)]
struct State {
    /// Bytes taken and not yet given back.
    used: u64,
    /// Threads waiting for bytes.
    waiting: usize,
}

/// Bytes taken from a [`Budget`], given back when dropped.
#[derive(Debug)]
#[must_use = "the bytes are given back as soon as the permit is dropped"]
pub struct Permit<'a> {
    budget: &'a Budget,
    bytes: u64,
}

impl Budget {
    /// A budget of `limit` bytes.
    pub const fn new(limit: u64) -> Budget {
        Budget {
            limit,
            state: Mutex::new(State {
                used: 0,
                waiting: 0,
            }),
            freed: Condvar::new(),
        }
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A thread that panicked while holding the lock left the counts consistent:
        // they are only changed in whole steps.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Whether `bytes` may be taken now: they fit beside what is taken, or nothing is
    /// taken (a request larger than the whole budget runs alone rather than never).
    fn fits(&self, state: &State, bytes: u64) -> bool {
        state.used == 0 || state.used.saturating_add(bytes) <= self.limit
    }

    /// Takes `bytes`, waiting until they fit.
    pub fn take(&self, bytes: u64) -> Permit<'_> {
        let mut state = self.lock();
        state.waiting += 1;
        while !self.fits(&state, bytes) {
            state = self.freed.wait(state).unwrap_or_else(|e| e.into_inner());
        }
        state.waiting -= 1;
        state.used = state.used.saturating_add(bytes);
        Permit {
            budget: self,
            bytes,
        }
    }

    /// Takes `bytes` if they fit now.
    pub fn try_take(&self, bytes: u64) -> Option<Permit<'_>> {
        let mut state = self.lock();
        self.fits(&state, bytes).then(|| {
            state.used = state.used.saturating_add(bytes);
            Permit {
                budget: self,
                bytes,
            }
        })
    }

    /// The bytes taken now.
    pub fn in_use(&self) -> u64 {
        self.lock().used
    }

    /// How many threads wait for bytes now.
    pub fn waiting(&self) -> usize {
        self.lock().waiting
    }
}

impl Drop for Permit<'_> {
    fn drop(&mut self) {
        let mut state = self.budget.lock();
        state.used = state.used.saturating_sub(self.bytes);
        drop(state);
        self.budget.freed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_beyond_the_budget_wait_until_bytes_are_given_back() {
        let budget = &Budget::new(100);
        let first = budget.take(60);
        let second = budget.take(40);
        assert_eq!(budget.in_use(), 100);
        assert!(budget.try_take(1).is_none(), "the budget is spent");
        std::thread::scope(|scope| {
            let (taken, told) = std::sync::mpsc::channel();
            let waiter = scope.spawn(move || {
                let permit = budget.take(50);
                taken.send(()).unwrap();
                drop(permit);
            });
            // Wait (on the budget's own count, not a clock) until the thread waits.
            while budget.waiting() == 0 {
                std::thread::yield_now();
            }
            assert!(told.try_recv().is_err(), "it took bytes the budget lacks");
            drop(second);
            // 60 + 50 is still over 100: it keeps waiting.
            assert_eq!(budget.waiting(), 1);
            assert!(told.try_recv().is_err(), "it took bytes the budget lacks");
            drop(first);
            told.recv().unwrap();
            waiter.join().unwrap();
        });
        assert_eq!(budget.in_use(), 0);
    }

    #[test]
    fn a_take_larger_than_the_budget_runs_alone() {
        let budget = Budget::new(100);
        let small = budget.take(10);
        assert!(budget.try_take(500).is_none(), "not beside another");
        drop(small);
        let big = budget.try_take(500).expect("alone, it runs");
        assert!(budget.try_take(1).is_none(), "and nothing runs beside it");
        drop(big);
        assert!(budget.try_take(100).is_some());
    }
}
