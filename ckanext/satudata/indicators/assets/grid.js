/* Keyboard help for the entry grid (the form works without it):
 * ArrowUp / ArrowDown and Enter move between rows in the same column,
 * like a spreadsheet; Ctrl+Enter (or Cmd+Enter) saves; leaving the page
 * with unsaved changes asks first. */
ckan.module("satudata-grid", function ($) {
  "use strict";
  return {
    initialize: function () {
      var form = this.el;
      var dirty = false;
      var cellAt = function (row, column) {
        return form.find("#cell-" + row + "-" + column);
      };
      form.on("input", "input", function () { dirty = true; });
      form.on("submit", function () { dirty = false; });
      $(window).on("beforeunload", function () {
        return dirty ? true : undefined;
      });
      form.on("keydown", "input[id^=cell-]", function (event) {
        var parts = this.id.split("-");
        var row = parseInt(parts[1], 10);
        var column = parseInt(parts[2], 10);
        var target = null;
        if ((event.ctrlKey || event.metaKey) && event.key === "Enter") {
          event.preventDefault();
          dirty = false;
          form[0].requestSubmit();
          return;
        }
        if (event.key === "ArrowDown" || event.key === "Enter") {
          target = cellAt(row + 1, column);
        } else if (event.key === "ArrowUp") {
          target = cellAt(row - 1, column);
        }
        if (event.key === "Enter" || (target && target.length)) {
          event.preventDefault();
        }
        if (target && target.length) {
          target.trigger("focus").trigger("select");
        }
      });
      // the keys above work from here on (tests and scripts wait for it)
      form.attr("data-grid-ready", "true");
    }
  };
});
