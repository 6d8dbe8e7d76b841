// Starts the vendored Swagger UI on the OpenAPI document named by the page, from this
// origin only: no validator badge (it would call validator.swagger.io).
"use strict";
(function () {
  var holder = document.getElementById("swagger-container");
  window.ui = SwaggerUIBundle({
    url: holder.getAttribute("data-spec"),
    dom_id: "#swagger-container",
    validatorUrl: null,
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  });
})();
