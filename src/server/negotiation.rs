//! A response body with its compressed forms, each made once: for the site's files, as small as
//! can be; for the pages, cards and charts the server renders, fast first and smaller when the
//! same state is asked for again.

use std::cell::RefCell;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, SyncSender};
use std::sync::{Arc, OnceLock};

use axum::body::Bytes;
use axum::http::{HeaderMap, HeaderValue, header};
use flate2::Compression;
use flate2::write::DeflateEncoder;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Identity,
    Brotli,
    Gzip,
}

impl Encoding {
    /// What a strong entity tag adds for this encoding, as each representation needs its own.
    pub fn tag_suffix(self) -> &'static str {
        match self {
            Encoding::Identity => "",
            Encoding::Brotli => "-br",
            Encoding::Gzip => "-gz",
        }
    }
}

pub struct Encoded {
    content_type: &'static str,
    forms: Forms,
}

enum Forms {
    /// Images and other bytes compressed already: served as they are.
    AsIs(Bytes),
    /// A site file, made once per process and most of a first visit's bytes: every form as
    /// small as the encoders make it.
    Smallest { identity: Bytes, brotli: OnceLock<Bytes>, gzip: OnceLock<Bytes> },
    /// A rendered page, card or chart, made once per state. Most states are asked for once, so
    /// it is gzipped at the fastest level as it is made (an order of magnitude faster than
    /// Brotli) and kept only so; a client that takes no compression gets it inflated. A state asked for again gets a smaller Brotli form, made off the async
    /// workers ([`Encoded::improve`]).
    Rendered { gzip: Bytes, brotli: OnceLock<Bytes>, improving: AtomicBool },
    /// A rendered result for the island, whose reader waits on its bytes: Brotli as it is made;
    /// gzip, made when first asked for, for a client that takes no Brotli.
    SmallFirst { brotli: Bytes, gzip: OnceLock<Bytes> },
}

impl Encoded {
    /// A site file, each compressed form made when first asked for or by [`Encoded::compress`].
    pub fn site_file(content_type: &'static str, identity: Bytes) -> Encoded {
        let forms = if compressible(content_type) {
            Forms::Smallest { identity, brotli: OnceLock::new(), gzip: OnceLock::new() }
        } else {
            Forms::AsIs(identity)
        };
        Encoded { content_type, forms }
    }

    /// A rendered response, gzipped now at the fastest level unless it is compressed already.
    pub fn rendered(content_type: &'static str, identity: Vec<u8>) -> Encoded {
        let forms = if compressible(content_type) {
            Forms::Rendered { gzip: fast_gzip(&identity), brotli: OnceLock::new(), improving: false.into() }
        } else {
            Forms::AsIs(Bytes::from(identity))
        };
        Encoded { content_type, forms }
    }

    /// A rendered response that a reader waits on, Brotli-compressed now.
    pub fn rendered_small(content_type: &'static str, identity: Vec<u8>) -> Encoded {
        if !compressible(content_type) {
            return Encoded::rendered(content_type, identity);
        }
        let brotli = self::brotli(&identity, WAITED_ON_BROTLI_QUALITY);
        Encoded { content_type, forms: Forms::SmallFirst { brotli, gzip: OnceLock::new() } }
    }

    /// The bytes held now, in every form made.
    pub fn held_bytes(&self) -> usize {
        match &self.forms {
            Forms::AsIs(identity) => identity.len(),
            Forms::Smallest { identity, brotli, gzip } => {
                identity.len() + [brotli, gzip].iter().filter_map(|form| form.get()).map(Bytes::len).sum::<usize>()
            }
            Forms::Rendered { gzip, brotli, .. } => gzip.len() + brotli.get().map_or(0, Bytes::len),
            Forms::SmallFirst { brotli, gzip } => brotli.len() + gzip.get().map_or(0, Bytes::len),
        }
    }

    /// Brotli when the request takes it (for a rendered response, once its Brotli form is made
    /// or when it takes no gzip), else gzip, else the bytes as they are.
    pub fn encoding_for(&self, request: &HeaderMap) -> Encoding {
        let (brotli, gzip) = (accepts(request, "br"), accepts(request, "gzip"));
        match &self.forms {
            Forms::AsIs(_) => Encoding::Identity,
            Forms::Rendered { brotli: made, .. } if brotli && (made.get().is_some() || !gzip) => Encoding::Brotli,
            Forms::Rendered { .. } if gzip => Encoding::Gzip,
            Forms::SmallFirst { .. } if brotli => Encoding::Brotli,
            Forms::SmallFirst { .. } if gzip => Encoding::Gzip,
            Forms::Smallest { .. } if brotli => Encoding::Brotli,
            Forms::Smallest { .. } if gzip => Encoding::Gzip,
            _ => Encoding::Identity,
        }
    }

