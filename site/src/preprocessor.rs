//! The in-process mdBook preprocessor. It never parses content: it looks each chapter up in
//! the model and replaces its text with the rendered page.

use crate::options::SiteOptions;
use crate::render::page_markdown;
use crate::variant::variant_markdown;
use mdbook_preprocessor::book::{Book, BookItem};
use mdbook_preprocessor::errors::Result;
use mdbook_preprocessor::{Preprocessor, PreprocessorContext};
use std::sync::Arc;
use vagvisare_model::{Language, Site};

/// Replaces each chapter's raw file text (front matter included) with the page from the model.
pub(crate) struct FrontMatterPreprocessor {
    pub site: Arc<Site>,
    pub options: SiteOptions,
    /// The book's language: `None` for the Swedish pages, else the variants in that language.
    pub language: Option<Language>,
}

impl Preprocessor for FrontMatterPreprocessor {
    fn name(&self) -> &str {
        "vagvisare-front-matter"
    }

    fn run(&self, _ctx: &PreprocessorContext, mut book: Book) -> Result<Book> {
        let mut missing = Vec::new();
        book.for_each_mut(|item| {
            let BookItem::Chapter(chapter) = item else {
                return;
            };
            let Some(source) = &chapter.source_path else {
                return;
            };
            let path = source
                .components()
                .map(|c| c.as_os_str().to_string_lossy())
                .collect::<Vec<_>>()
                .join("/");
            let page = self.site.page(&path);
            match (page, self.language) {
                (Some(page), None) => {
                    chapter.content = page_markdown(page, &self.site, &self.options);
                }
                (Some(page), Some(language)) => match page.variant(language) {
                    Some(v) => {
                        chapter.content = variant_markdown(page, v, &self.site, &self.options);
                    }
                    None => missing.push(format!("{path} ({})", language.code)),
                },
                (None, _) => missing.push(path),
            }
        });
        if !missing.is_empty() {
            anyhow::bail!("sidor saknas i innehållsmodellen: {}", missing.join(", "));
        }
        Ok(book)
    }
}
