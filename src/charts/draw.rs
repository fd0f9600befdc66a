//! The drawing itself, the same for the SVG and the PNG backend but for how dashes are made.

use plotters::chart::MeshStyle;
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Chart, ChartError, Plot, Theme};
use advisor_core::costs::{KeyOption, PerOption};

mod plots;

/// Colours of one theme. The series use the Okabe-Ito palette, which stays distinct for the
/// common kinds of colour blindness, and black or white, which no colour blindness confuses with
/// a hue; dash patterns tell the series apart as well.
struct Palette {
    background: RGBColor,
    text: RGBColor,
    grid: RGBColor,
    marker: RGBColor,
    /// Each option's line.
    series: PerOption<RGBColor>,
}

fn palette(theme: Theme) -> Palette {
    match theme {
        Theme::Light => Palette {
            background: RGBColor(0xff, 0xff, 0xff),
            text: RGBColor(0x1b, 0x1f, 0x24),
            grid: RGBColor(0xdd, 0xe2, 0xe8),
            marker: RGBColor(0xcc, 0x79, 0xa7),
            series: PerOption::new([
                RGBColor(0x00, 0x72, 0xb2),
                RGBColor(0x56, 0xb4, 0xe9),
                RGBColor(0x00, 0x9e, 0x73),
                RGBColor(0xe6, 0x9f, 0x00),
                RGBColor(0xd5, 0x5e, 0x00),
                RGBColor(0x00, 0x00, 0x00),
            ]),
        },
        Theme::Dark => Palette {
            background: RGBColor(0x14, 0x17, 0x1c),
            text: RGBColor(0xe6, 0xe9, 0xee),
            grid: RGBColor(0x39, 0x41, 0x4c),
            marker: RGBColor(0xcc, 0x79, 0xa7),
            series: PerOption::new([
                RGBColor(0x56, 0xb4, 0xe9),
                RGBColor(0xf0, 0xe4, 0x42),
                RGBColor(0x00, 0x9e, 0x73),
                RGBColor(0xd5, 0x5e, 0x00),
                RGBColor(0xe6, 0x9f, 0x00),
                RGBColor(0xff, 0xff, 0xff),
            ]),
        },
    }
}

/// Each option's dash pattern: `(dash, gap)` in pixels, `None` for a solid line.
const DASHES: PerOption<Option<(i32, i32)>> =
    PerOption::new([None, Some((2, 4)), Some((3, 5)), Some((8, 4)), Some((12, 6)), Some((1, 7))]);
const LINE_WIDTH: u32 = 3;
const LEGEND_LENGTH: i32 = 28;
/// The break-even line: thinner, in the marker colour, short dashes.
const MARKER_WIDTH: u32 = 2;
const MARKER_DASH: (i32, i32) = (4, 4);

/// How dashed lines are made. plotters draws each dash as its own path, which pixels need; an
/// SVG can dash one path itself (`stroke-dasharray`), which halves the time to write a chart and
/// its size, so for SVG the lines are drawn solid and [`svg_dash_arrays`] dashes them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Dashes {
    Segments,
    Solid,
}

/// For each dashed line: the stroke attributes plotters writes for it in an SVG, and its
/// `stroke-dasharray`. No solid line shares a colour and width with a dashed one.
pub(super) fn svg_dash_arrays(theme: Theme) -> Vec<(String, String)> {
    let colours = palette(theme);
    let stroke = |colour: RGBColor, width: u32| {
        format!("stroke=\"#{:02X}{:02X}{:02X}\" stroke-width=\"{width}\"", colour.0, colour.1, colour.2)
    };
    DASHES
        .iter()
        .filter_map(|(option, pattern)| pattern.map(|pattern| (colours.series[option], LINE_WIDTH, pattern)))
        .chain([(colours.marker, MARKER_WIDTH, MARKER_DASH)])
        .map(|(colour, width, (dash, gap))| (stroke(colour, width), format!("{dash} {gap}")))
        .collect()
}

