//! The command line in French: the help pages' headings and flags, and the syntax errors
//! clap detects, worded here.

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Arg, ArgAction, ArgMatches, CommandFactory, FromArgMatches};

/// The layout of every help page (clap's own, with French headings).
const TEMPLATE: &str = "{about-with-newline}\nUtilisation : {usage}\n\n{all-args}{after-help}";

/// A decimal number written the French way (0,5) or with a point (0.5): the value parser of
/// every decimal option.
pub fn decimal(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .trim()
        .replace(',', ".")
        .parse()
        .map_err(|_| format!("« {text} » n'est pas un nombre (par exemple 0,5 ou 0.5)"))?;
    if value.is_finite() {
        Ok(value)
    } else {
        Err(format!("« {text} » n'est pas un nombre fini"))
    }
}

/// Parses the process's arguments with French help pages.
pub fn parse() -> Result<super::Cli, clap::Error> {
    parse_from(std::env::args_os())
}

/// Parses `args` (the program's name first) with French help pages.
pub fn parse_from<I, T>(args: I) -> Result<super::Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let mut command = command();
    let matches: ArgMatches = command.try_get_matches_from_mut(args)?;
    super::Cli::from_arg_matches(&matches).map_err(|e| e.format(&mut command))
}

/// The command line, its help in French: the headings, « -h, --help » on every command and
/// « -V, --version » on the program, no `help` subcommand (`sectoria <commande> --help` says it).
pub fn command() -> clap::Command {
    in_french(super::Cli::command()).disable_version_flag(true).arg(
        Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::Version)
            .help("Affiche la version")
            .help_heading(OPTIONS),
    )
}

/// The headings of the options and of the positional arguments. clap writes a colon right after
/// a heading; French typography wants a space before it (« Options : »), hence the space here.
const OPTIONS: &str = "Options ";
const ARGUMENTS: &str = "Arguments ";

fn in_french(command: clap::Command) -> clap::Command {
    command
        .disable_help_subcommand(true)
        .subcommand_help_heading("Commandes ")
        .subcommand_value_name("COMMANDE")
        .help_template(TEMPLATE)
        .disable_help_flag(true)
        .arg(Arg::new("help").short('h').long("help").action(ArgAction::Help).help("Affiche l'aide"))
        .mut_args(default_in_french)
        .mut_args(placeholder_in_french)
        .mut_args(|arg| {
            let heading = if arg.is_positional() { ARGUMENTS } else { OPTIONS };
            arg.help_heading(heading)
        })
        .mut_subcommands(in_french)
}

/// A French placeholder where clap would write the field's English name (`--out <DOSSIER>`, not
/// `<OUT>`); names that read the same in French (INSTANCE, SCENARIO, PLAN, UAI…) are kept.
fn placeholder_in_french(arg: Arg) -> Arg {
    let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
    let french = match arg.get_id().as_str() {
        "out" if help.starts_with("Fichier") => "FICHIER",
        "out" | "workspace" => "DOSSIER",
        "threads" | "seed" => "N",
        "gap" => "ÉCART",
        "bind" => "ADRESSE",
        "token" => "JETON",
        "profile" => "PROFIL",
        _ => return arg,
    };
    let named_after_the_field = arg
        .get_value_names()
        .is_none_or(|names| names.iter().all(|n| n.as_str().eq_ignore_ascii_case(arg.get_id().as_str())));
    if named_after_the_field {
        arg.value_name(french)
    } else {
        arg
    }
}

