//! The outline of a page body: headings with the anchors mdBook renders, links, sections for
//! search and text blocks for readability checks. Parsed once with pulldown-cmark using the
//! same options as mdBook 0.5 (definition lists are turned off in our mdBook config).

use crate::problem::line_of;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;

/// A heading in a page body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1–6.
    pub level: u8,
    /// The heading's text, without markup.
    pub text: String,
    /// The `id` mdBook gives the rendered heading (explicit `{#id}` or generated).
    pub id: String,
    /// 1-based line in the page file.
    pub line: usize,
}

/// A link or image target in a page body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The raw destination, e.g. `../barn/orosanmalan.md#vem-har-anmalningsskyldighet`.
    pub dest: String,
    /// 1-based line in the page file.
    pub line: usize,
}

/// A part of a page from one heading to the next; the unit that search indexes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The heading that starts the section; `None` for the text before the first heading.
    pub heading: Option<Heading>,
    /// The section's plain text (without its heading).
    pub text: String,
}

/// What kind of text block a [`Block`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A heading.
    Heading,
    /// A paragraph.
    Paragraph,
    /// A list item's own text.
    ListItem,
    /// A table cell.
    TableCell,
}

/// A block of running text: the unit for sentence splitting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block {
    /// Heading, paragraph, list item or table cell.
    pub kind: BlockKind,
    /// Plain text.
    pub text: String,
    /// 1-based line in the page file.
    pub line: usize,
}

/// Everything the site and its checks need from a page body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outline {
    /// All headings in order.
    pub headings: Vec<Heading>,
    /// All link and image destinations.
    pub links: Vec<Link>,
    /// The body split at headings.
    pub sections: Vec<Section>,
    /// Text blocks in order.
    pub blocks: Vec<Block>,
}

impl Outline {
    /// Parses a body whose first line is line `first_line` of its file.
    pub fn parse(body: &str, first_line: usize) -> Outline {
        let mut opts = Options::empty();
        opts.insert(Options::ENABLE_TABLES);
        opts.insert(Options::ENABLE_FOOTNOTES);
        opts.insert(Options::ENABLE_STRIKETHROUGH);
        opts.insert(Options::ENABLE_TASKLISTS);
        opts.insert(Options::ENABLE_HEADING_ATTRIBUTES);
        opts.insert(Options::ENABLE_SMART_PUNCTUATION);
        opts.insert(Options::ENABLE_GFM);

        let line = |offset: usize| first_line + line_of(body, offset) - 1;
        let mut out = Outline::default();
        let mut used_ids = HashSet::new();
        let mut section = Section {
            heading: None,
            text: String::new(),
        };
        // The heading being read: level, explicit id, text, line.
        let mut heading: Option<(u8, Option<String>, String, usize)> = None;
        // Open text blocks, innermost last (list items can hold paragraphs).
        let mut blocks: Vec<Block> = Vec::new();

        for (event, range) in Parser::new_ext(body, opts).into_offset_iter() {
            match event {
                Event::Start(Tag::Heading { level, id, .. }) => {
                    heading = Some((
                        heading_level(level),
                        id.map(|i| i.to_string()),
                        String::new(),
                        line(range.start),
                    ));
                }
                Event::End(TagEnd::Heading(_)) => {
                    if let Some((level, explicit, text, at)) = heading.take() {
                        let id = match explicit {
                            Some(id) => id,
                            None => unique_id(&heading_id(&text), &mut used_ids),
                        };
                        let h = Heading {
                            level,
                            text: text.trim().to_string(),
                            id,
                            line: at,
                        };
                        out.blocks.push(Block {
                            kind: BlockKind::Heading,
                            text: h.text.clone(),
                            line: at,
                        });
                        out.headings.push(h.clone());
                        let done = std::mem::replace(
                            &mut section,
                            Section {
                                heading: Some(h),
                                text: String::new(),
                            },
                        );
                        if done.heading.is_some() || !done.text.trim().is_empty() {
                            out.sections.push(finish(done));
                        }
                    }
                }
                // A paragraph directly inside a list item continues the item's block.
                Event::Start(Tag::Paragraph) if !matches!(blocks.last(), Some(b) if b.kind == BlockKind::ListItem && b.text.trim().is_empty()) =>
                {
                    blocks.push(new_block(BlockKind::Paragraph, line(range.start)));
                }
                Event::Start(Tag::Item) => {
                    blocks.push(new_block(BlockKind::ListItem, line(range.start)));
                }
                Event::Start(Tag::TableCell) => {
                    blocks.push(new_block(BlockKind::TableCell, line(range.start)));
                }
                Event::End(TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell) => {
                    if let Some(b) = blocks.pop().filter(|b| !b.text.trim().is_empty()) {
                        out.blocks.push(Block {
                            text: b.text.trim().to_string(),
                            ..b
                        });
                    }
                    section.text.push('\n');
                }
                Event::Start(Tag::List(_)) => {
                    // Text of a list item before a nested list ends that item's block.
                    if let Some(b) = blocks
                        .last_mut()
                        .filter(|b| b.kind == BlockKind::ListItem && !b.text.trim().is_empty())
                    {
                        out.blocks.push(Block {
                            kind: b.kind,
                            text: b.text.trim().to_string(),
                            line: b.line,
                        });
                        b.text.clear();
                    }
                }
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                    out.links.push(Link {
                        dest: dest_url.to_string(),
                        line: line(range.start),
                    });
                }
                Event::Text(t) | Event::Code(t) => {
                    push_text(&t, &mut heading, &mut blocks, &mut section);
                }
                Event::SoftBreak | Event::HardBreak => {
                    push_text(
                        &CowStr::Borrowed(" "),
                        &mut heading,
                        &mut blocks,
                        &mut section,
                    );
                }
                _ => {}
            }
        }
        if section.heading.is_some() || !section.text.trim().is_empty() {
            out.sections.push(finish(section));
        }
        out
    }

    /// True if the page has a heading with this anchor.
    pub fn has_anchor(&self, id: &str) -> bool {
        self.headings.iter().any(|h| h.id == id)
    }
}

