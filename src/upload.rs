//! Opening a file to import: gzip is inflated on the way in, up to a bound the caller sets, and
//! the rest is the core's reader. `POST /import` and `kms-hsm-advisor import` both read files
//! this way, so they read them alike.

use std::io::{BufRead, BufReader, Read};

use flate2::read::MultiGzDecoder;

use advisor_core::import::{self, FileKind, ImportError, Place, Reading};

/// The most a gzip file may inflate to where the caller bounds it (the server): bytes. A reader
/// may hold one JSON string or CSV line whole, so this bounds an import's memory; the CLI reads
/// larger files.
pub const MAX_INFLATED_BYTES: u64 = 16 * 1024 * 1024;

/// Reads `reader` as [`import::read`] does, inflating gzip first; `inflated_limit` bounds what
/// gzip may inflate to, in bytes (`None`: no bound, as the CLI reads a user's own files).
///
/// # Errors
/// [`ImportError`] as [`import::read`] returns it, and for gzip that is broken or cut short or
/// inflates past `inflated_limit`.
pub fn read_file(reader: impl Read, inflated_limit: Option<u64>) -> Result<Reading, ImportError> {
    let mut reader = BufReader::with_capacity(64 * 1024, reader);
    let first = reader.fill_buf().map_err(|error| ImportError { place: Place::File, message: error.to_string() })?;
    if import::sniff(first) != FileKind::Gzip {
        return import::read(reader);
    }
    let inflated = Inflated { decoder: MultiGzDecoder::new(reader), read: 0, limit: inflated_limit };
    import::read(BufReader::with_capacity(64 * 1024, inflated))
}

/// gzip's inflated bytes, counted, with its errors said in a reader's words.
struct Inflated<R: BufRead> {
    decoder: MultiGzDecoder<R>,
    read: u64,
    limit: Option<u64>,
}

impl<R: BufRead> Read for Inflated<R> {
    fn read(&mut self, buffer: &mut [u8]) -> std::io::Result<usize> {
        let count = self.decoder.read(buffer).map_err(|error| {
            std::io::Error::new(error.kind(), format!("the gzip data is broken or cut short ({error})"))
        })?;
        self.read += count as u64;
        if let Some(limit) = self.limit.filter(|&limit| self.read > limit) {
            return Err(std::io::Error::other(format!(
                "the gzip file inflates past {} MiB, more than the server reads: import it with `kms-hsm-advisor import`",
                limit / (1024 * 1024)
            )));
        }
        Ok(count)
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use flate2::Compression;
    use flate2::write::GzEncoder;

    use super::*;

    fn gzip(bytes: &[u8]) -> Vec<u8> {
        let mut encoder = GzEncoder::new(Vec::new(), Compression::default());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    }

    const CUR: &str = include_str!("../tests/fixtures/cur/cur-legacy-november.csv");

    /// A gzip file reads as the file inside it; cut short, or past the bound, it is refused.
    #[test]
    fn gzip_is_read_within_its_bound() {
        let packed = gzip(CUR.as_bytes());
        assert_eq!(read_file(&packed[..], Some(MAX_INFLATED_BYTES)).unwrap(), import::read(CUR.as_bytes()).unwrap());
        let cut = read_file(&packed[..packed.len() / 2], None).unwrap_err();
        assert!(cut.message.contains("broken or cut short"), "{cut}");
        let bomb = gzip(&vec![b'a'; 4 * 1024 * 1024]);
        let refused = read_file(&bomb[..], Some(1024 * 1024)).unwrap_err();
        assert!(refused.message.contains("inflates past 1 MiB"), "{refused}");
    }
}
