/*
 * The live word counter of the abstract form.
 *
 * It repeats the rule of conferences/wordcount.py exactly (read its docstring): text
 * normalised to NFC, format characters other than the joiners removed, blanks (Hangul
 * fillers, braille blank) and HTML markup read as spaces; then, for words, combining marks
 * removed and a word is a run of letters or digits in any script, continued across a single
 * hyphen, apostrophe, full stop, comma or zero-width (non-)joiner standing between two of
 * them; for characters, each run of white space counts once. Python's [^\W_] is
 * [\p{L}\p{N}] here; SPACE is spelled out as in Python (JavaScript's \s is not Python's).
 * tests/conferences/wordcount_cases.json is the table both follow.
 * The server decides; this only helps the author see it coming.
 */
(function () {
  "use strict";

  var WORD = /[\p{L}\p{N}]+(?:[-‐‑'’.,\u200c\u200d][\p{L}\p{N}]+)*/gu;
  var MARKS = /\p{M}/gu;
  var FORMAT = /(?![\u200c\u200d])\p{Cf}/gu;
  var BLANK = /[\u115f\u1160\u3164\uffa0\u2800]/gu;
  var SPACE_RUN = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\u115f\u1160\u3164\uffa0\u2800]+/gu;
  var MARKUP = new RegExp(
    "<!--[\\s\\S]*?-->" +
      "|</?[A-Za-z][A-Za-z0-9-]*(?:[\\t\\n\\f\\r /][^<>]*)?>" +
      "|&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);",
    "gu"
  );

  function visible(text) {
    return (text || "").normalize("NFC").replace(FORMAT, "").replace(BLANK, " ").replace(MARKUP, " ");
  }

  function countWords(text) {
    var matches = visible(text).replace(MARKS, "").match(WORD);
    return matches ? matches.length : 0;
  }

  function countCharacters(text) {
    return Array.from(visible(text).replace(SPACE_RUN, " ").replace(/^ | $/g, "")).length;
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
        // The page's own words (data-over, data-within: in its language); English where a page gives none.
        announce.textContent = over
          ? counter.getAttribute("data-over") ||
            "The abstract is longer than " + limit + " words or " + characterLimit + " characters."
          : counter.getAttribute("data-within") || "The abstract is within the limit again.";
      }
      wasOver = over;
    }

    textarea.addEventListener("input", update);
    update();
  }

  document.querySelectorAll("[data-counter-for]").forEach(attach);
})();