fn failed<E: std::fmt::Display>(error: E) -> ChartError {
    ChartError::Drawing(error.to_string())
}

pub(super) fn chart<DB: DrawingBackend>(
    plot: Plot,
    theme: Theme,
    dashes: Dashes,
    area: &DrawingArea<DB, Shift>,
) -> Result<(), ChartError> {
    let colours = palette(theme);
    area.fill(&colours.background).map_err(failed)?;
    // A phone-sized rendering is shown at about its own size: smaller headings, wrapped to fit,
    // keep its text readable instead of clipped.
    let width = area.dim_in_pixel().0;
    let (title_size, subtitle_size) = if width < 600 { (16, 12) } else { (20, 14) };
    let fits = |size: u32| ((width.saturating_sub(32)) as f64 / (f64::from(size) * 0.58)) as usize;
    let titles = wrapped(plot.title(), " ", fits(title_size));
    let subtitles = wrapped(plot.subtitle(), " · ", fits(subtitle_size));
    let title_line = title_size as i32 + 6;
    let subtitle_line = subtitle_size as i32 + 5;
    let height = 10 + title_line * titles.len() as i32 + 4 + subtitle_line * subtitles.len() as i32 + 6;
    let (header, body) = area.split_vertically(height.max(64));
    let title = ("sans-serif", title_size).into_font().style(FontStyle::Bold).color(&colours.text);
    let subtitle = ("sans-serif", subtitle_size).into_font().color(&colours.text);
    let mut y = 10;
    for line in &titles {
        header.draw_text(line, &title, (16, y)).map_err(failed)?;
        y += title_line;
    }
    y += 4;
    for line in &subtitles {
        header.draw_text(line, &subtitle, (16, y)).map_err(failed)?;
        y += subtitle_line;
    }
    match plot {
        Plot::State(Chart::CostVsRequests, data) => plots::cost_vs_requests(data, &colours, dashes, &body),
        Plot::State(Chart::CostOverTime, data) => plots::cost_over_time(data, &colours, dashes, &body),
        Plot::Comparison(data) => plots::compared_over_time(data, &colours, dashes, &body),
    }
}

/// How many month labels the time axis has room for: "Nov 2026" is about 60 pixels wide.
fn month_labels<DB: DrawingBackend>(area: &DrawingArea<DB, Shift>) -> usize {
    if area.dim_in_pixel().0 < 600 { 4 } else { 8 }
}

/// `text` in lines of at most about `width` characters, broken only at `separator` (a word's
/// space, or the " · " between a subtitle's figures), which a line break replaces.
fn wrapped(text: &str, separator: &str, width: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for piece in text.split(separator) {
        match lines.last_mut() {
            Some(line) if line.chars().count() + separator.len() + piece.chars().count() <= width => {
                line.push_str(separator);
                line.push_str(piece);
            }
            _ => lines.push(piece.to_string()),
        }
    }
    lines
}

/// Draws one line labelled `label` in the colour and dash pattern of `style`'s line, with its
/// legend entry.
fn series<'a, DB, X, Y>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<X, Y>>,
    label: &str,
    style: KeyOption,
    colours: &Palette,
    dashes: Dashes,
    points: Vec<(X::ValueType, Y::ValueType)>,
) -> Result<(), ChartError>
where
    DB: DrawingBackend + 'a,
    X: Ranged<ValueType: Clone + 'static> + 'static,
    Y: Ranged<ValueType: Clone + 'static> + 'static,
{
    let pixels: Vec<Pixel> = points.iter().map(|point| chart.backend_coord(point)).collect();
    let points: Vec<_> =
        points.into_iter().zip(needed(&pixels)).filter_map(|(point, keep)| keep.then_some(point)).collect();
    let pattern = DASHES[style].filter(|_| dashes == Dashes::Segments);
    let (_, length) = legend_sample(chart.plotting_area().dim_in_pixel().0);
    let style = colours.series[style].stroke_width(LINE_WIDTH);
    let drawn = match pattern {
        None => chart.draw_series(LineSeries::new(points, style)),
        Some((dash, gap)) => chart.draw_series(DashedLineSeries::new(points, dash, gap, style)),
    }
    .map_err(failed)?;
    // A solid legend line is one dash as long as the line.
    let (dash, gap) = pattern.unwrap_or((length, 1));
    drawn.label(label).legend(move |(x, y)| DashedPathElement::new([(x, y), (x + length, y)], dash, gap, style));
    Ok(())
}

