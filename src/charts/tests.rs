//! The renderer on its own: edge cases a catalog or a statistician can produce.

use super::*;

fn text() -> ChartText {
    ChartText {
        decimal_comma: true,
        official: "số chính thức".into(),
        estimate: "số ước thực hiện".into(),
        anticipated: "dự báo".into(),
        no_figure: "chưa có số liệu".into(),
        unapproved: None,
    }
}

fn level(points: Vec<LevelPoint>) -> TargetChart {
    TargetChart {
        title: "T01 · Thu nhập bình quân đầu người".into(),
        status_label: "Cần đẩy nhanh".into(),
        status_colour: Colour(0xDD, 0xAA, 0x33),
        goal_label: "Mục tiêu 2025: > 90 triệu đồng/người/năm".into(),
        notes: vec!["Dự báo năm 2025: 87,32".into()],
        unit: "triệu đồng/người/năm".into(),
        first_year: 2020,
        last_year: 2025,
        body: TargetBody::Level {
            points,
            goal: Some((90.0, "Mục tiêu 2025: > 90".into())),
            goal_path: Vec::new(),
            goal_path_label: String::new(),
            anticipated: Some(((2024, 80.6), (2025, 87.32))),
        },
        footnote: "Nguồn: Chi cục Thống kê".into(),
        text: text(),
        size: Size::TARGET,
    }
}

fn point(year: i32, value: f64) -> LevelPoint {
    LevelPoint {
        year,
        value,
        official: true,
        effective: true,
    }
}

fn decode(bytes: &[u8]) -> (u32, u32, Vec<u8>) {
    let png = super::decode_png(bytes).expect("decodes");
    (png.width, png.height, png.rgb)
}

#[test]
fn decomposed_vietnamese_draws_exactly_like_composed() {
    let composed = level(vec![point(2020, 58.5), point(2024, 80.6)]);
    let mut decomposed = composed.clone();
    decomposed.title = "T01 · Thu nha\u{0323}\u{0302}p bi\u{0300}nh qua\u{0302}n \u{0111}a\u{0302}\u{0300}u ngu\u{031b}o\u{031b}\u{0300}i".into();
    assert_ne!(decomposed.title, composed.title);
    assert_eq!(
        render_target(&decomposed).expect("renders"),
        render_target(&composed).expect("renders")
    );
}

#[test]
fn a_long_title_stays_inside_the_picture() {
    let mut chart = level(vec![point(2020, 58.5), point(2024, 80.6)]);
    chart.title =
        "T03 · Giá trị sản phẩm thu hoạch trên một ha đất trồng trọt và nuôi trồng thủy sản "
            .repeat(4);
    let (w, h, rgb) = decode(&render_target(&chart).expect("renders"));
    assert_eq!((w, h), (1200, 700));
    // The right-most columns (under the badge's margin) carry no title ink: it wrapped and ended in "…".
    let right_edge_ink = (0..200u32)
        .filter(|y| {
            let i = ((y * w + w - 3) * 3) as usize;
            rgb[i..i + 3] != [255, 255, 255]
        })
        .count();
    assert!(right_edge_ink < 5, "{right_edge_ink} pixels at the edge");
}

#[test]
fn empty_negative_and_extreme_sizes_render() {
    for size in [
        Size {
            width: 300,
            height: 300,
        },
        Size {
            width: 4000,
            height: 4000,
        },
        Size {
            width: 4000,
            height: 300,
        },
    ] {
        let mut chart = level(vec![]);
        chart.size = size;
        let (w, h, _) = decode(&render_target(&chart).expect("renders empty"));
        assert_eq!((w, h), (size.width, size.height));
    }
    let negative = level(vec![point(2020, -5.0), point(2022, -1.0), point(2023, 0.0)]);
    assert!(render_target(&negative).is_ok());
    let mut flat = level(vec![point(2020, 90.0), point(2021, 90.0)]);
    flat.body = TargetBody::Bars {
        bars: vec![],
        goal: 0.0,
        goal_label: "Mục tiêu".into(),
    };
    assert!(render_target(&flat).is_ok());
    let timeline = TargetChart {
        body: TargetBody::Timeline {
            steps: vec![],
            deadline: 2030,
            deadline_label: "Hạn 2030".into(),
        },
        ..level(vec![])
    };
    assert!(render_target(&timeline).is_ok());
}

