//! Command-line syntax errors in French: clap detects them, this module words them.

use clap::error::{ContextKind, ContextValue, ErrorKind};

fn list(e: &clap::Error, kind: ContextKind) -> Vec<String> {
    match e.get(kind) {
        Some(ContextValue::Strings(list)) => list.clone(),
        Some(other) => vec![other.to_string()],
        None => Vec::new(),
    }
}

fn context(e: &clap::Error, kind: ContextKind) -> Option<String> {
    let items = list(e, kind);
    (!items.is_empty()).then(|| items.join(", "))
}

/// The French message for a syntax error `e` (not for `--help` or `--version`).
pub fn french(e: &clap::Error) -> String {
    let arg = context(e, ContextKind::InvalidArg).unwrap_or_default();
    let value = context(e, ContextKind::InvalidValue).unwrap_or_default();
    let mut text = match e.kind() {
        ErrorKind::UnknownArgument => format!("option inconnue : {arg}"),
        ErrorKind::InvalidSubcommand => {
            format!("commande inconnue : {}", context(e, ContextKind::InvalidSubcommand).unwrap_or_default())
        }
        ErrorKind::MissingRequiredArgument => format!("argument obligatoire manquant : {arg}"),
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "indiquez une commande (plan, check, demo, report, explain, sweep, compare, import, national)".to_string()
        }
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => {
            let mut t = format!("valeur invalide « {value} » pour {arg}");
            if let Some(valid) = context(e, ContextKind::ValidValue) {
                t.push_str(&format!(" (valeurs possibles : {valid})"));
            }
            t
        }
        ErrorKind::ArgumentConflict => format!(
            "{arg} ne peut pas être utilisé avec {}",
            context(e, ContextKind::PriorArg).unwrap_or_else(|| "une autre option donnée".to_string())
        ),
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            format!("nombre de valeurs incorrect pour {arg}")
        }
        ErrorKind::InvalidUtf8 => "la ligne de commande contient du texte qui n'est pas en UTF-8".to_string(),
        _ => format!("ligne de commande invalide ({})", e.kind()),
    };
    let suggestions: Vec<String> =
        [ContextKind::SuggestedArg, ContextKind::SuggestedSubcommand, ContextKind::SuggestedValue]
            .into_iter()
            .filter_map(|k| context(e, k))
            .collect();
    if !suggestions.is_empty() {
        text.push_str(&format!(" ; vouliez-vous dire {} ?", suggestions.join(" ou ")));
    }
    if let Some(usage) = context(e, ContextKind::Usage) {
        text.push_str(&format!("\n\n{}", usage.replace("Usage:", "Utilisation :")));
    }
    text.push_str("\n\nAide : sectoria --help, ou sectoria <commande> --help");
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn error(args: &[&str]) -> clap::Error {
        crate::cli::Cli::try_parse_from(args).expect_err("a syntax error")
    }

    #[test]
    fn unknown_option_is_named_with_a_suggestion() {
        let text = french(&error(&["sectoria", "plan", "--instanc", "d", "--scenario", "s", "--out", "o"]));
        assert!(text.starts_with("option inconnue : --instanc"), "{text}");
        assert!(text.contains("vouliez-vous dire --instance ?"), "{text}");
        assert!(text.contains("Utilisation :") && !text.contains("Usage:"), "{text}");
    }

    #[test]
    fn missing_argument_and_bad_value_are_in_french() {
        let text = french(&error(&["sectoria", "plan", "--instance", "d", "--out", "o"]));
        assert!(text.starts_with("argument obligatoire manquant : --scenario"), "{text}");
        let text = french(&error(&[
            "sectoria",
            "plan",
            "--instance",
            "d",
            "--scenario",
            "s",
            "--out",
            "o",
            "--max-pairs",
            "beaucoup",
        ]));
        assert!(text.starts_with("valeur invalide « beaucoup » pour --max-pairs"), "{text}");
        let text = french(&error(&["sectoria", "plann"]));
        assert!(text.starts_with("commande inconnue : plann ; vouliez-vous dire "), "{text}");
        assert!(text.contains(" plan ?"), "{text}");
    }
}