fn new_block(kind: BlockKind, line: usize) -> Block {
    Block {
        kind,
        text: String::new(),
        line,
    }
}

fn push_text(
    text: &str,
    heading: &mut Option<(u8, Option<String>, String, usize)>,
    blocks: &mut [Block],
    section: &mut Section,
) {
    if let Some((_, _, h, _)) = heading {
        h.push_str(text);
        return;
    }
    if let Some(b) = blocks.last_mut() {
        b.text.push_str(text);
    }
    section.text.push_str(text);
}

fn finish(mut s: Section) -> Section {
    let text = s.text.split_whitespace().collect::<Vec<_>>().join(" ");
    s.text = text;
    s
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

/// The anchor mdBook 0.5 generates from a heading's text: trimmed, lowercased, Unicode letters,
/// digits, `_` and `-` kept, whitespace turned into `-`, everything else dropped.
/// (mdBook's own function is private; `site`'s tests compare against its real output.)
pub fn heading_id(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .chars()
        .filter_map(|c| {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                Some(c)
            } else if c.is_whitespace() {
                Some('-')
            } else {
                None
            }
        })
        .collect()
}

/// mdBook's de-duplication: the second `x` becomes `x-1`, then `x-2`.
fn unique_id(id: &str, used: &mut HashSet<String>) -> String {
    if used.insert(id.to_string()) {
        return id.to_string();
    }
    (1..)
        .map(|n| format!("{id}-{n}"))
        .find(|candidate| used.insert(candidate.clone()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_ids_match_mdbook() {
        assert_eq!(heading_id("Så gör du"), "så-gör-du");
        assert_eq!(
            heading_id("Öppna appen & logga in!"),
            "öppna-appen--logga-in"
        );
        assert_eq!(heading_id("Steg 1: Åtgärda \"fel\""), "steg-1-åtgärda-fel");
    }

    #[test]
    fn outlines_headings_sections_links_and_blocks() {
        let body = "Intro med [länk](a.md).\n\n## Så gör du\n\n- Ett steg.\n- Två steg.\n\n## Så gör du\n\n### Egen {#egen}\n\nText ![bild](b.png)\n";
        let o = Outline::parse(body, 10);
        let ids: Vec<_> = o.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["så-gör-du", "så-gör-du-1", "egen"]);
        assert_eq!(o.headings[0].line, 12);
        assert_eq!(o.links.len(), 2);
        assert_eq!(o.links[0].dest, "a.md");
        assert_eq!(o.links[0].line, 10);
        assert_eq!(o.sections.len(), 4);
        assert_eq!(o.sections[0].text, "Intro med länk.");
        assert!(o.sections[0].heading.is_none());
        assert_eq!(o.sections[1].text, "Ett steg. Två steg.");
        let kinds: Vec<_> = o.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Paragraph,
                BlockKind::Heading,
                BlockKind::ListItem,
                BlockKind::ListItem,
                BlockKind::Heading,
                BlockKind::Heading,
                BlockKind::Paragraph
            ]
        );
        assert!(o.has_anchor("egen"));
    }

    #[test]
    fn explicit_ids_do_not_take_generated_ones() {
        let o = Outline::parse("## A {#a}\n\n## A\n", 1);
        let ids: Vec<_> = o.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["a", "a"]);
    }

    #[test]
    fn nested_list_items_are_separate_blocks() {
        let o = Outline::parse("- Överst\n  - Under\n", 1);
        let texts: Vec<_> = o.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(texts, ["Överst", "Under"]);
    }
}
