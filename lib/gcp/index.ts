/**
 * GCP target (`cdktf-vigil/gcp`). The GCP platform (VPC, GKE, Cloud SQL,
 * Managed Kafka, Cloud Monitoring) builds on these naming and labelling
 * rules; until it lands this entry point offers the rules alone.
 */
import { assertProviderInstalled } from "../core/require-provider";

assertProviderInstalled("@cdktf/provider-google", "gcp");

export { NAMING_RULES, checkName, fitName, toGcpLabels } from "../core";
