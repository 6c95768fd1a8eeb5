//! Every sentence the charts, the report pack and the terminal report say, one table per language:
//! Vietnamese (first) and English. Domain words come from the domain's `label(Lang)`.

use crate::domain::lang::ByLang;
use crate::domain::wording::Lang;

#[derive(serde::Serialize)]
pub struct ReportWords {
    pub official: &'static str,
    pub estimate: &'static str,
    pub anticipated: &'static str,
    pub no_figure: &'static str,
    pub anticipated_in: &'static str,
    pub actual_growth: &'static str,
    pub a_year: &'static str,
    pub needed: &'static str,
    pub a_year_from_now: &'static str,
    pub level_needed_in: &'static str,
    pub met_in: &'static str,
    pub years: &'static str,
    pub missed: &'static str,
    pub no_figure_colon: &'static str,
    pub done_in: &'static str,
    pub progress: &'static str,
    pub goal: &'static str,
    pub goal_path: &'static str,
    pub deadline: &'static str,
    pub not_given: &'static str,
    pub rolled_up_from_units: &'static str,
    pub not_reported: &'static str,
    pub not_counted: &'static str,
    pub units_reported: &'static str,
    pub by_unit: &'static str,
    pub area_figure: &'static str,
    pub lagging_first: &'static str,
    pub source: &'static str,
    pub assessed_as_of: &'static str,
    pub overview_subtitle: &'static str,
    pub bar_footnote: &'static str,
    pub report_heading: &'static str,
    pub latest_figure: &'static str,
    pub status: &'static str,
    pub files: &'static str,
    pub measurements_file: &'static str,
    pub methodology_pointer: &'static str,
}

pub const VI: ReportWords = ReportWords {
    official: "số chính thức",
    estimate: "số ước thực hiện",
    anticipated: "dự báo",
    no_figure: "chưa có số liệu",
    anticipated_in: "Dự báo năm",
    actual_growth: "tăng bình quân thực tế",
    a_year: "/năm",
    needed: "cần",
    a_year_from_now: "/năm từ nay",
    level_needed_in: "mức cần đạt năm",
    met_in: "Đạt",
    years: "năm",
    missed: "không đạt:",
    no_figure_colon: "chưa có số liệu:",
    done_in: "Hoàn thành năm",
    progress: "Tiến độ",
    goal: "Mục tiêu",
    goal_path: "Lộ trình",
    deadline: "Hạn",
    not_given: "chưa ghi",
    rolled_up_from_units: "tổng hợp từ số liệu các đơn vị",
    not_reported: "chưa báo cáo",
    not_counted: "không tính",
    units_reported: "đơn vị đã báo cáo",
    by_unit: "Theo đơn vị, năm",
    area_figure: "Cả địa bàn",
    lagging_first: "đơn vị chưa báo cáo và chưa đạt xếp trước",
    source: "Nguồn",
    assessed_as_of: "Đánh giá đến năm",
    overview_subtitle: "Tiến độ thực hiện các chỉ tiêu, đánh giá đến năm",
    bar_footnote: "Thanh: phần chặng đường từ năm gốc đến mục tiêu đã đi được (chỉ tiêu hằng năm: số năm đạt; chỉ tiêu mốc: 50% khi đang thực hiện)",
    report_heading: "Báo cáo tiến độ, đánh giá đến năm",
    latest_figure: "Số liệu mới nhất",
    status: "Tình trạng",
    files: "Các tệp:",
    measurements_file: "(toàn bộ số liệu, định dạng nhập/xuất)",
    methodology_pointer: "Cách đánh giá: xem docs/methodology.md của resolution-tracker.",
};

pub const EN: ReportWords = ReportWords {
    official: "official",
    estimate: "estimate",
    anticipated: "anticipated",
    no_figure: "no figure",
    anticipated_in: "Anticipated in",
    actual_growth: "actual growth",
    a_year: " a year",
    needed: "needed",
    a_year_from_now: " a year from now",
    level_needed_in: "level needed in",
    met_in: "Met in",
    years: "years",
    missed: "missed:",
    no_figure_colon: "no figure:",
    done_in: "Done in",
    progress: "Progress",
    goal: "Goal",
    goal_path: "Goal path",
    deadline: "Deadline",
    not_given: "not given",
    rolled_up_from_units: "rolled up from the units' figures",
    not_reported: "not reported",
    not_counted: "not counted",
    units_reported: "units reported",
    by_unit: "By unit, in",
    area_figure: "Whole area",
    lagging_first: "units not reported or falling short first",
    source: "Source",
    assessed_as_of: "Assessed as of",
    overview_subtitle: "Progress of the targets, assessed as of",
    bar_footnote: "Bar: share of the way from the baseline to the goal covered (each-year targets: years met; milestones: 50% while in progress)",
    report_heading: "Progress report, assessed as of",
    latest_figure: "Latest figure",
    status: "Status",
    files: "Files:",
    measurements_file: "(every figure, in the import format)",
    methodology_pointer: "How statuses are computed: resolution-tracker's docs/methodology.md.",
};

const WORDS: ByLang<ReportWords> = ByLang { vi: &VI, en: &EN };

pub fn words(lang: Lang) -> &'static ReportWords {
    WORDS.get(lang)
}

#[cfg(test)]
#[test]
fn no_sentence_is_empty_in_either_language() {
    crate::domain::lang::assert_said_in_both(&WORDS);
}
