//! The kinds of catalog entry (a resolution, a group, a breakthrough task, a target, a unit), as the pages'
//! addresses and the catalog's problems name them, and the boxes of each kind's form, named as the catalog file
//! names its fields.

/// A kind of catalog entry, as the pages' addresses name it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Resolution,
    Group,
    Breakthrough,
    Target,
    Unit,
    Agency,
}

/// How a box is filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Input {
    /// A code: fixed once the entry exists (figures, files and links name it).
    Code,
    Text,
    /// Several lines (the resolution's own words).
    Long,
    Number,
    Year,
    /// A tick box.
    Flag,
    /// `YYYY-MM-DD`.
    Date,
    /// Several codes, separated by commas.
    List,
    Choice(Options),
}

/// Where a choice's options come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Options {
    Groups,
    Breakthroughs,
    Kinds,
    Comparators,
    Rollups,
    Agencies,
}

/// One box of an entry's form, named as the catalog file names the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    pub input: Input,
    /// The file's entry cannot be read without it (an empty text is still sent, so the check can name it).
    pub required: bool,
}

const fn field(name: &'static str, input: Input, required: bool) -> Field {
    Field {
        name,
        input,
        required,
    }
}

const RESOLUTION: &[Field] = &[
    field("code", Input::Code, true),
    field("title_vi", Input::Text, true),
    field("title_en", Input::Text, true),
    field("baseline_year", Input::Year, true),
    field("goal_year", Input::Year, true),
    field("estimate_due", Input::Text, false),
    field("official_due", Input::Text, false),
    field("counts", Input::Text, false),
];

const GROUP: &[Field] = &[
    field("code", Input::Code, true),
    field("title_vi", Input::Text, true),
    field("title_en", Input::Text, true),
];

const BREAKTHROUGH: &[Field] = &[
    field("code", Input::Code, true),
    field("title_vi", Input::Text, true),
    field("title_en", Input::Text, true),
    field("source_text_vi", Input::Long, false),
];

const TARGET: &[Field] = &[
    field("code", Input::Code, true),
    field("group", Input::Choice(Options::Groups), true),
    field("title_vi", Input::Text, true),
    field("title_en", Input::Text, true),
    field("source_text_vi", Input::Long, false),
    field("kind", Input::Choice(Options::Kinds), true),
    field("comparator", Input::Choice(Options::Comparators), false),
    field("goal", Input::Number, false),
    field("goal_year", Input::Year, false),
    field("unit_vi", Input::Text, false),
    field("unit_en", Input::Text, false),
    field("breakthrough", Input::Choice(Options::Breakthroughs), false),
    field("min", Input::Number, false),
    field("max", Input::Number, false),
    field("whole", Input::Flag, false),
    field("rollup", Input::Choice(Options::Rollups), false),
    field("counted_kinds", Input::List, false),
    field("numerator_vi", Input::Text, false),
    field("numerator_en", Input::Text, false),
    field("denominator_vi", Input::Text, false),
    field("denominator_en", Input::Text, false),
    field("agency", Input::Choice(Options::Agencies), false),
    field("co_agencies", Input::List, false),
    field("continues", Input::Text, false),
];

const UNIT: &[Field] = &[
    field("code", Input::Code, true),
    field("name_vi", Input::Text, true),
    field("name_en", Input::Text, true),
    field("kind", Input::Text, true),
    field("starts", Input::Date, false),
    field("ends", Input::Date, false),
];

const AGENCY: &[Field] = &[
    field("code", Input::Code, true),
    field("name_vi", Input::Text, true),
    field("name_en", Input::Text, true),
];

impl EntryKind {
    pub const LISTED: [EntryKind; 5] = [
        EntryKind::Group,
        EntryKind::Breakthrough,
        EntryKind::Target,
        EntryKind::Unit,
        EntryKind::Agency,
    ];

    /// The kind an address names (`groups`, `breakthroughs`, `targets`, `units`, `agencies`, `resolution`).
    pub fn from_segment(segment: &str) -> Option<EntryKind> {
        match segment {
            "resolution" => Some(EntryKind::Resolution),
            "groups" => Some(EntryKind::Group),
            "breakthroughs" => Some(EntryKind::Breakthrough),
            "targets" => Some(EntryKind::Target),
            "units" => Some(EntryKind::Unit),
            "agencies" => Some(EntryKind::Agency),
            _ => None,
        }
    }

    pub fn segment(self) -> &'static str {
        match self {
            EntryKind::Resolution => "resolution",
            EntryKind::Group => "groups",
            EntryKind::Breakthrough => "breakthroughs",
            EntryKind::Target => "targets",
            EntryKind::Unit => "units",
            EntryKind::Agency => "agencies",
        }
    }

    /// The word a problem's entry starts with ("target" in "target T03").
    pub fn word(self) -> &'static str {
        match self {
            EntryKind::Resolution => "resolution",
            EntryKind::Group => "group",
            EntryKind::Breakthrough => "breakthrough",
            EntryKind::Target => "target",
            EntryKind::Unit => "unit",
            EntryKind::Agency => "agency",
        }
    }

    /// The problems' name for the entry with this code.
    pub fn entry(self, code: &str) -> String {
        match self {
            EntryKind::Resolution => "resolution".into(),
            _ => format!("{} {code}", self.word()),
        }
    }

    pub fn fields(self) -> &'static [Field] {
        match self {
            EntryKind::Resolution => RESOLUTION,
            EntryKind::Group => GROUP,
            EntryKind::Breakthrough => BREAKTHROUGH,
            EntryKind::Target => TARGET,
            EntryKind::Unit => UNIT,
            EntryKind::Agency => AGENCY,
        }
    }

    /// Whether an entry of this kind can be retired (a unit ends instead, on its `ends` day).
    pub fn retires(self) -> bool {
        matches!(
            self,
            EntryKind::Group | EntryKind::Breakthrough | EntryKind::Target
        )
    }
}
