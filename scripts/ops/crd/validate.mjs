// Validates Prometheus Operator resources against the JSON schemas that
// @kubernetes-models/prometheus-operator generates from prometheus-operator's Go API types
// (the same types its CRDs are generated from). Input: a JSON array of resources (the
// caller converts YAML). Exit 1 on the first invalid resource, printing why.
import { readFileSync } from "node:fs";
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import { PodMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PodMonitor";
import { PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";

const kinds = { ServiceMonitor, PodMonitor, PrometheusRule };
const docs = JSON.parse(readFileSync(process.argv[2], "utf8"));
let bad = 0;
for (const { file, doc } of docs) {
  const name = `${file}: ${doc.kind}/${doc.metadata?.name}`;
  const Model = kinds[doc.kind];
  if (!Model || doc.apiVersion !== "monitoring.coreos.com/v1") {
    console.log(`FAIL ${name}: no schema for ${doc.apiVersion} ${doc.kind}`);
    bad++;
    continue;
  }
  try {
    new Model(doc).validate();
    console.log(`ok   ${name} (monitoring.coreos.com/v1 schema)`);
  } catch (e) {
    console.log(`FAIL ${name}: ${e.message}`);
    bad++;
  }
}
process.exit(bad ? 1 : 0);
