// Starts the vendored Swagger UI on the API schema (a file, not an inline script: the CSP
// allows scripts from 'self' only).
document.addEventListener("DOMContentLoaded", function () {
  var root = document.getElementById("swagger-ui");
  window.SwaggerUIBundle({
    url: root.dataset.schemaUrl,
    domNode: root,
    deepLinking: true,
  });
});
