// Every target's cases, for scripts/corpus-count.ts.
import { AWS_CASES } from "./aws.cases";
import { AZURE_CASES } from "./azure.cases";
import type { CorpusCase, CorpusTarget } from "./corpus";
import { GCP_CASES } from "./gcp.cases";
import { KUBERNETES_CASES } from "./kubernetes.cases";

/** The bad-input corpus by target. */
export const CORPUS: Readonly<Record<CorpusTarget, readonly CorpusCase[]>> = {
  aws: AWS_CASES,
  gcp: GCP_CASES,
  azure: AZURE_CASES,
  kubernetes: KUBERNETES_CASES,
};
