// sitrep search: Pagefind's browser API over the index built with the site. Everything is
// loaded from this site: no request leaves it. Results are built as DOM nodes, never as HTML.
// It answers as the reader types (after a short pause, as Pagefind's own UI does), and when a
// filter or a date changes; the address keeps the query, so a search can be linked.
const PAGE = 20;
const PAUSE_MS = 300;
const form = document.getElementById("search-form");
const status = document.getElementById("search-status");
const list = document.getElementById("search-results");
const more = document.getElementById("search-more");
const base = form.dataset.base || "";
// Labels in the page's language come from the form (search.html); numbers in its digits.
const numbers = new Intl.NumberFormat(form.dataset.locale || "en");

function say(text) {
  status.textContent = text;
}

// Pagefind's excerpts mark the words found with <mark>: keep those, as text nodes only.
function excerptNodes(excerpt) {
  const parsed = new DOMParser().parseFromString(excerpt, "text/html");
  const nodes = [];
  for (const node of parsed.body.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      nodes.push(mark);
    } else {
      nodes.push(document.createTextNode(node.textContent));
    }
  }
  return nodes;
}

function resultItem(data) {
  const item = document.createElement("li");
  const link = document.createElement("a");
  link.href = data.url;
  link.textContent = data.meta.title || data.url;
  const heading = document.createElement("h2");
  heading.append(link);
  item.append(heading);
  const facts = [data.meta.kind, data.meta.date].filter(Boolean).join(", ");
  if (facts || data.meta.grade) {
    const meta = document.createElement("p");
    meta.className = "meta";
    if (data.meta.grade) {
      const badge = document.createElement("span");
      badge.className = `grade grade-${data.meta.grade}`;
      badge.textContent = data.meta.grade_name || data.meta.grade;
      meta.append(badge, " ");
    }
    meta.append(facts);
    item.append(meta);
  }
  const excerpt = document.createElement("p");
  excerpt.append(...excerptNodes(data.excerpt || ""));
  item.append(excerpt);
  return item;
}

async function start() {
  let pagefind;
  try {
    pagefind = await import(`${base}/pagefind/pagefind.js`);
    await pagefind.options({ baseUrl: `${base}/` });
    await pagefind.init();
  } catch (error) {
    say(form.dataset.unavailable);
    return;
  }
  const selects = [...form.querySelectorAll("select[data-filter]")];
  const available = await pagefind.filters();
  for (const select of selects) {
    const counts = available[select.dataset.filter] || {};
    for (const value of Object.keys(counts).sort((a, b) => a.localeCompare(b))) {
      const option = document.createElement("option");
      option.value = value;
      option.textContent = `${value} (${numbers.format(counts[value])})`;
      select.append(option);
    }
  }
  const ranges = [...form.querySelectorAll("input[data-range]")];
  const days = Object.keys(available.day || {}).sort();
  const params = new URLSearchParams(location.search);
  form.elements.q.value = params.get("q") || "";
  for (const select of selects) select.value = params.get(select.name) || "";
  for (const input of ranges) input.value = params.get(input.name) || "";
  form.hidden = false;

  // Pagefind filters match values, not ranges: a date range is the days of the index in it.
  function daysBetween() {
    const [from, to] = ranges.map((input) => input.value);
    if (!from && !to) return null;
    return days.filter((day) => (!from || day >= from) && (!to || day <= to));
  }

  let results = [];
  let shown = 0;
  let latest = 0; // a newer search replaces an older one still running
  async function showMore() {
    const batch = await Promise.all(results.slice(shown, shown + PAGE).map((r) => r.data()));
    list.append(...batch.map(resultItem));
    shown += batch.length;
    more.hidden = shown >= results.length;
  }
  async function run() {
    const query = form.elements.q.value.trim();
    const filters = {};
    for (const select of selects) if (select.value) filters[select.dataset.filter] = select.value;
    const inRange = daysBetween();
    if (inRange) filters.day = { any: inRange.length ? inRange : ["none"] };
    const mine = ++latest;
    if (!query && !Object.keys(filters).length) {
      list.replaceChildren();
      more.hidden = true;
      say("");
      return;
    }
    const search = await pagefind.search(query || null, {
      filters,
      sort: query ? undefined : { date: "desc" },
    });
    if (mine !== latest) return;
    list.replaceChildren();
    more.hidden = true;
    results = search.results;
    shown = 0;
    await showMore();
    // Announced once the results are on the page (the status is a live region).
    const count = numbers.format(results.length);
    say(results.length === 1 ? form.dataset.resultsOne : form.dataset.results.replace("%(count)s", count));
  }
  function remember() {
    const params = new URLSearchParams();
    if (form.elements.q.value.trim()) params.set("q", form.elements.q.value.trim());
    for (const field of [...selects, ...ranges]) if (field.value) params.set(field.name, field.value);
    history.replaceState(null, "", params.size ? `?${params}` : location.pathname);
  }
  let pause = 0;
  form.elements.q.addEventListener("input", () => {
    clearTimeout(pause);
    pause = setTimeout(() => {
      remember();
      run();
    }, PAUSE_MS);
  });
  for (const field of [...selects, ...ranges]) {
    field.addEventListener("change", () => {
      remember();
      run();
    });
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(pause);
    remember();
    run();
  });
  more.addEventListener("click", showMore);
  run();
}

start();