    /// The body in `encoding`, with its Content-Type, Content-Encoding and Vary headers.
    pub fn representation(&self, encoding: Encoding) -> (HeaderMap, Bytes) {
        let mut headers = HeaderMap::new();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(self.content_type));
        let body = match (&self.forms, encoding) {
            (Forms::AsIs(identity), _) => return (headers, identity.clone()),
            (Forms::Smallest { identity, .. }, Encoding::Identity) => identity.clone(),
            (Forms::Smallest { identity, brotli, .. }, Encoding::Brotli) => {
                brotli.get_or_init(|| self::brotli(identity, 11)).clone()
            }
            (Forms::Smallest { identity, gzip, .. }, Encoding::Gzip) => {
                gzip.get_or_init(|| self::gzip(identity, Compression::best())).clone()
            }
            (Forms::Rendered { gzip, .. }, Encoding::Identity) => gunzip(gzip),
            (Forms::Rendered { gzip, .. }, Encoding::Gzip) => gzip.clone(),
            (Forms::Rendered { gzip, brotli, .. }, Encoding::Brotli) => {
                brotli.get_or_init(|| self::brotli(&gunzip(gzip), RENDERED_BROTLI_QUALITY)).clone()
            }
            (Forms::SmallFirst { brotli, .. }, Encoding::Identity) => unbrotli(brotli),
            (Forms::SmallFirst { brotli, .. }, Encoding::Brotli) => brotli.clone(),
            (Forms::SmallFirst { brotli, gzip }, Encoding::Gzip) => {
                gzip.get_or_init(|| fast_gzip(&unbrotli(brotli))).clone()
            }
        };
        headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
        let name = match encoding {
            Encoding::Identity => None,
            Encoding::Brotli => Some("br"),
            Encoding::Gzip => Some("gzip"),
        };
        if let Some(name) = name {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(name));
        }
        (headers, body)
    }

    /// The body in the best encoding `request` accepts, with its headers.
    pub fn for_request(&self, request: &HeaderMap) -> (HeaderMap, Bytes) {
        self.representation(self.encoding_for(request))
    }

    /// Makes every compressed form of a site file now.
    pub fn compress(&self) {
        for encoding in [Encoding::Brotli, Encoding::Gzip] {
            self.representation(encoding);
        }
    }

    /// For a rendered response asked for again: has its Brotli form made, once, by the one
    /// thread that makes them, so that later requests get it. One thread bounds what they cost:
    /// made on the blocking pool, eight at a time, they raised the server's peak memory past its
    /// goal. When that thread is behind by [`WAITING`]
    /// responses, this one is left as it is, to be tried again when next asked for.
    pub fn improve(encoded: &Arc<Encoded>) {
        let Forms::Rendered { brotli, improving, .. } = &encoded.forms else { return };
        if brotli.get().is_some() || improving.swap(true, Ordering::Relaxed) {
            return;
        }
        if improver().try_send(Arc::clone(encoded)).is_err() {
            improving.store(false, Ordering::Relaxed);
        }
    }
}

/// How many responses may wait for their Brotli form.
const WAITING: usize = 256;

/// The queue of the thread that makes rendered responses' Brotli forms, started when first
/// needed. Should the thread not start, the queue is closed and nothing is improved.
fn improver() -> &'static SyncSender<Arc<Encoded>> {
    static QUEUE: OnceLock<SyncSender<Arc<Encoded>>> = OnceLock::new();
    QUEUE.get_or_init(|| {
        let (queue, waiting) = mpsc::sync_channel::<Arc<Encoded>>(WAITING);
        let _ = std::thread::Builder::new().name("brotli".to_string()).spawn(move || {
            for encoded in waiting {
                encoded.representation(Encoding::Brotli);
            }
        });
        queue
    })
}

fn compressible(content_type: &str) -> bool {
    !matches!(content_type, "image/png" | "image/x-icon" | "application/octet-stream")
}

/// The Brotli quality of a rendered response asked for again: smaller than quality 4 for about
/// the same time, and well smaller than the fastest gzip (docs/performance.md has the figures).
const RENDERED_BROTLI_QUALITY: u32 = 5;

/// The Brotli quality of a response a reader waits on: a changed answer's result is a few
/// kilobytes whichever quality makes it, and quality 5 took longer than sending the difference
/// (docs/performance.md).
const WAITED_ON_BROTLI_QUALITY: u32 = 3;