/// A point in the image, as plotters maps the data to it.
type Pixel = (i32, i32);

/// Which points a line needs to look the same: those more than half a pixel from the line
/// through the points kept around them (Douglas-Peucker). A 160-point curve on log axes keeps a
/// few dozen, a flat line its two ends, which makes an SVG cheaper to write and smaller.
fn needed(pixels: &[Pixel]) -> Vec<bool> {
    let mut keep = vec![pixels.len() <= 2; pixels.len()];
    let Some(last) = pixels.len().checked_sub(1).filter(|last| *last >= 2) else { return keep };
    keep[0] = true;
    keep[last] = true;
    let mut spans = vec![(0, last)];
    while let Some((start, end)) = spans.pop() {
        let segment = Segment::new(pixels[start], pixels[end]);
        // The last of the farthest points, if farther than half a pixel.
        let mut farthest = None;
        let mut greatest = 0.25;
        for (i, &pixel) in pixels.iter().enumerate().take(end).skip(start + 1) {
            let squared = segment.squared_distance(pixel);
            if squared > 0.25 && squared >= greatest {
                (farthest, greatest) = (Some(i), squared);
            }
        }
        if let Some(i) = farthest {
            keep[i] = true;
            spans.extend([(start, i), (i, end)]);
        }
    }
    keep
}

/// A segment between two pixels, with what measuring a distance to it needs worked out once
/// for all the points between them.
struct Segment {
    start: (f64, f64),
    direction: (f64, f64),
    length_squared: f64,
}

impl Segment {
    fn new(start: Pixel, end: Pixel) -> Segment {
        let start = (f64::from(start.0), f64::from(start.1));
        let direction = (f64::from(end.0) - start.0, f64::from(end.1) - start.1);
        Segment { start, direction, length_squared: direction.0 * direction.0 + direction.1 * direction.1 }
    }

    /// The squared distance from `point` to the nearest point of the segment, in pixels².
    fn squared_distance(&self, point: Pixel) -> f64 {
        let (px, py) = (f64::from(point.0) - self.start.0, f64::from(point.1) - self.start.1);
        let (dx, dy) = self.direction;
        let along =
            if self.length_squared == 0.0 { 0.0 } else { ((px * dx + py * dy) / self.length_squared).clamp(0.0, 1.0) };
        let (x, y) = (px - along * dx, py - along * dy);
        x * x + y * y
    }
}

/// Whether `volume` lies in the right half of a log axis over `range`.
fn in_right_half(volume: f64, range: (f64, f64)) -> bool {
    volume.log10() * 2.0 > range.0.log10() + range.1.log10()
}

/// A label's offset from its point and its alignment: to the right of the point, or to its left
/// when the point is in the right half, so the text stays inside the image.
fn beside<'s>(left: bool, dx: i32, dy: i32, text: &TextStyle<'s>) -> ((i32, i32), TextStyle<'s>) {
    let (dx, anchor) = if left { (-dx, HPos::Right) } else { (dx, HPos::Left) };
    ((dx, dy), text.clone().pos(Pos::new(anchor, VPos::Top)))
}

/// Where a marker's label goes: beside its dot on the `left` (when it fits there) and `above` it,
/// or below.
#[derive(Clone, Copy)]
struct Placement {
    left: bool,
    above: bool,
}

