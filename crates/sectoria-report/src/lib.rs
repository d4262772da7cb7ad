//! sectoria-report: what the CTSS-D and the committee read — the terminal summary and the
//! Excel-friendly CSV files (`;`, decimal comma, UTF-8 with BOM).
//!
//! ```
//! use sectoria_report::frformat::decimal;
//! assert_eq!(decimal(1.5, 1), "1,5");
//! ```
#![deny(missing_docs)]

pub mod allocation;
pub mod frformat;
pub mod sectors;
pub mod summary;

pub use allocation::allocation_csv;
pub use sectors::sectors_csv;
pub use summary::summary;
