//! The page's one island: all the browser adds to the server-rendered page. A changed answer
//! swaps in the result the server renders for it and puts that result's share link in the
//! address bar; copy buttons copy. Everything else is HTML from the server, so the WASM stays small.

use leptos::prelude::*;

/// Wraps the form and the result and handles the events that bubble up from them, so content
/// swapped in later needs no hydration of its own.
#[island]
pub fn LiveAdvisor(children: Children) -> impl IntoView {
    #[cfg(feature = "hydrate")]
    client::mark_hydrated();
    let on_change = |event: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        client::show_state_of_form(&event);
        #[cfg(not(feature = "hydrate"))]
        let _ = event;
    };
    let on_submit = |event: leptos::ev::SubmitEvent| {
        #[cfg(feature = "hydrate")]
        {
            event.prevent_default();
            client::show_state_of_form(&event);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = event;
    };
    let on_input = |event: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        client::echo_in_words(&event);
        #[cfg(not(feature = "hydrate"))]
        let _ = event;
    };
    let on_click = |event: leptos::ev::MouseEvent| {
        #[cfg(feature = "hydrate")]
        client::copy_for(&event);
        #[cfg(not(feature = "hydrate"))]
        let _ = event;
    };
    view! {
        <div class="layout" on:change=on_change on:input=on_input on:submit=on_submit on:click=on_click>
            {children()}
        </div>
    }
}

#[cfg(feature = "hydrate")]
mod client {
    use std::cell::Cell;

    use leptos::prelude::set_timeout;
    use wasm_bindgen::{JsCast, JsValue};
    use wasm_bindgen_futures::JsFuture;
    use web_sys::{DomParser, Element, Event, HtmlFormElement, SupportedType, UrlSearchParams};

    thread_local! {
        /// The newest result asked for; an older answer arriving late is dropped.
        static NEWEST: Cell<u32> = const { Cell::new(0) };
    }

