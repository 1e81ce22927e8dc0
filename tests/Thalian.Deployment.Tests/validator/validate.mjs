// Validates every object of a multi-document YAML file against the Kubernetes API schema of its kind.
//   node validate.mjs rendered.yaml   ->  JSON { validated: [{kind, name}], errors: [string] }; exit 1 on errors
// Two checks per object, both from schemas shipped in npm packages (no network):
//  1. kubernetes-models: the OpenAPI JSON schema of the kind (types, required fields, enums, formats);
//  2. @kubernetes/client-node's generated models: no field the API does not define (the API server's
//     strict field validation rejects those; the JSON schemas above allow them).
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { parseAllDocuments } from "yaml";

const require = createRequire(import.meta.url);
const modelsDir = path.join(path.dirname(require.resolve("@kubernetes/client-node/package.json")), "dist", "gen", "models");
const modelCache = new Map();

async function loadModel(typeName) {
  if (!/^[A-Za-z0-9]+$/.test(typeName)) return null;
  if (!modelCache.has(typeName)) {
    const file = path.join(modelsDir, `${typeName}.js`);
    modelCache.set(typeName, existsSync(file) ? (await import(file))[typeName] ?? null : null);
  }
  return modelCache.get(typeName);
}

async function unknownFields(value, typeName, at, errors) {
  if (value === null || value === undefined) return;
  const array = /^Array<(.+)>$/.exec(typeName);
  if (array) {
    if (Array.isArray(value)) for (const [i, item] of value.entries()) await unknownFields(item, array[1], `${at}[${i}]`, errors);
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(typeName);
  if (map) {
    if (typeof value === "object") for (const [k, v] of Object.entries(value)) await unknownFields(v, map[1], `${at}.${k}`, errors);
    return;
  }
  const model = await loadModel(typeName);
  if (!model || typeof value !== "object" || Array.isArray(value)) return;
  const attributes = new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
  for (const [key, child] of Object.entries(value)) {
    if (!attributes.has(key)) errors.push(`${at}.${key}: unknown field`);
    else await unknownFields(child, attributes.get(key), `${at}.${key}`, errors);
  }
}

async function schemaErrors(object) {
  const { apiVersion, kind } = object;
  let module;
  try {
    module = await import(`kubernetes-models/${apiVersion}`);
  } catch {
    return [`no schema for apiVersion ${apiVersion}`];
  }
  const Model = module[kind];
  if (!Model) return [`no schema for kind ${kind} in ${apiVersion}`];
  try {
    new Model(object).validate();
    return [];
  } catch (error) {
    return (error.errors ?? [error]).map((e) => (e.instancePath !== undefined ? `${e.instancePath || "/"} ${e.message}` : String(e.message ?? e)));
  }
}

function modelTypeName({ apiVersion, kind }) {
  const version = apiVersion.split("/").pop();
  return `${version.charAt(0).toUpperCase()}${version.slice(1)}${kind}`;
}

const file = process.argv[2];
if (!file) {
  console.error("usage: node validate.mjs <manifests.yaml>");
  process.exit(2);
}
const documents = parseAllDocuments(readFileSync(file, "utf8"));
const result = { validated: [], errors: [] };
for (const document of documents) {
  if (document.errors.length > 0) {
    result.errors.push(`YAML: ${document.errors.map((e) => e.message).join("; ")}`);
    continue;
  }
  const object = document.toJS();
  if (object === null) continue;
  const label = `${object.kind}/${object.metadata?.name}`;
  if (typeof object.apiVersion !== "string" || typeof object.kind !== "string") {
    result.errors.push(`${label}: apiVersion and kind are required`);
    continue;
  }
  const errors = await schemaErrors(object);
  if (await loadModel(modelTypeName(object))) await unknownFields(object, modelTypeName(object), "", errors);
  else errors.push(`no field list for ${modelTypeName(object)}`);
  result.errors.push(...errors.map((e) => `${label}: ${e}`));
  result.validated.push({ kind: object.kind, name: object.metadata?.name ?? "" });
}
console.log(JSON.stringify(result));
process.exit(result.errors.length > 0 ? 1 : 0);
