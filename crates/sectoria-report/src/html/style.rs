//! The report's inline style sheet and sorting script.

/// Inline CSS for the screen: system fonts only ([`super::print::PRINT_CSS`] follows it for paper).
pub const CSS: &str = r#"
:root{--fond:#fff;--texte:#1d1d1f;--doux:#5f6368;--ligne:#dadce0;--accent:#1f4e79}
*{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Liberation Sans",Arial,sans-serif;color:var(--texte);background:var(--fond);font-size:14px;line-height:1.45}
header{background:var(--accent);color:#fff;padding:18px 28px}
header h1{margin:0 0 4px;font-size:22px}
header p{margin:0;opacity:.9}
header p#contexte{font-size:15px;opacity:1;margin-bottom:4px}
main{padding:8px 28px 40px;max-width:1400px}
h2{color:var(--accent);border-bottom:2px solid var(--ligne);padding-bottom:4px;margin-top:32px}
.kpis{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:12px;margin-bottom:16px}
.kpi{border:1px solid var(--ligne);border-left:4px solid var(--accent);border-radius:6px;padding:10px 14px}
.kpi .valeur{display:block;font-size:24px;font-weight:600}
.kpi .libelle{color:var(--doux);font-size:12.5px}
table{border-collapse:collapse;margin:8px 0}
th,td{border-bottom:1px solid var(--ligne);padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f1f3f4;font-weight:600}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.sortable th{cursor:pointer;user-select:none}
table.sortable th[data-dir=asc]::after{content:" ▲"}
table.sortable th[data-dir=desc]::after{content:" ▼"}
#table-etablissements{width:100%}
#table-etablissements td:last-child{color:var(--doux);font-size:12.5px;min-width:360px}
tr.non-servi td:nth-child(2){font-style:italic}
tr:target{background:#fff6d5}
.pastille{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px}
svg#carte,svg.zoom{width:100%;max-width:1010px;height:auto;border:1px solid var(--ligne);background:#fff}
svg.zoom{max-width:760px}
figure.agrandissement{margin:0}
svg#carte .etab:hover,svg.zoom .etab:hover{stroke:#000;stroke-width:2.5}
.cartes{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:12px}
.secteur{border:1px solid var(--ligne);border-top:6px solid #888;border-radius:6px;padding:8px 12px;break-inside:avoid}
.secteur h3{margin:4px 0;font-size:15px}
.secteur p{margin:4px 0;font-size:13px}
.secteur table{width:100%;font-size:12.5px}
.note{color:var(--doux);font-size:12.5px}
tr.partie td:first-child{padding-left:24px;color:var(--doux)}
#entrees-differentes ul{margin:4px 0}
code{font-size:.88em}
td.cle,td.cle code{font-size:11px;color:var(--doux)}
#avertissements{border-left:4px solid #b06000;padding:0 12px;margin-top:16px}
#avertissements h2{color:#b06000;border:none;font-size:17px;margin:8px 0 4px}
#avertissements ul{margin:4px 0}
#avertissements summary{cursor:pointer;color:var(--doux)}
"#;

/// Sorts `table.sortable` by the clicked column: numbers from the cells' `data-v`, text with
/// French collation; unfolds every `<details>` (warnings, scenario) before printing and folds
/// them back after, for the browsers without `details::details-content` (the print style sheet
/// unfolds them in the others, script or not). Marks `<html data-script="ok">` once set up
/// (checked by the browser test).
pub const SORT_JS: &str = r#"
document.querySelectorAll('table.sortable').forEach(function(t){
  var heads=t.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads,function(th,i){
    th.addEventListener('click',function(){
      var asc=th.dataset.dir!=='asc', num=th.dataset.type==='num';
      Array.prototype.forEach.call(heads,function(h){delete h.dataset.dir;});
      th.dataset.dir=asc?'asc':'desc';
      var body=t.tBodies[0], rows=Array.prototype.slice.call(body.rows);
      rows.sort(function(a,b){
        var x=a.cells[i], y=b.cells[i];
        var c=num?parseFloat(x.dataset.v)-parseFloat(y.dataset.v):x.textContent.localeCompare(y.textContent,'fr');
        return asc?c:-c;
      });
      rows.forEach(function(r){body.appendChild(r);});
    });
  });
});
// A printed report shows its warnings, however many, and the whole scenario.
var unfolded=[];
window.addEventListener('beforeprint',function(){
  document.querySelectorAll('details:not([open])').forEach(function(d){d.open=true;unfolded.push(d);});
});
window.addEventListener('afterprint',function(){
  unfolded.forEach(function(d){d.open=false;}); unfolded=[];
});
document.documentElement.dataset.script='ok';
"#;
