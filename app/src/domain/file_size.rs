//! File sizes as shown next to a download link: `850 byte`, `12 kB`, `1,4 MB`.

pub fn format_size_it(bytes: u64) -> String {
    const KB: u64 = 1000;
    const MB: u64 = 1000 * KB;
    if bytes < KB {
        format!("{bytes} byte")
    } else if bytes < MB {
        format!("{} kB", bytes.div_ceil(KB))
    } else {
        let tenths = (bytes * 10).div_ceil(MB);
        format!("{},{} MB", tenths / 10, tenths % 10)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounds_up_like_file_managers() {
        assert_eq!(format_size_it(850), "850 byte");
        assert_eq!(format_size_it(1000), "1 kB");
        assert_eq!(format_size_it(12_345), "13 kB");
        assert_eq!(format_size_it(1_400_000), "1,4 MB");
        assert_eq!(format_size_it(5_000_000), "5,0 MB");
    }
}
