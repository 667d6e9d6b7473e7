import { KUBERNETES_CASES, kubernetesClean } from "./kubernetes.cases";
import { describeCorpus } from "./corpus";

describeCorpus("kubernetes", kubernetesClean, KUBERNETES_CASES);
