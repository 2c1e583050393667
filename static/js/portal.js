// Progressive enhancement only: every feature here also works without JavaScript.
document.documentElement.classList.add("js");

document.addEventListener("change", (event) => {
  const target = event.target;
  if (target instanceof HTMLSelectElement && target.hasAttribute("data-autosubmit")) {
    target.form.submit();
  }
});

// The navigation's menu button (small screens): Bootstrap's collapse, without Bootstrap's 80 KB
// of JavaScript. Without JavaScript, css/nojs.css shows the menu open.
for (const toggler of document.querySelectorAll('[data-bs-toggle="collapse"]')) {
  toggler.addEventListener("click", () => {
    const target = document.querySelector(toggler.getAttribute("data-bs-target"));
    const open = target.classList.toggle("show");
    toggler.setAttribute("aria-expanded", String(open));
    toggler.classList.toggle("collapsed", !open);
  });
}

// The language menu is a <details> disclosure: close it on Escape or a click elsewhere.
document.addEventListener("click", (event) => {
  for (const menu of document.querySelectorAll("details[data-language-menu][open]")) {
    if (!menu.contains(event.target)) {
      menu.open = false;
    }
  }
});
document.addEventListener("keydown", (event) => {
  if (event.key !== "Escape") {
    return;
  }
  for (const menu of document.querySelectorAll("details[data-language-menu][open]")) {
    menu.open = false;
    menu.querySelector("summary").focus();
  }
});

// A table wider than the screen scrolls sideways inside its wrapper: make the wrapper
// reachable by keyboard so it can be scrolled without a mouse (WCAG 2.1.1).
for (const wrapper of document.querySelectorAll(".table-responsive, .table-scroll")) {
  if (!wrapper.hasAttribute("tabindex")) {
    wrapper.tabIndex = 0;
  }
}
