// The interview page: one decisive question at a time from the service's next-question
// endpoint, then the short decision. Every answer is read by the engine (UK dates, offences
// by name, "don't know"); the page only shows what the service says.
"use strict";

const $ = (id) => document.getElementById(id);
const CHOICES_AS_BUTTONS = 12;
const HINTS = {
  date: "For example 14/03/1990 or 14 March 1990.",
  datetime: "For example 14/03/2026 10:20, or now.",
  money: "In pounds, for example 1250 or £1,250.00.",
  committed: "One day (14/03/2020) or a period (01/01/2019 to 30/06/2019).",
  offence: "By name (theft, attempted burglary), section (Theft Act 1968 s.1) or code.",
};
const MARKS = { met: "✓", not_met: "✗", unknown: "?" };
const MARK_WORDS = { met: "met", not_met: "not met", unknown: "not known" };

// The moment whose law applies: now, unless the page is opened with ?at=YYYY-MM-DD[THH:MM].
const AT = new URLSearchParams(window.location.search).get("at");
const AT_QUERY = AT ? `?at=${encodeURIComponent(AT)}` : "";

const state = { regime: null, answers: null, question: null, history: [], asked: [],
                step: null, number: 0 };

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "text") node.textContent = value;
    else if (name === "class") node.className = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) {
      node.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
  }
  return node;
}

function say(text) { $("status").textContent = text; }

async function call(path, body, accept = "application/json") {
  const answer = await fetch(path, {
    method: "POST", headers: { "content-type": "application/json", accept },
    body: JSON.stringify(body),
  });
  const version = answer.headers.get("pocapace-rules-version");
  if (version) $("rules-version").textContent = version;
  return answer;
}

async function problemOf(answer) {
  try { return await answer.json(); } catch (e) { return { detail: `The service answered ${answer.status}.` }; }
}

// ------------------------------------------------------------------ the interview

async function begin(regime) {
  state.regime = regime;
  state.answers = { case: {}, unknown: [], closed: [] };
  state.history = [];
  state.asked = [];
  state.number = 0;
  $("start").hidden = true;
  $("result").hidden = true;
  await advance(null);
}

async function advance(answer) {
  say("Working…");
  setBusy(true);
  let response;
  try {
    response = await call(`/v1/${state.regime}/next-question${AT_QUERY}`,
                          { answers: state.answers, ...(answer ? { answer } : {}) });
  } catch (e) {
    setBusy(false);
    showError({ detail: "The service cannot be reached. Check the connection and try again." });
    return;
  }
  setBusy(false);
  if (!response.ok) {
    showError(await problemOf(response));
    return;
  }
  const body = await response.json();
  if (answer) {
    state.history.push({ answers: state.answers, asked: state.asked.slice(), number: state.number });
    state.asked.push({ ask: state.question.ask, text: answer.shown });
  }
  state.answers = body.answers;
  state.step = body;
  showAnswered();
  if (body.decided) showDecision(body);
  else showQuestion(body.question);
}

function setBusy(busy) {
  for (const id of ["next-button", "dont-know-button", "no-more-button", "back-button"]) {
    $(id).disabled = busy;
  }
}

function showQuestion(question) {
  state.question = question;
  state.number = state.asked.length + 1;
  $("question-form").dataset.path = question.path;
  $("interview").hidden = false;
  $("result").hidden = true;
  $("question-number").textContent = String(state.number);
  $("answer-error").hidden = true;
  $("help-text").textContent = question.help || "";
  $("help-provision").textContent = question.provision ? `Provision: ${question.provision}` : "";
  $("question-help").open = false;
  $("no-more-button").hidden = !question.ends_list;
  $("no-more-button").textContent = question.item ? "No more" : "None";
  $("back-button").hidden = state.history.length === 0;
  const area = $("answer-area");
  area.replaceChildren(answerWidget(question));
  say(`Question ${state.number}.`);
  const first = area.querySelector("input");
  if (first) first.focus();
}