/// The window is just large enough for the content, because the encoder's memory grows with it,
/// but never below 2^18 bytes: with a smaller window, qualities 5 to 9 of this encoder take ten
/// to twenty times as long.
fn brotli(content: &[u8], quality: u32) -> Bytes {
    let fitted = content.len().next_power_of_two().ilog2();
    let window = if (5..=9).contains(&quality) { fitted.max(18) } else { fitted.max(10) }.min(22);
    let mut encoder = brotli::CompressorWriter::new(Vec::new(), 4096, quality, window);
    // Writing to memory cannot fail.
    let _ = encoder.write_all(content);
    held(encoder.into_inner())
}

fn gzip(content: &[u8], level: Compression) -> Bytes {
    let mut encoder = flate2::write::GzEncoder::new(Vec::with_capacity(content.len() / 3), level);
    // Writing to memory cannot fail.
    let _ = encoder.write_all(content);
    held(encoder.finish().unwrap_or_default())
}

/// The header of a gzip member (RFC 1952): deflate, no name or time, from an unknown system.
const GZIP_HEADER: [u8; 10] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];

/// `content` gzipped at the fastest level by this thread's encoder, reset for each response:
/// a new encoder allocates its window and hash tables afresh, and, freed and allocated again
/// from the async workers for every response, they more than doubled the server's peak memory
/// while new charts were asked for.
fn fast_gzip(content: &[u8]) -> Bytes {
    thread_local! {
        static ENCODER: RefCell<DeflateEncoder<Vec<u8>>> =
            RefCell::new(DeflateEncoder::new(Vec::new(), Compression::fast()));
    }
    let mut member = Vec::with_capacity(content.len() / 3 + 64);
    member.extend_from_slice(&GZIP_HEADER);
    let deflated = ENCODER.with_borrow_mut(|encoder| {
        // Writing to memory cannot fail; the first reset ends the empty stream left by the last.
        encoder.reset(member)?;
        encoder.write_all(content)?;
        encoder.reset(Vec::new())
    });
    let Ok(mut member) = deflated else { return gzip(content, Compression::fast()) };
    let mut crc = flate2::Crc::new();
    crc.update(content);
    member.extend_from_slice(&crc.sum().to_le_bytes());
    // ISIZE is the length modulo 2^32.
    member.extend_from_slice(&(content.len() as u32).to_le_bytes());
    held(member)
}

/// A compressed form to keep, in no more memory than its bytes: an encoder's buffer grows past
/// its output, and the response cache, which weighs a form by its length, would hold the rest
/// unseen (a third more than weighed for a page's gzip form).
fn held(mut form: Vec<u8>) -> Bytes {
    form.shrink_to_fit();
    Bytes::from(form)
}

/// `gzip` inflated; it was made here, so it is well formed.
fn gunzip(gzip: &[u8]) -> Bytes {
    let mut decoder = flate2::write::GzDecoder::new(Vec::with_capacity(gzip.len() * 4));
    let _ = decoder.write_all(gzip);
    Bytes::from(decoder.finish().unwrap_or_default())
}

/// `brotli` decompressed; it was made here, so it is well formed.
fn unbrotli(brotli: &[u8]) -> Bytes {
    let mut identity = Vec::with_capacity(brotli.len() * 6);
    let _ = brotli::BrotliDecompress(&mut &brotli[..], &mut identity);
    Bytes::from(identity)
}

/// Whether `Accept-Encoding` lists `coding` without refusing it (`;q=0`).
pub fn accepts(request: &HeaderMap, coding: &str) -> bool {
    request
        .get_all(header::ACCEPT_ENCODING)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|item| {
            let mut parts = item.split(';').map(str::trim);
            let refused = |part: &str| {
                part.split_once('=')
                    .is_some_and(|(name, q)| name.trim() == "q" && q.trim().parse::<f32>().is_ok_and(|q| q == 0.0))
            };
            parts.next().is_some_and(|name| name.eq_ignore_ascii_case(coding)) && !parts.any(refused)
        })
}

