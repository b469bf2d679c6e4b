//! Bar charts as inline SVG for the HTML reports, drawn by `plotters` (its SVG backend
//! only: no fonts to load, no JavaScript, the page opens offline). Labels are escaped by
//! the backend; control characters are made visible first, since XML cannot hold them.

use plotters::prelude::*;

use super::escape;

/// One bar: its label under the axis, its height, and the figure written above it.
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub caption: String,
}

/// A bar chart `width` pixels wide as an `<svg>` element, with `y_label` on its axis and
/// the axis up to `y_max` (at least the tallest bar).
pub fn bar_chart(title: &str, y_label: &str, bars: &[Bar], y_max: f64) -> String {
    let mut svg = String::new();
    let drawn = draw(&mut svg, title, y_label, bars, y_max);
    match drawn {
        Ok(()) => svg,
        // The string backend cannot fail on I/O; a plotting error leaves a page without
        // its chart rather than no page.
        Err(error) => format!(
            "<p class=\"chart-error\">the chart could not be drawn: {}</p>",
            escape::html(&error)
        ),
    }
}

fn draw(
    svg: &mut String,
    title: &str,
    y_label: &str,
    bars: &[Bar],
    y_max: f64,
) -> Result<(), String> {
    let width = (120 + 90 * bars.len().max(1)).clamp(360, 960) as u32;
    let root = SVGBackend::with_string(svg, (width, 320)).into_drawing_area();
    root.fill(&WHITE).map_err(|error| error.to_string())?;
    let tallest = bars.iter().map(|bar| bar.value).fold(0.0, f64::max);
    let top = y_max.max(tallest).max(1.0) * 1.1;
    let labels: Vec<String> = bars
        .iter()
        .map(|bar| escape::terminal_line(&bar.label))
        .collect();
    let count = bars.len().max(1);
    let mut chart = ChartBuilder::on(&root)
        .caption(escape::terminal_line(title), ("sans-serif", 18))
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(56)
        .build_cartesian_2d(0.0..count as f64, 0.0..top)
        .map_err(|error| error.to_string())?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(count * 2 + 1)
        .x_label_formatter(&|x| {
            let centre = x - 0.5;
            let index = centre.round();
            if (centre - index).abs() < 1e-6 && index >= 0.0 {
                labels.get(index as usize).cloned().unwrap_or_default()
            } else {
                String::new()
            }
        })
        .y_label_formatter(&|y| format!("{y:.0}"))
        .y_desc(escape::terminal_line(y_label))
        .draw()
        .map_err(|error| error.to_string())?;
    let colour = RGBColor(0x3b, 0x6e, 0xa8);
    chart
        .draw_series(bars.iter().enumerate().map(|(index, bar)| {
            let left = index as f64 + 0.15;
            Rectangle::new([(left, 0.0), (left + 0.7, bar.value)], colour.filled())
        }))
        .map_err(|error| error.to_string())?;
    chart
        .draw_series(bars.iter().enumerate().map(|(index, bar)| {
            Text::new(
                escape::terminal_line(&bar.caption),
                (index as f64 + 0.3, bar.value + top * 0.03),
                ("sans-serif", 13),
            )
        }))
        .map_err(|error| error.to_string())?;
    root.present().map_err(|error| error.to_string())?;
    Ok(())
}
