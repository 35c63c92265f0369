// Drag a person on a network map (netwerkkaart) into another ring or sector. The server stores
// the new place and the page reloads; a drop outside the rings, or in the same ring and sector,
// puts the person back. Without JavaScript the form next to the map does the same.
// The maths mirror training/netmap/drawing.py: ring_and_sector_at.
(function () {
  "use strict";

  function numbers(text) {
    return text.split(",").map(function (part) { return parseFloat(part); });
  }

  function csrfToken(url) {
    var forms = document.querySelectorAll("form");
    for (var i = 0; i < forms.length; i++) {
      if (forms[i].getAttribute("action") === url) {
        var field = forms[i].querySelector('input[name="csrf_token"]');
        if (field) return field.value;
      }
    }
    var any = document.querySelector('input[name="csrf_token"]');
    return any ? any.value : null;
  }

  function enhance(svg) {
    var url = svg.getAttribute("data-place-url");
    var cx = parseFloat(svg.getAttribute("data-cx"));
    var cy = parseFloat(svg.getAttribute("data-cy"));
    var radii = numbers(svg.getAttribute("data-radii") || "");
    var sectors = (svg.getAttribute("data-sectors") || "").split(",");
    var rings = (svg.getAttribute("data-rings") || "").split(",");
    var token = csrfToken(url);
    if (!url || !token || radii.length !== rings.length + 1 || isNaN(cx) || isNaN(cy)) return;

    function placeAt(x, y) {
      var dx = x - cx;
      var dy = y - cy;
      var distance = Math.sqrt(dx * dx + dy * dy);
      if (distance < radii[0] || distance > radii[radii.length - 1]) return null;
      var ring = 0;
      while (ring < rings.length - 1 && distance >= radii[ring + 1]) ring++;
      var angle = (Math.atan2(dx, -dy) * 180) / Math.PI;
      if (angle < 0) angle += 360;
      var sector = Math.floor(angle / (360 / sectors.length)) % sectors.length;
      return { ring: rings[ring], sector: sectors[sector] };
    }

    function toSvg(event) {
      var matrix = svg.getScreenCTM();
      if (!matrix) return null;
      var point = svg.createSVGPoint();
      point.x = event.clientX;
      point.y = event.clientY;
      return point.matrixTransform(matrix.inverse());
    }

    function relationOf(key) {
      var lines = svg.querySelectorAll("g.relatie");
      for (var i = 0; i < lines.length; i++) {
        if (lines[i].getAttribute("data-key") === key) return lines[i];
      }
      return null;
    }

    svg.querySelectorAll("g.persoon").forEach(function (person) {
      var key = person.getAttribute("data-key");
      var x0 = parseFloat(person.getAttribute("data-x"));
      var y0 = parseFloat(person.getAttribute("data-y"));
      var relation = relationOf(key);
      var start = null;
      var moved = { x: 0, y: 0 };
      person.style.cursor = "grab";
      person.style.touchAction = "none";

      function putBack() {
        start = null;
        person.removeAttribute("transform");
        person.style.cursor = "grab";
        if (relation) relation.removeAttribute("visibility");
      }

      person.addEventListener("pointerdown", function (event) {
        if (event.button !== 0 || start) return;
        start = toSvg(event);
        if (!start) return;
        moved = { x: 0, y: 0 };
        person.setPointerCapture(event.pointerId);
        person.style.cursor = "grabbing";
        event.preventDefault();
      });

      person.addEventListener("pointermove", function (event) {
        if (!start) return;
        var here = toSvg(event);
        if (!here) return;
        moved = { x: here.x - start.x, y: here.y - start.y };
        person.setAttribute("transform", "translate(" + moved.x + " " + moved.y + ")");
        if (relation) relation.setAttribute("visibility", "hidden");
      });

      person.addEventListener("pointerup", function () {
        if (!start) return;
        var target = placeAt(x0 + moved.x, y0 + moved.y);
        var same = target &&
          target.ring === person.getAttribute("data-ring") &&
          target.sector === person.getAttribute("data-sector");
        if (!target || same) {
          putBack();
          return;
        }
        start = null;
        var body = new URLSearchParams();
        body.append("key", key);
        body.append("ring", target.ring);
        body.append("sector", target.sector);
        body.append("csrf_token", token);
        // Whatever the answer (stored, or refused with a message), the page shows it after reload.
        fetch(url, { method: "POST", body: body, credentials: "same-origin", redirect: "manual" })
          .then(function () { window.location.reload(); })
          .catch(putBack);
      });

      person.addEventListener("pointercancel", function () {
        if (start) putBack();
      });
    });
  }

  document.querySelectorAll("svg[data-place-url]").forEach(enhance);
})();
