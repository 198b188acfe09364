//! Page numbers that come from the address bar: anything odd means the first page.

use serde::{Deserialize, Serialize};

/// Always at least 1 (no serde: it is only ever built by the constructors below).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PageNumber(u32);

impl PageNumber {
    pub const FIRST: PageNumber = PageNumber(1);

    /// `?pagina=abc`, `?pagina=0`, `?pagina=-3` or no parameter: the first page.
    pub fn from_query(raw: Option<&str>) -> PageNumber {
        raw.and_then(|s| s.trim().parse::<u32>().ok())
            .filter(|&n| n >= 1)
            .map_or(PageNumber::FIRST, PageNumber)
    }

    pub fn new(n: u32) -> PageNumber {
        PageNumber(n.max(1))
    }

    pub fn get(self) -> u32 {
        self.0
    }

    /// A page past the end shows the last page rather than an empty list.
    pub fn clamp_to(self, total_pages: u32) -> PageNumber {
        PageNumber(self.0.min(total_pages.max(1)))
    }

    pub fn offset(self, per_page: u32) -> u64 {
        u64::from(self.0 - 1) * u64::from(per_page)
    }
}

pub fn total_pages(total_items: u64, per_page: u32) -> u32 {
    let per_page = u64::from(per_page.max(1));
    u32::try_from(total_items.div_ceil(per_page))
        .unwrap_or(u32::MAX)
        .max(1)
}

/// One page of a list, with what the pager needs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub total_pages: u32,
    pub total_items: u64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_page_numbers_mean_the_first_page() {
        for raw in [
            None,
            Some(""),
            Some("abc"),
            Some("0"),
            Some("-3"),
            Some("1.5"),
            Some("99999999999"),
        ] {
            assert_eq!(PageNumber::from_query(raw), PageNumber::FIRST, "{raw:?}");
        }
        assert_eq!(PageNumber::from_query(Some(" 2 ")).get(), 2);
    }

    #[test]
    fn pages_past_the_end_show_the_last() {
        assert_eq!(total_pages(10, 5), 2);
        assert_eq!(total_pages(11, 5), 3);
        assert_eq!(total_pages(0, 5), 1);
        assert_eq!(PageNumber::new(7).clamp_to(2).get(), 2);
        assert_eq!(PageNumber::new(2).offset(5), 5);
    }
}