    /// Browser tests wait for this marker before they interact with the page.
    pub fn mark_hydrated() {
        if let Some(body) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.body()) {
            let _ = body.set_attribute("data-hydrated", "true");
        }
    }

    fn target_element(event: &Event) -> Option<Element> {
        event.target()?.dyn_into().ok()
    }

    /// The URL the event's form states as it stands (its action and its fields as the browser
    /// would submit them, less the empty ones: each is its default), and where to ask for its
    /// result: the form's `data-result` when it has one, else the same URL. A form that states B
    /// of a comparison (`data-state="b"`) keeps its hidden `a` and nests the other fields in `b`,
    /// as the comparison's links do.
    fn form_urls(event: &Event) -> Option<(String, String)> {
        let form: HtmlFormElement = target_element(event)?.closest("form").ok()??.dyn_into().ok()?;
        let data = web_sys::FormData::new_with_form(&form).ok()?;
        let fields: String = UrlSearchParams::new_with_str_sequence_sequence(&data).ok()?.to_string().into();
        let given = form_urlencoded::parse(fields.as_bytes()).filter(|(_, value)| !value.trim().is_empty());
        let action = form.get_attribute("action").unwrap_or_else(|| "/".to_string());
        let query = match form.get_attribute("data-state").as_deref() {
            Some("b") => {
                let (a, b): (Vec<_>, Vec<_>) = given.partition(|(name, _)| name == "a");
                let a = a.into_iter().last().map(|(_, a)| a).unwrap_or_default();
                let b = form_urlencoded::Serializer::new(String::new()).extend_pairs(b).finish();
                form_urlencoded::Serializer::new(String::new()).append_pair("a", &a).append_pair("b", &b).finish()
            }
            _ => form_urlencoded::Serializer::new(String::new()).extend_pairs(given).finish(),
        };
        let result = form.get_attribute("data-result").unwrap_or_else(|| action.clone());
        Some((format!("{action}?{query}"), format!("{result}?{query}")))
    }

    /// Shows the server's result for the form's state, then that result's share link in the
    /// address bar. The address bar changes once, when the result does: it names the result
    /// shown (a refused value leaves both as they were), and each change of it costs the
    /// browser a same-document navigation (Chromium asks for the icon again).
    pub fn show_state_of_form(event: &Event) {
        let Some((url, result)) = form_urls(event) else { return };
        let Some(window) = web_sys::window() else { return };
        let request = NEWEST.with(|newest| {
            newest.set(newest.get().wrapping_add(1));
            newest.get()
        });
        leptos::task::spawn_local(async move {
            if swap_in_result(&result, request).await.is_err() {
                // Whatever went wrong, loading the page is what the form does without scripts.
                let _ = window.location().set_href(&url);
            }
        });
    }

    async fn swap_in_result(url: &str, request: u32) -> Result<(), JsValue> {
        let window = web_sys::window().ok_or("no window")?;
        let document = window.document().ok_or("no document")?;
        let shown = document.query_selector(".result")?.ok_or("no result on the page")?;
        shown.set_attribute("aria-busy", "true")?;
        // The sections shown, named by their digests: the server sends those that stay as
        // they are empty, so that they are neither sent nor parsed and laid out again.
        let sections = shown.query_selector_all(":scope > section[data-digest]")?;
        let held: Vec<String> = (0..sections.length())
            .filter_map(|index| sections.item(index)?.dyn_into::<Element>().ok()?.get_attribute("data-digest"))
            .collect();
        let asked = web_sys::RequestInit::new();
        if !held.is_empty() {
            let headers = web_sys::Headers::new()?;
            headers.set("advisor-held-sections", &held.join(" "))?;
            asked.set_headers_headers(&headers);
        }
        let response: web_sys::Response =
            JsFuture::from(window.fetch_with_str_and_init(url, &asked)).await?.dyn_into()?;
        let refused = response.status() == 400;
        let html = JsFuture::from(response.text()?).await?.as_string().ok_or("no text")?;
        if NEWEST.with(Cell::get) != request {
            return Ok(());
        }
        let page = DomParser::new()?.parse_from_string(&html, SupportedType::TextHtml)?;
        let messages = mark_fields(&document, &page)?;
        let status = document.get_element_by_id("result-status");
        if refused {
            // The server evaluated the rest with defaults for what it refused, which answers no
            // question asked: the last result stays, dimmed, and the error is what is announced.
            shown.remove_attribute("aria-busy")?;
            shown.class_list().add_1("stale")?;
            if shown.query_selector(".stale-note")?.is_none() {
                let note = document.create_element("p")?;
                note.set_class_name("stale-note");
                note.set_text_content(Some("This result is for your last valid answers: correct the marked field."));
                shown.prepend_with_node_1(&note)?;
            }
            if let Some(status) = status {
                status.set_text_content(Some(&format!("Not updated. {}", messages.join(" "))));
            }
            return Ok(());
        }
        shown.class_list().remove_1("stale")?;
        let fresh = page.query_selector(".result")?.ok_or("no result in the answer")?;
        // Our own server's HTML, escaped as it rendered it; scripts parsed apart do not run.
        // Moved across rather than written out and parsed again. A section sent empty as the
        // same stays as shown, with its disclosures as the reader left them.
        let children = fresh.child_nodes();
        let mut nodes = Vec::with_capacity(children.length() as usize);
        for child in (0..children.length()).filter_map(|index| children.item(index)) {
            let same = child.dyn_ref::<Element>().and_then(|element| element.get_attribute("data-same"));
            nodes.push(match same {
                // A digest is hexadecimal, which the server checks, so it quotes safely.
                Some(digest) => shown
                    .query_selector(&format!(":scope > section[data-digest=\"{digest}\"]"))?
                    .ok_or("a section said to be held is not shown")?
                    .into(),
                None => child,
            });
        }
        // The last result's other nodes out, then each new one in its place: a section kept
        // is never taken out and put back, so it is not styled and laid out again.
        let old = shown.child_nodes();
        let leaving: Vec<web_sys::Node> = (0..old.length())
            .filter_map(|index| old.item(index))
            .filter(|node| !nodes.iter().any(|kept| kept.is_same_node(Some(node))))
            .collect();
        for node in leaving {
            shown.remove_child(&node)?;
        }
        for (index, node) in nodes.iter().enumerate() {
            let there = shown.child_nodes().item(index as u32);
            if !node.is_same_node(there.as_ref()) {
                shown.insert_before(node, there.as_ref())?;
            }
        }
        shown.remove_attribute("aria-busy")?;
        // The share link of the result shown: canonical, and tagged with the rules that decided
        // it. Put in the address bar in a task of its own, after the result is drawn: a
        // same-document navigation is slow enough to hold up drawing it. Read when the task
        // runs, so that the address names whatever result is shown then, even one a refused
        // value has left in place since.
        let (later_document, later_window) = (document.clone(), window.clone());
        set_timeout(
            move || {
                let link = later_document.query_selector(".result a.share-link").ok().flatten();
                if let (Some(share), Ok(history)) =
                    (link.and_then(|link| link.get_attribute("href")), later_window.history())
                {
                    let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&share));
                }
            },
            std::time::Duration::ZERO,
        );
        document.set_title(&page.title());
        // The headline says what to announce before its own words.
        if let (Some(status), Some(headline)) = (status, shown.query_selector("[data-announce]")?) {
            let what = headline.get_attribute("data-announce").unwrap_or_default();
            let words = headline.text_content().unwrap_or_default();
            status.set_text_content(Some(&format!("{what}: {words}")));
        }
        Ok(())
    }

    /// Marks each field of the form as the server's answer marks it: a refused value's field
    /// gets its message (`aria-invalid`, the message linked by `aria-describedby`), and a field
    /// fixed since loses it; a field the answer leaves out (`/result` has only the refused ones)
    /// has no error. The value typed stays. Returns the messages.
    fn mark_fields(document: &web_sys::Document, page: &web_sys::Document) -> Result<Vec<String>, JsValue> {
        let mut messages = Vec::new();
        let fields = document.query_selector_all("form [data-field]")?;
        for index in 0..fields.length() {
            let Some(field) = fields.item(index).and_then(|node| node.dyn_into::<Element>().ok()) else { continue };
            let name = field.get_attribute("data-field").unwrap_or_default();
            if let Some(old) = field.query_selector(".field-error")? {
                old.remove();
            }
            let Some(fresh) = page.query_selector(&format!("form [data-field=\"{name}\"]"))? else {
                field.remove_attribute("aria-invalid")?;
                let controls = field.query_selector_all("input, select")?;
                for control in 0..controls.length() {
                    if let Some(control) = controls.item(control).and_then(|node| node.dyn_into::<Element>().ok()) {
                        control.remove_attribute("aria-invalid")?;
                        control.set_attribute("aria-describedby", &format!("{name}-help"))?;
                    }
                }
                continue;
            };
            copy_attribute(&fresh, &field, "aria-invalid")?;
            let (controls, fresh_controls) =
                (field.query_selector_all("input, select")?, fresh.query_selector_all("input, select")?);
            for control in 0..controls.length().min(fresh_controls.length()) {
                let (Some(to), Some(from)) = (
                    controls.item(control).and_then(|node| node.dyn_into::<Element>().ok()),
                    fresh_controls.item(control).and_then(|node| node.dyn_into::<Element>().ok()),
                ) else {
                    continue;
                };
                copy_attribute(&from, &to, "aria-invalid")?;
                copy_attribute(&from, &to, "aria-describedby")?;
            }
            if let Some(error) = fresh.query_selector(".field-error")? {
                messages.push(error.text_content().unwrap_or_default());
                // Not announced again as an alert: the status line says it once.
                let error: Element = document.import_node_with_deep(&error, true)?.dyn_into()?;
                error.remove_attribute("role")?;
                field.append_child(&error)?;
            }
        }
        Ok(messages)
    }

    fn copy_attribute(from: &Element, to: &Element, name: &str) -> Result<(), JsValue> {
        match from.get_attribute(name) {
            Some(value) => to.set_attribute(name, &value),
            None => to.remove_attribute(name),
        }
    }

    /// Reads a number field's figure back in words as it is typed ("= 300 million"), in the
    /// element its `data-echo` names; nothing for a small or unreadable figure.
    pub fn echo_in_words(event: &Event) {
        let Some(input) = target_element(event).and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok()) else {
            return;
        };
        let Some(echo) = input.get_attribute("data-echo") else { return };
        let words = advisor_core::contract::read_whole(&input.value()).and_then(advisor_core::format::in_words);
        if let Some(element) = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(&echo)) {
            element.set_text_content(words.map(|words| format!("= {words}")).as_deref());
        }
    }

    /// Copies a copy button's `data-copy` text; a path is copied as an absolute URL.
    pub fn copy_for(event: &Event) {
        let Some(button) = target_element(event).and_then(|e| e.closest("button[data-copy]").ok().flatten()) else {
            return;
        };
        let Some(window) = web_sys::window() else { return };
        let text = button.get_attribute("data-copy").unwrap_or_default();
        let text = if text.starts_with('/') {
            format!("{}{text}", window.location().origin().unwrap_or_default())
        } else {
            text
        };
        let _ = window.navigator().clipboard().write_text(&text);
        // Only the button just used says so; the others read their own labels again.
        if let Some(document) = window.document()
            && let Ok(buttons) = document.query_selector_all("button[data-copy]")
        {
            for index in 0..buttons.length() {
                if let Some(other) = buttons.item(index).and_then(|node| node.dyn_into::<Element>().ok()) {
                    other.set_text_content(other.get_attribute("data-label").as_deref());
                }
            }
        }
        button.set_text_content(Some("Copied"));
    }
}
