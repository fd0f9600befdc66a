//! The plots themselves, one function a chart, on the axes, lines and labels `draw` provides.

use chrono::NaiveDate;
use plotters::coord::Shift;
use plotters::coord::types::{RangedCoordf64, RangedCoordi32};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::super::{CURVE_POINTS, ChartData, ChartError, ComparisonChart, month_label};
use super::{
    Dashes, MARKER_DASH, MARKER_WIDTH, Palette, Placement, beside, failed, frame, in_right_half, legend, marker,
    month_labels, series, styled,
};
use advisor_core::costs::{KeyOption, MonthlyCosts};
use advisor_core::format;

/// The options the chart draws: its axes fit them, not the options it leaves out.
fn shown_options(data: &ChartData) -> Vec<KeyOption> {
    data.series.iter().flat_map(|line| line.options.iter().copied()).collect()
}

pub(super) fn cost_vs_requests<DB: DrawingBackend>(
    data: &ChartData,
    colours: &Palette,
    dashes: Dashes,
    area: &DrawingArea<DB, Shift>,
) -> Result<(), ChartError> {
    let projection = data.projection;
    let even = data.break_even.map(|even| even.requests_per_month);
    let range = projection.request_range(even);
    let curve = projection.curve(even, CURVE_POINTS);
    let shown = shown_options(data);
    let costs = curve.iter().flat_map(|(_, c)| shown.iter().map(|&option| c.of(option)));
    let highest = costs.clone().fold(1.0_f64, f64::max);
    let lowest_positive = costs.filter(|c| *c > 0.0).fold(highest, f64::min);
    let y_low = 10f64.powf(lowest_positive.log10().floor() - 1.0).max(0.01);
    let y_high = 10f64.powf(highest.log10().ceil());
    let text = ("sans-serif", 14).into_font().color(&colours.text);

    let mut chart =
        frame(area).build_cartesian_2d((range.0..range.1).log_scale(), (y_low..y_high).log_scale()).map_err(failed)?;
    styled(&mut chart.configure_mesh(), colours)
        .x_desc(format!("{} per month", format::uppercase_first(&data.varied)))
        .y_desc("Monthly cost (USD)")
        .x_label_formatter(&|v| format::short_count(*v))
        .y_label_formatter(&|v| format::short_usd(*v))
        .draw()
        .map_err(failed)?;

    for line in &data.series {
        let option = line.options[0];
        let points = curve.iter().map(|(requests, costs)| (*requests, costs.of(option).max(y_low))).collect();
        series(&mut chart, line.legend(area.dim_in_pixel().0), option, colours, dashes, points)?;
    }

    let own = projection.usage.requests[projection.varied.index()];
    if own > 0.0 {
        let volume = own;
        chart
            .draw_series([PathElement::new(vec![(volume, y_low), (volume, y_high)], colours.text.stroke_width(1))])
            .map_err(failed)?;
        let label = format!("Your volume: {}/month", format::short_count(volume));
        let (offset, style) = beside(in_right_half(volume, range), 6, 4, &text);
        chart.draw_series([EmptyElement::at((volume, y_high)) + Text::new(label, offset, style)]).map_err(failed)?;
    }
    if let Some(even) = data.break_even {
        let volume = even.requests_per_month;
        let mut requests = projection.usage.requests;
        requests[projection.varied.index()] = volume;
        let met = projection.prices.month_usd(even.between[1], &projection.usage, &requests, 1);
        let at = (volume, met.max(y_low));
        let line = [(volume, y_low), (volume, y_high)];
        let style = colours.marker.stroke_width(MARKER_WIDTH);
        match dashes {
            Dashes::Segments => chart.draw_series(DashedLineSeries::new(line, MARKER_DASH.0, MARKER_DASH.1, style)),
            Dashes::Solid => chart.draw_series(LineSeries::new(line, style)),
        }
        .map_err(failed)?;
        let label = format!("Break-even: {} requests/month", format::short_count(volume));
        // Above the dot: the legend holds the lower right.
        let placement = Placement { left: in_right_half(volume, range), above: true };
        marker(&mut chart, at, label, placement, colours, &text)?;
    }
    // Below the flat cluster cost and right of KMS's rise, the plot is empty.
    legend(&mut chart, colours, SeriesLabelPosition::LowerRight)
}

