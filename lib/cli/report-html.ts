// `vigil report` as one self-contained HTML page: inline CSS and script, no
// external assets, every table row tagged with data-stack (alerts with
// data-severity, the severity as delivered; findings with data-level and
// data-suppressed) for the page's filters.
import { resourceCounts, sortedAlerts, SynthOutput, SynthStack, thresholdText, unavailableAlerts } from "./read-synth";
import { retentionText, severityLabel } from "./report-markdown";

/** Escapes text for HTML element content and double-quoted attributes. */
export function html(text: string | number): string {
  return String(text).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/** A link only for http(s) URLs, so a manifest cannot inject `javascript:`. */
function link(url: string, text: string): string {
  return /^https?:\/\//i.test(url) ? `<a href="${html(url)}">${html(text)}</a>` : html(url || "none");
}

function table(caption: string, header: readonly string[], rows: readonly string[]): string {
  if (rows.length === 0) return `<p class="empty">No ${html(caption.toLowerCase())}.</p>`;
  return `<table><caption>${html(caption)}</caption><thead><tr>${header.map((h) => `<th>${html(h)}</th>`).join("")}</tr></thead><tbody>${rows.join("")}</tbody></table>`;
}

function stackSection(stack: SynthStack): string {
  const m = stack.manifest;
  const s = html(stack.id);
  const resources = resourceCounts(stack).map((c) => `<tr data-stack="${s}"><td><code>${html(c.type)}</code></td><td class="num">${c.count}</td></tr>`);
  const alerts = sortedAlerts(stack).map(
    (a) =>
      `<tr class="alert" data-stack="${s}" data-severity="${html(a.deliveredAs)}"><td><code>${html(a.id)}</code></td><td>${html(a.component)}</td><td>${html(a.resource)}</td>` +
      `<td class="sev sev-${html(a.deliveredAs)}">${html(severityLabel(a))}</td><td>${html(thresholdText(a))}</td><td>${a.routes.length ? html(a.routes.join(", ")) : "<em>dashboards only</em>"}</td>` +
      `<td>${link(a.runbookUrl, a.runbookUrl.split("/").pop() ?? a.runbookUrl)}</td><td class="summary">${html(a.summary)}</td></tr>`,
  );
  const unavailable = unavailableAlerts(stack).map(
    (u) => `<tr class="unavailable" data-stack="${s}"><td>${html(u.component)}</td><td>${html(u.resource)}</td><td><code>${html(`${u.kind}/${u.id}`)}</code></td><td>${html(u.reason)}</td></tr>`,
  );
  const slos = m.slos.map(
    (o) => `<tr data-stack="${s}"><td>${html(o.service)}</td><td>${html(o.name)}</td><td class="num">${html(o.objective)} %</td><td>${html(o.period)}</td><td>${html(o.indicator)}</td><td>${o.alerts.map((a) => `<code>${html(a)}</code>`).join(" ")}</td></tr>`,
  );
  const logs = (m.serviceLogs ?? []).map(
    (l) =>
      `<tr class="logs" data-stack="${s}"><td>${html(l.service)}</td><td>${l.namespaces.map((n) => `<code>${html(n)}</code>`).join(" ")}</td><td>${html(l.store)}: <code>${html(l.location)}</code></td>` +
      `<td>${html(retentionText(l.retention))}</td><td>${link(l.url, `Open in ${l.queryLanguage}`)}</td><td><code>${html(l.query)}</code></td></tr>`,
  );
  const findings = m.findings.map(
    (f) =>
      `<tr class="finding${f.suppressedBecause === undefined ? "" : " suppressed"}" data-stack="${s}" data-level="${html(f.level)}" data-suppressed="${f.suppressedBecause === undefined ? "no" : "yes"}"><td>${html(f.level)}${f.suppressedBecause === undefined ? "" : " (suppressed)"}</td>` +
      `<td><code>${html(f.rule)}</code></td><td><code>${html(f.resource)}</code></td><td>${html(f.message)}</td><td>${html(f.suppressedBecause ?? "")}</td></tr>`,
  );
  return [
    `<section class="stack" data-stack="${s}"><h2>${s}</h2>`,
    `<p>${stack.resources.length} resources · ${m.alerts.length} alerts · ${m.slos.length} SLOs · ${m.policyPacks === undefined && m.findings.length === 0 ? "<strong>policy packs did not run</strong>" : `${m.findings.length} policy findings`}</p>`,
    table("Alerts", ["Alert", "Component", "Resource", "Severity", "Threshold", "Route", "Runbook", "Summary"], alerts),
    table("Canonical alerts this target cannot provide", ["Component", "Resource", "Alert", "Why"], unavailable),
    table("SLOs", ["Service", "SLO", "Objective", "Period", "Indicator", "Alerts"], slos),
    ...(logs.length ? [table("Logs", ["Service", "Namespaces", "Where", "Kept", "Open", "Query"], logs)] : []),
    table("Policy findings", ["Level", "Rule", "Resource", "Message", "Suppressed because"], findings),
    `<details><summary>Resources by type (${stack.resources.length})</summary>${table("Resources", ["Type", "Count"], resources)}</details>`,
    `</section>`,
  ].join("\n");
}

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#1b1f23}
table{border-collapse:collapse;margin:.5em 0 1.2em;width:100%}
caption{text-align:left;font-weight:600;padding:.3em 0}
th,td{border:1px solid #d0d7de;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f6f8fa}td.num{text-align:right}
.sev-page{background:#ffebe9;font-weight:600}.sev-ticket{background:#fff8c5}.sev-info{background:#ddf4ff}
tr.suppressed{color:#57606a}.filters{position:sticky;top:0;background:#fff;padding:.5em 0;border-bottom:1px solid #d0d7de}
label{margin-right:1em}[hidden]{display:none!important}`;

// Runs in the page: hides sections and rows that the filters exclude.
const SCRIPT = `
(function(){
  var stackSel=document.getElementById("filter-stack"), sevSel=document.getElementById("filter-severity");
  var levelSel=document.getElementById("filter-level"), openBox=document.getElementById("filter-open");
  function apply(){
    var st=stackSel.value, sv=sevSel.value, lv=levelSel.value, open=openBox.checked, shown=0, findings=0;
    document.querySelectorAll("section.stack").forEach(function(sec){ sec.hidden = st!=="" && sec.getAttribute("data-stack")!==st; });
    document.querySelectorAll("tr.alert").forEach(function(tr){
      var hide = (st!=="" && tr.getAttribute("data-stack")!==st) || (sv!=="" && tr.getAttribute("data-severity")!==sv);
      tr.hidden = hide; if(!hide) shown++;
    });
    document.querySelectorAll("tr.finding").forEach(function(tr){
      var hide = (st!=="" && tr.getAttribute("data-stack")!==st) || (lv!=="" && tr.getAttribute("data-level")!==lv) || (open && tr.getAttribute("data-suppressed")==="yes");
      tr.hidden = hide; if(!hide) findings++;
    });
    document.getElementById("alert-count").textContent = String(shown);
    document.getElementById("finding-count").textContent = String(findings);
  }
  [stackSel, sevSel, levelSel, openBox].forEach(function(el){ el.addEventListener("change", apply); }); apply();
})();`;

/** The whole report as one HTML document. */
export function renderHtmlReport(synth: SynthOutput): string {
  const stackOptions = synth.stacks.map((s) => `<option value="${html(s.id)}">${html(s.id)}</option>`).join("");
  const total = synth.stacks.reduce((n, s) => n + s.manifest.alerts.length, 0);
  const findings = synth.stacks.reduce((n, s) => n + s.manifest.findings.length, 0);
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'">
<title>Vigil review report</title><style>${STYLE}</style></head>
<body><h1>Vigil review report</h1>
<div class="filters"><label>Stack <select id="filter-stack"><option value="">all</option>${stackOptions}</select></label>
<label>Severity (as delivered) <select id="filter-severity"><option value="">all</option><option value="page">page</option><option value="ticket">ticket</option><option value="info">info</option></select></label>
<span><span id="alert-count">${total}</span> of ${total} alerts shown</span>
<label>Finding level <select id="filter-level"><option value="">all</option><option value="error">error</option><option value="warning">warning</option></select></label>
<label><input type="checkbox" id="filter-open"> open findings only</label>
<span><span id="finding-count">${findings}</span> of ${findings} findings shown</span></div>
${synth.stacks.map(stackSection).join("\n")}
<script>${SCRIPT}</script>
</body></html>
`;
}
