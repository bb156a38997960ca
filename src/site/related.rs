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

use super::{ItemId, ItemTerms as Terms};
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
    fn profile_of(&mut self, terms: &Terms) -> Option<Profile> {
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

    /// Scores the case studies whose terms are `terms` (in listing order) in full;
    /// `None` past 64 stages.
    pub fn build(terms: &[&Terms]) -> Option<Index> {
        let mut index = Index::default();
        let profiles: Option<Vec<Profile>> = terms.iter().map(|t| index.profile_of(t)).collect();
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

    /// The index for the case studies whose terms are `terms` (listing order), from this one:
    /// `old_of_new` gives each case study's place in this index when it was there with
    /// the same profile (`None` for one new or refiled). Places kept must keep their
    /// order. `None` past 64 stages or when the order moved.
    pub fn update(&self, terms: &[&Terms], old_of_new: &[Option<usize>]) -> Option<Index> {
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
            profiles: Vec::with_capacity(terms.len()),
            groups: HashMap::with_capacity_and_hasher(self.groups.len() + 1, Default::default()),
        };
        let mut added = Vec::new();
        for (k, old) in old_of_new.iter().enumerate() {
            let profile = match old {
                Some(o) => self.profiles[*o],
                None => {
                    added.push(k);
                    next.profile_of(terms[k])?
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

/// A case study's industry number and its stages as a bit set.
pub(super) type TermProfile = (Option<usize>, Vec<u64>);

/// Up to three case studies sharing the most industry and stage terms with each one.
pub(super) fn related_case_studies(
    ids: &[ItemId],
    terms: &[&Terms],
) -> HashMap<ItemId, Vec<ItemId>> {
    let (profiles, words) = term_profiles(terms);
    // Case studies with the same industry and stages score alike against everyone, so
    // score each distinct profile once: the work grows with the number of profiles
    // squared (hundreds; under two thousand at 10k items), not the number of case
    // studies squared.
    let mut groups: HashMap<&TermProfile, Vec<usize>> = HashMap::default();
    for (i, profile) in profiles.iter().enumerate() {
        groups.entry(profile).or_default().push(i);
    }
    let mut groups: Vec<(&TermProfile, Vec<usize>)> = groups.into_iter().collect();
    groups.sort_by_key(|(_, members)| members[0]);
    let best_of_group = best_of_groups(&groups, words);
    let mut related = HashMap::with_capacity_and_hasher(ids.len(), Default::default());
    for ((_, members), best) in groups.iter().zip(&best_of_group) {
        for &i in members {
            let top: Vec<ItemId> = best
                .iter()
                .filter(|&&j| j != i)
                .take(3)
                .map(|&j| ids[j])
                .collect();
            related.insert(ids[i], top);
        }
    }
    related
}

/// Each case study as an industry number and a bit set of its stages, so scoring a
/// pair is a comparison and a popcount: every pair is scored exactly, in parallel.
/// Returns the profiles (in listing order) and the words each bit set takes.
fn term_profiles<'a>(terms: &[&'a Terms]) -> (Vec<TermProfile>, usize) {
    let mut numbers: HashMap<(&str, &str), usize> = HashMap::default();
    let mut number = |tax: &'static str, term: &'a String| {
        let next = numbers.len();
        *numbers.entry((tax, term.as_str())).or_insert(next)
    };
    let profiles: Vec<(Option<usize>, Vec<usize>)> = terms
        .iter()
        .map(|terms| {
            let industry = terms
                .get("industry")
                .and_then(|t| t.first())
                .map(|t| number("industry", t));
            let stages = terms
                .get("stages")
                .into_iter()
                .flatten()
                .map(|t| number("stages", t))
                .collect();
            (industry, stages)
        })
        .collect();
    let words = numbers.len().div_ceil(64).max(1);
    let profiles: Vec<TermProfile> = profiles
        .into_iter()
        .map(|(industry, stages)| {
            let mut bits = vec![0u64; words];
            for s in stages {
                bits[s / 64] |= 1 << (s % 64);
            }
            (industry, bits)
        })
        .collect();
    (profiles, words)
}

/// For each profile, the four best other case studies (four, so that dropping the
/// case study itself still leaves three): score first, then the earlier item. Scores
/// are small numbers, compared in one tight pass over the groups.
fn best_of_groups(groups: &[(&TermProfile, Vec<usize>)], words: usize) -> Vec<Vec<usize>> {
    use rayon::prelude::*;
    let industries: Vec<usize> = groups
        .iter()
        .map(|(p, _)| p.0.unwrap_or(usize::MAX))
        .collect();
    let bits: Vec<&[u64]> = groups.iter().map(|(p, _)| p.1.as_slice()).collect();
    // Up to 64 stages (every real site) fit one word: score from flat arrays.
    let one_word: Option<Vec<u64>> = (words == 1).then(|| bits.iter().map(|b| b[0]).collect());
    let score = |g: usize, o: usize| -> u32 {
        let same = u32::from(industries[g] != usize::MAX && industries[o] == industries[g]);
        let shared = match &one_word {
            Some(word) => (word[g] & word[o]).count_ones(),
            None => bits[g]
                .iter()
                .zip(bits[o])
                .map(|(x, y)| (x & y).count_ones())
                .sum(),
        };
        same * 2 + shared
    };
    (0..groups.len())
        .into_par_iter()
        .map(|g| {
            // The four best candidates in one pass, kept in order: a higher score first,
            // then the earlier case study. Every group offers its first four members.
            let mut best: Vec<(std::cmp::Reverse<u32>, usize)> = Vec::with_capacity(5);
            for (o, (_, members)) in groups.iter().enumerate() {
                let score = score(g, o);
                if score == 0 || best.len() == 4 && std::cmp::Reverse(score) > best[3].0 {
                    continue;
                }
                for &j in members.iter().take(4) {
                    let candidate = (std::cmp::Reverse(score), j);
                    if best.len() == 4 && candidate >= best[3] {
                        break;
                    }
                    let at = best.partition_point(|b| *b < candidate);
                    best.insert(at, candidate);
                    best.truncate(4);
                }
            }
            best.into_iter().map(|(_, j)| j).collect()
        })
        .collect()
}