pub(super) fn cost_over_time<DB: DrawingBackend>(
    data: &ChartData,
    colours: &Palette,
    dashes: Dashes,
    area: &DrawingArea<DB, Shift>,
) -> Result<(), ChartError> {
    let months = &data.projection.months;
    let last = months.len().saturating_sub(1).max(1) as i32;
    let shown = shown_options(data);
    let highest = months.iter().flat_map(|m| shown.iter().map(|&option| m.cumulative.of(option))).fold(1.0, f64::max);
    let text = ("sans-serif", 14).into_font().color(&colours.text);
    let first_month = data.first_month;
    let mut chart = time_axes(area, colours, last, highest, first_month)?;

    let cumulative = |option: KeyOption| -> Vec<(i32, f64)> {
        months.iter().enumerate().map(|(i, m)| (i as i32, MonthlyCosts::of(&m.cumulative, option))).collect()
    };
    for line in &data.series {
        let legend = line.legend(area.dim_in_pixel().0);
        series(&mut chart, legend, line.options[0], colours, dashes, cumulative(line.options[0]))?;
    }
    // Where a rotation charge raises KMS's monthly cost, the cumulative line bends: at the end of
    // the month before (the point at x holds the total to the end of month x + 1).
    // Where the last step's label ends, in pixels, and how high it sits.
    let mut previous: Option<(i32, i32)> = None;
    for (step, &month) in data.rotation_steps.iter().enumerate() {
        let x = month as i32 - 2;
        let line = vec![(x, 0.0), (x, highest * 1.08)];
        chart.draw_series([PathElement::new(line, colours.grid.stroke_width(2))]).map_err(failed)?;
        let added = data.projection.prices.rotation_usd * (step + 1) as f64;
        let label = format!("+{}/key from month {month}", format::short_usd(added));
        // Along the axis: the legend holds the top left, where early steps fall. A label that
        // would run into the one before (steps a year apart on a narrow chart) goes a line up.
        let font = ("sans-serif", 12).into_font();
        let start = chart.backend_coord(&(x, 0.0)).0 + 4;
        let width = font.box_size(&label).map_or(0, |(width, _)| width as i32);
        let dy = match previous {
            Some((end, dy)) if start < end + 4 => dy - 16,
            _ => -4,
        };
        previous = Some((start + width, dy));
        let style = font.color(&colours.text).pos(Pos::new(HPos::Left, VPos::Bottom));
        chart.draw_series([EmptyElement::at((x, 0.0)) + Text::new(label, (4, dy), style)]).map_err(failed)?;
    }
    if let (Some(index), Some(even)) = (data.crossing, data.break_even) {
        let at = (index as i32, months[index].cumulative[even.between[0]]);
        let label = format!("Costs cross in {}", month_label(first_month, index));
        // Below the dot: the legend holds the upper left.
        marker(&mut chart, at, label, Placement { left: index as i32 * 2 > last, above: false }, colours, &text)?;
    }
    legend(&mut chart, colours, SeriesLabelPosition::UpperLeft)
}

/// Each state's recommended option, cumulative over the months: A in the first slot's solid
/// line, B in the last slot's long dashes, so they differ even when both recommend one option.
pub(super) fn compared_over_time<DB: DrawingBackend>(
    data: &ComparisonChart,
    colours: &Palette,
    dashes: Dashes,
    area: &DrawingArea<DB, Shift>,
) -> Result<(), ChartError> {
    let longest = data.lines.iter().map(|line| line.cumulative.len()).max().unwrap_or(1);
    let last = longest.saturating_sub(1).max(1) as i32;
    let highest = data.lines.iter().flat_map(|line| line.cumulative.iter().copied()).fold(1.0, f64::max);
    let text = ("sans-serif", 14).into_font().color(&colours.text);
    let first_month = data.first_month;
    let mut chart = time_axes(area, colours, last, highest, first_month)?;
    for line in &data.lines {
        // A is drawn as the first option's solid line, B with the last option's longest dashes.
        let style = match line.side {
            advisor_core::compare::Side::A => KeyOption::ALL[0],
            advisor_core::compare::Side::B => KeyOption::ALL[KeyOption::ALL.len() - 1],
        };
        let points = line.cumulative.iter().enumerate().map(|(month, usd)| (month as i32, *usd)).collect();
        series(&mut chart, &line.label, style, colours, dashes, points)?;
    }
    if let Some(index) = data.crossing {
        let at = (index as i32, data.lines[0].cumulative[index]);
        let label = format!("Costs cross in {}", month_label(first_month, index));
        // Below the dot: the legend holds the upper left.
        marker(&mut chart, at, label, Placement { left: index as i32 * 2 > last, above: false }, colours, &text)?;
    }
    legend(&mut chart, colours, SeriesLabelPosition::UpperLeft)
}

/// The axes of a cumulative cost: months `0..=last` labelled from `first_month`, and USD up to a
/// little above `highest`.
fn time_axes<'a, DB: DrawingBackend>(
    area: &'a DrawingArea<DB, Shift>,
    colours: &Palette,
    last: i32,
    highest: f64,
    first_month: NaiveDate,
) -> Result<ChartContext<'a, DB, Cartesian2d<RangedCoordi32, RangedCoordf64>>, ChartError> {
    let mut chart = frame(area).build_cartesian_2d(0..last, 0.0..highest * 1.08).map_err(failed)?;
    styled(&mut chart.configure_mesh(), colours)
        .x_desc("Month")
        .y_desc("Cumulative cost (USD)")
        .x_labels((last as usize + 1).min(month_labels(area)))
        .x_label_formatter(&|m| month_label(first_month, (*m).max(0) as usize))
        .y_label_formatter(&|v| format::short_usd(*v))
        .draw()
        .map_err(failed)?;
    Ok(chart)
}