#[test]
fn an_overview_with_many_targets_renders() {
    let rows: Vec<OverviewRow> = (0..120)
        .map(|i| OverviewRow {
            label: format!(
                "T{i:03} Chỉ tiêu có tên rất dài để kiểm tra việc cắt bớt chữ ở cuối dòng"
            ),
            progress_pct: f64::from(i % 101),
            status_label: "Đúng tiến độ".into(),
            colour: Colour(0x44, 0xAA, 0x99),
        })
        .collect();
    let chart = OverviewChart {
        title: "Nghị quyết".into(),
        subtitle: "đánh giá đến năm 2024".into(),
        groups: vec![OverviewGroup {
            title: "Kinh tế".into(),
            rows,
        }],
        legend: vec![("Đúng tiến độ".into(), Colour(0x44, 0xAA, 0x99))],
        footnote: "Thanh: …".into(),
        decimal_comma: true,
        size: Size::OVERVIEW,
    };
    let (w, h, rgb) = decode(&render_overview(&chart).expect("renders"));
    assert_eq!((w, h), (1600, 900));
    assert!(rgb.chunks_exact(3).any(|p| p == [0x44, 0xAA, 0x99]));
    // Every corner of the accepted sizes, and a phone's: the overview once panicked at 400 × 900.
    let (lo, hi) = (*crate::charts::SIZES.start(), *crate::charts::SIZES.end());
    for (width, height) in [(lo, lo), (lo, hi), (hi, lo), (400, 900), (390, 700)] {
        let sized = OverviewChart {
            size: Size { width, height },
            ..chart.clone()
        };
        let (w, h, _) = decode(&render_overview(&sized).expect("renders"));
        assert_eq!((w, h), (width, height));
    }
}

#[test]
fn a_units_chart_renders_at_every_size_and_with_hostile_numbers() {
    let rows: Vec<UnitBar> = (0..40)
        .map(|i| UnitBar {
            label: format!("Xã thứ {i} có tên dài để cắt bớt"),
            value: match i % 4 {
                0 => None,
                1 => Some(f64::NAN),
                2 => Some(1e308),
                _ => Some(f64::from(i)),
            },
            value_label: format!("{i}%"),
            colour: Colour(0x44, 0xAA, 0x99),
        })
        .collect();
    let chart = UnitsChart {
        title: "T06 · Hộ gia đình đạt gia đình văn hóa".into(),
        subtitle: "Theo đơn vị, năm 2023".into(),
        rows,
        max: f64::INFINITY,
        goal: Some((f64::NAN, "Mục tiêu > 85".into())),
        area: Some((-1e300, "Cả địa bàn".into())),
        ticks: (0..1000)
            .map(|i| (f64::from(i) * 1e306, format!("{i}")))
            .collect(),
        footnote: "17/17".into(),
        size: Size::TARGET,
    };
    let (lo, hi) = (*crate::charts::SIZES.start(), *crate::charts::SIZES.end());
    for (width, height) in [(1200, 700), (lo, lo), (lo, hi), (hi, lo), (390, 700)] {
        let sized = UnitsChart {
            size: Size { width, height },
            ..chart.clone()
        };
        let (w, h, rgb) = decode(&render_units(&sized).expect("renders"));
        assert_eq!((w, h), (width, height));
        assert!(
            rgb.chunks_exact(3).any(|p| p == [0x44, 0xAA, 0x99]),
            "{width}×{height}"
        );
    }
}

/// Renders on another thread; a renderer that loops for ever fails the test instead of hanging the suite.
fn renders_at_all(chart: TargetChart) -> Result<Vec<u8>, ChartError> {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(render_target(&chart));
    });
    rx.recv_timeout(std::time::Duration::from_secs(120))
        .expect("the renderer answers (it once looped for ever on a value near f64::MAX)")
}

#[test]
fn extreme_values_render_or_fail_fast_never_hang() {
    let extremes = [
        vec![point(2020, 1.0), point(2023, f64::MAX)],
        vec![point(2020, 1.7976931348623157e308)],
        vec![point(2020, 1.65e308), point(2021, -1.65e308)],
        vec![point(2020, f64::INFINITY), point(2021, f64::NAN)],
        vec![point(2020, 1e15), point(2021, 1e15 + 0.125)],
        vec![point(2020, 5e-324), point(2021, 0.0)],
    ];
    for points in extremes {
        let described = format!("{:?}", points.iter().map(|p| p.value).collect::<Vec<_>>());
        let mut chart = level(points.clone());
        if let TargetBody::Level {
            goal, anticipated, ..
        } = &mut chart.body
        {
            *goal = Some((f64::MAX, "Mục tiêu".into()));
            *anticipated = Some(((2023, f64::MAX), (2025, -f64::MAX)));
        }
        let png = renders_at_all(chart).unwrap_or_else(|e| panic!("{described}: {e}"));
        let (w, h, _) = decode(&png);
        assert_eq!((w, h), (1200, 700), "{described}");
        let bars = TargetChart {
            body: TargetBody::Bars {
                bars: points
                    .iter()
                    .map(|p| Bar {
                        year: p.year,
                        value: Some(p.value),
                        official: true,
                        colour: Colour::GRID,
                    })
                    .collect(),
                goal: f64::MAX,
                goal_label: "Mục tiêu".into(),
            },
            ..level(vec![])
        };
        assert!(renders_at_all(bars).is_ok(), "bars {described}");
    }
}
