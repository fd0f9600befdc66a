//! How a chart is drawn: its size in pixels and its colours, as a query asks for them.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

/// Pixel size and colours of a rendering.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Look {
    pub width: u32,
    pub height: u32,
    pub theme: Theme,
}

impl Default for Look {
    fn default() -> Self {
        Look { width: 960, height: 540, theme: Theme::Light }
    }
}

/// The smallest and largest width or height a chart can be asked for, in pixels.
pub const MIN_SIDE: u32 = 320;
pub const MAX_SIDE: u32 = 2000;

impl Look {
    /// Reads `width`, `height` and `theme` from a query string; other parameters are ignored.
    pub fn from_query(query: &str) -> Result<Look, advisor_core::InputError> {
        let mut look = Look::default();
        for (name, value) in form_urlencoded::parse(query.as_bytes()) {
            let value = value.trim();
            match name.as_ref() {
                "width" if !value.is_empty() => look.width = side("width", value)?,
                "height" if !value.is_empty() => look.height = side("height", value)?,
                "theme" if !value.is_empty() => {
                    look.theme = match value {
                        "light" => Theme::Light,
                        "dark" => Theme::Dark,
                        _ => {
                            return Err(advisor_core::InputError {
                                parameter: "theme",
                                message: format!("expected one of light, dark, found \"{}\"", shown(value)),
                            });
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(look)
    }

    /// The parameters that differ from the default, for links and cache keys.
    pub fn to_query(self) -> String {
        let theme = match self.theme {
            Theme::Light => "light",
            Theme::Dark => "dark",
        };
        format!("width={}&height={}&theme={theme}", self.width, self.height)
    }
}

fn side(parameter: &'static str, value: &str) -> Result<u32, advisor_core::InputError> {
    value.parse::<u32>().ok().filter(|n| (MIN_SIDE..=MAX_SIDE).contains(n)).ok_or_else(|| advisor_core::InputError {
        parameter,
        message: format!("expected a whole number of pixels from {MIN_SIDE} to {MAX_SIDE}, found \"{}\"", shown(value)),
    })
}

fn shown(value: &str) -> String {
    value.chars().take(40).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn look_parameters_are_checked() {
        assert_eq!(
            Look::from_query("width=400&height=2000&theme=dark&keys=3").unwrap(),
            Look { width: 400, height: 2000, theme: Theme::Dark }
        );
        assert_eq!(Look::from_query("width=&theme=").unwrap(), Look::default());
        let cases = [
            ("width=319", "width", "expected a whole number of pixels from 320 to 2000, found \"319\""),
            ("height=1e3", "height", "expected a whole number of pixels from 320 to 2000, found \"1e3\""),
            ("theme=blue", "theme", "expected one of light, dark, found \"blue\""),
        ];
        for (query, parameter, message) in cases {
            let error = Look::from_query(query).unwrap_err();
            assert_eq!((error.parameter, error.message.as_str()), (parameter, message));
        }
    }
}
