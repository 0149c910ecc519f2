// Search over Pagefind's index: the page's GET form gives ?q=; the hits are listed with a count announced politely.
const script = document.currentScript || document.querySelector('script[src$="search.js"]');
const form = document.querySelector("[data-search]");
const status = document.querySelector("[data-search-status]");
const results = document.querySelector("[data-search-results]");
const query = new URLSearchParams(window.location.search).get("q") || "";

function say(template, values) {
  return template.replace(/\{(\w+)\}/g, (_, name) => values[name]);
}

async function run() {
  if (!form || !query.trim()) { return; }
  form.querySelector("input[name=q]").value = query;
  let pagefind;
  try {
    pagefind = await import(new URL("../../pagefind/pagefind.js", import.meta.url).href);
  } catch (error) {
    status.textContent = script.dataset.failed;
    return;
  }
  const search = await pagefind.search(query);
  const hits = await Promise.all(search.results.slice(0, 20).map((result) => result.data()));
  results.replaceChildren(...hits.map((hit) => {
    const item = document.createElement("li");
    item.className = "course-card";
    const heading = document.createElement("h2");
    heading.className = "course-card__title";
    const link = document.createElement("a");
    link.href = hit.url;
    link.textContent = hit.meta.title || hit.url;
    heading.appendChild(link);
    const excerpt = document.createElement("p");
    excerpt.textContent = hit.excerpt.replace(/<[^>]*>/g, "");
    item.append(heading, excerpt);
    return item;
  }));
  const count = search.results.length;
  status.textContent = say(count ? script.dataset.some : script.dataset.none, { count: count, query: query });
}

run();