/// « (par défaut : 2000) » in the argument's help instead of clap's « [default: 2000] ».
fn default_in_french(arg: Arg) -> Arg {
    let values: Vec<String> = arg.get_default_values().iter().map(|v| v.to_string_lossy().into_owned()).collect();
    if values.is_empty() || arg.is_hide_default_value_set() {
        return arg;
    }
    let help = arg.get_help().map(ToString::to_string).unwrap_or_default();
    if help.contains("par défaut") {
        // The help says it in its own words.
        return arg.hide_default_value(true);
    }
    let help = format!("{} (par défaut : {})", help.trim_end_matches('.'), values.join(", "));
    arg.help(help).hide_default_value(true)
}

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
            let names: Vec<String> = command().get_subcommands().map(|c| c.get_name().to_string()).collect();
            format!("indiquez une commande ({})", names.join(", "))
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

    fn error(args: &[&str]) -> clap::Error {
        parse_from(args).expect_err("a syntax error")
    }

    fn help(args: &[&str]) -> String {
        let e = error(args);
        assert!(matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion), "{e}");
        e.to_string()
    }

    #[test]
    fn help_pages_are_in_french() {
        for args in [&["sectoria", "--help"][..], &["sectoria", "plan", "--help"], &["sectoria", "plan", "-h"]] {
            let text = help(args);
            for english in ["Usage:", "Commands:", "Print help", "Print version", "Print this message", "[default:"] {
                assert!(!text.contains(english), "{english} in {args:?}:\n{text}");
            }
            assert!(text.contains("Utilisation : sectoria") && text.contains("-h, --help  "), "{text}");
        }
        let text = help(&["sectoria", "--help"]);
        assert!(text.contains("Commandes :") && text.contains("Options :") && !text.contains("Options:"), "{text}");
        assert!(text.contains("-V, --version") && text.contains("Affiche la version"), "{text}");
        assert!(!text.lines().any(|l| l.trim_start().starts_with("help ")), "{text}");
        assert!(help(&["sectoria", "--version"]).starts_with("sectoria "));
        assert!(help(&["sectoria", "plan", "--help"]).contains("(par défaut : 2000)"));
        let text = help(&["sectoria", "plan", "--help"]);
        assert!(text.contains("--out <DOSSIER>") && !text.contains("<OUT>"), "{text}");
        assert!(help(&["sectoria", "distances", "--help"]).contains("--out <FICHIER>"));
        // Nested commands too (sweep merge).
        let text = help(&["sectoria", "sweep", "--help"]);
        assert!(text.contains("Commandes :") && text.contains("<COMMANDE>") && !text.contains("<COMMAND>"), "{text}");
        assert!(help(&["sectoria", "compare", "--help"]).contains("Arguments :"));
        // Every subcommand's help, not only plan's.
        for name in command().get_subcommands().map(|c| c.get_name().to_string()) {
            let text = help(&["sectoria", &name, "--help"]);
            assert!(text.contains("Affiche l'aide") && !text.contains("Print help"), "{name}:\n{text}");
            // French typography: a space before the headings' colon, one group of options.
            assert!(text.matches("Options :").count() == 1 && !text.contains("Options:"), "{name}:\n{text}");
            assert!(!text.contains("Arguments:"), "{name}:\n{text}");
        }
    }

    #[test]
    fn decimal_options_take_a_comma_or_a_point() {
        assert_eq!(decimal("0,001"), Ok(0.001));
        assert_eq!(decimal("1600"), Ok(1600.0));
        assert_eq!(decimal(" 0.5 "), Ok(0.5));
        assert!(decimal("beaucoup").is_err() && decimal("inf").is_err() && decimal("1,2,3").is_err());
        let parsed = parse_from(["sectoria", "national", "--donnees", "d", "--gap", "0,0001", "--time-limit", "2,5"]);
        assert!(parsed.is_ok(), "{:?}", parsed.err());
        let text = french(&error(&["sectoria", "national", "--gap", "peu"]));
        assert!(text.starts_with("valeur invalide « peu » pour --gap"), "{text}");
    }

    #[test]
    fn a_missing_command_lists_every_command() {
        let text = french(&error(&["sectoria"]));
        for name in ["plan", "frontier", "distances", "serve", "national"] {
            assert!(text.contains(name), "{name} not in {text}");
        }
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
