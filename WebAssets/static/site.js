// The run page's viewer: side by side or a slider, and each step's mask as an overlay to switch on and
// off. Loaded from this file (the CSP allows no inline script); pages without a viewer skip it all.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const images = document.getElementById("images");
  if (!images) return;
  const slider = document.getElementById("slider");
  const after = images.querySelector(".after");
  const clip = () => { after.style.clipPath = `inset(0 0 0 ${slider.value}%)`; };
  for (const choice of document.querySelectorAll("input[name=view]")) {
    choice.addEventListener("change", () => {
      const sliding = choice.value === "slider" && choice.checked;
      images.classList.toggle("slider", sliding);
      images.classList.toggle("side", !sliding);
      slider.hidden = !sliding;
      if (sliding) { clip(); } else { after.style.clipPath = ""; }
    });
  }
  slider.addEventListener("input", clip);
  for (const toggle of document.querySelectorAll(".mask-toggle")) {
    toggle.addEventListener("change", () => {
      document.getElementById(`overlay-${toggle.dataset.mask}`).hidden = !toggle.checked;
    });
  }
});
