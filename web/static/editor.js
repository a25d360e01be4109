// The editor's "Add a place" list: fetched once (the browser keeps it and revalidates it
// by ETag) instead of being sent again with the answer to every edit. Without script, the
// page's "Show every place" button asks the server for the page with the whole list.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const select = document.querySelector("select[data-options]");
  if (!select || select.options.length > 1) return;  // the list is already on the page
  fetch(select.dataset.options, { credentials: "same-origin" })
    .then((response) => (response.ok ? response.json() : Promise.reject(response.status)))
    .then((data) => {
      for (const [id, name] of data.places) select.add(new Option(name, id));
      document.querySelectorAll(".no-script").forEach((element) => element.remove());
    })
    .catch(() => {});  // the button stays: the server can still send the whole list
});
