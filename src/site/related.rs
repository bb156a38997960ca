//! Related stories: up to three case studies sharing the most industry and stage terms
//! with each one (the same industry counts two, each shared stage one; ties go to the
//! case study listed first).
//!
//! Case studies with the same industry and stages score alike against everyone, so each
//! distinct profile (a *group*) is scored once, and each group keeps its four best
//! case studies: four, so that dropping the case study itself still leaves three. The
//! groups and their best are kept in the site ([`Index`]), so that a site with a case
//! study more or less, or one refiled, scores only what that changes: a new case study
//! is one more candidate for every group, and only a group that lost one of its best
//! is scored again.

use super::{Item, ItemId, Items};
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;
use std::cmp::Reverse;

/// A case study's industry (its number, `u32::MAX` for none) and its stages as bits.
type Profile = (u32, u64);

/// A candidate: its score (higher first), then its place among the case studies.
type Candidate = (Reverse<u32>, usize);

/// Case studies with one profile: their places in the listing, and the four best
/// candidates of any profile for them.
#[derive(Debug, Clone)]
struct Group {
    members: Vec<usize>,
    best: Vec<Candidate>,
}

/// What related stories were worked out from, for the next site to start from: every
/// case study's profile (by place among the case studies, in listing order) and the
/// groups. Sites whose case studies use more than 64 stages have none and are scored
/// in full every time.
#[derive(Debug, Clone, Default)]
pub struct Index {
    /// Industry (`false`) and stage (`true`) terms by number.
    numbers: HashMap<(bool, String), u32>,
    /// Stages numbered so far.
    stages: u32,
    profiles: Vec<Profile>,
    groups: HashMap<Profile, Group>,
}

/// The score of a case study of profile `o` for one of profile `g`.
fn score(g: Profile, o: Profile) -> u32 {
    let same = u32::from(g.0 != u32::MAX && g.0 == o.0);
    same * 2 + (g.1 & o.1).count_ones()
}

/// Merges `candidate` into `best`, keeping the four best in order.
fn offer(best: &mut Vec<Candidate>, candidate: Candidate) {
    if best.len() == 4 && candidate >= best[3] {
        return;
    }
    let at = best.partition_point(|b| *b < candidate);
    best.insert(at, candidate);
    best.truncate(4);
}

impl Index {
    /// The profile of a case study, numbering terms not seen before; `None` past 64
    /// stages.
    fn profile_of(&mut self, item: &Item) -> Option<Profile> {
        let terms = &item.terms;
        let industry = match terms.get("industry").and_then(|t| t.first()) {
            Some(t) => self.number(false, t),
            None => u32::MAX,
        };
        let mut bits = 0u64;
        for stage in terms.get("stages").into_iter().flatten() {
            let n = self.number(true, stage);
            if n >= 64 {
                return None;
            }
            bits |= 1 << n;
        }
        Some((industry, bits))
    }

    fn number(&mut self, stage: bool, term: &str) -> u32 {
        if let Some(&n) = self.numbers.get(&(stage, term.to_string())) {
            return n;
        }
        let n = match stage {
            true => {
                self.stages += 1;
                self.stages - 1
            }
            false => self.numbers.len() as u32,
        };
        self.numbers.insert((stage, term.to_string()), n);
        n
    }

    /// Scores the case studies `ids` (in listing order) in full; `None` past 64 stages.
    pub fn build(items: &Items, ids: &[ItemId]) -> Option<Index> {
        let mut index = Index::default();
        let profiles: Option<Vec<Profile>> =
            ids.iter().map(|&id| index.profile_of(&items[id])).collect();
        index.profiles = profiles?;
        for (i, p) in index.profiles.iter().enumerate() {
            let group = index.groups.entry(*p).or_insert_with(|| Group {
                members: Vec::new(),
                best: Vec::new(),
            });
            group.members.push(i);
        }
        let all: Vec<Profile> = index.groups.keys().copied().collect();
        index.score_again(&all);
        Some(index)
    }

