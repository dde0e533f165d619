/* The theme's search dialog has no accessible name; give it one. document$ is
   Material's page observable: it fires on load and after each instant navigation. */
document$.subscribe(function () {
  var search = document.querySelector('.md-search[role="dialog"]')
  if (search && !search.hasAttribute("aria-label")) {
    search.setAttribute("aria-label", "Search")
  }
})
