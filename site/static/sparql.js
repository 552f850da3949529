/* The SPARQL query page: YASGUI (vendor/yasgui, @zazuko/yasgui) on this site's read-only endpoint.
   One tab per example query (queries/example_*.rq), results as a table (YASR's own) or as a bar chart (the
   "chart" plugin below), downloads in YASR's formats. Without JavaScript, or if YASGUI did not load, the
   plain form of the page stays (it GETs the endpoint in the chosen format).
   Nothing leaves the site: no endpoint catalogue, no prefix.cc or LOV look-ups, no local storage. */
(function () {
  "use strict";
  var page = document.getElementById("sparql-page");
  var mount = document.getElementById("yasgui");
  if (!page || !mount || typeof window.Yasgui !== "function") { return; }  // the plain form stays
  var Yasgui = window.Yasgui;
  var endpoint = new URL(page.getAttribute("data-endpoint"), window.location.href).href;
  var examples = [];
  try { examples = JSON.parse(document.getElementById("sparql-examples").textContent || "[]"); } catch (e) { examples = []; }
  var SVG = "http://www.w3.org/2000/svg";
  var NUMERIC = /#(decimal|integer|double|float|long|int|short|nonNegativeInteger|positiveInteger)$/;

  function svg(tag, attrs, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function shortName(term) {
    if (!term) { return ""; }
    if (term.type === "uri") { return term.value.replace(/^.*[\/#]/, "") || term.value; }
    return term.value;
  }

  /* A bar chart of a SELECT result: one bar per row, its length the first numeric column, its label the
     first other column. Values are shown exactly as the endpoint wrote them (no rounding); only the bar
     lengths are computed in floating point (pixels). */
  function ChartPlugin(yasr) {
    this.yasr = yasr;
    this.label = "Chart 图表";
    this.priority = 5;
    this.helpReference = undefined;
  }
  ChartPlugin.prototype.columns = function () {
    var results = this.yasr.results;
    if (!results || results.getType() !== "json" || results.getBoolean() !== undefined) { return null; }
    var vars = results.getVariables(), rows = results.getBindings();
    if (!rows.length || rows.length > 200) { return null; }
    var value = vars.filter(function (v) {
      return rows.every(function (b) { return !b[v] || (b[v].datatype && NUMERIC.test(b[v].datatype)); }) &&
        rows.some(function (b) { return b[v]; });
    })[0];
    if (!value) { return null; }
    var label = vars.filter(function (v) { return v !== value; });
    return { value: value, labels: label.slice(0, 2), rows: rows };
  };
  ChartPlugin.prototype.canHandleResults = function () { return this.columns() !== null; };
  ChartPlugin.prototype.getIcon = function () {
    var icon = document.createElement("div");
    var s = svg("svg", { viewBox: "0 0 16 16", width: "16", height: "16", "aria-hidden": "true" });
    [[1, 9, 3, 6], [6, 4, 3, 11], [11, 7, 3, 8]].forEach(function (r) {
      s.appendChild(svg("rect", { x: r[0], y: r[1], width: r[2], height: r[3], fill: "currentColor" }));
    });
    icon.appendChild(s);
    return icon;
  };
  ChartPlugin.prototype.draw = function () {
    var spec = this.columns();
    var el = this.yasr.resultsEl;
    el.textContent = "";
    if (!spec) { return; }
    var width = 720, barArea = 360, rowH = 22, top = 24;
    var numbers = spec.rows.map(function (b) { return b[spec.value] ? Math.abs(parseFloat(b[spec.value].value)) : 0; });
    var max = Math.max.apply(null, numbers.concat([0])) || 1;
    var chart = svg("svg", { "class": "sparql-chart", width: String(width), height: String(top + rowH * spec.rows.length + 8),
                             role: "img", "aria-label": "?" + spec.value });
    chart.appendChild(svg("text", { x: "0", y: "14", "class": "axis" }, "?" + spec.value));
    spec.rows.forEach(function (b, i) {
      var y = top + i * rowH;
      var name = spec.labels.map(function (v) { return shortName(b[v]); }).filter(Boolean).join(" · ");
      var g = svg("g", { "class": "row" });
      g.appendChild(svg("text", { x: "0", y: String(y + 15), "class": "label" }, name.length > 28 ? name.slice(0, 27) + "…" : name));
      g.appendChild(svg("rect", { "class": "bar", x: "200", y: String(y + 3), height: String(rowH - 6),
                                  width: String(Math.max(1, (numbers[i] / max) * barArea)),
                                  "data-value": b[spec.value] ? b[spec.value].value : "" }));
      g.appendChild(svg("text", { x: String(208 + (numbers[i] / max) * barArea), y: String(y + 15), "class": "value" },
                        b[spec.value] ? b[spec.value].value : ""));
      chart.appendChild(g);
    });
    el.appendChild(chart);
  };
  Yasgui.Yasr.registerPlugin("chart", ChartPlugin);

  var requestConfig = {
    endpoint: endpoint,
    method: "POST",
    acceptHeaderSelect: "application/sparql-results+json",
    acceptHeaderGraph: "text/turtle",
  };
  page.classList.add("with-yasgui");
  mount.hidden = false;
  var yasgui = new Yasgui(mount, {
    requestConfig: requestConfig,
    copyEndpointOnNewTab: true,
    endpointCatalogueOptions: { getData: function () { return [{ endpoint: endpoint }]; } },
    populateFromUrl: false,
    autoAddOnInit: false,
    persistenceId: null,
    yasqe: { autocompleters: ["variables"], prefixCcApi: null, persistenceId: null, resizeable: true, editorHeight: "260px" },
    yasr: { pluginOrder: ["table", "chart", "response"], defaultPlugin: "table", persistenceId: null },
  });

  var given = page.getAttribute("data-query");
  if (given) { yasgui.addTab(true, { name: "查询 Query", yasqe: { value: given }, requestConfig: requestConfig }); }
  examples.forEach(function (e, i) {
    yasgui.addTab(!given && i === 0, { name: e.title, yasqe: { value: e.text }, requestConfig: requestConfig });
  });
  if (!given && !examples.length) { yasgui.addTab(true, { requestConfig: requestConfig }); }
  window.budgetLodYasgui = yasgui;  // for people at the console (and the browser test)
  if (given && page.getAttribute("data-autorun") === "true") { yasgui.getTab().query(); }
}());
