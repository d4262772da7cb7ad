//! Progress on the terminal while the solver works: a spinner, or a bar counting the solves.
//! When stderr is not a terminal (a log file, a script), the spinner says nothing and the count
//! is written as plain lines, one at the start and one each tenth of the way.

use indicatif::{HumanDuration, ProgressBar, ProgressState, ProgressStyle};
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
    // The bar moves to `done` (a call may repeat a count, or skip some): by what it adds.
    let last = AtomicUsize::new(0);
    with_weighted_counter(what, len, len as u64, |step| {
        work(&|done: usize, note: &str| {
            let before = last.fetch_max(done, Ordering::SeqCst);
            step(done, done.saturating_sub(before) as u64, note)
        })
    })
}

/// Until this share of the work is done, the bar shows no estimate of the time left: the first
/// steps tell too little (at 0 done, indicatif said « reste ~0s »).
const ESTIMATE_FROM: f64 = 0.1;

/// The time left, extrapolated from the time so far over the share of the work done; empty
/// before [`ESTIMATE_FROM`] of it.
fn time_left(done: u64, total: u64, elapsed: Duration) -> Option<Duration> {
    let share = done as f64 / total.max(1) as f64;
    (done > 0 && (ESTIMATE_FROM..1.0).contains(&share))
        .then(|| Duration::from_secs_f64(elapsed.as_secs_f64() * (1.0 - share) / share))
}

/// [`with_noted_counter`] whose bar moves by a weight per step (the establishments of a
/// département), out of `weight` in all, so that the time left is estimated on the work done
/// rather than on the count when the steps differ in size; the count `done/len` is shown beside
/// the bar. The step takes the number done, the weight of the one just done and the note.
pub fn with_weighted_counter<T>(
    what: &str,
    len: usize,
    weight: u64,
    work: impl FnOnce(&(dyn Fn(usize, u64, &str) + Sync)) -> T,
) -> T {
    if !std::io::stderr().is_terminal() {
        // The last tenth written, plus one (0: nothing written yet).
        let written = AtomicUsize::new(0);
        return work(&|done: usize, _: u64, note: &str| {
            let tenth = (done.min(len) * 10).checked_div(len).unwrap_or(10);
            if written.fetch_max(tenth + 1, Ordering::SeqCst) < tenth + 1 {
                let note = if note.is_empty() { String::new() } else { format!(" ({note})") };
                eprintln!("{what} : {done} sur {len}{note}");
            }
        });
    }
    let bar = ProgressBar::new(weight.max(1));
    bar.set_style(
        ProgressStyle::with_template(&format!("{{bar:40}} {{prefix}} {what} ({{elapsed}}{{left}}) {{msg}}"))
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .with_key("left", |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                if let Some(left) = time_left(state.pos(), state.len().unwrap_or(0), state.elapsed()) {
                    let _ = write!(w, ", reste ~{}", HumanDuration(left));
                }
            }),
    );
    bar.set_prefix(format!("0/{len}"));
    bar.enable_steady_tick(Duration::from_millis(250));
    let out = work(&|done: usize, step_weight: u64, note: &str| {
        bar.inc(step_weight);
        bar.set_prefix(format!("{done}/{len}"));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_estimate_before_a_tenth_of_the_work() {
        let ten_s = Duration::from_secs(10);
        assert_eq!(time_left(0, 101, ten_s), None);
        assert_eq!(time_left(5, 101, ten_s), None);
        assert_eq!(time_left(101, 101, ten_s), None);
        // A quarter done in 10 s: 30 s left.
        assert_eq!(time_left(25, 100, ten_s), Some(Duration::from_secs(30)));
    }
}
