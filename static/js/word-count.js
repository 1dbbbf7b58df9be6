/*
 * The live word counter of the abstract form.
 *
 * It repeats the rule of conferences/wordcount.py exactly (read its docstring): text
 * normalised to NFC, combining marks removed, then a word is a run of letters or digits
 * in any script, continued across a single hyphen, apostrophe, full stop, comma or
 * zero-width (non-)joiner standing between two of them. Python's [^\W_] is [\p{L}\p{N}] here.
 * The server decides; this only helps the author see it coming.
 */
(function () {
  "use strict";

  var WORD = /[\p{L}\p{N}]+(?:[-‐‑'’.,\u200c\u200d][\p{L}\p{N}]+)*/gu;
  var MARKS = /\p{M}/gu;

  function countWords(text) {
    var matches = (text || "").normalize("NFC").replace(MARKS, "").match(WORD);
    return matches ? matches.length : 0;
  }

  function countCharacters(text) {
    return Array.from((text || "").replace(/\r\n?/g, "\n").trim()).length;
  }

  window.ccsisWordCount = { countWords: countWords, countCharacters: countCharacters };

  function attach(counter) {
    var textarea = document.getElementById(counter.getAttribute("data-counter-for"));
    if (!textarea) {
      return;
    }
    var words = counter.querySelector("[data-words]");
    var characters = counter.querySelector("[data-characters]");
    var announce = counter.parentNode.querySelector("[data-counter-announce]");
    var limit = parseInt(textarea.getAttribute("data-word-limit"), 10);
    var characterLimit = parseInt(textarea.getAttribute("data-character-limit"), 10);
    var wasOver = false;

    function update() {
      var nWords = countWords(textarea.value);
      var nCharacters = countCharacters(textarea.value);
      var over = nWords > limit || nCharacters > characterLimit;
      words.textContent = String(nWords);
      characters.textContent = String(nCharacters);
      counter.classList.toggle("conf-counter--over", over);
      if (announce && over !== wasOver) {
        announce.textContent = over
          ? "The abstract is longer than " + limit + " words or " + characterLimit + " characters."
          : "The abstract is within the limit again.";
      }
      wasOver = over;
    }

    textarea.addEventListener("input", update);
    update();
  }

  document.querySelectorAll("[data-counter-for]").forEach(attach);
})();
