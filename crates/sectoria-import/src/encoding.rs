//! Text decoding of the downloaded files: UTF-8 with or without BOM, or Windows-1252
//! (older La Poste and annuaire vintages).

/// Decoded text and whether a legacy encoding was detected.
pub(crate) struct Decoded {
    /// The text, without BOM.
    pub text: String,
    /// True when the bytes were not valid UTF-8 and were decoded as Windows-1252.
    pub legacy: bool,
}

/// Decodes `bytes`: strips a UTF-8 BOM; falls back to Windows-1252 when not UTF-8.
pub(crate) fn decode(bytes: Vec<u8>) -> Decoded {
    let bytes = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => rest.to_vec(),
        None => bytes,
    };
    match String::from_utf8(bytes) {
        Ok(text) => Decoded { text, legacy: false },
        Err(err) => Decoded {
            text: err.as_bytes().iter().map(|&b| sectoria_io::frcsv::windows_1252(b)).collect(),
            legacy: true,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_and_keeps_utf8() {
        let d = decode(b"\xEF\xBB\xBFa;\xC3\xA9".to_vec());
        assert_eq!(d.text, "a;é");
        assert!(!d.legacy);
    }

    #[test]
    fn decodes_windows_1252() {
        let d = decode(b"B\xE9ziers \x80 \x9C".to_vec());
        assert_eq!(d.text, "Béziers € œ");
        assert!(d.legacy);
    }
}