function answerWidget(question) {
  const choices = question.choices || [];
  const asButtons = choices.length > 0 && choices.length <= CHOICES_AS_BUTTONS &&
    !["offence", "place", "station"].includes(question.answer);
  if (asButtons) {
    const set = el("fieldset", {}, el("legend", { class: "question", text: question.ask }));
    choices.forEach((choice, n) => {
      const id = `choice-${n}`;
      const radio = el("input", { type: "radio", name: "answer", id, value: choice.value });
      radio.addEventListener("keydown", (event) => {  // Enter on a choice answers with it
        if (event.key === "Enter") {
          event.preventDefault();
          radio.checked = true;
          $("question-form").requestSubmit();
        }
      });
      set.append(el("div", { class: "choice" }, radio, el("label", { for: id, text: choice.label })));
    });
    return set;
  }
  const hint = HINTS[question.answer] || (choices.length ? "Type to choose from the list." : "");
  const attrs = { type: "text", id: "answer-input", name: "answer", autocomplete: "off",
                  "aria-describedby": "answer-hint" };
  if (["date", "datetime", "money"].includes(question.answer)) attrs.class = "short";
  const input = el("input", attrs);
  const wrap = el("div", {}, el("label", { for: "answer-input", class: "question", text: question.ask }),
                  el("p", { id: "answer-hint", class: "hint", text: hint }), input);
  if (choices.length || question.answer === "offence") {
    const list = el("datalist", { id: "answer-options" });
    for (const choice of choices) list.append(el("option", { value: choice.label }));
    input.setAttribute("list", "answer-options");
    wrap.append(list);
    if (question.answer === "offence") input.addEventListener("input", () => searchOffences(input, list));
  }
  return wrap;
}

let searchTimer = null;
function searchOffences(input, list) {
  clearTimeout(searchTimer);
  const query = input.value.trim();
  if (query.length < 3) return;
  searchTimer = setTimeout(async () => {
    const answer = await fetch(`/v1/offences?q=${encodeURIComponent(query)}`);
    if (!answer.ok) return;
    const body = await answer.json();
    list.replaceChildren(...body.offences.slice(0, 20).map(
      (o) => el("option", { value: o.offence, label: `${o.title} (${o.offence})` })));
  }, 200);
}

function typedAnswer() {
  const picked = $("answer-area").querySelector("input[type=radio]:checked");
  if (picked) return { text: picked.value, shown: picked.labels[0].textContent };
  const input = $("answer-input");
  return input ? { text: input.value, shown: input.value } : { text: "", shown: "" };
}

function send(text, shown) {
  if (!text.trim()) {
    showError({ detail: "Please give an answer, or choose \"Don't know\"." });
    return;
  }
  advance({ path: state.question.path, text, shown: shown || text });
}

function showError(problem) {
  const box = $("answer-error");
  box.replaceChildren(el("p", { text: problem.detail || problem.title || "That did not work." }));
  const options = (problem.choices && problem.choices.length ? problem.choices : [])
    .map((c) => ({ text: c.value, shown: c.label }))
    .concat((problem.suggestions || []).map((s) => ({ text: s.replace(/ \([^)]*\)$/, ""), shown: s })));
  if (options.length) {
    box.append(el("p", { text: "Did you mean:" }));
    const list = el("div", { class: "buttons" });
    for (const option of options.slice(0, 12)) {
      const button = el("button", { type: "button", class: "secondary", text: option.shown });
      button.addEventListener("click", () => send(option.text, option.shown));
      list.append(button);
    }
    box.append(list);
  }
  box.hidden = false;
  say("");
  if ($("interview").hidden) { $("interview").hidden = false; }
}

function back() {
  const previous = state.history.pop();
  if (!previous) return;
  state.answers = previous.answers;
  state.asked = previous.asked;
  advance(null);
}

function showAnswered() {
  const list = $("answered-list");
  list.replaceChildren(...state.asked.map((item) =>
    el("li", {}, `${item.ask} `, el("span", { class: "answer", text: item.text }))));
  $("answered").hidden = state.asked.length === 0;
}

// ------------------------------------------------------------------ the decision

function outcomeClass(outcome) {
  if (["eligible", "criminal_lifestyle"].includes(outcome)) return "outcome-positive";
  if (outcome === "undetermined") return "outcome-open";
  return "outcome-negative";
}

function showDecision(body) {
  const decision = body.decision;
  const short = body.short || {};
  $("interview").hidden = true;
  $("result").hidden = false;
  const heading = $("outcome-heading");
  heading.textContent = short.headline || decision.outcome.replace(/_/g, " ");
  heading.className = outcomeClass(decision.outcome);
  $("outcome-summary").textContent = decision.summary;
  const law = decision.law_at;
  $("law-applied").textContent = `The law applied is that of ${ukDate(law.moment)}` +
    ` (rules checked to ${ukDate(law.checked_to)}).`;
  $("change-button").hidden = state.history.length === 0;
  const parts = [];
  if (short.reason) parts.push(el("p", {}, el("strong", { text: "Why not: " }), short.reason));
  parts.push(listSection("Still needed to decide", short.still_needed));
  parts.push(listSection("Could still be met", short.open_routes));
  if (short.checklist && short.checklist.length) parts.push(checklist(short));
  if (short.figures && short.figures.length) parts.push(figures(short.figures));
  parts.push(listSection("What follows", (short.follows || []).map(
    (f) => `${f.label} [${f.citation}]${f.depends_on ? ` (depends on ${f.depends_on.join(", ")})` : ""}: ${f.text}`)));
  parts.push(listSection("Caveats", short.caveats));
  if (!body.complete && body.incomplete) {
    parts.push(el("p", { class: "hint", text: `No printable record yet: ${body.incomplete}` }));
  }
  $("short-decision").replaceChildren(...parts.filter(Boolean));
  $("reasons-tree").replaceChildren(tree(decision.trace));
  $("reasons").open = false;
  $("record-button").disabled = !body.complete;
  say(`Decided after ${state.asked.length} question${state.asked.length === 1 ? "" : "s"}.`);
  heading.focus();
}

