//! The report's print style sheet: a committee reads it on paper or in the PDF a browser
//! prints, A4 portrait (`@page`) with 1,5 cm margins, so everything fits 180 mm (680 CSS px)
//! wide.
//!
//! - Text-heavy tables keep their figures on one line and put their long text under it, across
//!   the page: each establishment's explanation under its row (`#table-etablissements`), the
//!   reason and the counterfactual under the cost (`#table-explications`), each labelled. The
//!   rows are CSS grids inside the table, so the header still repeats on every page.
//! - The other tables get a smaller type and less padding; long words break rather than run
//!   past the margin.
//! - Rows, cards, figures and maps are not split across pages where they fit on one; headings
//!   stay with what follows them (« Agrandissement » with its map).
//! - What only the screen can use (« Cliquer sur un en-tête pour trier », hover hints, the
//!   disclosure triangles) is hidden, and the colour patches print without « graphiques
//!   d'arrière-plan ».
//! - The folded parts (`<details>`: the warnings beyond the first five, the changes of worker
//!   alone, the scenario) are printed unfolded by the style sheet itself
//!   (`details::details-content`), since a headless print (`--print-to-pdf`, Playwright's
//!   `page.pdf`) runs no `beforeprint` script; the script still unfolds them in a browser
//!   without that pseudo-element.
//! - Pages are numbered at the foot (« page 3 sur 40 »).

/// CSS for `@media print` and `@page`, after the screen style sheet.
pub const PRINT_CSS: &str = r#"
@page{size:A4;margin:15mm 15mm 16mm;@bottom-right{content:"page " counter(page) " sur " counter(pages);font:9px system-ui,sans-serif;color:#5f6368}}
@media print{
html{-webkit-print-color-adjust:exact;print-color-adjust:exact}
body{font-size:12px;line-height:1.4}
header{background:none;color:#000;border-bottom:2px solid #000;padding:0 0 6px}
header h1{font-size:19px}
main{max-width:none;padding:0}
h2{margin:18px 0 6px;font-size:17px}
h2,h3,h4,summary{break-after:avoid;break-inside:avoid}
.ecran{display:none}
p,li{orphans:3;widows:3}
tr,.kpi,.secteur,figure,svg,#avertissements li{break-inside:avoid}
tr:target{background:none}
table{max-width:100%;font-size:11px}
th,td{padding:3px 5px;overflow-wrap:break-word}
code{overflow-wrap:anywhere}
summary{list-style:none}
summary::-webkit-details-marker{display:none}
details::details-content{content-visibility:visible;display:block}
.kpis{grid-template-columns:repeat(3,1fr);gap:8px}
.kpi{padding:6px 10px}
.kpi .valeur{font-size:20px}
.cartes{grid-template-columns:1fr 1fr;gap:8px}
svg#carte,svg.zoom,svg#frontiere-svg{width:100%;max-width:100%;height:auto;max-height:240mm}
#equite table{font-size:10px}
#equite th,#equite td{padding:2px 4px}
#table-etablissements,#table-explications{width:100%;font-size:10px}
#table-etablissements tr,#table-explications tr{display:grid;border-bottom:1px solid var(--ligne)}
#table-etablissements th,#table-etablissements td,#table-explications th,#table-explications td{border:none;padding:2px 3px}
#table-etablissements th,#table-explications th{font-size:9.5px;overflow-wrap:normal}
#table-etablissements td:first-child,#table-explications td:first-child{white-space:nowrap}
#table-etablissements tr{grid-template-columns:62px minmax(0,1.6fr) minmax(0,.9fr) minmax(0,1.1fr) 42px 48px 46px 50px minmax(0,.9fr) 52px}
#table-etablissements td:last-child{grid-column:1/-1;min-width:0;padding:0 3px 4px 65px;font-size:10px}
#table-etablissements th:last-child{display:none}
#table-etablissements td:last-child::before{content:"Explication : ";font-weight:600;color:var(--texte)}
#table-explications tr{grid-template-columns:62px minmax(0,1fr) 88px 100px 96px}
#table-explications td:nth-child(3),#table-explications td:nth-child(7){grid-column:1/-1;order:1;padding:0 3px 3px 65px}
#table-explications td:nth-child(7){order:2;padding-bottom:5px}
#table-explications th:nth-child(3),#table-explications th:nth-child(7){display:none}
#table-explications td:nth-child(3)::before{content:"Raison : ";font-weight:600}
#table-explications td:nth-child(7)::before{content:"Contrefactuel : ";font-weight:600}
}
"#;
