//! [`PerOption`]: one value for each way to hold keys. Every table keyed by option (costs,
//! bills, what is ruled out, chart series, CSV columns) is one, so a new option is a variant of
//! [`KeyOption`] and nothing here.

use std::ops::{Index, IndexMut};

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::costs::KeyOption;

/// A `T` for each [`KeyOption`], in `KeyOption::ALL`'s order. Serialized as a map from each
/// option's id to its value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PerOption<T>([T; KeyOption::ALL.len()]);

impl<T> PerOption<T> {
    /// The table of `values`, given in `KeyOption::ALL`'s order: for constants, where a new
    /// option makes the compiler ask for its value.
    pub const fn new(values: [T; KeyOption::ALL.len()]) -> PerOption<T> {
        PerOption(values)
    }

    /// The value `value` gives each option.
    pub fn from_fn(mut value: impl FnMut(KeyOption) -> T) -> PerOption<T> {
        PerOption(KeyOption::ALL.map(&mut value))
    }

    /// The value of `option`.
    pub fn get(&self, option: KeyOption) -> &T {
        &self.0[option.index()]
    }

    /// Each option with its value, in `KeyOption::ALL`'s order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (KeyOption, &T)> + '_ {
        KeyOption::ALL.into_iter().zip(&self.0)
    }

    /// A table of what `f` makes of each option and its value.
    pub fn map<U>(&self, mut f: impl FnMut(KeyOption, &T) -> U) -> PerOption<U> {
        PerOption::from_fn(|option| f(option, self.get(option)))
    }
}

impl<T: Copy> PerOption<T> {
    /// The value of `option`, copied: a figure such as a cost in USD.
    pub fn of(&self, option: KeyOption) -> T {
        self.0[option.index()]
    }
}

impl<T> Index<KeyOption> for PerOption<T> {
    type Output = T;

    fn index(&self, option: KeyOption) -> &T {
        self.get(option)
    }
}

impl<T> IndexMut<KeyOption> for PerOption<T> {
    fn index_mut(&mut self, option: KeyOption) -> &mut T {
        &mut self.0[option.index()]
    }
}

impl<T: Serialize> Serialize for PerOption<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(KeyOption::ALL.len()))?;
        for (option, value) in self.iter() {
            map.serialize_entry(option.id(), value)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Nothing here names an option: a table holds one value for every option there is, in
    /// order, under its id, whatever options `KeyOption::ALL` lists.
    #[test]
    fn a_table_holds_every_option_without_naming_any() {
        let table = PerOption::from_fn(|option| option.index() * 10);
        assert_eq!(table.iter().len(), KeyOption::ALL.len());
        for (index, (option, value)) in table.iter().enumerate() {
            assert_eq!(option, KeyOption::ALL[index]);
            assert_eq!((*value, table[option]), (index * 10, index * 10));
        }
        let doubled = table.map(|_, value| value * 2);
        assert!(KeyOption::ALL.iter().all(|&option| doubled[option] == 2 * table[option]));
        let json = serde_json::to_value(table).unwrap();
        let map = json.as_object().unwrap();
        assert_eq!(map.len(), KeyOption::ALL.len());
        for (option, value) in table.iter() {
            assert_eq!(map[option.id()], serde_json::json!(value), "{}", option.id());
        }
    }
}
