/*
 * The public forms, made easier when scripts run (they all work without):
 * - a submit button is disabled for a few seconds after a click, against double clicks
 *   (the server stores a repeated form once anyway, so a retry is always safe);
 * - the abstract form's author rows become a list: add an author, move one up or down,
 *   remove one. Without scripts, rows 2–10 sit in a "More authors" disclosure.
 */
(function () {
  "use strict";

  document.querySelectorAll("form").forEach(function (form) {
    var button = form.querySelector("[data-submit-once]");
    if (!button) {
      return;
    }
    form.addEventListener("submit", function () {
      window.setTimeout(function () {
        button.disabled = true;
      }, 0);
      window.setTimeout(function () {
        button.disabled = false;
      }, 8000);
    });
    window.addEventListener("pageshow", function () {
      button.disabled = false;
    });
  });

  var form = document.querySelector("[data-abstract-form]");
  if (!form) {
    return;
  }
  var rows = Array.prototype.slice.call(form.querySelectorAll("[data-author-row]"));
  if (rows.length < 2) {
    return;
  }
  var details = form.querySelector("[data-more-authors]");
  if (details) {
    rows.slice(1).forEach(function (row) {
      details.parentNode.insertBefore(row, details);
    });
    details.parentNode.removeChild(details);
  }

  function inputs(row) {
    return Array.prototype.slice.call(row.querySelectorAll("input:not([type=radio])"));
  }
  function radio(row) {
    return row.querySelector("input[type=radio]");
  }
  function filled(row) {
    return inputs(row).some(function (input) {
      return input.value.trim() !== "";
    });
  }
  function copy(from, to) {
    var source = inputs(from);
    inputs(to).forEach(function (input, i) {
      input.value = source[i].value;
    });
    radio(to).checked = radio(from).checked;
  }
  function clear(row) {
    inputs(row).forEach(function (input) {
      input.value = "";
    });
    radio(row).checked = false;
  }

  var visible = 1;
  rows.forEach(function (row, i) {
    if (filled(row) || row.hasAttribute("data-filled")) {
      visible = i + 1;
    }
  });

  // The buttons' words come from the page (data-label-*, in its language); English where it gives none.
  var labels = form.querySelector("[data-label-add]");
  function button(label, action) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "conf-author__button";
    b.textContent = (labels && labels.getAttribute("data-label-" + action)) || label;
    b.setAttribute("data-action", action);
    return b;
  }

  rows.forEach(function (row, i) {
    var controls = document.createElement("div");
    controls.className = "conf-author__controls";
    controls.appendChild(button("Move up", "up"));
    controls.appendChild(button("Move down", "down"));
    controls.appendChild(button("Remove", "remove"));
    row.appendChild(controls);
    controls.addEventListener("click", function (event) {
      var action = event.target.getAttribute("data-action");
      if (action === "up" && i > 0) {
        swap(i, i - 1);
      } else if (action === "down" && i < visible - 1) {
        swap(i, i + 1);
      } else if (action === "remove") {
        remove(i);
      }
    });
  });

  var add = button("Add another author", "add");
  add.className = "conf-button conf-button--secondary conf-authors__add";
  rows[rows.length - 1].parentNode.appendChild(add);
  add.addEventListener("click", function () {
    if (visible < rows.length) {
      visible += 1;
      render();
      inputs(rows[visible - 1])[0].focus();
    }
  });

  function swap(a, b) {
    var aValues = inputs(rows[a]).map(function (input) {
      return input.value;
    });
    var aChecked = radio(rows[a]).checked;
    copy(rows[b], rows[a]);
    inputs(rows[b]).forEach(function (input, k) {
      input.value = aValues[k];
    });
    radio(rows[b]).checked = aChecked;
    inputs(rows[b])[0].focus();
  }

  function remove(index) {
    if (visible === 1) {
      clear(rows[0]);
      radio(rows[0]).checked = true;
      return;
    }
    for (var k = index; k < visible - 1; k += 1) {
      copy(rows[k + 1], rows[k]);
    }
    clear(rows[visible - 1]);
    visible -= 1;
    var anyChecked = rows.slice(0, visible).some(function (row) {
      return radio(row).checked;
    });
    if (!anyChecked) {
      radio(rows[0]).checked = true;
    }
    render();
  }

  function render() {
    rows.forEach(function (row, i) {
      row.hidden = i >= visible;
      row.querySelector("[data-action=up]").disabled = i === 0;
      row.querySelector("[data-action=down]").disabled = i >= visible - 1;
      row.querySelector("[data-action=remove]").hidden = visible === 1;
    });
    add.hidden = visible >= rows.length;
  }

  render();
})();
