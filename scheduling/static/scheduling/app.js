// The pages' own behaviour, kept out of the HTML: the Content-Security-Policy runs no inline script or handler.

// A button marked data-print prints the page (the call sheet's "Print call sheet").
document.addEventListener("click", (event) => {
  if (event.target.closest("[data-print]")) {
    window.print();
  }
});
