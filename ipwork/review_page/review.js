// ipwork review: what ipwork read beside the page it read it from, and the corrections a
// reviewer makes, saved as JSON Lines for `ipwork parse --corrections`.
//
// Every text of a document goes into the page as text (textContent, append of strings),
// never as markup. Both panes render lazily: the lists are cut into chunks, and only the
// chunks near the visible part of their pane hold elements (LazyList).
(function () {
  "use strict";

  const DATA = JSON.parse(document.getElementById("review-data").textContent);
  // The fields the item and document editors show; a correction of any other field (made
  // with a text editor, and read back with --corrections) is kept as it is.
  const ITEM_FORM = ["number", "path", "title", "text", "deliverable", "departments", "department_roles",
    "deadline", "deadline_date", "obligations"];
  const DOC_FORM = ["title", "region", "year", "period", "issuer"];
  // Fields shown in their own places; any other field the data holds is listed as it is.
  const ITEM_SHOWN = new Set(["id", "seq", "number", "path", "title", "text", "deliverable", "departments",
    "department_roles", "deadline", "deadline_date", "deadline_date_from", "obligations", "filled_down",
    "joined_across_pages", "other", "corrected", "source"]);
  const DOC_SHOWN = new Set(["doc_id", "file", "title", "issuer", "region", "region_from", "region_code", "year",
    "year_from", "period", "layout", "collection", "preamble", "sections", "items", "metadata_lines", "warnings",
    "unparsed"]);
  const ROLES = ["", "lead", "support", "responsible"];
  const LINE_HEIGHT = 22.4;

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  const has = (o, k) => Object.prototype.hasOwnProperty.call(o, k);
  function push(map, key, value) {
    if (!map.has(key)) map.set(key, []);
    map.get(key).push(value);
  }
  function range(a, b) {
    const out = [];
    for (let i = a; i <= b; i++) out.push(i);
    return out;
  }

  // ---- The model: documents, items numbered through the page, and the edits made.
  const docs = DATA.documents.map((d, i) => ({ index: i, input: d.input, doc: d.document }));
  const items = [];
  for (const d of docs) {
    for (const item of d.doc.items) {
      const flags = DATA.flags[item.id] || { look: [], notes: [] };
      items.push({ n: items.length + 1, id: item.id, item, d, flags });
    }
  }
  const byId = new Map(items.map((it) => [it.id, it]));
  const itemEdits = new Map(); // id -> {set, drop}
  const docEdits = new Map(); // doc_id -> {set}
  for (const fix of DATA.edits) {
    if (has(fix, "doc_id")) {
      const e = docEdits.get(fix.doc_id) || { set: {} };
      Object.assign(e.set, fix.set);
      docEdits.set(fix.doc_id, e);
    } else {
      const e = itemEdits.get(fix.id) || { set: {}, drop: false };
      if (fix.drop) e.drop = true;
      else Object.assign(e.set, fix.set);
      itemEdits.set(fix.id, e);
    }
  }
  let unsaved = false;

  // The roles of bodies named again: a body named before keeps its role (as --corrections reads it).
  function keptRoles(before, names) {
    const left = before.slice();
    return names.map((name) => {
      const i = left.findIndex((r) => r.name === name);
      return i < 0 ? null : left.splice(i, 1)[0].role;
    });
  }

  // The departments an item shows: ipwork's, or those a correction set ({name, role, canonical?}).
  function shownRoles(it) {
    const set = (itemEdits.get(it.id) || { set: {} }).set;
    if (set.department_roles) {
      return set.department_roles.map((r) => ({ name: r.name, role: r.role || null, canonical: r.canonical }));
    }
    if (set.departments) {
      const roles = keptRoles(it.item.department_roles, set.departments);
      return set.departments.map((name, i) => ({ name, role: roles[i], canonical: undefined }));
    }
    return it.item.department_roles;
  }

  function itemValue(it, field) {
    const e = itemEdits.get(it.id);
    return e && has(e.set, field) ? e.set[field] : it.item[field];
  }
  function docValue(d, field) {
    const e = docEdits.get(d.doc.doc_id);
    return e && has(e.set, field) ? e.set[field] : d.doc[field];
  }
  const isEdited = (it) => itemEdits.has(it.id);
  const isDropped = (it) => Boolean(itemEdits.get(it.id) && itemEdits.get(it.id).drop);
  const needsLook = (it) => it.flags.look.length > 0 || isEdited(it);

  // ---- Where each item was read from, per input.
  const inputs = DATA.inputs.map((inp, i) => ({
    index: i, name: inp.name, kind: inp.kind, lines: inp.lines,
    pos: new Map(inp.lines.map((l, k) => [l[0], k])),
    spans: new Map(), meta: new Set(), unparsed: new Set(), warnings: new Map(),
  }));
  for (const it of items) {
    const inp = inputs[it.d.input];
    const s = it.item.source;
    for (const no of s.lines.length ? s.lines : range(s.line, s.line_end)) {
      const start = no === s.line && s.offset !== null ? s.offset : 0;
      const end = no === s.line_end && s.offset_end !== null ? s.offset_end : Infinity;
      push(inp.spans, no, { n: it.n, start, end, first: no === s.line });
    }
  }
  for (const d of docs) {
    const inp = inputs[d.input];
    d.doc.metadata_lines.forEach((m) => inp.meta.add(m.line));
    d.doc.unparsed.forEach((u) => inp.unparsed.add(u.line));
    d.doc.warnings.forEach((w) => { if (w.line !== null) push(inp.warnings, w.line, w); });
  }

  // ---- Lazy lists: chunks of a list, filled when near the pane's visible part, emptied when far.
  class LazyList {
    constructor(pane, host, count, size, render, estimate) {
      this.host = host;
      this.size = size;
      this.render = render;
      this.filled = new Set();
      this.chunks = [];
      this.observer = new IntersectionObserver((entries) => this.seen(entries),
        { root: pane, rootMargin: "1200px 0px" });
      host.replaceChildren();
      for (let start = 0; start < count; start += size) {
        const div = el("div", "chunk");
        div.dataset.chunk = this.chunks.length;
        div.dataset.start = start;
        div.dataset.end = Math.min(count, start + size);
        div.style.height = estimate(start, Math.min(count, start + size)) + "px";
        host.append(div);
        this.chunks.push(div);
        this.observer.observe(div);
      }
      this.fill(0); // the top is shown at once, not when the observer first reports
    }
    seen(entries) {
      for (const e of entries) {
        const c = Number(e.target.dataset.chunk);
        if (e.isIntersecting) this.fill(c);
        else this.empty(c);
      }
    }
    fill(c) {
      if (this.filled.has(c) || !this.chunks[c]) return;
      const div = this.chunks[c];
      div.replaceChildren(this.render(Number(div.dataset.start), Number(div.dataset.end)));
      div.style.height = "";
      this.filled.add(c);
    }
    empty(c) {
      const div = this.chunks[c];
      if (!this.filled.has(c) || div.querySelector(".editing")) return; // an open editor keeps its chunk
      div.style.height = div.offsetHeight + "px";
      div.replaceChildren();
      this.filled.delete(c);
    }
    ensure(i) {
      this.fill(Math.floor(i / this.size));
    }
    destroy() {
      this.observer.disconnect();
    }
  }

  function charsPerRow(pane) {
    return Math.max(16, Math.floor((pane.clientWidth - 90) / 14));
  }

  // ---- The source pane.
  const sourcePane = document.getElementById("source-pane");
  const sourceHost = document.getElementById("source");
  let shownInput = null;
  let sourceList = null;

  function badge(n) {
    const b = el("span", "badge", n);
    b.dataset.n = n;
    return b;
  }

  function renderLine(inp, k) {
    const [no, text, page] = inp.lines[k];
    const frag = document.createDocumentFragment();
    if (page !== null && (k === 0 || inp.lines[k - 1][2] !== page)) frag.append(el("div", "page-mark", "page " + page));
    const row = el("div", "ln");
    row.dataset.line = no;
    const spans = (inp.spans.get(no) || []).slice().sort((a, b) => a.start - b.start);
    if (inp.unparsed.has(no)) row.classList.add("unparsed");
    else if (inp.meta.has(no) && !spans.length) row.classList.add("meta");
    row.append(el("span", "no", no));
    const tx = el("span", "tx");
    let at = 0;
    for (const sp of spans) {
      const start = Math.max(sp.start, at);
      const end = Math.max(start, Math.min(sp.end, text.length));
      if (start > at) tx.append(text.slice(at, start));
      if (sp.first) tx.append(badge(sp.n));
      const m = el("mark", "h" + (sp.n % 6), text.slice(start, end));
      m.dataset.n = sp.n;
      if (current && current.n === sp.n) m.classList.add("current");
      if (isDropped(items[sp.n - 1])) m.classList.add("dropped");
      tx.append(m);
      at = end;
    }
    if (at < text.length) tx.append(text.slice(at));
    row.append(tx);
    frag.append(row);
    for (const w of inp.warnings.get(no) || []) frag.append(el("div", "src-warn", "⚠ " + w.code + ": " + w.message));
    return frag;
  }

  function showInput(index) {
    if (shownInput === index) return;
    shownInput = index;
    inputSelect.value = String(index);
    if (sourceList) sourceList.destroy();
    const inp = inputs[index];
    const cpr = charsPerRow(sourcePane);
    sourceList = new LazyList(sourcePane, sourceHost, inp.lines.length, 200, (start, end) => {
      const frag = document.createDocumentFragment();
      for (let k = start; k < end; k++) frag.append(renderLine(inp, k));
      return frag;
    }, (start, end) => {
      let h = 0;
      for (let k = start; k < end; k++) h += LINE_HEIGHT * Math.max(1, Math.ceil(inp.lines[k][1].length / cpr));
      return h;
    });
    sourcePane.scrollTop = 0;
  }

  // Brings line ``no`` of input ``index`` into view: the start of item ``n``'s span on it, if given
  // (a whole plan may be printed on one line).
  function showLine(index, no, flash, n) {
    showInput(index);
    const inp = inputs[index];
    const k = inp.pos.get(no);
    if (k === undefined) return;
    sourceList.ensure(k);
    const row = sourceHost.querySelector('.ln[data-line="' + no + '"]');
    if (!row) return;
    const start = n ? row.querySelector('.badge[data-n="' + n + '"], mark[data-n="' + n + '"]') : null;
    (start || row).scrollIntoView({ block: "center" });
    if (flash) {
      row.classList.add("flash");
      setTimeout(() => row.classList.remove("flash"), 900);
    }
  }

  // ---- The records pane: each plan's header, its items, and its warnings and unparsed lines
  // where they occur.
  const recordsPane = document.getElementById("records-pane");
  const recordsHost = document.getElementById("records");
  const lookOnly = document.getElementById("look-only");
  let entries = [];
  let entryOf = new Map(); // item n -> index in entries
  let shownItems = [];
  let recordsList = null;

  function unparsedGroups(lines) {
    const groups = [];
    for (const u of lines) {
      const last = groups[groups.length - 1];
      if (last && u.line === last[last.length - 1].line + 1) last.push(u);
      else groups.push([u]);
    }
    return groups;
  }

  function buildEntries() {
    entries = [];
    for (const d of docs) {
      entries.push({ kind: "doc", d });
      const events = [];
      for (const item of d.doc.items) {
        const it = byId.get(item.id);
        if (!lookOnly.checked || needsLook(it)) events.push({ line: item.source.line, order: 0, kind: "item", it });
      }
      for (const w of d.doc.warnings) {
        if (w.line !== null) events.push({ line: w.line, order: 1, kind: "warning", d, w });
      }
      for (const g of unparsedGroups(d.doc.unparsed)) {
        events.push({ line: g[0].line, order: 2, kind: "unparsed", d, lines: g });
      }
      events.sort((a, b) => a.line - b.line || a.order - b.order);
      entries.push(...events);
    }
    entryOf = new Map();
    entries.forEach((e, i) => { if (e.kind === "item") entryOf.set(e.it.n, i); });
    shownItems = entries.filter((e) => e.kind === "item").map((e) => e.it);
  }

  function estimateEntry(e, cpr) {
    if (e.kind === "doc") return 150;
    if (e.kind === "warning") return 48;
    if (e.kind === "unparsed") return 40 + LINE_HEIGHT * e.lines.length;
    const item = e.it.item;
    const chars = item.title.length + item.text.length + (item.deliverable || "").length;
    return 110 + LINE_HEIGHT * (Math.ceil(chars / cpr) + item.departments.length);
  }

  function renderEntry(e) {
    if (e.kind === "doc") return renderDoc(e.d);
    if (e.kind === "item") return renderItem(e.it);
    if (e.kind === "warning") {
      const box = el("div", "note warning");
      const where = el("span", "lines", "line " + e.w.line);
      where.dataset.input = e.d.input;
      where.dataset.line = e.w.line;
      box.append(where, " ⚠ " + e.w.code + ": " + e.w.message);
      return box;
    }
    const box = el("div", "note unparsed");
    box.append(el("div", "hint", "not read into any item:"));
    for (const u of e.lines) {
      const row = el("div");
      const where = el("span", "lines", "line " + u.line);
      where.dataset.input = e.d.input;
      where.dataset.line = u.line;
      row.append(where, " ", el("span", "tx", u.text));
      box.append(row);
    }
    return box;
  }

  function showRecords(keep) {
    buildEntries();
    if (recordsList) recordsList.destroy();
    const cpr = charsPerRow(recordsPane);
    recordsList = new LazyList(recordsPane, recordsHost, entries.length, 20, (start, end) => {
      const frag = document.createDocumentFragment();
      for (let i = start; i < end; i++) frag.append(renderEntry(entries[i]));
      return frag;
    }, (start, end) => {
      let h = 0;
      for (let i = start; i < end; i++) h += estimateEntry(entries[i], cpr);
      return h;
    });
    recordsPane.scrollTop = 0;
    if (keep && entryOf.has(keep.n)) select(keep, { records: true });
    updateCounts();
  }

  function field(dl, name, value, opts) {
    const o = opts || {};
    const dt = el("dt", null, name);
    const dd = el("dd");
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) {
      dd.append(el("span", "empty", o.empty || "none"));
    } else if (value instanceof Node) {
      dd.append(value);
    } else {
      dd.append(String(value));
    }
    if (o.changed) {
      dd.classList.add("changed");
      dd.append(el("span", "was", "ipwork read: " + (o.was === null || o.was === "" ? "none" : o.was)));
    }
    for (const f of o.flags || []) dd.append(" ", el("span", "flag " + f[0], f[1]));
    dl.append(dt, dd);
    return dd;
  }

  function extraFields(dl, object, shown) {
    for (const [k, v] of Object.entries(object)) {
      if (shown.has(k) || v === null || (typeof v === "object" && !Object.keys(v).length)) continue;
      field(dl, k, typeof v === "object" ? JSON.stringify(v) : v);
    }
  }

  function evidence(d, topic) {
    // The plan's warnings about its region or year (weak-year, weak-region, no-year).
    return d.doc.warnings.filter((w) => /^(weak|no)-/.test(w.code) && w.code.indexOf(topic) >= 0)
      .map((w) => ["weak", w.code]);
  }

  function renderDoc(d) {
    const doc = d.doc;
    const box = el("section", "doc");
    box.dataset.docId = doc.doc_id;
    const edit = docEdits.get(doc.doc_id);
    const head = el("header");
    const look = doc.items.filter((item) => needsLook(byId.get(item.id))).length;
    head.append(el("span", null, "plan " + (d.index + 1) + " of " + docs.length), el("span", null, doc.layout),
      el("span", null, doc.items.length + " items, " + look + " to look at"), el("span", null, doc.doc_id));
    if (edit) head.append(el("span", "flag edit", "corrected"));
    const tools = el("span", "tools");
    const button = el("button", "edit-doc", "Edit plan");
    button.type = "button";
    tools.append(button);
    head.append(tools);
    box.append(head, el("h2", edit && has(edit.set, "title") ? "changed" : null, docValue(d, "title") || "(no title)"));
    const dl = el("dl", "fields");
    const changed = (f) => Boolean(edit && has(edit.set, f));
    const region = el("span", null, docValue(d, "region") === null ? "" : docValue(d, "region"));
    if (doc.region_code) region.append(" ", el("span", "derived", "code " + doc.region_code));
    if (doc.region_from) region.append(" ", el("span", "derived", "from " + doc.region_from));
    const regionFlags = evidence(d, "region").concat(docValue(d, "region") === null ? [["look", "no region"]] : []);
    field(dl, "region", docValue(d, "region") === null ? null : region,
      { changed: changed("region"), was: doc.region, flags: regionFlags });
    const year = el("span", null, docValue(d, "year") === null ? "" : docValue(d, "year"));
    if (doc.year_from) year.append(" ", el("span", "derived", "from " + doc.year_from));
    const noYear = docValue(d, "year") === null && !evidence(d, "year").length;
    const yearFlags = evidence(d, "year").concat(noYear ? [["look", "no year"]] : []);
    field(dl, "year", docValue(d, "year") === null ? null : year,
      { changed: changed("year"), was: doc.year, flags: yearFlags });
    for (const f of ["period", "issuer", "collection"]) {
      if (docValue(d, f) !== null || changed(f)) field(dl, f, docValue(d, f), { changed: changed(f), was: doc[f] });
    }
    field(dl, "file", inputs[d.input].name);
    extraFields(dl, doc, DOC_SHOWN);
    const general = doc.warnings.filter((w) => w.line === null);
    if (general.length) field(dl, "warnings", general.map((w) => w.code + ": " + w.message).join("; "));
    box.append(dl);
    return box;
  }

  function departmentList(it, changedRoles) {
    const list = el("ul", "depts");
    for (const r of shownRoles(it)) {
      const li = el("li", null, r.name);
      if (r.role) li.append(" ", el("span", "role", r.role));
      if (r.canonical !== undefined) {
        li.append(" → ", el("span", "canonical", r.canonical === null ? "no single agency" : r.canonical));
      }
      else if (changedRoles) li.append(" ", el("span", "derived", "agency found again when parsed"));
      list.append(li);
    }
    return list;
  }

  function renderItem(it) {
    const item = it.item;
    const edit = itemEdits.get(it.id);
    const set = edit ? edit.set : {};
    const box = el("article", "item");
    box.dataset.itemId = it.id;
    box.dataset.n = it.n;
    if (it.flags.look.length) box.classList.add("look");
    if (edit) box.classList.add("edited");
    if (isDropped(it)) box.classList.add("dropped");
    if (current && current.n === it.n) box.classList.add("current");
    const head = el("header");
    head.append(badge(it.n), el("span", null, "#" + item.seq + (item.number ? " · " + item.number : "")));
    const path = itemValue(it, "path");
    if (path.length) head.append(el("span", "path" + (has(set, "path") ? " changed" : ""), path.join(" › ")));
    const s = item.source;
    const where = el("span", "lines", "line " + s.line + (s.line_end !== s.line ? "–" + s.line_end : "") +
      (s.page !== null ? ", page " + s.page : ""));
    where.dataset.input = it.d.input;
    where.dataset.line = s.line;
    head.append(where);
    for (const f of it.flags.look) head.append(el("span", "flag look", f));
    for (const f of it.flags.notes) head.append(el("span", "flag note", f));
    if (s.ocr) head.append(el("span", "flag note", "read by OCR"));
    if (isDropped(it)) head.append(el("span", "flag edit", "dropped"));
    else if (edit) head.append(el("span", "flag edit", "corrected"));
    const tools = el("span", "tools");
    const editButton = el("button", "edit", "Edit");
    const dropButton = el("button", "drop", isDropped(it) ? "Keep" : "Drop");
    editButton.type = dropButton.type = "button";
    tools.append(editButton, dropButton);
    head.append(tools);
    box.append(head);
    const title = itemValue(it, "title");
    box.append(el("div", "title" + (has(set, "title") ? " changed" : ""), title || "(no title)"));
    const dl = el("dl", "fields");
    const ch = (f) => ({ changed: has(set, f), was: Array.isArray(item[f]) ? item[f].join("、") : item[f] });
    field(dl, "text", itemValue(it, "text"), Object.assign(ch("text"), { empty: "empty" }));
    if (itemValue(it, "deliverable") !== null || has(set, "deliverable") ||
        it.flags.look.indexOf("no deliverable") >= 0) {
      field(dl, "deliverable", itemValue(it, "deliverable"), ch("deliverable"));
    }
    const rolesChanged = has(set, "departments") || has(set, "department_roles");
    const names = shownRoles(it).map((r) => r.name);
    field(dl, "departments", names.length ? departmentList(it, rolesChanged) : null,
      { changed: rolesChanged, was: item.departments.join("、") });
    const deadline = el("span", null, itemValue(it, "deadline") === null ? "" : itemValue(it, "deadline"));
    const rederived = !has(set, "deadline_date") && (has(set, "deadline") || has(set, "text") || has(set, "title") ||
      Boolean(docEdits.get(it.d.doc.doc_id) && has(docEdits.get(it.d.doc.doc_id).set, "year")));
    const date = itemValue(it, "deadline_date");
    if (rederived) deadline.append(" ", el("span", "derived", "date read again when parsed"));
    else if (date !== null) deadline.append(" → ", el("strong", has(set, "deadline_date") ? "changed" : null, date));
    if (item.deadline_date_from) deadline.append(" ", el("span", "derived", "from " + item.deadline_date_from));
    const anyDeadline = itemValue(it, "deadline") !== null || date !== null;
    field(dl, "deadline", anyDeadline ? deadline : null, ch("deadline"));
    if (itemValue(it, "obligations").length || has(set, "obligations")) {
      field(dl, "obligations", itemValue(it, "obligations").join("、"), ch("obligations"));
    }
    if (Object.keys(item.other).length) {
      field(dl, "other", Object.entries(item.other).map((kv) => kv.join(": ")).join("; "));
    }
    extraFields(dl, item, ITEM_SHOWN);
    for (const [k, v] of Object.entries(set)) {
      if (ITEM_FORM.indexOf(k) < 0) field(dl, k, JSON.stringify(v), { changed: true, was: JSON.stringify(item[k]) });
    }
    box.append(dl);
    return box;
  }

  // ---- Editing.
  function input(name, value, multiline) {
    const e = el(multiline ? "textarea" : "input");
    e.name = name;
    e.value = value === null || value === undefined ? "" : value;
    return e;
  }

  function departmentRow(r) {
    const row = el("div", "row");
    const name = input("d-name", r.name);
    name.className = "d-name";
    name.placeholder = "body as printed";
    const role = el("select", "d-role");
    for (const value of ROLES) {
      const option = el("option", null, value || "(no role)");
      option.value = value;
      role.append(option);
    }
    role.value = r.role || "";
    const canonical = input("d-canonical", r.given || "");
    canonical.className = "d-canonical";
    canonical.placeholder = r.canonical ? r.canonical + " (ipwork's)" : "agency: found when parsed";
    const remove = el("button", "d-remove", "×");
    remove.type = "button";
    remove.title = "Remove this body";
    row.append(name, role, canonical, remove);
    return row;
  }

  function formRow(form, label, control, hint) {
    const l = el("label", null, label);
    const cell = el("div");
    cell.append(control);
    if (hint) cell.append(el("div", "hint", hint));
    form.append(l, cell);
  }

  function actions(form, extra) {
    const bar = el("div", "actions");
    const apply = el("button", "apply", "Apply");
    apply.type = "submit";
    const cancel = el("button", "cancel", "Cancel");
    cancel.type = "button";
    bar.append(apply, cancel, ...extra);
    bar.append(el("span", "hint", "Ctrl+Enter applies, Esc cancels"));
    form.append(bar);
  }

  function openEditor(it) {
    const box = recordsHost.querySelector('[data-item-id="' + CSS.escape(it.id) + '"]');
    if (!box || box.querySelector("form")) return;
    const edit = itemEdits.get(it.id) || { set: {} };
    box.classList.add("editing");
    box.querySelector("dl").hidden = true;
    box.querySelector(".title").hidden = true;
    const form = el("form", "editor");
    formRow(form, "number", input("number", itemValue(it, "number")));
    formRow(form, "path", input("path", itemValue(it, "path").join("\n"), true), "one heading a line, outermost first");
    formRow(form, "title", input("title", itemValue(it, "title")));
    formRow(form, "text", input("text", itemValue(it, "text"), true));
    formRow(form, "deliverable", input("deliverable", itemValue(it, "deliverable"), true));
    const depts = el("div", "depts-edit");
    const shown = shownRoles(it);
    const given = edit.set.department_roles || [];
    shown.forEach((r, i) => depts.append(departmentRow({ name: r.name, role: r.role,
      canonical: r.canonical, given: given[i] && has(given[i], "canonical") ? given[i].canonical : "" })));
    const add = el("button", "d-add", "+ body");
    add.type = "button";
    const deptCell = el("div");
    deptCell.append(depts, add);
    formRow(form, "departments", deptCell, "name as printed, role, agency (leave empty: ipwork finds it)");
    formRow(form, "deadline", input("deadline", itemValue(it, "deadline")));
    const date = input("deadline_date", has(edit.set, "deadline_date") ? edit.set.deadline_date : "");
    date.placeholder = it.item.deadline_date ? it.item.deadline_date + " (ipwork's)" : "YYYY-MM-DD";
    formRow(form, "deadline date", date, "leave empty: read from the deadline when parsed");
    formRow(form, "obligations", input("obligations", itemValue(it, "obligations").join("\n"), true), "one a line");
    const revert = el("button", "revert", "Back to ipwork's reading");
    revert.type = "button";
    revert.hidden = !itemEdits.has(it.id);
    const error = el("span", "hint error");
    actions(form, [revert, error]);
    box.append(form);
    form.elements.title.focus();
  }

  function lines(value) {
    return value.split("\n").map((s) => s.trim()).filter(Boolean);
  }
  function optional(value) {
    const v = value.trim();
    return v === "" ? null : v;
  }

  function itemFormValues(it, form) {
    const item = it.item;
    const old = itemEdits.get(it.id) || { set: {}, drop: false };
    const set = {};
    for (const [k, v] of Object.entries(old.set)) if (ITEM_FORM.indexOf(k) < 0) set[k] = v;
    const f = form.elements;
    const changes = {
      number: optional(f.number.value), path: lines(f.path.value), title: f.title.value.trim(),
      text: f.text.value.trim(), deliverable: optional(f.deliverable.value), deadline: optional(f.deadline.value),
      obligations: lines(f.obligations.value),
    };
    for (const [k, v] of Object.entries(changes)) if (!same(v, item[k])) set[k] = v;
    const date = f.deadline_date.value.trim();
    if (date && !/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error("deadline date: YYYY-MM-DD, or empty");
    if (date) set.deadline_date = date;
    const rows = Array.from(form.querySelectorAll(".row")).map((r) => ({
      name: r.querySelector(".d-name").value.trim(), role: r.querySelector(".d-role").value || null,
      canonical: r.querySelector(".d-canonical").value.trim(),
    })).filter((r) => r.name);
    const names = rows.map((r) => r.name);
    const kept = keptRoles(item.department_roles, names);
    if (rows.some((r, i) => r.canonical || r.role !== kept[i])) {
      set.department_roles = rows.map((r) => (r.canonical ? { name: r.name, role: r.role, canonical: r.canonical }
        : { name: r.name, role: r.role }));
    } else if (!same(names, item.departments)) {
      set.departments = names;
    }
    return { set, drop: old.drop };
  }

  function openDocEditor(d) {
    const box = recordsHost.querySelector('.doc[data-doc-id="' + CSS.escape(d.doc.doc_id) + '"]');
    if (!box || box.querySelector("form")) return;
    box.classList.add("editing");
    box.querySelector("dl").hidden = true;
    const form = el("form", "editor");
    for (const f of DOC_FORM) {
      const control = input(f, docValue(d, f));
      if (f === "year") control.inputMode = "numeric";
      formRow(form, f, control, f === "region" ? "全国, or the province or city in full" : null);
    }
    const error = el("span", "hint error");
    actions(form, [error]);
    box.append(form);
    form.elements.region.focus();
  }

  function docFormValues(d, form) {
    const set = {};
    const old = docEdits.get(d.doc.doc_id) || { set: {} };
    for (const [k, v] of Object.entries(old.set)) if (DOC_FORM.indexOf(k) < 0) set[k] = v;
    for (const f of DOC_FORM) {
      let v = optional(form.elements[f].value);
      if (f === "year" && v !== null) {
        if (!/^\d{4}$/.test(v)) throw new Error("year: four digits, or empty");
        v = Number(v);
      }
      if (!same(v, d.doc[f])) set[f] = v;
    }
    return set;
  }

  function rerenderItem(it) {
    const old = recordsHost.querySelector('[data-item-id="' + CSS.escape(it.id) + '"]');
    if (old) old.replaceWith(renderItem(it));
    for (const m of sourceHost.querySelectorAll('mark[data-n="' + it.n + '"]')) {
      m.classList.toggle("dropped", isDropped(it));
    }
  }

  function rerenderDoc(d) {
    const old = recordsHost.querySelector('.doc[data-doc-id="' + CSS.escape(d.doc.doc_id) + '"]');
    if (old) old.replaceWith(renderDoc(d));
    for (const item of d.doc.items) rerenderItem(byId.get(item.id)); // deadline dates are read again
  }

  function changed() {
    unsaved = true;
    updateCounts();
  }

  function submit(form) {
    const box = form.parentElement;
    const error = form.querySelector(".error");
    try {
      if (box.dataset.itemId !== undefined) {
        const it = byId.get(box.dataset.itemId);
        const edit = itemFormValues(it, form);
        if (Object.keys(edit.set).length || edit.drop) itemEdits.set(it.id, edit);
        else itemEdits.delete(it.id);
        rerenderItem(it);
      } else {
        const d = docs.find((x) => x.doc.doc_id === box.dataset.docId);
        const set = docFormValues(d, form);
        if (Object.keys(set).length) docEdits.set(d.doc.doc_id, { set });
        else docEdits.delete(d.doc.doc_id);
        rerenderDoc(d);
      }
      changed();
    } catch (e) {
      error.textContent = e.message;
    }
  }

  function cancel(form) {
    const box = form.parentElement;
    if (box.dataset.itemId !== undefined) rerenderItem(byId.get(box.dataset.itemId));
    else rerenderDoc(docs.find((x) => x.doc.doc_id === box.dataset.docId));
  }

  function toggleDrop(it) {
    const edit = itemEdits.get(it.id) || { set: {}, drop: false };
    edit.drop = !edit.drop;
    if (edit.drop || Object.keys(edit.set).length) itemEdits.set(it.id, edit);
    else itemEdits.delete(it.id);
    rerenderItem(it);
    changed();
  }

  // ---- The corrections file.
  function correctionLines() {
    const out = [];
    for (const d of docs) {
      const e = docEdits.get(d.doc.doc_id);
      if (e) out.push({ doc_id: d.doc.doc_id, set: e.set });
      for (const item of d.doc.items) {
        const edit = itemEdits.get(item.id);
        if (edit && edit.drop) out.push({ id: item.id, drop: true, source_line: item.source.line });
        else if (edit) out.push({ id: item.id, set: edit.set, source_line: item.source.line });
      }
    }
    return out.concat(DATA.kept);
  }

  function save() {
    const text = correctionLines().map((fix) => JSON.stringify(fix) + "\n").join("");
    const link = el("a");
    link.href = URL.createObjectURL(new Blob([text], { type: "application/x-ndjson" }));
    link.download = DATA.save_as;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60000);
    unsaved = false;
    updateCounts();
  }

  // ---- Selection and keys.
  let current = null;

  function select(it, how) {
    current = it;
    document.querySelectorAll(".item.current, mark.current").forEach((e) => e.classList.remove("current"));
    if (how.records) {
      if (!entryOf.has(it.n)) {
        lookOnly.checked = false;
        showRecords(it);
        return;
      }
      recordsList.ensure(entryOf.get(it.n));
    }
    const box = recordsHost.querySelector('[data-item-id="' + CSS.escape(it.id) + '"]');
    if (box) {
      box.classList.add("current");
      if (how.records) box.scrollIntoView({ block: how.block || "nearest" });
    }
    if (how.source !== false) showLine(it.d.input, it.item.source.line, false, it.n);
    sourceHost.querySelectorAll('mark[data-n="' + it.n + '"]').forEach((m) => m.classList.add("current"));
    document.body.dataset.current = it.id;
  }

  function move(step) {
    if (!shownItems.length) return;
    const at = current ? shownItems.indexOf(current) : -1;
    const last = shownItems.length - 1;
    const next = at < 0 ? (step > 0 ? 0 : last) : Math.min(last, Math.max(0, at + step));
    select(shownItems[next], { records: true });
  }

  function updateCounts() {
    const look = items.filter(needsLook).length;
    const fixes = itemEdits.size + docEdits.size;
    document.getElementById("counts").textContent = items.length + " items in " + docs.length +
      (docs.length === 1 ? " plan" : " plans") + " · " + look + " to look at · " + fixes +
      (fixes === 1 ? " correction" : " corrections") + (unsaved ? " (not saved)" : "");
    document.body.dataset.items = items.length;
  }

  recordsHost.addEventListener("click", (event) => {
    const t = event.target;
    const where = t.closest(".lines");
    if (where) return showLine(Number(where.dataset.input), Number(where.dataset.line), true);
    const box = t.closest(".item");
    const doc = t.closest(".doc");
    if (t.closest("button.edit") && box) return openEditor(byId.get(box.dataset.itemId));
    if (t.closest("button.drop") && box) return toggleDrop(byId.get(box.dataset.itemId));
    if (t.closest("button.edit-doc") && doc) return openDocEditor(docs.find((x) => x.doc.doc_id === doc.dataset.docId));
    if (t.closest("button.cancel")) return cancel(t.closest("form"));
    if (t.closest("button.revert") && box) {
      itemEdits.delete(box.dataset.itemId);
      rerenderItem(byId.get(box.dataset.itemId));
      return changed();
    }
    if (t.closest("button.d-add")) {
      return t.closest("form").querySelector(".depts-edit").append(departmentRow({ name: "", role: null }));
    }
    if (t.closest("button.d-remove")) return t.closest(".row").remove();
    if (box && !t.closest("form")) select(byId.get(box.dataset.itemId), { records: false });
  });
  recordsHost.addEventListener("submit", (event) => {
    event.preventDefault();
    submit(event.target);
  });
  sourceHost.addEventListener("click", (event) => {
    const t = event.target.closest("mark, .badge");
    if (t) select(items[Number(t.dataset.n) - 1], { records: true, source: false });
  });
  document.addEventListener("keydown", (event) => {
    const t = event.target;
    if (t.closest && t.closest("form")) {
      if (event.key === "Escape") cancel(t.closest("form"));
      else if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) submit(t.closest("form"));
      else return;
      event.preventDefault();
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (/^(INPUT|SELECT|TEXTAREA|BUTTON)$/.test(t.tagName || "")) return;
    if (event.key === "j" || event.key === "ArrowDown") move(1);
    else if (event.key === "k" || event.key === "ArrowUp") move(-1);
    else if (event.key === "e" && current) {
      select(current, { records: true });
      openEditor(current);
    } else if (event.key === "f") {
      lookOnly.checked = !lookOnly.checked;
      showRecords(current);
    } else return;
    event.preventDefault();
  });
  lookOnly.addEventListener("change", () => showRecords(current));
  document.getElementById("save").addEventListener("click", save);
  window.addEventListener("beforeunload", (event) => {
    if (unsaved) event.preventDefault();
  });

  const inputSelect = document.getElementById("input");
  inputs.forEach((inp) => {
    const option = el("option", null, inp.name);
    option.value = String(inp.index);
    inputSelect.append(option);
  });
  inputSelect.disabled = inputs.length < 2;
  inputSelect.addEventListener("change", () => showInput(Number(inputSelect.value)));

  showInput(0);
  showRecords(null);
  const wanted = /^#item=(.+)$/.exec(location.hash);
  const asked = wanted ? byId.get(decodeURIComponent(wanted[1])) : undefined;
  if (asked) select(asked, { records: true, block: "center" });
  document.body.dataset.ready = "true";
})();
