//! Optimistic concurrency for the files the pages edit (a scenario, `workers.csv`,
//! `current.csv`): a page keeps the version of the file it read (the SHA-256 of its bytes, or
//! "" when it did not exist) and sends it back with its save; the server refuses the save (409)
//! when the file changed in between — in another tab, by another person, by the command line —
//! instead of silently writing over that change.

use crate::error::ApiError;
use axum::http::StatusCode;
use std::path::Path;

/// The version of the file at `path`: the SHA-256 of its bytes, "" when there is none.
pub fn of(path: &Path) -> String {
    std::fs::read(path).map(|b| sectoria_io::sha256_hex(&b)).unwrap_or_default()
}

/// `Ok` when the file at `path` is still at `expected` (the version a page read), or when no
/// version was sent (a client that does not ask for the check); a French 409 otherwise.
pub fn check(path: &Path, name: &str, expected: Option<&str>) -> Result<(), ApiError> {
    let Some(expected) = expected else { return Ok(()) };
    let now = of(path);
    if now == expected {
        return Ok(());
    }
    let message = if expected.is_empty() {
        format!(
            "{name} a été créé ailleurs depuis l'ouverture de cette page (autre onglet ou autre personne) : \
             rien n'a été enregistré ; ouvrez ce fichier pour voir ce qu'il contient, ou enregistrez sous un autre nom"
        )
    } else if now.is_empty() {
        format!(
            "{name} a été supprimé ailleurs depuis son ouverture (autre onglet ou autre personne) : rien n'a été \
             enregistré ; rechargez la page pour voir les fichiers présents"
        )
    } else {
        format!(
            "{name} a été modifié ailleurs depuis son ouverture (autre onglet ou autre personne) : rechargez-le \
             pour voir la version enregistrée, puis refaites vos modifications ; rien n'a été enregistré, vos \
             modifications restent affichées dans la page"
        )
    };
    Err(ApiError::new(StatusCode::CONFLICT, "W409", message))
}
