//! How targets, goals and figures are said to people, in Vietnamese (first) and English.

use super::catalog::{Rule, Target};
use super::measurement::Quality;
use super::number;
use super::progress::Progress;
use super::unit_progress::UnitYear;

pub use super::lang::Lang;

/// The few words goals and figures are said with, one table per language.
struct GoalWords {
    each_year: &'static str,
    a_year: &'static str,
    done: &'static str,
    goal: &'static str,
    through: &'static str,
    estimate_mark: &'static str,
}

const VI: GoalWords = GoalWords {
    each_year: "mỗi năm",
    a_year: "/năm",
    done: "hoàn thành",
    goal: "Mục tiêu",
    through: "đến",
    estimate_mark: ", ước",
};

const EN: GoalWords = GoalWords {
    each_year: "each year",
    a_year: " a year",
    done: "done",
    goal: "Goal",
    through: "through",
    estimate_mark: ", est.",
};

const GOAL_WORDS: super::lang::ByLang<GoalWords> = super::lang::ByLang { vi: &VI, en: &EN };

fn goal_words(lang: Lang) -> &'static GoalWords {
    GOAL_WORDS.get(lang)
}

/// "mỗi năm" / "each year": what a goal every year holds to.
pub fn each_year(lang: Lang) -> &'static str {
    goal_words(lang).each_year
}

/// A number as this language writes it, with at most two decimals ("90,5" / "90.5").
pub fn number(value: f64, lang: Lang) -> String {
    number::format(value, 2, lang.decimal())
}

pub fn title(target: &Target, lang: Lang) -> &str {
    lang.pick(&target.title_vi, &target.title_en)
}

pub fn unit(target: &Target, lang: Lang) -> &str {
    lang.pick(&target.unit_vi, &target.unit_en)
}

/// Value and unit: "90,5 %" is written "90,5%"; other units after a space.
pub fn with_unit(value: f64, target: &Target, lang: Lang) -> String {
    let unit = unit(target, lang);
    match unit {
        "" => number(value, lang),
        u if u.starts_with('%') => format!("{}{}", number(value, lang), u),
        u => format!("{} {}", number(value, lang), u),
    }
}

/// The goal in a few words: "> 90 triệu đồng/người/năm", "≥ 120 đảng viên mỗi năm", "≥ 10%/năm", "hoàn thành".
pub fn goal(target: &Target, lang: Lang) -> String {
    match target.rule {
        Rule::ReachByDeadline(g) => format!(
            "{} {}",
            g.comparator.symbol(),
            with_unit(g.value, target, lang)
        ),
        Rule::EveryYear(g) => format!(
            "{} {} {}",
            g.comparator.symbol(),
            with_unit(g.value, target, lang),
            goal_words(lang).each_year
        ),
        Rule::AverageGrowth(g) => {
            format!(
                "{} {}%{}",
                g.comparator.symbol(),
                number(g.value, lang),
                goal_words(lang).a_year
            )
        }
        Rule::Milestone => goal_words(lang).done.to_string(),
    }
}

/// The goal with its year, as a chart's goal line is labelled: "Mục tiêu 2025: > 90"; a goal every year says the
/// years it holds to: "Mục tiêu (đến 2025): ≥ 120 đảng viên mỗi năm".
pub fn goal_with_year(target: &Target, lang: Lang) -> String {
    let w = goal_words(lang);
    match target.rule {
        // A goal every year holds each year up to the goal year, not in it alone.
        Rule::EveryYear(_) => format!(
            "{} ({} {}): {}",
            w.goal,
            w.through,
            target.goal_year,
            goal(target, lang)
        ),
        _ => format!("{} {}: {}", w.goal, target.goal_year, goal(target, lang)),
    }
}

/// The latest figure: "80,6 triệu đồng/người/năm (2024, ước)", "Đang thực hiện (2024)", or "—".
pub fn latest(progress: &Progress, target: &Target, lang: Lang) -> String {
    let Some(year) = progress.latest_year else {
        return "—".into();
    };
    let estimate = if progress.latest_quality == Some(Quality::Estimate) {
        goal_words(lang).estimate_mark
    } else {
        ""
    };
    if let Some(state) = progress.latest_state {
        return format!("{} ({year}{estimate})", state.label(lang));
    }
    match progress.latest_value {
        Some(v) => format!("{} ({year}{estimate})", with_unit(v, target, lang)),
        None => "—".into(),
    }
}

/// A unit's figure of a year in words: its value with the target's unit (and a ratio's counts), or its yes/no
/// answer, marked when it is an estimate.
pub fn unit_figure(f: &UnitYear, target: &Target, lang: Lang) -> String {
    let mut text = match (f.value, f.yes) {
        (_, Some(yes)) => super::lang::yes_no(yes, lang).to_string(),
        (Some(v), None) => with_unit(v, target, lang),
        (None, None) => "—".to_string(),
    };
    if let (Some(n), Some(d)) = (f.numerator, f.denominator) {
        text.push_str(&format!(" ({}/{})", number(n, lang), number(d, lang)));
    }
    if f.quality == Quality::Estimate {
        text.push_str(&format!(" ({})", Quality::Estimate.label(lang)));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::progress::assess;
    use crate::domain::{Figure, Reading};

    #[test]
    fn goals_and_figures_in_both_languages() {
        let c = crate::domain::catalog::shipped_for_tests();
        let t01 = c.target("T01").expect("T01");
        assert_eq!(
            goal_with_year(t01, Lang::Vi),
            "Mục tiêu 2025: > 90 triệu đồng/người/năm"
        );
        assert_eq!(
            goal(c.target("T15").expect("T15"), Lang::En),
            "≥ 120 party members each year"
        );
        assert_eq!(goal(c.target("T02").expect("T02"), Lang::Vi), "≥ 10%/năm");
        // A goal every year is not a goal of its last year alone.
        assert_eq!(
            goal_with_year(c.target("T15").expect("T15"), Lang::Vi),
            "Mục tiêu (đến 2025): ≥ 120 đảng viên mỗi năm"
        );
        assert_eq!(
            goal(c.target("T05").expect("T05"), Lang::Vi),
            "≥ 95% dân số"
        );
        let figures = [Figure {
            year: 2024,
            quality: Quality::Estimate,
            reading: Reading::Value(80.6),
        }];
        let p = assess(t01, 2020, &figures, 2024);
        assert_eq!(
            latest(&p, t01, Lang::Vi),
            "80,6 triệu đồng/người/năm (2024, ước)"
        );
        assert_eq!(
            latest(&p, t01, Lang::En),
            "80.6 million VND per person per year (2024, est.)"
        );
    }
}
