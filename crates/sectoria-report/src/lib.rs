//! sectoria-report: what the CTSS-D and the committee read — the terminal summary, the
//! Excel-friendly CSV files (`;`, decimal comma, UTF-8 with BOM), the self-contained HTML
//! report with its SVG map, the GeoJSON layer and the Excel workbook.
//!
//! Every renderer is pure: a [`sectoria_core::Plan`] in, text or bytes out.
//!
//! ```
//! use sectoria_report::frformat::decimal;
//! use sectoria_core::test_support::small_plan;
//!
//! assert_eq!(decimal(1.5, 1), "1,5");
//! let plan = small_plan();
//! let html = sectoria_report::html_report(&plan, None, None).unwrap();
//! assert_eq!(html.matches("class=\"etab ").count(), plan.establishments.len());
//! assert!(sectoria_report::geojson(&plan).contains("FeatureCollection"));
//! assert!(sectoria_report::xlsx(&plan).unwrap().starts_with(b"PK"));
//! ```
#![deny(missing_docs)]

pub mod allocation;
pub mod compare;
pub mod context;
pub mod error;
pub mod frformat;
pub mod frontier_csv;
pub mod geojson;
pub mod html;
pub mod hull;
pub mod indicators;
pub mod labels;
pub mod levels;
pub mod manifest;
pub mod palette;
pub mod sectors;
pub mod summary;
pub mod today;
pub mod trade;
pub mod worker_changes;
pub mod xlsx;

pub use allocation::allocation_csv;
pub use context::{Day, ReportContext};
pub use error::ReportError;
pub use frontier_csv::frontier_csv;
pub use geojson::geojson;
pub use html::{html_report, html_report_with, ReportOptions};
pub use sectors::sectors_csv;
pub use summary::summary;
pub use xlsx::xlsx;
