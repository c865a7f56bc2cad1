/* orbitfilm board: move shoots by hand.
 *
 * Drag a shoot on the timeline to another time or module, a scene from the boneyard onto a module row, or a strip
 * onto another strip (to shoot it right after that one) or onto the boneyard. While dragging, the target shows
 * whether every rule holds (a dry run on the server, debounced); on release the move is taken into the draft, or
 * refused with the reasons in words. From the keyboard, Enter or Space on a shoot (or a "Move…" link) opens the
 * "move to…" dialog, with the same live check. Every verdict is also said in an aria-live region.
 *
 * The server decides everything; this file only turns pointer positions into (scene, start, module) and shows
 * the answers. Without it the board still works through the "Move…" pages.
 */
(function () {
  "use strict";

  const board = document.getElementById("board");
  if (!board) {
    return;
  }
  const checkUrl = board.dataset.checkUrl;
  const moveUrl = board.dataset.moveUrl;
  const said = document.getElementById("board-verdict");
  const dialog = document.getElementById("move-dialog");
  const dialogBody = document.getElementById("move-dialog-body");
  const SNAP_MINUTES = 5; // the station planners' step
  const DRAG_PIXELS = 5; // a press that moves less is a click
  const CHECK_DELAY = 150; // ms of stillness before the live check is asked
  const DRAGGABLE = ".tl-row--module a.shoot[data-scene], a.bone-chip[data-scene], tr.strip[data-scene] .strip-handle";
  const FOCUS_KEY = "orbitfilm-board-focus";

  // --- talking to the server ------------------------------------------------------------------------------

  function csrfToken() {
    try {
      return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"];
    } catch (error) {
      return "";
    }
  }

  async function post(url, fields) {
    const body = fields instanceof FormData ? fields : new FormData();
    if (!(fields instanceof FormData)) {
      Object.entries(fields).forEach(([name, value]) => body.append(name, value));
    }
    const response = await fetch(url, {
      method: "POST", body, credentials: "same-origin",
      headers: {"X-CSRFToken": csrfToken(), "Accept": "application/json"},
    });
    let data = {};
    try {
      data = await response.json();
    } catch (error) {
      data = {valid: false, errors: [`the server answered ${response.status}`]};
    }
    return {status: response.status, data};
  }

  function reasonsOf(data) {
    return (data.violations || []).map((violation) => violation.message).concat(data.errors || []);
  }

  function utcText(moment) {
    return moment.toISOString().slice(0, 16).replace("T", " "); // "2021-10-09 08:00", as the forms take it
  }

  function fields(target, scene) {
    if (target.boneyard) {
      return {scene, boneyard: "on"};
    }
    return {scene, start: utcText(target.start), module: target.module};
  }

  function say(text, refused) {
    said.textContent = text;
    said.classList.toggle("is-bad", Boolean(refused));
    said.hidden = !text;
  }

  /** Writes a verdict into `box`: one line, then every reason, as text (never as markup). */
  function showVerdict(box, data) {
    box.replaceChildren();
    const line = document.createElement("p");
    line.className = data.valid ? "verdict-line is-ok" : "verdict-line is-bad";
    line.textContent = data.summary || (data.valid ? "Fits." : "Refused.");
    box.append(line);
    const reasons = reasonsOf(data);
    if (reasons.length) {
      const list = document.createElement("ul");
      reasons.forEach((reason) => {
        const item = document.createElement("li");
        item.textContent = reason;
        list.append(item);
      });
      box.append(list);
    }
  }

  function spoken(data) {
    const reasons = reasonsOf(data);
    return (data.summary || (data.valid ? "Fits." : "Refused.")) + (reasons.length ? ". " + reasons.join("; ") + "." : "");
  }

  /** After a move: the timeline reloads its schedule view in place, the stripboard the page; focus returns to
   * the moved scene. */
  function refresh(scene, text) {
    if (document.getElementById("schedule-view") && window.htmx) {
      document.body.addEventListener("htmx:afterSettle", () => {
        const block = document.querySelector(`.tl-row--module a.shoot[data-scene="${CSS.escape(scene)}"], a.bone-chip[data-scene="${CSS.escape(scene)}"]`);
        if (block) {
          block.focus();
        }
        say(text, false);
      }, {once: true});
      window.htmx.trigger(document.body, "board-changed");
    } else {
      sessionStorage.setItem(FOCUS_KEY, JSON.stringify({scene, text}));
      window.location.reload();
    }
  }

  function restoreFocus() {
    const saved = sessionStorage.getItem(FOCUS_KEY);
    if (!saved) {
      return;
    }
    sessionStorage.removeItem(FOCUS_KEY);
    const {scene, text} = JSON.parse(saved);
    const link = document.querySelector(`tr.strip[data-scene="${CSS.escape(scene)}"] a.move-link`);
    if (link) {
      link.focus();
    }
    say(text, false);
  }

  // --- where the pointer is: a slot on a module row, the end of a strip, or the boneyard --------------------

  function timelineSlot(element, x, drag) {
    const row = element.closest(".tl-row--module");
    if (!row) {
      return element.closest(".bone-tray") ? {boneyard: true, box: element.closest(".bone-tray")} : null;
    }
    const track = row.querySelector(".tl-track");
    const timeline = row.closest(".timeline");
    const rect = track.getBoundingClientRect();
    const first = Date.parse(timeline.dataset.start);
    const span = (Date.parse(timeline.dataset.end) - first) / 60000;
    const raw = (x - drag.grab - rect.left) / rect.width * span;
    const minute = Math.round(raw / SNAP_MINUTES) * SNAP_MINUTES;
    return {
      module: row.dataset.module, start: new Date(first + minute * 60000), track,
      left: minute / span * 100, width: drag.minutes / span * 100,
    };
  }

  function stripSlot(element, drag) {
    const strip = element.closest("tr.strip[data-end]");
    if (strip && strip !== drag.item) {
      const own = (drag.item.dataset.modules || "").split(" ").filter(Boolean);
      const module = own.includes(strip.dataset.module) ? strip.dataset.module : own[0];
      return {module, start: new Date(Date.parse(strip.dataset.end)), row: strip};
    }
    const bones = element.closest("#boneyard, tbody.strips-unscheduled");
    return bones ? {boneyard: true, box: bones} : null;
  }

  function slotAt(x, y, drag) {
    const element = document.elementFromPoint(x, y);
    if (!element) {
      return null;
    }
    return drag.onStripboard ? stripSlot(element, drag) : timelineSlot(element, x, drag);
  }

  function sameSlot(one, other) {
    return Boolean(one && other) && Boolean(one.boneyard) === Boolean(other.boneyard)
      && (one.boneyard || (one.module === other.module && one.start.getTime() === other.start.getTime()));
  }

  // --- dragging ---------------------------------------------------------------------------------------------

  let drag = null;
  let swallowClick = false;

  function ghostFor(slot, drag) {
    if (!drag.ghost) {
      drag.ghost = document.createElement("div");
      drag.ghost.className = "shoot-ghost";
      drag.ghost.setAttribute("aria-hidden", "true");
    }
    const ghost = drag.ghost;
    document.querySelectorAll(".is-drop-target").forEach((node) => node.classList.remove("is-drop-target", "is-ok", "is-bad"));
    if (slot && slot.track) {
      slot.track.append(ghost);
      ghost.style.left = `${slot.left}%`;
      ghost.style.width = `${Math.max(slot.width, 0.3)}%`;
      ghost.textContent = `${drag.scene} · ${utcText(slot.start).slice(5)}`;
      ghost.hidden = false;
      return ghost;
    }
    ghost.hidden = true;
    const box = slot && (slot.row || slot.box);
    if (box) {
      box.classList.add("is-drop-target");
    }
    return box || null;
  }

  function markVerdict(node, valid) {
    if (node) {
      node.classList.toggle("is-ok", valid);
      node.classList.toggle("is-bad", !valid);
    }
  }

  function scheduleCheck(current) {
    clearTimeout(current.timer);
    current.timer = setTimeout(async () => {
      const slot = current.slot;
      if (!slot) {
        return;
      }
      const {data} = await post(checkUrl, fields(slot, current.scene));
      if (drag !== current || !sameSlot(slot, current.slot)) {
        return; // the pointer has moved on: this answer is about a slot no longer shown
      }
      current.verdict = {slot, data};
      markVerdict(current.marked, Boolean(data.valid));
      say(spoken(data), !data.valid);
    }, CHECK_DELAY);
  }

  function endDrag() {
    if (!drag) {
      return;
    }
    clearTimeout(drag.timer);
    if (drag.ghost) {
      drag.ghost.remove();
    }
    document.querySelectorAll(".is-drop-target").forEach((node) => node.classList.remove("is-drop-target", "is-ok", "is-bad"));
    drag.item.classList.remove("is-dragged");
    document.body.classList.remove("is-dragging");
    drag = null;
  }

  document.addEventListener("dragstart", (event) => {
    if (event.target.closest && event.target.closest(DRAGGABLE)) {
      event.preventDefault(); // the board's own drag, not the browser's link drag
    }
  });

  document.addEventListener("pointerdown", (event) => {
    const handle = event.button === 0 && event.target.closest(DRAGGABLE);
    if (!handle) {
      return;
    }
    const item = handle.closest("[data-scene]");
    drag = {
      item, scene: item.dataset.scene, minutes: Number(item.dataset.minutes), x: event.clientX, y: event.clientY,
      grab: item.matches("a.shoot") ? event.clientX - item.getBoundingClientRect().left : 0,
      onStripboard: item.matches("tr.strip"), started: false, slot: null, verdict: null,
    };
  });

  document.addEventListener("pointermove", (event) => {
    if (!drag) {
      return;
    }
    if (!drag.started) {
      if (Math.hypot(event.clientX - drag.x, event.clientY - drag.y) < DRAG_PIXELS) {
        return;
      }
      drag.started = true;
      drag.item.classList.add("is-dragged");
      document.body.classList.add("is-dragging");
    }
    event.preventDefault();
    const slot = slotAt(event.clientX, event.clientY, drag);
    if (sameSlot(slot, drag.slot)) {
      return;
    }
    drag.slot = slot;
    drag.marked = ghostFor(slot, drag);
    if (slot) {
      scheduleCheck(drag);
    } else {
      say("", false);
    }
  });

  document.addEventListener("pointerup", async () => {
    if (!drag) {
      return;
    }
    const finished = drag;
    if (!finished.started || !finished.slot) {
      endDrag();
      return;
    }
    swallowClick = true;
    const slot = finished.slot;
    endDrag();
    const {status, data} = await post(moveUrl, fields(slot, finished.scene));
    if (status === 200) {
      refresh(finished.scene, data.summary);
    } else {
      say("Not moved. " + spoken(data), true);
    }
  });

  document.addEventListener("pointercancel", endDrag);

  document.addEventListener("click", (event) => {
    if (swallowClick) {
      swallowClick = false;
      event.preventDefault();
      event.stopPropagation();
    }
  }, true);

  // --- the "move to..." dialog ------------------------------------------------------------------------------

  let opener = null;

  async function openDialog(scene, from) {
    opener = from;
    const here = window.location.pathname + window.location.search;
    const url = `${moveUrl}?dialog=1&scene=${encodeURIComponent(scene)}&next=${encodeURIComponent(here)}`;
    const response = await fetch(url, {credentials: "same-origin"});
    dialogBody.innerHTML = await response.text(); // our own template, rendered and escaped by the server
    dialog.showModal();
    const form = dialogBody.querySelector("form");
    const verdict = form.querySelector(".move-verdict");
    let timer = null;
    const check = () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        const {data} = await post(checkUrl, new FormData(form));
        showVerdict(verdict, data);
      }, CHECK_DELAY);
    };
    form.addEventListener("input", check);
    form.addEventListener("change", check);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const {status, data} = await post(moveUrl, new FormData(form));
      if (status === 200) {
        opener = null;
        dialog.close();
        refresh(scene, data.summary);
      } else {
        showVerdict(verdict, {...data, summary: "Not moved: " + (data.summary || "the move breaks a rule")});
      }
    });
    form.querySelectorAll("[data-close]").forEach((button) => button.addEventListener("click", () => dialog.close()));
    form.querySelector("input[name=start]").focus();
    check();
  }

  dialog.addEventListener("close", () => {
    if (opener && document.contains(opener)) {
      opener.focus();
    }
    opener = null;
  });

  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && drag) {
      endDrag();
      say("Move cancelled.", false);
      return;
    }
    const block = event.target.closest && event.target.closest(".tl-row--module a.shoot[data-scene]");
    if (block && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      openDialog(block.dataset.scene, block);
    }
  });

  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a.bone-chip[data-scene], a.move-link[data-scene]");
    if (link && !event.defaultPrevented) {
      event.preventDefault();
      openDialog(link.dataset.scene, link);
    }
  });

  restoreFocus();
}());
