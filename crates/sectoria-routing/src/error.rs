//! Errors of the OSRM client, in French: what happened, with which server, and what to do.

use thiserror::Error;

/// What the server or the network did wrong.
#[derive(Debug, Error)]
pub enum RoutingError {
    /// The URL given is not an HTTP(S) address.
    #[error("E180 adresse OSRM invalide « {url} » : attendu une adresse http:// ou https:// (par exemple http://127.0.0.1:5000)")]
    BadUrl {
        /// The URL as given.
        url: String,
    },
    /// No server answers at that address.
    #[error("E181 aucun serveur OSRM ne répond à {url} : {reason}. Lancez-en un sur un extrait OpenStreetMap de la région : `osrm-extract -p car.lua region.osm.pbf`, `osrm-contract region.osrm`, puis `osrm-routed --ip 127.0.0.1 --port 5000 region.osrm` (README, « Distances routières »), ou corrigez --osrm.{}", technical(detail))]
    Unreachable {
        /// The server's base URL.
        url: String,
        /// What happened, in French.
        reason: String,
        /// The system's own words (English), for a technician.
        detail: String,
    },
    /// The server did not answer in time, even after the retries.
    #[error("E182 le serveur OSRM {url} n'a pas répondu en {seconds} s ({attempts} essais) : vérifiez qu'il fonctionne, ou réduisez --max-table-size ; relancez la même commande pour reprendre là où elle s'est arrêtée")]
    Timeout {
        /// The server's base URL.
        url: String,
        /// Time allowed per attempt, seconds.
        seconds: u64,
        /// Attempts made.
        attempts: u32,
    },
    /// The connection failed in the middle of an exchange, even after the retries.
    #[error("E183 échange interrompu avec le serveur OSRM {url} ({attempts} essais) : {reason} ; relancez la même commande pour reprendre là où elle s'est arrêtée.{}", technical(detail))]
    Network {
        /// The server's base URL.
        url: String,
        /// Attempts made.
        attempts: u32,
        /// What happened, in French.
        reason: String,
        /// The system's own words (English), for a technician.
        detail: String,
    },
    /// An HTTP error status.
    #[error("E184 le serveur OSRM {url} a répondu par une erreur HTTP {status}{message} : {hint}")]
    Http {
        /// The server's base URL.
        url: String,
        /// HTTP status code.
        status: u16,
        /// OSRM's own message, with a leading separator, or empty.
        message: String,
        /// What to do.
        hint: &'static str,
    },
    /// The body is not JSON.
    #[error("E185 la réponse du serveur {url} n'est pas du JSON ({detail}) ; début de la réponse : « {excerpt} ». Vérifiez que --osrm désigne bien un serveur OSRM (osrm-routed)")]
    NotJson {
        /// The server's base URL.
        url: String,
        /// Parser message.
        detail: String,
        /// First characters of the body.
        excerpt: String,
    },
    /// OSRM answered with a `code` other than `Ok`.
    #[error("E186 le serveur OSRM {url} refuse la requête : code « {code} »{message} ; {hint}")]
    Refused {
        /// The server's base URL.
        url: String,
        /// OSRM's `code`.
        code: String,
        /// OSRM's `message`, with a leading separator, or empty.
        message: String,
        /// What to do.
        hint: &'static str,
    },
    /// A JSON answer that is not a Table answer of the size asked.
    #[error("E187 réponse inattendue du serveur OSRM {url} : {detail}. Vérifiez que --osrm désigne un serveur OSRM (service Table, version 5 ou plus)")]
    Shape {
        /// The server's base URL.
        url: String,
        /// What is wrong.
        detail: String,
    },
}

/// What to do about an OSRM `code`.
pub(crate) fn hint_for_code(code: &str) -> &'static str {
    match code {
        "TooBig" => "la requête dépasse la taille de table du serveur : réduisez --max-table-size (ou relancez osrm-routed avec --max-table-size plus grand)",
        "InvalidService" | "InvalidVersion" => "le serveur ne connaît pas le service Table v1 : utilisez osrm-routed version 5 ou plus",
        "InvalidUrl" | "InvalidOptions" | "InvalidQuery" | "InvalidValue" => {
            "le serveur ne comprend pas la requête : vérifiez --osrm et --profile (le profil du serveur, en général driving)"
        }
        "NoSegment" => "un point est trop loin de toute route du réseau chargé : vérifiez que l'extrait OpenStreetMap couvre tout le département",
        _ => "vérifiez le journal du serveur OSRM",
    }
}

/// What to do about an HTTP status.
pub(crate) fn hint_for_status(status: u16) -> &'static str {
    match status {
        400 => "la requête est refusée : vérifiez --profile et --max-table-size",
        404 => {
            "pas de service Table à cette adresse : vérifiez --osrm (adresse du serveur, sans /table/v1) et --profile"
        }
        401 | 403 => "accès refusé : demandez l'accès au serveur à votre service SIG",
        _ => {
            "le serveur est en difficulté ; relancez la même commande plus tard pour reprendre là où elle s'est arrêtée"
        }
    }
}

/// The system's words about a failure, as a secondary part of a French message (they are
/// English: for a technician, not for the reader).
pub(crate) fn technical(detail: &str) -> String {
    if detail.trim().is_empty() {
        String::new()
    } else {
        format!(" Détail technique : {}", detail.trim())
    }
}

/// A network failure in French.
pub(crate) fn network_reason(e: &ureq::Error) -> &'static str {
    use std::io::ErrorKind;
    match e {
        ureq::Error::Io(io) => match io.kind() {
            ErrorKind::ConnectionRefused => "connexion refusée : aucun serveur n'écoute à cette adresse",
            ErrorKind::ConnectionReset => "connexion coupée par le serveur",
            ErrorKind::ConnectionAborted | ErrorKind::BrokenPipe => "connexion interrompue",
            ErrorKind::UnexpectedEof => "le serveur a fermé la connexion sans finir sa réponse",
            ErrorKind::HostUnreachable | ErrorKind::NetworkUnreachable | ErrorKind::AddrNotAvailable => {
                "adresse injoignable depuis cette machine : vérifiez l'adresse et le réseau"
            }
            ErrorKind::PermissionDenied => "connexion interdite par le système (pare-feu ?)",
            ErrorKind::TimedOut => "délai dépassé",
            _ => "erreur de réseau",
        },
        ureq::Error::HostNotFound => "nom de serveur introuvable : vérifiez l'adresse donnée à --osrm",
        ureq::Error::ConnectionFailed => "connexion impossible : aucun serveur ne répond à cette adresse",
        ureq::Error::Protocol(_) => "réponse qui n'est pas du HTTP valide",
        ureq::Error::BodyExceedsLimit(_) => "réponse trop grande",
        _ => "erreur de réseau",
    }
}

/// A file failure in French, with the system's words as a technical detail.
pub(crate) fn file_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind;
    let reason = match e.kind() {
        ErrorKind::NotFound => "dossier ou fichier introuvable : vérifiez le chemin",
        ErrorKind::PermissionDenied => "accès refusé : vérifiez les droits sur le fichier et son dossier",
        ErrorKind::StorageFull => "disque plein",
        ErrorKind::ReadOnlyFilesystem => "disque en lecture seule",
        ErrorKind::InvalidData => "le fichier n'est pas du texte UTF-8",
        _ => "lecture ou écriture impossible",
    };
    format!("{reason}.{}", technical(&e.to_string()))
}
