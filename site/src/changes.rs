//! What changed: the change notes of every page and local block, gathered into the page
//! **Nytt och ändrat** (`/nytt/`, one page per audience so the filter works without JavaScript)
//! and an **Atom feed** of the same (`/nytt.atom`, and `/nytt/<målgrupp>.atom`), so staff and
//! intranets can follow routine changes. Only changes marked significant are listed; each page
//! shows its own full list of changes.

use crate::options::SiteOptions;
use crate::render::swedish_date;
use crate::shell::Shell;
use atom_syndication::{
    Category, Content, Entry, Feed, FixedDateTime, Link, Person, Text, WriteConfig,
};
use maud::{Markup, html};
use std::io;
use std::path::Path;
use time::Date;
use vagvisare_model::{Audience, Origin, Page, Site};

/// One significant change in the site.
#[derive(Debug, Clone)]
pub struct Change<'a> {
    /// When it was made.
    pub date: Date,
    /// What changed, in one sentence.
    pub note: &'a str,
    /// The page it was made on.
    pub page: &'a Page,
    /// The local block it was made in, if any (the block's anchor).
    pub block: Option<String>,
    /// Whether the changed text is national or the municipality's own.
    pub origin: Origin,
}

impl Change<'_> {
    /// The URL path of the changed text.
    pub fn url(&self) -> String {
        match &self.block {
            Some(anchor) => format!("{}#{anchor}", self.page.url()),
            None => self.page.url(),
        }
    }
}

/// Every significant change of the site's pages and local blocks, newest first.
pub fn significant_changes(site: &Site) -> Vec<Change<'_>> {
    let mut out = Vec::new();
    for page in &site.pages {
        for c in page.front.changes.iter().filter(|c| c.significant) {
            out.push(Change {
                date: c.date,
                note: &c.note,
                page,
                block: None,
                origin: page.origin,
            });
        }
        for block in &page.blocks {
            for c in block.changes.iter().filter(|c| c.significant) {
                out.push(Change {
                    date: c.date,
                    note: &c.note,
                    page,
                    block: Some(block.anchor()),
                    origin: Origin::Local,
                });
            }
        }
    }
    out.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| a.page.path.cmp(&b.page.path))
    });
    out
}

/// Writes `/nytt/index.html`, one page per audience, and the Atom feeds into the built site.
pub(crate) fn write(
    site: &Site,
    options: &SiteOptions,
    dir: &Path,
    shell: &Shell,
) -> io::Result<()> {
    let changes = significant_changes(site);
    let folder = dir.join("nytt");
    std::fs::create_dir_all(&folder)?;
    let mut filters: Vec<Option<Audience>> = vec![None];
    filters.extend(Audience::ALL.into_iter().map(Some));
    for filter in filters {
        let shown: Vec<&Change> = changes
            .iter()
            .filter(|c| filter.is_none_or(|a| c.page.front.audience.contains(&a)))
            .collect();
        let (file, feed) = match filter {
            None => ("index.html".to_string(), "/nytt.atom".to_string()),
            Some(a) => (
                format!("{}.html", a.key()),
                format!("/nytt/{}.atom", a.key()),
            ),
        };
        let main = page_html(&shown, filter, &feed);
        let title = match filter {
            None => "Nytt och ändrat".to_string(),
            Some(a) => format!("Nytt och ändrat – {}", a.label()),
        };
        let html = shell.page(
            &title,
            "Viktiga ändringar i vägledningen och rutinerna, de senaste först.",
            &main.into_string(),
        );
        std::fs::write(folder.join(file), html)?;
        let atom = feed_xml(&shown, filter, options)?;
        let target = match filter {
            None => dir.join("nytt.atom"),
            Some(a) => folder.join(format!("{}.atom", a.key())),
        };
        std::fs::write(target, atom)?;
    }
    Ok(())
}

fn page_html(changes: &[&Change], filter: Option<Audience>, feed: &str) -> Markup {
    let link = |a: Option<Audience>| match a {
        None => "/nytt/".to_string(),
        Some(a) => format!("/nytt/{}.html", a.key()),
    };
    let mut filters: Vec<Option<Audience>> = vec![None];
    filters.extend(Audience::ALL.into_iter().map(Some));
    html! {
        h1 { "Nytt och ändrat" }
        p.sammanfattning {
            "Här står de ändringar i vägledningen och rutinerna som påverkar hur du arbetar, de senaste först. "
            "Varje sida har också en egen lista över sina ändringar."
        }
        nav.filter aria-label="Visa ändringar för" {
            ul {
                @for f in filters {
                    li {
                        @let label = f.map_or("Alla", Audience::label);
                        @if f == filter {
                            a href=(link(f)) aria-current="page" { (label) }
                        } @else {
                            a href=(link(f)) { (label) }
                        }
                    }
                }
            }
        }
        p {
            "Följ ändringarna i din nyhetsläsare eller på intranätet: "
            a href=(feed) type="application/atom+xml" { "prenumerera (Atom-flöde)" } "."
        }
        @if changes.is_empty() {
            p { "Det finns inga viktiga ändringar att visa ännu." }
        } @else {
            ul.andringar {
                @for c in changes {
                    li {
                        p.andring-datum { time datetime=(c.date.to_string()) { (swedish_date(c.date)) } }
                        p.andring-sida {
                            a href=(c.url()) { (c.page.front.title) }
                            @if c.origin == Origin::Local { " " span.ursprung-typ { "(kommunens egen text)" } }
                        }
                        p { (c.note) }
                    }
                }
            }
        }
    }
}

