//! Vietnamese alphabetical order as a plain sort key.
//!
//! Byte order puts "Đ" after "Z" and "ă" after "z"; the Vietnamese alphabet is
//! a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y, and tones only
//! break ties (ngang, huyền, hỏi, ngã, sắc, nặng). The key writes each letter as
//! two digits in that order, then a `0`, then one digit per letter for its
//! tone. Being digits only, it sorts the same under any database collation.

use unicode_normalization::UnicodeNormalization;

const ALPHABET: [&str; 33] = [
    "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m", "n", "o",
    "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
];

/// The collation key of `text`.
pub fn sort_key(text: &str) -> String {
    let mut primary = String::new();
    let mut tones = String::new();
    let mut space_pending = false;
    for c in text.nfd().flat_map(char::to_lowercase) {
        let (code, tone) = match c {
            // Tone marks attach to the previous letter.
            '\u{300}' => (None, Some('1')),
            '\u{309}' => (None, Some('2')),
            '\u{303}' => (None, Some('3')),
            '\u{301}' => (None, Some('4')),
            '\u{323}' => (None, Some('5')),
            // Letter-forming marks change the previous letter.
            '\u{306}' | '\u{302}' | '\u{31b}' => {
                modify_last(&mut primary, c);
                continue;
            }
            '0'..='9' => (Some(11 + (c as u32 - '0' as u32)), None),
            c if c.is_alphabetic() => {
                let s = if c == 'đ' {
                    "đ".to_owned()
                } else {
                    c.to_string()
                };
                let idx = ALPHABET
                    .iter()
                    .position(|l| *l == s)
                    .map_or(99, |i| 21 + i as u32);
                (Some(idx.min(99)), None)
            }
            _ => {
                space_pending = !primary.is_empty();
                continue;
            }
        };
        if let Some(code) = code {
            if space_pending {
                primary.push_str("10");
                space_pending = false;
            }
            primary.push_str(&format!("{code:02}"));
            tones.push('0');
        }
        if let Some(t) = tone
            && tones.pop().is_some()
        {
            tones.push(t);
        }
    }
    primary.push('0');
    primary.push_str(&tones);
    primary
}

/// Turns the last letter into its breve, circumflex or horn form.
fn modify_last(primary: &mut String, mark: char) {
    if primary.len() < 2 {
        return;
    }
    let code: usize = primary[primary.len() - 2..].parse().unwrap_or(0);
    let Some(letter) = code.checked_sub(21).and_then(|i| ALPHABET.get(i)) else {
        return;
    };
    let target = match (*letter, mark) {
        ("a", '\u{306}') => "ă",
        ("a", '\u{302}') => "â",
        ("e", '\u{302}') => "ê",
        ("o", '\u{302}') => "ô",
        ("o", '\u{31b}') => "ơ",
        ("u", '\u{31b}') => "ư",
        _ => return,
    };
    if let Some(i) = ALPHABET.iter().position(|l| *l == target) {
        primary.truncate(primary.len() - 2);
        primary.push_str(&format!("{:02}", 21 + i));
    }
}

#[cfg(test)]
mod tests {
    use super::sort_key;

    fn sorted(words: &[&str]) -> Vec<String> {
        let mut v: Vec<&str> = words.to_vec();
        v.sort_by_key(|w| sort_key(w));
        v.into_iter().map(String::from).collect()
    }

    #[test]
    fn follows_the_vietnamese_alphabet() {
        assert_eq!(
            sorted(&["Đà Nẵng", "Dân", "Zalo", "Ăn", "An", "Ấm", "Bắc"]),
            ["An", "Ăn", "Ấm", "Bắc", "Dân", "Đà Nẵng", "Zalo"]
        );
        assert_eq!(
            sorted(&["ơn", "ôm", "ong", "ưa", "uy"]),
            ["ong", "ôm", "ơn", "uy", "ưa"]
        );
    }

    #[test]
    fn tones_break_ties_in_dictionary_order() {
        assert_eq!(
            sorted(&["mạ", "má", "mã", "mả", "mà", "ma"]),
            ["ma", "mà", "mả", "mã", "má", "mạ"]
        );
    }

    #[test]
    fn shorter_words_come_first() {
        assert_eq!(sorted(&["an ninh", "an", "ang"]), ["an", "an ninh", "ang"]);
    }
}
