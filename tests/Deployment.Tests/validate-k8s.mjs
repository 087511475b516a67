// Validates Kubernetes manifests offline against the API's own OpenAPI schemas, as the npm package kubernetes-models
// ships them: node validate-k8s.mjs FILE... Prints one line per object ("ok Kind/name" or "invalid Kind/name: why")
// and exits 1 if any object is invalid, of a kind the package does not know, or a file does not parse.
import { readFile } from "node:fs/promises";
import { parseAllDocuments } from "yaml";

let failed = false;
for (const file of process.argv.slice(2)) {
  for (const document of parseAllDocuments(await readFile(file, "utf8"))) {
    if (document.errors.length > 0) {
      console.log(`invalid ${file}: ${document.errors.map(e => e.message).join("; ")}`);
      failed = true;
      continue;
    }

    const object = document.toJS();
    if (object === null) {
      continue;
    }

    const name = `${object.kind}/${object.metadata?.name}`;
    try {
      // apiVersion "v1" is the core group; "apps/v1" is group apps, version v1: the package's folders are the same.
      const { [object.kind]: Model } = await import(`kubernetes-models/${object.apiVersion}/${object.kind}`);
      new Model(object).validate();
      console.log(`ok ${name}`);
    } catch (error) {
      console.log(`invalid ${name}: ${error.message.replaceAll("\n", " ")}`);
      failed = true;
    }
  }
}

process.exit(failed ? 1 : 0);