/// A dot at `at` with its label beside it where `placement` prefers. The label stays inside the
/// plot, clear of the axes' labels: on the other side when it does not fit, else on two lines,
/// split after its colon (a phone-sized chart is narrow).
fn marker<'a, DB, X, Y>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<X, Y>>,
    at: (X::ValueType, Y::ValueType),
    label: String,
    placement: Placement,
    colours: &Palette,
    text: &TextStyle<'_>,
) -> Result<(), ChartError>
where
    DB: DrawingBackend + 'a,
    X: Ranged<ValueType: Clone + 'static> + 'static,
    Y: Ranged<ValueType: Clone + 'static> + 'static,
{
    let x = chart.backend_coord(&at).0;
    let (columns, _) = chart.plotting_area().get_pixel_range();
    let width = |line: &String| text.font.box_size(line).map_or(0, |(width, _)| width as i32);
    let split = label.split_once(": ").map(|(head, tail)| vec![format!("{head}:"), tail.to_string()]);
    let one = vec![label];
    let placed = [Some(one.clone()), split].into_iter().flatten().find_map(|lines| {
        let widest = lines.iter().map(width).max().unwrap_or(0);
        fitting_side(x, widest, MARKER_GAP, (columns.start, columns.end), placement.left).map(|side| (lines, side))
    });
    let (lines, side) = placed.unwrap_or((one, placement.left));
    let line_height = text.font.get_size() as i32 + 3;
    let top = if placement.above { -8 - line_height * lines.len() as i32 } else { 8 };
    let labels: Vec<_> = lines
        .into_iter()
        .enumerate()
        .map(|(index, line)| {
            let (offset, style) = beside(side, MARKER_GAP, top + index as i32 * line_height, text);
            EmptyElement::at(at.clone()) + Text::new(line, offset, style)
        })
        .collect();
    chart.draw_series([EmptyElement::at(at) + Circle::new((0, 0), 6, colours.marker.filled())]).map_err(failed)?;
    chart.draw_series(labels).map_err(failed)?;
    Ok(())
}

/// The gap between a marker's dot and its label, in pixels.
const MARKER_GAP: i32 = 10;

/// Which side of the point at pixel column `x` a label `width` pixels wide fits on, `gap` pixels
/// away, within the plot's columns `plot`: the preferred side (`prefer_left`), else the other;
/// `None` when neither.
fn fitting_side(x: i32, width: i32, gap: i32, plot: (i32, i32), prefer_left: bool) -> Option<bool> {
    let fits = |left: bool| if left { x - gap - width >= plot.0 } else { x + gap + width <= plot.1 };
    [prefer_left, !prefer_left].into_iter().find(|&left| fits(left))
}

/// The grid, axes and label fonts of both charts.
fn styled<'m, 'a, 'b, X: Ranged, Y: Ranged, DB: DrawingBackend>(
    mesh: &'m mut MeshStyle<'a, 'b, X, Y, DB>,
    colours: &Palette,
) -> &'m mut MeshStyle<'a, 'b, X, Y, DB> {
    let text = ("sans-serif", 14).into_font().color(&colours.text);
    mesh.label_style(text.clone())
        .axis_desc_style(text)
        .bold_line_style(colours.grid)
        .light_line_style(colours.grid.mix(0.4))
        // Lines at the labelled values only: the minor lines of the log axes (over a hundred)
        // cluttered the plot and took a third of the time to write an SVG.
        .max_light_lines(1)
        .axis_style(colours.text)
}

/// The plot's margins and the room for tick labels, the same on both charts.
fn frame<'a, 'b, DB: DrawingBackend>(area: &'a DrawingArea<DB, Shift>) -> ChartBuilder<'a, 'b, DB> {
    let mut builder = ChartBuilder::on(area);
    // The right margin keeps the last tick label inside the image.
    builder.margin(16).margin_top(4).margin_right(36).x_label_area_size(48).y_label_area_size(72);
    builder
}

/// A legend's font size and sample length for a plot `width` pixels wide. On a phone-sized
/// plot the legend's box, samples and all, must fit inside the plot, or plotters pushes the
/// samples out past its left edge: smaller text and shorter samples there.
fn legend_sample(width: u32) -> (u32, i32) {
    if width < 300 { (11, LEGEND_LENGTH - 12) } else { (14, LEGEND_LENGTH) }
}