/// Whether the request's `If-None-Match` names `etag` (or `*`): it holds that representation.
pub fn holds(request: &HeaderMap, etag: &str) -> bool {
    request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .map(|tag| tag.trim().trim_start_matches("W/"))
        .any(|tag| tag == etag || tag == "*")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Read;

    #[test]
    fn a_result_the_reader_waits_on_is_brotli_at_once_and_every_form_reads_back() {
        let page = page();
        let small = Encoded::rendered_small("text/html; charset=utf-8", page.clone().into_bytes());
        let (headers, brotli) = small.for_request(&accepting("br, gzip"));
        assert_eq!(headers[header::CONTENT_ENCODING], "br");
        assert_eq!(small.held_bytes(), brotli.len(), "only the Brotli form is held");
        let (headers, gzip) = small.for_request(&accepting("gzip"));
        assert_eq!(headers[header::CONTENT_ENCODING], "gzip");
        let mut inflated = Vec::new();
        flate2::read::GzDecoder::new(&gzip[..]).read_to_end(&mut inflated).unwrap();
        assert_eq!(inflated, page.as_bytes());
        assert_eq!(small.for_request(&HeaderMap::new()).1, page.as_bytes());
    }

    fn accepting(value: &str) -> HeaderMap {
        [(header::ACCEPT_ENCODING, HeaderValue::from_str(value).unwrap())].into_iter().collect()
    }

    #[test]
    fn encodings_are_negotiated() {
        let script = Encoded::site_file("text/javascript; charset=utf-8", Bytes::from("let x = 1;".repeat(100)));
        let encoding = |value: &str| script.encoding_for(&accepting(value));
        assert_eq!(encoding("gzip, deflate, br, zstd"), Encoding::Brotli);
        assert_eq!(encoding("gzip"), Encoding::Gzip);
        assert_eq!(encoding("br;q=0, gzip;q=0.5"), Encoding::Gzip);
        assert_eq!(encoding("BR ; q=1.0"), Encoding::Brotli);
        assert_eq!(encoding("identity"), Encoding::Identity);
        assert_eq!(script.encoding_for(&HeaderMap::new()), Encoding::Identity);
        let image = Encoded::site_file("image/png", Bytes::from(vec![0; 100]));
        assert_eq!(image.encoding_for(&accepting("br")), Encoding::Identity);
        let chart = Encoded::rendered("image/png", vec![0; 100]);
        assert_eq!(chart.for_request(&accepting("br, gzip")).0.get(header::CONTENT_ENCODING), None);
    }

    #[test]
    fn site_files_have_every_form_made_once() {
        let css = Encoded::site_file("text/css; charset=utf-8", Bytes::from("body { margin: 0 }\n".repeat(200)));
        let (headers, brotli) = css.representation(Encoding::Brotli);
        assert_eq!(headers[header::CONTENT_ENCODING], "br");
        assert_eq!(headers[header::VARY], "accept-encoding");
        assert!(brotli.len() < css.representation(Encoding::Identity).1.len() / 10, "{} bytes", brotli.len());
        assert_eq!(css.representation(Encoding::Brotli).1.as_ptr(), brotli.as_ptr());
        assert_eq!(&css.representation(Encoding::Gzip).1[..2], &[0x1f, 0x8b]);
        let (headers, plain) = css.representation(Encoding::Identity);
        assert!(headers.get(header::CONTENT_ENCODING).is_none());
        assert_eq!(plain, css.representation(Encoding::Identity).1);
    }

    fn page() -> String {
        (0..400).map(|row| format!("<tr><td>{row}</td><td>{}</td></tr>\n", row * 7919 % 1000)).collect()
    }

    #[test]
    fn a_rendered_response_is_gzipped_then_given_brotli_when_asked_again() {
        let page = page();
        let rendered = Arc::new(Encoded::rendered("text/html; charset=utf-8", page.clone().into_bytes()));
        let browser = accepting("br, gzip");
        let (headers, first) = rendered.for_request(&browser);
        assert_eq!(headers[header::CONTENT_ENCODING], "gzip", "the fast form first");
        assert_eq!(rendered.held_bytes(), first.len(), "only the gzip form is held");
        assert!(first.len() < page.len() / 3, "{} of {} bytes", first.len(), page.len());
        assert_eq!(rendered.representation(Encoding::Identity).1, page.as_bytes());
        for other in ["", "<p>a</p>", &page[..1000]] {
            let rendered = Encoded::rendered("text/html; charset=utf-8", other.as_bytes().to_vec());
            assert_eq!(rendered.representation(Encoding::Identity).1, other.as_bytes());
        }
        let (headers, plain) = rendered.for_request(&HeaderMap::new());
        assert!(headers.get(header::CONTENT_ENCODING).is_none());
        assert_eq!(plain, page.as_bytes());

        // Asked for again, it gets its Brotli form from another thread.
        Encoded::improve(&rendered);
        for _ in 0..1000 {
            if rendered.encoding_for(&browser) == Encoding::Brotli {
                break;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        let (headers, brotli) = rendered.for_request(&browser);
        assert_eq!(headers[header::CONTENT_ENCODING], "br");
        assert!(brotli.len() < first.len(), "Brotli {} against gzip {} bytes", brotli.len(), first.len());
        let mut decoded = Vec::new();
        brotli::BrotliDecompress(&mut &brotli[..], &mut decoded).unwrap();
        assert_eq!(decoded, page.as_bytes());
        // A client that takes Brotli but not gzip is not sent the gzip form.
        let fresh = Encoded::rendered("text/html; charset=utf-8", page.clone().into_bytes());
        assert_eq!(fresh.for_request(&accepting("br")).0[header::CONTENT_ENCODING], "br");
    }
}