function ukDate(iso) {
  const found = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}:\d{2}))?/.exec(iso || "");
  if (!found) return iso;
  const time = found[4] && found[4] !== "00:00" ? ` ${found[4]}` : "";
  return `${found[3]}/${found[2]}/${found[1]}${time}`;
}

function listSection(title, items) {
  if (!items || !items.length) return null;
  return el("section", {}, el("h3", { text: title }),
            el("ul", {}, ...items.map((item) => el("li", { text: item }))));
}

function checklist(short) {
  const list = el("ol", { class: "checklist" });
  for (const step of short.checklist) {
    const id = `step-${step.number}`;
    const depends = step.depends_on ? ` (depends on ${step.depends_on.join(", ")})` : "";
    list.append(el("li", {},
      el("input", { type: "checkbox", id }), " ",
      el("label", { for: id, text: `${step.number}. ${step.action}${depends}` }),
      el("div", { class: "citation", text: step.citation }),
      step.depends_on ? null : el("div", { text: step.detail })));
  }
  return el("section", {}, el("h3", { text: short.checklist_title || "What to do, in order" }), list);
}

function figures(rows) {
  const body = el("tbody");
  for (const row of rows) {
    const label = el("th", { scope: "row", text: row.label });
    label.style.paddingLeft = `${0.5 + row.depth * 1.2}rem`;
    body.append(el("tr", {}, label,
      el("td", { class: "value", text: row.value }),
      el("td", { class: "citation", text: [row.citation, row.note].filter(Boolean).join(" - ") })));
  }
  return el("section", {}, el("h3", { text: "Figures" }),
            el("table", {}, el("thead", {}, el("tr", {},
              el("th", { scope: "col", text: "What" }), el("th", { scope: "col", text: "Figure" }),
              el("th", { scope: "col", text: "Provision" }))), body));
}

function tree(node) {
  const item = el("li", {},
    el("span", { class: `mark mark-${node.outcome}`, "aria-hidden": "true", text: MARKS[node.outcome] || "" }),
    `${node.label} `, el("span", { class: "citation", text: `[${node.citation}] ${MARK_WORDS[node.outcome] || node.outcome}` }));
  const below = [];
  for (const reason of node.reasons || []) below.push(el("li", { class: "reason", text: reason }));
  for (const child of node.children || []) below.push(tree(child).firstChild);
  if (below.length) item.append(el("ul", {}, ...below));
  return el("ul", { class: "tree" }, item);
}

function openRecord() {
  // A form posted to a new tab: the record is then a page of the service's own, under the
  // record's own content security policy (a blob: page would inherit this page's).
  const form = el("form", { method: "post", target: "_blank",
                            action: `/v1/${state.regime}/record${AT_QUERY}` },
                  el("input", { type: "hidden", name: "case", value: JSON.stringify(state.step.case) }));
  document.body.append(form);
  form.submit();
  form.remove();
}

// ------------------------------------------------------------------ wiring

async function showRegimes() {
  // The law each choice applies, in the rule set's own title.
  const answer = await fetch("/v1/regimes");
  if (!answer.ok) return;
  const body = await answer.json();
  $("rules-version").textContent = body.rules_version;
  for (const regime of body.regimes) {
    const place = document.querySelector(`.law[data-regime="${regime.regime}"]`);
    if (place) place.textContent = `: ${regime.title}`;
  }
}

document.addEventListener("DOMContentLoaded", () => {
  showRegimes();
  $("start-form").addEventListener("submit", (event) => {
    event.preventDefault();
    begin(document.querySelector("input[name=regime]:checked").value);
  });
  $("question-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const typed = typedAnswer();
    send(typed.text, typed.shown);
  });
  $("dont-know-button").addEventListener("click", () => send("don't know", "don't know"));
  $("no-more-button").addEventListener("click", () => send("none", $("no-more-button").textContent.toLowerCase()));
  $("back-button").addEventListener("click", back);
  $("change-button").addEventListener("click", back);
  $("again-button").addEventListener("click", () => {
    $("result").hidden = true;
    $("answered").hidden = true;
    $("start").hidden = false;
    say("");
    $("start-button").focus();
  });
  $("record-button").addEventListener("click", openRecord);
});
