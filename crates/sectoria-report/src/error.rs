//! The error type of the report crate.

/// What can go wrong while writing a report. Messages are in French: they reach the user.
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The optional background layer is not readable GeoJSON.
    #[error(
        "fond de carte illisible : {0} (attendu : un fichier GeoJSON — Feature, FeatureCollection ou géométrie — \
         en coordonnées WGS84 longitude/latitude)"
    )]
    Basemap(String),
    /// rust_xlsxwriter refused the workbook.
    #[error("classeur Excel impossible à produire : {0}")]
    Xlsx(String),
}