/// The Atom document for `changes`. Links are absolute when the public URL is configured;
/// otherwise relative to the feed (Atom allows it), and ids are `tag:` URIs.
fn feed_xml(
    changes: &[&Change],
    filter: Option<Audience>,
    options: &SiteOptions,
) -> io::Result<Vec<u8>> {
    let base = options
        .public_url
        .as_deref()
        .map(|u| u.trim_end_matches('/'));
    let absolute = |path: &str| match base {
        Some(b) => format!("{b}{path}"),
        None => path.to_string(),
    };
    let tag = |rest: &str| {
        let who: String = options
            .municipality
            .to_lowercase()
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
            .collect();
        format!("tag:vagvisaren.se,2026:{who}/{rest}")
    };
    let midnight = |d: Date| -> FixedDateTime {
        let text = format!("{d}T00:00:00+00:00");
        FixedDateTime::parse_from_rfc3339(&text).unwrap_or_default()
    };
    let feed_path = match filter {
        None => "/nytt.atom".to_string(),
        Some(a) => format!("/nytt/{}.atom", a.key()),
    };
    let page_path = match filter {
        None => "/nytt/".to_string(),
        Some(a) => format!("/nytt/{}.html", a.key()),
    };
    let entries: Vec<Entry> = changes
        .iter()
        .map(|c| {
            let mut e = Entry::default();
            // Permanent: the same change keeps its id when newer ones are added.
            e.set_id(tag(&format!(
                "{}{}/{}/{}",
                c.page.path,
                c.block
                    .as_deref()
                    .map(|b| format!("#{b}"))
                    .unwrap_or_default(),
                c.date,
                vagvisare_model::ContentHash::of(&[c.note])
            )));
            e.set_title(Text::plain(c.page.front.title.clone()));
            e.set_updated(midnight(c.date));
            let mut link = Link::default();
            link.set_href(absolute(&c.url()));
            link.set_rel("alternate");
            e.set_links(vec![link]);
            e.set_summary(Some(Text::plain(c.note.to_string())));
            let mut content = Content::default();
            content.set_content_type(Some("text".to_string()));
            content.set_value(Some(c.note.to_string()));
            e.set_content(Some(content));
            let mut author = Person::default();
            author.set_name(c.page.front.owner.clone());
            e.set_authors(vec![author]);
            e.set_categories(
                c.page
                    .front
                    .audience
                    .iter()
                    .map(|a| {
                        let mut cat = Category::default();
                        cat.set_term(a.key());
                        cat.set_label(Some(a.label().to_string()));
                        cat
                    })
                    .collect::<Vec<_>>(),
            );
            e
        })
        .collect();
    let mut feed = Feed::default();
    feed.set_id(match base {
        Some(_) => absolute(&feed_path),
        None => tag(feed_path.trim_start_matches('/')),
    });
    let title = match filter {
        None => format!("Nytt och ändrat – Vägvisaren {}", options.municipality),
        Some(a) => format!(
            "Nytt och ändrat för {} – Vägvisaren {}",
            a.label().to_lowercase(),
            options.municipality
        ),
    };
    feed.set_title(Text::plain(title));
    feed.set_lang(Some("sv".to_string()));
    feed.set_updated(midnight(changes.first().map_or(options.today, |c| c.date)));
    let mut me = Link::default();
    me.set_href(absolute(&feed_path));
    me.set_rel("self");
    me.set_mime_type(Some("application/atom+xml".to_string()));
    let mut alternate = Link::default();
    alternate.set_href(absolute(&page_path));
    alternate.set_rel("alternate");
    alternate.set_mime_type(Some("text/html".to_string()));
    feed.set_links(vec![me, alternate]);
    let mut author = Person::default();
    author.set_name(format!("Vägvisaren {}", options.municipality));
    feed.set_authors(vec![author]);
    feed.set_entries(entries);
    let mut out = Vec::new();
    feed.write_with_config(
        &mut out,
        WriteConfig {
            write_document_declaration: true,
            indent_size: Some(1),
        },
    )
    .map_err(|e| io::Error::other(e.to_string()))?;
    Ok(out)
}