fn legend<'a, DB: DrawingBackend + 'a, X: Ranged, Y: Ranged>(
    chart: &mut ChartContext<'a, DB, Cartesian2d<X, Y>>,
    colours: &Palette,
    position: SeriesLabelPosition,
) -> Result<(), ChartError> {
    let (font, length) = legend_sample(chart.plotting_area().dim_in_pixel().0);
    let sample = length + 8;
    chart
        .configure_series_labels()
        .position(position)
        .legend_area_size(sample)
        .background_style(colours.background.mix(0.9))
        .border_style(colours.grid)
        .label_font(("sans-serif", font).into_font().color(&colours.text))
        .draw()
        .map_err(failed)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(pixels: &[Pixel]) -> Vec<Pixel> {
        pixels.iter().zip(needed(pixels)).filter_map(|(pixel, keep)| keep.then_some(*pixel)).collect()
    }

    /// Each option's line differs from every other in colour, in both themes, and in dash
    /// pattern, so neither colour nor dashes alone has to tell them apart; no line takes the
    /// break-even marker's colour or the background's.
    #[test]
    fn every_series_has_a_colour_and_a_dash_of_its_own() {
        for theme in [Theme::Light, Theme::Dark] {
            let colours = palette(theme);
            let series: Vec<RGBColor> = colours.series.iter().map(|(_, colour)| *colour).collect();
            assert_eq!(series.len(), KeyOption::ALL.len());
            for (index, colour) in series.iter().enumerate() {
                assert!(series[..index].iter().all(|other| other != colour), "{theme:?}: {colour:?} twice");
                assert!(*colour != colours.marker && *colour != colours.background, "{theme:?}: {colour:?}");
            }
        }
        let dashes: Vec<Option<(i32, i32)>> = DASHES.iter().map(|(_, dash)| *dash).collect();
        for (index, dash) in dashes.iter().enumerate() {
            assert!(dashes[..index].iter().all(|other| other != dash), "{dash:?} twice");
        }
    }

    #[test]
    fn a_marker_label_goes_where_it_fits_in_the_plot() {
        // A plot from column 88 to 324 (a 360-pixel chart), a point at 251.
        assert_eq!(fitting_side(251, 100, 10, (88, 324), true), Some(true));
        assert_eq!(fitting_side(251, 100, 10, (88, 324), false), Some(true), "no room on the right");
        assert_eq!(fitting_side(120, 100, 10, (88, 324), true), Some(false), "no room on the left");
        assert_eq!(fitting_side(251, 240, 10, (88, 324), true), None);
    }

    #[test]
    fn headings_wrap_at_their_separators() {
        assert_eq!(wrapped("a · bb · ccc", " · ", 8), ["a · bb", "ccc"]);
        assert_eq!(wrapped("Monthly cost against requests", " ", 14), ["Monthly cost", "against", "requests"]);
        assert_eq!(wrapped("one", " ", 1), ["one"], "a piece longer than a line is a line");
    }

    #[test]
    fn lines_keep_only_the_points_that_show() {
        let flat: Vec<Pixel> = (0..100).map(|x| (x, 40)).collect();
        assert_eq!(kept(&flat), [(0, 40), (99, 40)]);
        let knee: Vec<Pixel> = (0..100).map(|x| (x, if x < 50 { 40 } else { 40 + (x - 50) })).collect();
        assert_eq!(kept(&knee), [(0, 40), (50, 40), (99, 89)]);
        // A one-pixel bump shows; a staircase within half a pixel of a straight line does not.
        assert_eq!(kept(&[(0, 0), (2, 1), (4, 0)]).len(), 3);
        assert_eq!(kept(&[(0, 0), (1, 0), (2, 1), (3, 1)]), [(0, 0), (3, 1)]);
        assert_eq!(kept(&[(0, 0), (5, 5)]), [(0, 0), (5, 5)]);
        assert!(kept(&[]).is_empty());
    }
}
