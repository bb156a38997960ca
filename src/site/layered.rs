//! A lookup an update changes rather than copies. The site's lookups (path to identity,
//! slug to item, the known slugs, the preview's item pages) hold an entry per item; a
//! save changes one or two of them. Copying a 100,000-entry map for that cost tens of
//! milliseconds, and a persistent hash trie (imbl) cost 4% more peak memory in a cold
//! build (docs/decisions.md). So a map here is the previous site's map, shared, and the
//! entries changed since, folded into a new shared map once they pass a thousand.

use rustc_hash::FxHashMap as HashMap;
use std::borrow::Borrow;
use std::hash::Hash;
use std::sync::Arc;

/// Changed entries kept beside the shared map before they are folded into a new one:
/// copying this many costs microseconds; folding costs a copy of the whole map.
const MOST_RECENT: usize = 1024;

/// A map shared between updates, with the entries changed since it was made.
#[derive(Debug, Clone)]
pub struct Layered<K, V> {
    /// The map as it was made or last folded, shared by every site since.
    base: Arc<HashMap<K, V>>,
    /// Entries set (`Some`) or taken out (`None`) since.
    recent: Arc<HashMap<K, Option<V>>>,
}

impl<K, V> Default for Layered<K, V> {
    fn default() -> Self {
        Layered {
            base: Arc::default(),
            recent: Arc::default(),
        }
    }
}

impl<K: Hash + Eq + Clone, V: Clone> Layered<K, V> {
    /// The value at `key`.
    pub fn get<Q>(&self, key: &Q) -> Option<&V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        match self.recent.get(key) {
            Some(value) => value.as_ref(),
            None => self.base.get(key),
        }
    }

    /// Whether `key` has a value.
    pub fn contains_key<Q>(&self, key: &Q) -> bool
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.get(key).is_some()
    }

    /// Sets `key` to `value`, returning the value it had.
    pub fn insert(&mut self, key: K, value: V) -> Option<V> {
        let old = self.get(&key).cloned();
        Arc::make_mut(&mut self.recent).insert(key, Some(value));
        self.fold_when_many();
        old
    }

    /// Takes `key` out, returning the value it had.
    pub fn remove<Q>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
        Q: Hash + Eq + ToOwned<Owned = K> + ?Sized,
    {
        let old = self.get(key).cloned()?;
        let recent = Arc::make_mut(&mut self.recent);
        match self.base.contains_key(key) {
            true => recent.insert(key.to_owned(), None),
            false => recent.remove(key),
        };
        self.fold_when_many();
        Some(old)
    }

    /// Every entry, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> + Clone {
        let recent = &self.recent;
        let kept = self
            .base
            .iter()
            .filter(move |(k, _)| !recent.contains_key(*k));
        let set = recent.iter().filter_map(|(k, v)| Some((k, v.as_ref()?)));
        kept.chain(set)
    }

    /// Every key, in no particular order.
    pub fn keys(&self) -> impl Iterator<Item = &K> + Clone {
        self.iter().map(|(k, _)| k)
    }

    /// Whether the two are the very same map (shared, neither changed since).
    pub fn ptr_eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.base, &other.base) && Arc::ptr_eq(&self.recent, &other.recent)
    }

    fn fold_when_many(&mut self) {
        if self.recent.len() <= MOST_RECENT {
            return;
        }
        // The changes are moved in when no other map shares them (a build filling
        // its map), copied when one does.
        let recent = std::mem::take(&mut self.recent);
        let recent = Arc::try_unwrap(recent).unwrap_or_else(|shared| (*shared).clone());
        let base = Arc::make_mut(&mut self.base);
        for (key, value) in recent {
            match value {
                Some(value) => base.insert(key, value),
                None => base.remove(&key),
            };
        }
    }
}

impl<K: Hash + Eq, V> FromIterator<(K, V)> for Layered<K, V> {
    fn from_iter<I: IntoIterator<Item = (K, V)>>(entries: I) -> Self {
        let base: HashMap<K, V> = entries.into_iter().collect();
        Layered {
            base: Arc::new(base),
            recent: Arc::default(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_show_through_and_leave_the_shared_map_as_it_was() {
        let mut before: Layered<String, u32> = (0..10).map(|n| (format!("k{n}"), n)).collect();
        let mut after = before.clone();
        assert_eq!(after.insert("k1".into(), 100), Some(1));
        assert_eq!(after.insert("new".into(), 7), None);
        assert_eq!(after.remove("k2"), Some(2));
        assert_eq!(after.remove("k2"), None);
        assert_eq!(after.remove("new"), Some(7));
        assert_eq!(after.insert("k2".into(), 22), None);
        assert_eq!(
            (after.get("k1"), after.get("k2"), after.get("new")),
            (Some(&100), Some(&22), None)
        );
        assert_eq!(after.iter().count(), 10);
        let mut seen: Vec<(String, u32)> = after.iter().map(|(k, v)| (k.clone(), *v)).collect();
        seen.sort();
        assert_eq!(seen.len(), 10);
        assert!(seen.contains(&("k1".into(), 100)) && seen.contains(&("k2".into(), 22)));
        assert_eq!(
            (before.get("k1"), before.get("k2"), before.iter().count()),
            (Some(&1), Some(&2), 10)
        );
        assert!(!before.ptr_eq(&after));
        before.insert("k3".into(), 3);
        assert_eq!(before.get("k3"), Some(&3));
    }

    #[test]
    fn past_a_thousand_changes_they_are_folded_in_and_nothing_is_lost() {
        let mut map: Layered<u32, u32> = (0..3000).map(|n| (n, n)).collect();
        let shared = map.clone();
        for n in 0..2500 {
            match n % 3 {
                0 => assert_eq!(map.remove(&n), Some(n)),
                _ => assert_eq!(map.insert(n + 10_000, n), None),
            }
        }
        assert!(map.recent.len() <= MOST_RECENT);
        assert_eq!(map.iter().count(), 3000 - 834 + 1666);
        assert_eq!(
            (map.get(&0), map.get(&1), map.get(&10_001)),
            (None, Some(&1), Some(&1))
        );
        assert_eq!((shared.get(&0), shared.iter().count()), (Some(&0), 3000));
    }
}