    /// The four best candidates of the groups `which`, scored against every group.
    fn score_again(&mut self, which: &[Profile]) {
        // Flat arrays: each group's profile and its first four members.
        let others: Vec<(Profile, &[usize])> = self
            .groups
            .iter()
            .map(|(p, g)| (*p, &g.members[..g.members.len().min(4)]))
            .collect();
        let best: Vec<Vec<Candidate>> = which
            .par_iter()
            .map(|&g| {
                let mut best: Vec<Candidate> = Vec::with_capacity(5);
                for &(o, members) in &others {
                    let score = score(g, o);
                    if score == 0 || best.len() == 4 && Reverse(score) > best[3].0 {
                        continue;
                    }
                    for &j in members {
                        let candidate = (Reverse(score), j);
                        if best.len() == 4 && candidate >= best[3] {
                            break;
                        }
                        offer(&mut best, candidate);
                    }
                }
                best
            })
            .collect();
        for (g, best) in which.iter().zip(best) {
            self.groups.get_mut(g).expect("a group").best = best;
        }
    }

    /// The index for the case studies `ids` (listing order) of `items`, from this one:
    /// `old_of_new` gives each case study's place in this index when it was there with
    /// the same profile (`None` for one new or refiled). Places kept must keep their
    /// order. `None` past 64 stages or when the order moved.
    pub fn update(
        &self,
        items: &Items,
        ids: &[ItemId],
        old_of_new: &[Option<usize>],
    ) -> Option<Index> {
        let mut new_of_old = vec![None; self.profiles.len()];
        let mut last = None;
        for (k, old) in old_of_new.iter().enumerate() {
            if let Some(o) = *old {
                if last.is_some_and(|l| l >= o) {
                    return None;
                }
                last = Some(o);
                new_of_old[o] = Some(k);
            }
        }
        let mut next = Index {
            numbers: self.numbers.clone(),
            stages: self.stages,
            profiles: Vec::with_capacity(ids.len()),
            groups: HashMap::with_capacity_and_hasher(self.groups.len() + 1, Default::default()),
        };
        let mut added = Vec::new();
        for (k, old) in old_of_new.iter().enumerate() {
            let profile = match old {
                Some(o) => self.profiles[*o],
                None => {
                    added.push(k);
                    next.profile_of(&items[ids[k]])?
                }
            };
            next.profiles.push(profile);
        }
        // Groups lose the case studies that went and follow the others to their places;
        // a group that lost one of its best is scored again.
        let mut again = Vec::new();
        for (p, group) in &self.groups {
            let members: Vec<usize> = group
                .members
                .iter()
                .filter_map(|&m| new_of_old[m])
                .collect();
            let best: Option<Vec<Candidate>> = group
                .best
                .iter()
                .map(|&(s, j)| new_of_old[j].map(|j| (s, j)))
                .collect();
            let best = best.unwrap_or_else(|| {
                again.push(*p);
                Vec::new()
            });
            next.groups.insert(*p, Group { members, best });
        }
        for &k in &added {
            let p = next.profiles[k];
            let group = next.groups.entry(p).or_insert_with(|| {
                again.push(p);
                Group {
                    members: Vec::new(),
                    best: Vec::new(),
                }
            });
            let at = group.members.partition_point(|&m| m < k);
            group.members.insert(at, k);
        }
        next.groups.retain(|_, g| !g.members.is_empty());
        again.retain(|p| next.groups.contains_key(p));
        // Every new case study is a candidate for every other group.
        if !added.is_empty() {
            for (&g, group) in next.groups.iter_mut() {
                for &k in &added {
                    let score = score(g, next.profiles[k]);
                    if score > 0 {
                        offer(&mut group.best, (Reverse(score), k));
                    }
                }
            }
        }
        next.score_again(&again);
        Some(next)
    }

    /// Each case study's related ones, by item id.
    pub fn related(&self, ids: &[ItemId]) -> HashMap<ItemId, Vec<ItemId>> {
        let mut related = HashMap::with_capacity_and_hasher(ids.len(), Default::default());
        for group in self.groups.values() {
            for &i in &group.members {
                let top = group.best.iter().filter(|&&(_, j)| j != i).take(3);
                related.insert(ids[i], top.map(|&(_, j)| ids[j]).collect());
            }
        }
        related
    }
}
