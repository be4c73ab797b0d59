// Starts Swagger UI on the API docs page (/api/v1/docs). Settings come from the
// JSON block the page carries; this file exists so that the page needs no
// inline script under the site's Content-Security-Policy.
(function () {
  "use strict";
  var settings = JSON.parse(
    document.getElementById("swagger-settings").textContent
  );
  settings.dom_id = "#swagger-ui";
  settings.layout = "BaseLayout";
  settings.deepLinking = true;
  settings.presets = [SwaggerUIBundle.presets.apis];
  var csrfToken = document.body.getAttribute("data-csrf-token");
  if (csrfToken) {
    settings.requestInterceptor = function (request) {
      request.headers["X-CSRFToken"] = csrfToken;
      return request;
    };
  }
  window.ui = SwaggerUIBundle(settings);
})();
