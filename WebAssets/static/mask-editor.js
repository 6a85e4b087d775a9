// The run page's mask editor: a canvas over the original, the size of the original in pixels, on which a
// curator paints (adds to) or erases the mask of one step, with a brush whose size is in screen pixels, and
// undoes strokes one by one. "Re-run with this mask" sends the mask as a PNG (white where marked, black
// elsewhere) to POST /runs/N/correct?step=K with the page's CSRF token in the X-CSRF-Token header, and opens
// the run the server answers with. Loaded from this file (the CSP allows no inline script); pages without
// the editor skip it all.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const canvas = document.getElementById("mask-canvas");
  if (!canvas) return;
  const step = document.getElementById("correct-step");
  const tools = document.getElementById("editing-tools");
  const size = document.getElementById("brush-size");
  const undo = document.getElementById("undo");
  const send = document.getElementById("run-correction");
  const reason = document.getElementById("correct-reason");
  const status = document.getElementById("correct-status");
  const context = canvas.getContext("2d");
  const marked = [255, 0, 0];
  // the step's mask as loaded, and the strokes since, each {erase, width, points: [[x, y], …]} in image pixels:
  // undo drops the last stroke and draws the rest again over the loaded mask
  let base = null;
  let strokes = [];
  let stroke = null;

  const erasing = () => document.getElementById("brush-erase").checked;
  const position = (event) => {
    const box = canvas.getBoundingClientRect();
    return [(event.clientX - box.left) * canvas.width / box.width, (event.clientY - box.top) * canvas.height / box.height];
  };
  const paint = (s, from, to) => {
    context.globalCompositeOperation = s.erase ? "destination-out" : "source-over";
    context.strokeStyle = context.fillStyle = `rgb(${marked.join(",")})`;
    context.lineWidth = s.width;
    context.lineCap = context.lineJoin = "round";
    context.beginPath();
    if (from === to) {
      context.arc(to[0], to[1], s.width / 2, 0, 2 * Math.PI);
      context.fill();
    } else {
      context.moveTo(from[0], from[1]);
      context.lineTo(to[0], to[1]);
      context.stroke();
    }
    context.globalCompositeOperation = "source-over";
  };
  const redraw = () => {
    context.putImageData(base, 0, 0);
    for (const s of strokes) s.points.forEach((point, i) => paint(s, s.points[Math.max(0, i - 1)], point));
    undo.disabled = strokes.length === 0;
  };

  // the step's mask file (white on black) becomes red, opaque where marked and transparent elsewhere
  const load = async (mask) => {
    const picture = new Image();
    picture.src = `/objects/${mask}/file`;
    await picture.decode();
    context.clearRect(0, 0, canvas.width, canvas.height);
    context.drawImage(picture, 0, 0, canvas.width, canvas.height);
    const data = context.getImageData(0, 0, canvas.width, canvas.height);
    for (let i = 0; i < data.data.length; i += 4) {
      const on = data.data[i] >= 128;
      data.data.set(on ? [...marked, 255] : [0, 0, 0, 0], i);
    }
    base = data;
    strokes = [];
    redraw();
  };

  document.getElementById("edit-mask").addEventListener("click", async () => {
    status.textContent = "Loading the mask…";
    // painting needs the original beside the result, not under a slider
    const side = document.querySelector("input[name=view][value=side]");
    if (!side.checked) side.click();
    try {
      await load(step.selectedOptions[0].dataset.mask);
    } catch (error) {
      status.textContent = `The mask could not be loaded: ${error}`;
      return;
    }
    canvas.hidden = false;
    tools.hidden = false;
    status.textContent = "";
  });
  step.addEventListener("change", () => {
    if (!canvas.hidden) load(step.selectedOptions[0].dataset.mask).catch((error) => { status.textContent = `${error}`; });
  });

  canvas.addEventListener("pointerdown", (event) => {
    if (!base) return;
    canvas.setPointerCapture(event.pointerId);
    const scale = canvas.width / canvas.getBoundingClientRect().width;
    stroke = { erase: erasing(), width: Math.max(1, Number(size.value) * scale), points: [position(event)] };
    strokes.push(stroke);
    paint(stroke, stroke.points[0], stroke.points[0]);
    undo.disabled = false;
  });
  canvas.addEventListener("pointermove", (event) => {
    if (!stroke) return;
    const point = position(event);
    paint(stroke, stroke.points[stroke.points.length - 1], point);
    stroke.points.push(point);
  });
  for (const end of ["pointerup", "pointercancel"]) canvas.addEventListener(end, () => { stroke = null; });
  undo.addEventListener("click", () => { strokes.pop(); redraw(); });

  // white where the canvas is marked (opaque enough), black elsewhere: what the server reads as the mask
  const png = () => {
    const out = document.createElement("canvas");
    out.width = canvas.width;
    out.height = canvas.height;
    const source = context.getImageData(0, 0, canvas.width, canvas.height);
    const target = out.getContext("2d").createImageData(canvas.width, canvas.height);
    for (let i = 0; i < source.data.length; i += 4) {
      const level = source.data[i + 3] >= 128 ? 255 : 0;
      target.data.set([level, level, level, 255], i);
    }
    out.getContext("2d").putImageData(target, 0, 0);
    return new Promise((resolve) => out.toBlob(resolve, "image/png"));
  };

  send.addEventListener("click", async () => {
    send.disabled = true;
    status.textContent = "Running the pipeline again with this mask…";
    const query = new URLSearchParams({ step: step.value, reason: reason.value });
    try {
      const response = await fetch(`/runs/${canvas.dataset.run}/correct?${query}`, {
        method: "POST", body: await png(), credentials: "same-origin",
        headers: { "Content-Type": "image/png", "X-CSRF-Token": canvas.dataset.csrf },
      });
      if (response.ok) {
        window.location.assign(response.url);
        return;
      }
      const page = new DOMParser().parseFromString(await response.text(), "text/html");
      status.textContent = `Refused (${response.status}): ${page.querySelector(".error")?.textContent ?? response.statusText}`;
    } catch (error) {
      status.textContent = `Not sent: ${error}`;
    }
    send.disabled = false;
  });
});
