//! Lower-case role words before names: "his Maldivian counterpart Moosa Zameer",
//! "Hungary’s foreign minister, Péter Szijjártó".
//!
//! A match is what this regex finds, leftmost first (ROLE being an alternation of the
//! lower-cased titles and the role nouns, longest first):
//!
//! ```text
//! (?-u:\b)(?P<role>ROLE)(?:,\s*|\s+)\p{Lu}
//! ```
//!
//! Here the role words are looked up before each capital letter that follows a space or a
//! comma: capitals are fewer than the places a role word could start (most words start
//! with a letter that some role word starts with).

use super::lexicon::{CharClass, Forms, ascii_boundary};
use crate::rules::RuleSet;

/// A role word followed by a capitalised word.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RoleBeforeName {
    /// First byte of the role word.
    pub start: usize,
    /// One past its last byte.
    pub role_end: usize,
    /// Where the capitalised word starts.
    pub name_start: usize,
    /// The title the role word is, as the rule set writes it (index in its titles).
    pub title: Option<usize>,
}

/// The role-word matcher, built once with the rules.
#[derive(Debug, Clone)]
pub struct RoleWords {
    /// Role words, each with the title it spells.
    roles: Forms<Option<usize>>,
    upper: CharClass,
    space: CharClass,
}

impl RoleWords {
    /// The matcher for a rule set: its titles written in letters, spaces and hyphens, in
    /// lower case, and its role nouns.
    pub fn new(set: &RuleSet) -> RoleWords {
        let lower_titles: Vec<String> = set
            .titles
            .iter()
            .filter(|t| t.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '-'))
            .map(|t| t.to_lowercase())
            .collect();
        let roles = lower_titles.iter().chain(&set.role_nouns).map(|role| {
            let title = set.titles.iter().position(|t| t.eq_ignore_ascii_case(role));
            (role.trim(), title)
        });
        RoleWords {
            roles: Forms::new(roles),
            upper: CharClass::new(r"\p{Lu}"),
            space: CharClass::new(r"\s"),
        }
    }

    /// Every role word followed by a capitalised word in `text`, in order, as the regex's
    /// `find_iter` finds them; `capitals` are the positions in `text` of (at least) every
    /// upper-case character, in order.
    pub fn find_all(&self, text: &str, capitals: &[usize]) -> Vec<RoleBeforeName> {
        // Every role word with a capital after it, found from the capitals (fewer than the
        // words that start like a role).
        let mut hits: Vec<RoleBeforeName> = Vec::new();
        for &at in capitals {
            let capital = text.get(at..).and_then(|rest| rest.chars().next());
            if !capital.is_some_and(|c| self.upper.contains(c)) {
                continue;
            }
            let gap = self.space.run_start(text, at);
            // `ROLE,\s*` or `ROLE\s+`.
            let role_end = if text[..gap].ends_with(',') {
                gap - 1
            } else if gap < at {
                gap
            } else {
                continue;
            };
            let roles = self.roles.ending_at(text, role_end);
            hits.extend(roles.map(|(len, &title)| RoleBeforeName {
                start: role_end - len,
                role_end,
                name_start: at,
                title,
            }));
        }
        hits.retain(|hit| ascii_boundary(text, hit.start));
        // Leftmost first, and at one place the longest role word.
        hits.sort_unstable_by_key(|hit| (hit.start, std::cmp::Reverse(hit.role_end)));
        let mut from = 0;
        hits.retain(|hit| {
            if hit.start < from {
                return false;
            }
            let capital = text[hit.name_start..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
            from = hit.name_start + capital;
            true
        });
        hits
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::alternation;
    use regex::Regex;

    fn assert_as_regex(set: &RuleSet, text: &str) {
        let lower_titles: Vec<String> = set
            .titles
            .iter()
            .filter(|t| t.chars().all(|c| c.is_alphabetic() || c == ' ' || c == '-'))
            .map(|t| t.to_lowercase())
            .chain(set.role_nouns.iter().cloned())
            .collect();
        let re = Regex::new(&format!(
            r"(?-u:\b)(?P<role>{})(?:,\s*|\s+)\p{{Lu}}",
            alternation(&lower_titles)
        ))
        .unwrap();
        let expected: Vec<(usize, usize, usize)> = re
            .captures_iter(text)
            .map(|caps| {
                let whole = caps.get(0).unwrap();
                let capital = text[..whole.end()].chars().next_back().unwrap();
                let role = caps.name("role").unwrap();
                (role.start(), role.end(), whole.end() - capital.len_utf8())
            })
            .collect();
        let marks: Vec<usize> = (0..text.len()).collect();
        let found: Vec<(usize, usize, usize)> = RoleWords::new(set)
            .find_all(text, &marks)
            .iter()
            .map(|r| (r.start, r.role_end, r.name_start))
            .collect();
        assert_eq!(found, expected, "in {text:?}");
    }

    #[test]
    fn roles_are_those_of_the_regex() {
        let set = RuleSet::builtin();
        for text in [
            "his counterpart Moosa Zameer and the foreign minister, Péter Szijjártó met",
            "Hungary’s prime minister Viktor; summer Rain; programs Mr; dr Who; formed Alliance",
            "deputy prime minister, Ana and minister  Jon; minister,Jon; minister ,Jon",
            "minister\u{a0}Élise, chief\tAdviser; xchief Ana; chief_Ana; chief É; chief",
            "prime minister Minister Ana; leader, leader Ana",
        ] {
            assert_as_regex(&set, text);
        }
    }

    #[test]
    fn a_role_word_names_its_title() {
        let set = RuleSet::builtin();
        let text = "the foreign minister, Ana and aide Jon";
        let marks: Vec<usize> = (0..text.len()).collect();
        let found = RoleWords::new(&set).find_all(text, &marks);
        let titles: Vec<Option<&str>> = found
            .iter()
            .map(|r| r.title.map(|t| set.titles[t].as_str()))
            .collect();
        assert_eq!(titles, [Some("Foreign Minister"), None]);
    }

    proptest::proptest! {
        #[test]
        fn roles_agree_with_the_regex_on_any_text(
            words in proptest::collection::vec(
                "(minister|prime|foreign|counterpart|chief|Ana|É|x|,| |  |\n|\u{a0}|-|mr|Mr)",
                0..24,
            )
        ) {
            assert_as_regex(&RuleSet::builtin(), &words.concat());
        }
    }
}
