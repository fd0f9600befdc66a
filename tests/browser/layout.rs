//! Nothing runs wider than the screen: at a desktop's and a phone's width, with every folded
//! part opened, no element of the page reaches past the viewport, and every Sources item shows
//! its figure, value, source link and date.

use serde_json::json;

use super::server::Server;
use super::with_browser;

/// The states a reviewer opens most: the defaults, rotation (the widest cost table) and a
/// conflict (every option ruled out, the longest reasons).
const STATES: [&str; 3] = [
    "",
    "rotation=365&keys=50&usage=encrypt,sign&signing_keys=5",
    "custody=external&multi_region=yes&rotation=90&integration=both&context=PCI%20DSS%20card%20vault",
];

/// Opens every `details` and returns the elements whose box reaches past the viewport, each as
/// "tag.class left..right", and the document's scroll width against the viewport's.
const WIDE_ELEMENTS: &str = r#"
    document.querySelectorAll('details').forEach(d => d.open = true);
    await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
    const width = document.documentElement.clientWidth;
    const wide = [...document.querySelectorAll('body *')]
        .filter(e => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > width + 0.5 || r.left < -0.5); })
        .map(e => `${e.tagName.toLowerCase()}.${e.className} ${Math.round(e.getBoundingClientRect().left)}..${Math.round(e.getBoundingClientRect().right)}`);
    return [width, document.documentElement.scrollWidth, wide.slice(0, 10)];
"#;

/// Each Sources item's parts: `[figure, value, source link, date]`, empty where one is missing.
const SOURCE_ITEMS: &str = r#"
    return [...document.querySelectorAll('.sources li[data-figure]')].map(li => [
        li.querySelector('.figure')?.textContent ?? '',
        li.querySelector('.value')?.textContent ?? '',
        li.querySelector('.source a')?.href ?? li.querySelector('.source')?.textContent ?? '',
        li.querySelector('.as-of')?.textContent ?? '',
    ]);
"#;

#[tokio::test]
async fn no_element_is_wider_than_the_viewport_at_1280_and_390_px() {
    let server = Server::start();
    let base = server.base_url.clone();
    with_browser(true, move |client| async move {
        for (width, height) in [(1280, 900), (390, 844)] {
            client.set_window_size(width, height).await.unwrap();
            for state in STATES {
                client.goto(&format!("{base}/?{state}")).await.unwrap();
                let found = client.execute(WIDE_ELEMENTS, vec![]).await.unwrap();
                let viewport = found[0].as_u64().unwrap();
                assert!(viewport <= width as u64, "{found}");
                assert_eq!(found[1], found[0], "the page scrolls sideways at {width} px for {state:?}: {found}");
                assert_eq!(found[2], json!([]), "elements past the viewport at {width} px for {state:?}: {found}");

                let items = client.execute(SOURCE_ITEMS, vec![]).await.unwrap();
                let items = items.as_array().unwrap();
                assert!(items.len() > 20, "{items:?}");
                for item in items {
                    let parts: Vec<&str> = item.as_array().unwrap().iter().map(|p| p.as_str().unwrap()).collect();
                    assert!(parts.iter().all(|part| !part.trim().is_empty()), "{item} at {width} px");
                    assert!(parts[3].starts_with("as of 20") || parts[3] == "entered in the link", "{item}");
                }
                let linked = items.iter().filter(|item| item[2].as_str().is_some_and(|s| s.starts_with("https://")));
                assert!(linked.count() * 10 >= items.len() * 9, "nearly every figure links to its source");
            }
        }
    })
    .await;
}

/// The decision at a glance reads, cell by cell, as requirement, option, verdict, reason: a
/// row header, then a cell under its option's column header (or, on a phone, labelled with it),
/// opening with its verdict in words.
#[tokio::test]
async fn the_matrix_reads_requirement_option_verdict_reason() {
    let server = Server::start();
    let url = format!("{}/?dedicated=yes&usage=encrypt,sign&integration=custom", server.base_url);
    with_browser(true, move |client| async move {
        for (width, height) in [(1280, 900), (390, 844)] {
            client.set_window_size(width, height).await.unwrap();
            client.goto(&url).await.unwrap();
            let read = client
                .execute(
                    r#"const table = document.querySelector('.decision-matrix');
                       const options = [...table.querySelectorAll('thead th[scope=col]')].slice(1).map(th => th.textContent);
                       return [...table.querySelectorAll('tbody tr')].map(tr => {
                           const cells = [...tr.children];
                           return [cells[0].tagName + ':' + cells[0].getAttribute('scope'), ...cells.slice(1).map((td, i) => {
                               const label = getComputedStyle(td, '::before').content;
                               return [options[i], td.dataset.label, td.querySelector('.verdict-word').textContent,
                                       td.firstElementChild === td.querySelector('.verdict-word'), label];
                           })];
                       });"#,
                    vec![],
                )
                .await
                .unwrap();
            let rows = read.as_array().unwrap();
            assert!(rows.len() >= 3, "{read}");
            for row in rows {
                let row = row.as_array().unwrap();
                assert_eq!(row[0], json!("TH:row"), "{read}");
                for cell in &row[1..] {
                    // The column's heading, "(recommended)" and all, labels the cell on a phone.
                    let option = cell[0].as_str().unwrap();
                    assert_eq!(cell[1].as_str(), Some(option), "{cell}");
                    assert!(["Met", "Rules it out"].contains(&cell[2].as_str().unwrap()), "{cell}");
                    assert_eq!(cell[3], json!(true), "the verdict comes first: {cell}");
                    if width == 390 {
                        assert_eq!(cell[4].as_str(), Some(format!("\"{option}: \"").as_str()), "{cell}");
                    }
                }
            }
            // KMS is ruled out by the mandate for dedicated HSMs, and says so in its cell.
            let kms = client
                .execute("return document.querySelector('tr[data-row=dedicated] td').textContent;", vec![])
                .await
                .unwrap();
            assert!(kms.as_str().unwrap().starts_with("Rules it out KMS keeps keys on HSMs"), "{kms}");
        }
    })
    .await;
}
