//! The one error type of the web application: an HTTP status, a stable code and a French
//! message, sent as JSON `{ "code": …, "message": …, "problems": […] }`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

/// An error answered to the browser (never a crash: every handler returns this).
#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable code (`W401`…, or the reader's `E1xx` code).
    pub code: String,
    /// French message saying what is wrong and what to do.
    pub message: String,
    /// One line per problem found in a file (with file, line, column, code), when any.
    pub problems: Vec<String>,
    /// Where each problem is, when known (the page marks the faulty cell of its table).
    pub cells: Vec<Cell>,
}

/// The position of one problem in a file: its name, line (1-based, the header being line 1)
/// and column (a header name, or a character position in a TOML file).
#[derive(Debug, Clone, Serialize)]
pub struct Cell {
    /// File name (without its folder).
    pub file: String,
    /// Line, 1-based, the CSV header being line 1.
    pub line: Option<usize>,
    /// Column name or position.
    pub column: Option<String>,
    /// Stable code (`E1xx`).
    pub code: String,
    /// The scenario key the problem is about (`budget.total_fte`), for the Scénario form to
    /// show it under that field (`crate::form_errors`); `None` elsewhere.
    pub key: Option<String>,
}

impl Serialize for ApiError {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("ApiError", 4)?;
        st.serialize_field("code", &self.code)?;
        st.serialize_field("message", &self.message)?;
        st.serialize_field("problems", &self.problems)?;
        st.serialize_field("cells", &self.cells)?;
        st.end()
    }
}

impl ApiError {
    /// An error with `status`, `code` and `message`.
    pub fn new(status: StatusCode, code: &str, message: impl Into<String>) -> Self {
        Self { status, code: code.to_string(), message: message.into(), problems: Vec::new(), cells: Vec::new() }
    }

    /// 400: a malformed request.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "W400", message)
    }

    /// 404: no such instance, scenario, run or file.
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "W404", message)
    }

    /// 500: a file could not be read or written.
    pub fn io(what: &std::path::Path, e: &std::io::Error) -> Self {
        Self::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "W500",
            format!("impossible d'accéder à {} : {e} ; vérifiez les droits et l'espace disque", what.display()),
        )
    }

    /// 422: input refused by the command line's readers, with their problems (the message
    /// prints them too: the page shows each once) and their positions in `cells`.
    pub fn input(e: &sectoria_io::InputError) -> Self {
        let problems: Vec<String> = e.problems().iter().map(|p| p.to_string()).collect();
        let cells = e
            .problems()
            .iter()
            .map(|p| Cell {
                file: p
                    .file
                    .file_name()
                    .map_or_else(|| p.file.display().to_string(), |f| f.to_string_lossy().into_owned()),
                line: p.line,
                column: p.column.clone(),
                code: p.code.to_string(),
                key: None,
            })
            .collect();
        let code = e.codes().first().copied().unwrap_or("E100").to_string();
        Self { status: StatusCode::UNPROCESSABLE_ENTITY, code, message: e.to_string(), problems, cells }
    }

    /// 422: an instance and a scenario that do not fit together, or a failed run.
    pub fn run(e: &sectoria_run::Error) -> Self {
        match e {
            sectoria_run::Error::Input(i) => Self::input(i),
            other => Self::new(StatusCode::UNPROCESSABLE_ENTITY, "W422", other.to_string()),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        (self.status, Json(&self)).into_response()
    }
}

/// Replaces axum's own refusals (English plain text: malformed JSON, body too large, wrong
/// media type…) by an [`ApiError`] in French; other answers pass unchanged.
pub async fn french_refusals(response: Response) -> Response {
    let status = response.status();
    let plain = response
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("text/plain"));
    if !status.is_client_error() || !plain {
        return response;
    }
    let (code, message) = match status {
        StatusCode::PAYLOAD_TOO_LARGE => {
            ("W413", format!("requête trop volumineuse : {} Mo au plus", crate::BODY_LIMIT / (1024 * 1024)))
        }
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ("W415", "type de contenu attendu : application/json".to_string()),
        StatusCode::METHOD_NOT_ALLOWED => ("W405", "méthode non permise sur cette adresse".to_string()),
        StatusCode::UNPROCESSABLE_ENTITY => {
            ("W422", "requête illisible : un champ manque ou n'a pas le bon type".to_string())
        }
        _ => ("W400", "requête mal formée : corps ou paramètres illisibles".to_string()),
    };
    ApiError::new(status, code, message).into_response()
}
