//! Progress on the terminal while the solver works: a spinner, or a bar counting the solves.
//! When stderr is not a terminal (a log file, a script), the spinner says nothing and the count
//! is written as plain lines, one at the start and one each tenth of the way.

use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Runs `work` behind a spinner showing `message` and the elapsed time.
pub fn with_spinner<T>(message: &str, work: impl FnOnce() -> T) -> T {
    if !std::io::stderr().is_terminal() {
        return work();
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_message(message.to_string());
    bar.enable_steady_tick(Duration::from_millis(120));
    let out = work();
    bar.finish_and_clear();
    out
}

/// Runs `work` behind a bar counting `len` `what` (French), which `work` moves by calling the
/// step it is given with the number done.
pub fn with_counter<T>(what: &str, len: usize, work: impl FnOnce(&(dyn Fn(usize) + Sync)) -> T) -> T {
    with_noted_counter(what, len, |step| work(&|done: usize| step(done, "")))
}

/// [`with_counter`] whose step also takes a note on the last one done (« dernier : 075 Paris,
/// 20,2 s »), shown beside the bar, and on the plain lines written when stderr is not a
/// terminal.
pub fn with_noted_counter<T>(what: &str, len: usize, work: impl FnOnce(&(dyn Fn(usize, &str) + Sync)) -> T) -> T {
    if !std::io::stderr().is_terminal() {
        // The last tenth written, plus one (0: nothing written yet).
        let written = AtomicUsize::new(0);
        return work(&|done: usize, note: &str| {
            let tenth = (done.min(len) * 10).checked_div(len).unwrap_or(10);
            if written.fetch_max(tenth + 1, Ordering::SeqCst) < tenth + 1 {
                let note = if note.is_empty() { String::new() } else { format!(" ({note})") };
                eprintln!("{what} : {done} sur {len}{note}");
            }
        });
    }
    let bar = ProgressBar::new(len as u64);
    bar.set_style(
        ProgressStyle::with_template(&format!(
            "{{bar:40}} {{pos}}/{{len}} {what} ({{elapsed}}, reste ~{{eta}}) {{msg}}"
        ))
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(Duration::from_millis(250));
    let out = work(&|done: usize, note: &str| {
        bar.set_position(done as u64);
        if !note.is_empty() {
            bar.set_message(note.to_string());
        }
    });
    bar.finish_and_clear();
    out
}

/// Runs `work` behind a spinner showing `message` and how many `what` (French, singular; the
/// plural adds an s) are done, which `work` moves by calling the step it is given; a plain line
/// per step when stderr is not a terminal.
pub fn with_tally<T>(message: &str, what: &str, work: impl FnOnce(&(dyn Fn(usize) + Sync)) -> T) -> T {
    let text = |done: usize| format!("{message} : {done} {what}{}", if done >= 2 { "s" } else { "" });
    if !std::io::stderr().is_terminal() {
        return work(&|done: usize| eprintln!("{}", text(done)));
    }
    let bar = ProgressBar::new_spinner();
    bar.set_style(
        ProgressStyle::with_template("{spinner} {msg} ({elapsed})")
            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
    );
    bar.set_message(text(0));
    bar.enable_steady_tick(Duration::from_millis(120));
    let out = work(&|done: usize| bar.set_message(text(done)));
    bar.finish_and_clear();
    out
}
