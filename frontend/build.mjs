// Build the static front end into static/build/: compiled Sass and GOV.UK Frontend's assets.
// Run by `make frontend` (and so by `make run` and `make test`); no CDN is ever used.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import * as sass from "sass";

const out = "static/build";
mkdirSync(`${out}/css`, { recursive: true });
mkdirSync(`${out}/js`, { recursive: true });

const result = sass.compile("frontend/scss/app.scss", {
  loadPaths: ["node_modules"],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(`${out}/css/app.css`, result.css);

cpSync("node_modules/govuk-frontend/dist/govuk/assets", "static/govuk/assets", { recursive: true });
cpSync("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js", `${out}/js/govuk-frontend.min.js`);
console.log(`front end built: ${out}/css/app.css (${result.css.length} bytes)`);
