/* The SPARQL query page: example picker, runs the query against the endpoint (Accept JSON), renders a table.
   Vanilla JS, no dependencies; every value is inserted as text (never as HTML). */
(function () {
  "use strict";
  var page = document.getElementById("sparql-page");
  if (!page) { return; }
  var endpoint = page.getAttribute("data-endpoint");
  var form = document.getElementById("sparql-form");
  var textarea = document.getElementById("sparql-query");
  var picker = document.getElementById("sparql-example");
  var statusBox = document.getElementById("sparql-status");
  var results = document.getElementById("sparql-results");
  var download = document.getElementById("sparql-download");
  var downloadFormat = document.getElementById("sparql-download-format");
  var examples = [];
  try { examples = JSON.parse(document.getElementById("sparql-examples").textContent || "[]"); } catch (e) { examples = []; }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) { node.className = cls; }
    if (text !== undefined && text !== null) { node.textContent = text; }
    return node;
  }

  function setStatus(text, kind) {
    statusBox.textContent = text;
    statusBox.className = "sparql-status" + (kind ? " " + kind : "");
  }

  function updateDownload() {
    download.href = endpoint + "?query=" + encodeURIComponent(textarea.value) + "&format=" + encodeURIComponent(downloadFormat.value);
  }

  function cell(term) {
    var td = el("td");
    if (!term) { return td; }
    if (term.type === "uri") {
      var a = el("a", "iri", term.value);
      a.href = term.value;
      td.appendChild(a);
    } else if (term.type === "bnode") {
      td.appendChild(el("span", "bnode", "_:" + term.value));
    } else {
      td.appendChild(el("span", "literal", term.value));
      if (term["xml:lang"]) { td.appendChild(el("span", "lang", "@" + term["xml:lang"])); }
      else if (term.datatype) {
        var dt = term.datatype.replace("http://www.w3.org/2001/XMLSchema#", "xsd:");
        td.appendChild(el("span", "datatype", "^^" + dt));
      }
      if (/#(decimal|integer|double|float)$/.test(term.datatype || "")) { td.className = "num"; }
    }
    return td;
  }

  function renderTable(data) {
    var vars = (data.head && data.head.vars) || [];
    var table = el("table", "sparql-table");
    var thead = el("thead");
    var tr = el("tr");
    vars.forEach(function (v) { tr.appendChild(el("th", null, "?" + v)); });
    thead.appendChild(tr);
    table.appendChild(thead);
    var tbody = el("tbody");
    data.results.bindings.forEach(function (b) {
      var row = el("tr");
      vars.forEach(function (v) { row.appendChild(cell(b[v])); });
      tbody.appendChild(row);
    });
    table.appendChild(tbody);
    return table;
  }

  function run() {
    var query = textarea.value;
    updateDownload();
    setStatus("查询中… Running…", "running");
    results.textContent = "";
    var started = performance.now();
    var body = new URLSearchParams();
    body.set("query", query);
    fetch(endpoint, {
      method: "POST",
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "Accept": "application/sparql-results+json, text/turtle;q=0.9"
      },
      body: body.toString()
    }).then(function (resp) {
      return resp.text().then(function (text) { return { resp: resp, text: text }; });
    }).then(function (r) {
      var seconds = ((performance.now() - started) / 1000).toFixed(2);
      if (!r.resp.ok) {
        setStatus("错误 Error " + r.resp.status + ": " + r.text, "error");
        return;
      }
      var ctype = r.resp.headers.get("Content-Type") || "";
      var truncated = r.resp.headers.get("X-Result-Truncated") === "true";
      var limit = r.resp.headers.get("X-Result-Limit");
      var note = truncated ? " — 结果已截断为 " + limit + " 行 · result truncated to " + limit + " rows" : "";
      if (ctype.indexOf("application/sparql-results+json") === 0) {
        var data = JSON.parse(r.text);
        if (typeof data.boolean === "boolean") {
          results.appendChild(el("p", "sparql-boolean", data.boolean ? "true 是" : "false 否"));
          setStatus("ASK · " + seconds + " s", truncated ? "warning" : "ok");
          return;
        }
        results.appendChild(renderTable(data));
        setStatus(data.results.bindings.length + " 行 rows · " + seconds + " s" + note, truncated ? "warning" : "ok");
      } else {
        results.appendChild(el("pre", "sparql-graph", r.text));
        setStatus((r.resp.headers.get("X-Result-Count") || "?") + " 三元组 triples · " + seconds + " s" + note,
                  truncated ? "warning" : "ok");
      }
    }).catch(function (err) {
      setStatus("网络错误 Network error: " + err, "error");
    });
  }

  picker.addEventListener("change", function () {
    var chosen = examples.filter(function (e) { return e.name === picker.value; })[0];
    if (chosen) { textarea.value = chosen.text; updateDownload(); }
  });
  form.addEventListener("submit", function (ev) { ev.preventDefault(); run(); });
  textarea.addEventListener("keydown", function (ev) {
    if ((ev.ctrlKey || ev.metaKey) && ev.key === "Enter") { ev.preventDefault(); run(); }
  });
  textarea.addEventListener("input", updateDownload);
  downloadFormat.addEventListener("change", updateDownload);
  updateDownload();
  if (page.getAttribute("data-autorun") === "true") { run(); }
}());
