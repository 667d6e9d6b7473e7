import { GCP_CASES, gcpClean } from "./gcp.cases";
import { describeCorpus } from "./corpus";

describeCorpus("gcp", gcpClean, GCP_CASES);
