// A GCP-only consumer of the packed cdktf-vigil (test/packaging): the core's
// profiles, state backend and tags with the GCP entry point's naming and label
// rules. It depends on @cdktf/provider-google alone. Grows with the GCP target.
import { App, TerraformStack } from "cdktf";
import { GoogleProvider } from "@cdktf/provider-google/lib/provider";
import { ComputeNetwork } from "@cdktf/provider-google/lib/compute-network";
import { ENVIRONMENT_PROFILES, addValidationErrors, configureStateBackend, standardTags } from "cdktf-vigil";
import { NAMING_RULES, fitName, toGcpLabels } from "cdktf-vigil/gcp";

const profile = ENVIRONMENT_PROFILES.staging;
const app = new App();
const stack = new TerraformStack(app, "staging-gcp-infra");
addValidationErrors(stack, configureStateBackend(stack, "staging-gcp-infra", profile, { kind: "gcs", bucket: "invoicing-terraform-state" }));

new GoogleProvider(stack, "google", {
  project: "invoicing-staging",
  region: "europe-west1",
  defaultLabels: toGcpLabels(standardTags({ service: "invoicing", environment: profile.name, owner: "Team Invoicing" })),
});
new ComputeNetwork(stack, "network", {
  name: fitName(["invoicing", profile.name, "network"], NAMING_RULES.gcpResource),
  autoCreateSubnetworks: false,
  routingMode: "REGIONAL",
});

app.synth();
