// The case form, generated from the input JSON Schema for the chosen programmes: only the
// fields their rules read. Empty fields are left out of the case (missing, never false).
"use strict";
(function () {
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });
  var holder = document.getElementById("form-data");
  var root = document.getElementById("generated");
  if (!holder || !root) return;
  var data = JSON.parse(holder.textContent);
  var schema = data.schema, words = data.words;

  function deref(s) {
    if (!s) return {};
    if (s.$ref) return schema.$defs[s.$ref.split("/").pop()];
    if (s.anyOf) {
      var real = s.anyOf.filter(function (x) { return x.type !== "null"; });
      if (real.length === 1) return deref(real[0]);
    }
    return s;
  }
  function relevant(path) {
    return data.reads.some(function (r) {
      return r === path || r.indexOf(path + ".") === 0 || r.indexOf(path + "[]") === 0;
    });
  }
  function label(path, name) {
    return data.labels[path] || data.fields[name] || name;
  }
  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function select(options) {
    var s = el("select");
    options.forEach(function (o) { s.appendChild(el("option", { value: o[0] }, o[1])); });
    return s;
  }
  function input(s, path, keys) {
    var control, kind = "text";
    if (s.enum) {
      control = select([["", words.unset]].concat(s.enum.map(function (v) { return [v, v]; })));
    } else if (s.type === "boolean") {
      control = select([["", words.unset], ["true", words.yes], ["false", words.no]]);
      kind = "boolean";
    } else if (s.type === "integer") {
      control = el("input", { type: "number", step: "1" });
      kind = "integer";
    } else if (s.type === "string" && s.format === "date") {
      control = el("input", { type: "date" });
    } else if (s.type === "array") {
      control = el("input", { type: "text", placeholder: "a, b" });
      kind = "list";
    } else {
      control = el("input", { type: "text" });
    }
    control.dataset.keys = JSON.stringify(keys);
    control.dataset.kind = kind;
    control.dataset.path = path;
    return control;
  }
  function field(box, s, path, keys, name) {
    s = deref(s);
    if (s.type === "object" && s.properties) {
      var fs = el("fieldset");
      fs.appendChild(el("legend", {}, label(path, name)));
      object(fs, s, path, keys);
      box.appendChild(fs);
    } else if (s.type === "array" && deref(s.items).properties) {
      repeat(box, deref(s.items), path, keys, name);
    } else {
      var row = el("div", { class: "field" });
      var id = "f-" + path.replace(/[^A-Za-z0-9_]/g, "-") + "-" + keys.join("-").replace(/[^A-Za-z0-9_-]/g, "");
      var control = input(s, path, keys);
      control.id = id;
      row.appendChild(el("label", { for: id }, label(path, name)));
      row.appendChild(control);
      box.appendChild(row);
    }
  }
  function object(box, s, path, keys) {
    Object.keys(s.properties).forEach(function (name) {
      var sub = s.properties[name];
      if (!path && (name === "attestations" || name === "decisions" || name === "waivers")) {
        return; // explicit choices below
      }
      if (name === "facts") {
        Object.keys(sub.properties || {}).forEach(function (fact) {
          var p = path + ".facts." + fact;
          if (relevant(p)) field(box, sub.properties[fact], p, keys.concat(["facts", fact]), fact);
        });
        return;
      }
      var p = path ? path + "." + name : name;
      if (relevant(p)) field(box, sub, p, keys.concat([name]), name);
    });
  }
  function repeat(box, item, path, keys, name) {
    var fs = el("fieldset", { class: "repeat" });
    fs.appendChild(el("legend", {}, label(path, name)));
    // an empty list is a fact ("no records"), not a missing one: the reader says so
    var none = el("input", { type: "checkbox", id: "none-" + path.replace(/[^A-Za-z0-9_]/g, "-") });
    none.dataset.keys = JSON.stringify(keys);
    none.dataset.kind = "empty";
    none.dataset.path = path;
    var noneLabel = el("label", { class: "none" });
    noneLabel.appendChild(none);
    noneLabel.appendChild(document.createTextNode(" " + words.none));
    fs.appendChild(noneLabel);
    var list = el("div");
    fs.appendChild(list);
    var add = el("button", { type: "button", class: "secondary" }, words.add + " · " + label(path, name));
    add.addEventListener("click", function () {
      var i = list.children.length;
      var one = el("fieldset");
      one.appendChild(el("legend", {}, label(path, name) + " " + (i + 1)));
      object(one, item, path + "[]", keys.concat([i]));
      var drop = el("button", { type: "button", class: "secondary" }, words.remove);
      drop.addEventListener("click", function () { one.remove(); });
      one.appendChild(drop);
      list.appendChild(one);
    });
    fs.appendChild(add);
    box.appendChild(fs);
  }
  function choices(box, title, keys, scope, yes, no) {
    if (!keys.length) return;
    var fs = el("fieldset");
    fs.appendChild(el("legend", {}, title));
    keys.forEach(function (key) {
      var row = el("div", { class: "field" });
      var id = "f-" + scope + "-" + key.replace(/[^A-Za-z0-9_]/g, "-");
      var s = select([["", words.unset], ["true", yes], ["false", no]]);
      s.id = id;
      s.dataset.keys = JSON.stringify([scope, key]);
      s.dataset.kind = "record";
      s.dataset.path = scope + "." + key;
      row.appendChild(el("label", { for: id }, data.labels[scope + "." + key] || key));
      row.appendChild(s);
      fs.appendChild(row);
    });
    box.appendChild(fs);
  }

  object(root, schema, "", []);
  var by = el("div", { class: "field" });
  by.appendChild(el("label", { for: "attested-by" }, words.attested_by));
  var byInput = el("input", { type: "text", id: "attested-by" });
  by.appendChild(byInput);
  if (data.attestations.length || data.decisions.length) root.appendChild(by);
  choices(root, words.attestations, data.attestations, "attestations", words.yes, words.no);
  choices(root, words.decisions, data.decisions, "decisions", words.approved, words.rejected);

  function put(obj, keys, value) {
    var here = obj;
    for (var i = 0; i < keys.length - 1; i++) {
      var k = keys[i], next = keys[i + 1];
      if (here[k] === undefined || here[k] === null) here[k] = typeof next === "number" ? [] : {};
      here = here[k];
    }
    here[keys[keys.length - 1]] = value;
  }
  function collect() {
    var out = {};
    var asOf = document.getElementById("as-of");
    var today = (asOf && asOf.value) || new Date().toISOString().slice(0, 10);
    root.querySelectorAll("[data-keys]").forEach(function (c) {
      if (c.dataset.kind === "empty") {
        if (c.checked) put(out, JSON.parse(c.dataset.keys), []);
        return;
      }
      var raw = c.value.trim();
      if (raw === "") return;
      var keys = JSON.parse(c.dataset.keys), kind = c.dataset.kind, value = raw;
      if (kind === "boolean") value = raw === "true";
      else if (kind === "integer") value = parseInt(raw, 10);
      else if (kind === "list") value = raw.split(/[,，、]\s*/).filter(Boolean);
      else if (kind === "record") value = { value: raw === "true", by: byInput.value.trim() || "web form", on: today };
      put(out, keys, value);
    });
    // repeated groups removed from the middle leave holes: close them
    (function squash(o) {
      Object.keys(o).forEach(function (k) {
        if (Array.isArray(o[k])) o[k] = o[k].filter(function (x) { return x !== undefined; });
        if (o[k] && typeof o[k] === "object") squash(o[k]);
      });
    })(out);
    return out;
  }
  var form = document.getElementById("case-form");
  form.addEventListener("submit", function () {
    var pasted = document.getElementById("case-text").value.trim();
    var file = document.getElementById("case-file").files.length;
    var target = document.getElementById("case-json");
    target.value = pasted || file ? "" : JSON.stringify(collect());
  });
})();
