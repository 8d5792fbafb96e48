//! The set of loaded modules, in the order they are listed.

use crate::module::Module;

/// All training modules, ordered by file name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Catalog {
    modules: Vec<Module>,
}

impl Catalog {
    /// A catalog of already validated modules (ids must be unique; the loader checks this).
    pub(crate) fn new(modules: Vec<Module>) -> Catalog {
        Catalog { modules }
    }

    /// All modules in listing order.
    pub fn modules(&self) -> &[Module] {
        &self.modules
    }

    /// The module with this id.
    pub fn get(&self, id: &str) -> Option<&Module> {
        self.modules.iter().find(|m| m.id == id)
    }

    /// The number of modules.
    pub fn len(&self) -> usize {
        self.modules.len()
    }

    /// True when there are no modules.
    pub fn is_empty(&self) -> bool {
        self.modules.is_empty()
    }
}
