/*
 * The admin's rich-text fields (django-prose-editor): give each editing area the name of its field.
 *
 * The editor hides the field's <textarea> and edits in a <div role="textbox" contenteditable>
 * that the field's <label for="…"> does not reach, so a screen reader announced an unnamed
 * text box. This points the editing area at the label ("Body:", "Bio:", …) and marks it multi-line.
 */
(function () {
  "use strict";

  function name(textarea) {
    var area = textarea.parentNode && textarea.parentNode.querySelector("[contenteditable][role=textbox]");
    var label = textarea.id && document.querySelector('label[for="' + textarea.id + '"]');
    if (!area || !label || area.hasAttribute("aria-labelledby")) {
      return;
    }
    label.id = label.id || textarea.id + "-label";
    area.setAttribute("aria-labelledby", label.id);
    area.setAttribute("aria-multiline", "true");
  }

  document.addEventListener("prose-editor:ready", function (event) {
    name(event.detail.textarea);
  });
})();
